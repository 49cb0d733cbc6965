package main

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedStories returns the seed articles as a stories file (id, date,
// text), all on one day in file order.
func seedStories(t *testing.T) string {
	t.Helper()
	return seedsJSONL(t, map[string]map[string]any{
		s000: {"date": "2024-11-06T09:00:00.000"},
		s001: {"date": "2024-11-06T09:10:00.000"},
		s002: {"date": "2024-11-06T09:20:00.000"},
		s003: {"date": "2024-11-06T09:30:00.000"},
		s004: {"date": "2024-11-06T09:40:00.000"},
	})
}

const labelsHead = "earlier_id\tlater_id\tlabel\ttags\treason\tstratum\tcontainment\tlater_in_earlier\tcosine\n"

func labelRow(earlier, later, label string) string {
	return fmt.Sprintf("%s\t%s\t%s\t\tnote\trandom\t0\t0\t0\n", earlier, later, label)
}

func TestLabelsTable(t *testing.T) {
	stories := writeFile(t, "stories.jsonl", seedStories(t))
	pairs := writeFile(t, "pairs.tsv", labelsHead+
		labelRow(s001, s003, "partial")+ // 003 is a truncated scrape of 001
		labelRow(s000, s002, "unrelated")+
		labelRow(s002, s004, "unrelated"))
	out, _, err := evalRun(t, "", "-labels", pairs, stories)
	require.NoError(t, err)
	assert.Contains(t, out, "3 labelled pairs")
	assert.Regexp(t, regexp.MustCompile(`(?m)^ +partial +1 +1 +100% +1 +100% +0 *$`), out)
	assert.Regexp(t, regexp.MustCompile(`(?m)^ +unrelated +2 +0 +0% +0 +0% +0 *$`), out)
	assert.Regexp(t, regexp.MustCompile(`(?m)^ +rewrite +0 +0 +n/a +0 +n/a +0 *$`), out)

	// The pipeline flags reach the pipeline: no copy is that complete
	// (and the second index, which finds the scrape as a partial copy, is
	// off).
	out, _, err = evalRun(t, "", "-labels", pairs, "-containment", "1", "-min-length-ratio", "1", "-rewrites=false", stories)
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`(?m)^ +partial +1 +0 +0% +0 +0% +0 *$`), out)
}

func TestLabelsBadInput(t *testing.T) {
	stories := writeFile(t, "stories.jsonl", seedStories(t))
	pairs := writeFile(t, "pairs.tsv", labelsHead+labelRow(s001, s003, "partial"))
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"with -json", []string{"-labels", pairs, "-json", stories}, "-labels cannot be combined with -grid or -json"},
		{"with -grid", []string{"-labels", pairs, "-grid", "shingle=3,4", stories}, "-labels cannot be combined"},
		{"two files", []string{"-labels", pairs, stories, stories}, "-labels: give the one stories file"},
		{"stdin", []string{"-labels", pairs, "-"}, "-labels: give the one stories file"},
		{"bad label", []string{"-labels", writeFile(t, "bad.tsv", labelsHead+labelRow("a", "b", "copy")), stories},
			`line 2: label "copy", want one of verbatim, partial, rewrite, same-event, unrelated`},
		{"no labels file", []string{"-labels", "/does/not/exist.tsv", stories}, "exist.tsv"},
		{"bad date", []string{"-labels", pairs, writeFile(t, "nodate.jsonl", seedsJSONL(t, nil))}, `date ""`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := evalRun(t, "", c.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, out)
		})
	}
}
