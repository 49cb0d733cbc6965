package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/cli"
)

// evalRun runs the evaluator and returns its standard output and error.
func evalRun(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

const seedsDir = "../../testdata/seeds"

// The seed IDs, in file (input) order. 003 is a truncated scrape of 001;
// 000, 002 and 004 are unrelated (testdata/seeds/README.md).
const (
	s000 = "000_468044057261e0d6"
	s001 = "001_7cb3ead0d8dc3d74"
	s002 = "002_8116756d16084da1"
	s003 = "003_d897e868842ded34"
	s004 = "004_c866b469c61a0d9e"
)

// seedsJSONL returns the seed articles as JSONL lines in file order, each
// with the truth fields in truth[id] added.
func seedsJSONL(t *testing.T, truth map[string]map[string]any) string {
	t.Helper()
	var b strings.Builder
	for _, id := range []string{s000, s001, s002, s003, s004} {
		text, err := os.ReadFile(filepath.Join(seedsDir, id+".txt"))
		require.NoError(t, err)
		rec := map[string]any{"id": id, "text": string(text)}
		for k, v := range truth[id] {
			rec[k] = v
		}
		line, err := json.Marshal(rec)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// writeFile writes data to name in a temporary folder and returns its
// path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	return path
}

// rightTruth is what testdata/seeds/README.md says: 003 is a copy of 001
// (one cluster), the others stand alone.
var rightTruth = map[string]map[string]any{
	s000: {"label": "original"},
	s001: {"cluster": "vpost", "label": "original"},
	s002: {"label": "original"},
	s003: {"cluster": "vpost", "derived_from": s001, "label": "truncate"},
	s004: {"label": "original"},
}

// report is the -json output, with pointers where null is possible.
type report struct {
	Articles          int               `json:"articles"`
	Seconds           *float64          `json:"seconds"`
	ArticlesPerSecond *float64          `json:"articles_per_second"`
	Settings          map[string]string `json:"settings"`
	Banding           string            `json:"banding"`
	Pairs             struct {
		True, Predicted, Shared int64
		Precision, Recall, F1   *float64
	} `json:"pairs"`
	ARI         *float64 `json:"ari"`
	All         group    `json:"all"`
	Labels      []group  `json:"labels"`
	Classes     []group  `json:"classes"`
	Intensities []group  `json:"intensities"`
}

type group struct {
	Label               string   `json:"label"`
	Articles            int      `json:"articles"`
	Copies              int      `json:"copies"`
	Found               int      `json:"found"`
	Recall              *float64 `json:"recall"`
	SourceCorrect       int      `json:"source_correct"`
	SourceAccuracy      *float64 `json:"source_accuracy"`
	Stitched            int      `json:"stitched"`
	StitchedCorrect     int      `json:"stitched_correct"`
	StitchedAccuracy    *float64 `json:"stitched_accuracy"`
	OriginCorrect       int      `json:"origin_correct"`
	OriginAccuracy      *float64 `json:"origin_accuracy"`
	OriginCorrectFound  int      `json:"origin_correct_found"`
	OriginAccuracyFound *float64 `json:"origin_accuracy_found"`
	Linked              int      `json:"linked"`
	MeanContainment     *float64 `json:"mean_containment"`
	Unsourced           int      `json:"unsourced"`
	FalseLinked         int      `json:"false_linked"`
	FalseLinkRate       *float64 `json:"false_link_rate"`
	Intensity           string   `json:"intensity"`
	Negatives           int      `json:"negatives"`
	NegativeLinked      int      `json:"negative_linked"`
	NegativeLinkRate    *float64 `json:"negative_link_rate"`
}

func f(x float64) *float64 { return &x }

// parseReport decodes -json output, refusing unknown fields so that the
// test's copy of the field list stays complete.
func parseReport(t *testing.T, out string) report {
	t.Helper()
	require.Equal(t, 1, strings.Count(out, "\n"), "one JSON object on one line")
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var r report
	require.NoError(t, dec.Decode(&r), out)
	return r
}

// squash collapses runs of white space, so that tests do not depend on
// column widths.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestRightTruth(t *testing.T) {
	path := writeFile(t, "seeds.jsonl", seedsJSONL(t, rightTruth))

	// By hand: true clusters {001 003}, {000}, {002}, {004}; the
	// pipeline links 003 → 001 and nothing else, so the stories are the
	// same. One true pair, one predicted, one both: P = R = F1 = 1.
	// C(5,2) = 10, E = 1·1/10, M = 1: ARI = (1−0.1)/(1−0.1) = 1.
	// One copy (003): found, primary source 001 right, origin 001 right.
	// Four articles without a source, none merged: false-link rate 0.
	out, _, err := evalRun(t, "", "-json", path)
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, 5, r.Articles)
	assert.Equal(t, "28x2", r.Banding)
	assert.Equal(t, "0.8", r.Settings["containment"])
	assert.Len(t, r.Settings, len(cli.AddPipelineFlags(flag.NewFlagSet("", flag.ContinueOnError)).Names()))
	assert.Equal(t, int64(1), r.Pairs.True)
	assert.Equal(t, int64(1), r.Pairs.Predicted)
	assert.Equal(t, int64(1), r.Pairs.Shared)
	assert.Equal(t, f(1), r.Pairs.Precision)
	assert.Equal(t, f(1), r.Pairs.Recall)
	assert.Equal(t, f(1), r.Pairs.F1)
	assert.Equal(t, f(1), r.ARI)
	require.NotNil(t, r.All.MeanContainment)
	assert.GreaterOrEqual(t, *r.All.MeanContainment, 0.9, "003 is 99.5% in 001")
	mean := r.All.MeanContainment
	assert.Equal(t, group{
		Articles: 5, Copies: 1, Found: 1, Recall: f(1), SourceCorrect: 1, SourceAccuracy: f(1),
		OriginCorrect: 1, OriginAccuracy: f(1), OriginCorrectFound: 1, OriginAccuracyFound: f(1),
		Linked: 1, MeanContainment: mean, Unsourced: 4, FalseLinkRate: f(0),
	}, r.All)
	assert.Equal(t, []group{
		{Label: "original", Articles: 4, Unsourced: 4, FalseLinkRate: f(0)},
		{Label: "truncate", Articles: 1, Copies: 1, Found: 1, Recall: f(1), SourceCorrect: 1, SourceAccuracy: f(1),
			OriginCorrect: 1, OriginAccuracy: f(1), OriginCorrectFound: 1, OriginAccuracyFound: f(1),
			Linked: 1, MeanContainment: mean},
	}, r.Labels)
	require.NotNil(t, r.ArticlesPerSecond)
	assert.Positive(t, *r.ArticlesPerSecond)

	// The same figures for people.
	out, _, err = evalRun(t, "", path)
	require.NoError(t, err)
	text := squash(out)
	for _, want := range []string{
		"5 articles: 1 copy (0 stitched), 4 without a source.",
		"Settings: -method minwise -containment 0.8 -min-length-ratio 0.3333333333333333 -shingle 4 -char-shingle 8 -hashes 128 -min-shingles 10 -skew 5m0s -boilerplate 5 -window 0s -rewrites true -story-kind partial (banding 28x2).",
		"Pairs in one story: precision 1.000, recall 1.000, F1 1.000 (true pairs 1, predicted 1, both 1)",
		"Adjusted Rand index: 1.000",
		"Copies found (in the story of a true source): 1.000 (1 of 1)",
		"Primary source correct: 1.000 (1 of 1)",
		"Stitched copies with all sources found: n/a (0 of 0)",
		"Origin correct, of all copies: 1.000 (1 of 1)",
		"Origin correct, of found copies: 1.000 (1 of 1)",
		"False links (unsourced articles merged with another cluster): 0.000 (0 of 4)",
		"label articles copies recall false-link source stitched origin origin(found) containment",
		"original 4 0 n/a 0.000 n/a n/a n/a n/a n/a",
		"truncate 1 1 1.000 n/a 1.000 n/a 1.000 1.000 ",
		"all 5 1 1.000 0.000 1.000 n/a 1.000 1.000 ",
	} {
		assert.Contains(t, text, want)
	}
}

func TestWrongTruthScoresLower(t *testing.T) {
	// A wrong truth: 003 copied from 000 (cluster x with 000), 002 and
	// 004 one cluster, 001 alone. The pipeline still links 003 → 001.
	wrong := map[string]map[string]any{
		s000: {"cluster": "x", "label": "original"},
		s001: {"label": "original"},
		s002: {"cluster": "y", "label": "original"},
		s003: {"cluster": "x", "derived_from": []string{s000}, "label": "truncate"},
		s004: {"cluster": "y", "label": "original"},
	}
	path := writeFile(t, "wrong.jsonl", seedsJSONL(t, wrong))

	// By hand: true clusters {000 003}, {002 004}, {001}; stories
	// {001 003}, {000}, {002}, {004}. True pairs 2, predicted 1, both 0:
	// P = 0/1 = 0, R = 0/2 = 0, F1 = 0. C(5,2) = 10, E = 2·1/10 = 0.2,
	// M = (2+1)/2 = 1.5: ARI = (0−0.2)/(1.5−0.2) = −2/13 = −0.153846.
	// The copy 003 is not in 000's story, its primary source 001 is not
	// 000, its origin 001 is not 000: 0 of 1 each; none found, so origin
	// of found copies is n/a; no link to a true source, so no mean
	// containment. Story 001 mixes {001} and {000 003}: of the four
	// articles without a source, 001 is falsely linked: 1/4.
	out, _, err := evalRun(t, "", "-json", path)
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, int64(2), r.Pairs.True)
	assert.Equal(t, int64(1), r.Pairs.Predicted)
	assert.Equal(t, int64(0), r.Pairs.Shared)
	assert.Equal(t, f(0), r.Pairs.Precision)
	assert.Equal(t, f(0), r.Pairs.Recall)
	assert.Equal(t, f(0), r.Pairs.F1)
	assert.Equal(t, f(-0.153846), r.ARI)
	assert.Equal(t, group{
		Articles: 5, Copies: 1, Recall: f(0), SourceAccuracy: f(0), OriginAccuracy: f(0),
		Unsourced: 4, FalseLinked: 1, FalseLinkRate: f(0.25),
	}, r.All)
	assert.Equal(t, []group{
		{Label: "original", Articles: 4, Unsourced: 4, FalseLinked: 1, FalseLinkRate: f(0.25)},
		{Label: "truncate", Articles: 1, Copies: 1, Recall: f(0), SourceAccuracy: f(0), OriginAccuracy: f(0)},
	}, r.Labels)

	out, _, err = evalRun(t, "", path)
	require.NoError(t, err)
	text := squash(out)
	for _, want := range []string{
		"Pairs in one story: precision 0.000, recall 0.000, F1 0.000 (true pairs 2, predicted 1, both 0)",
		"Adjusted Rand index: -0.154",
		"Copies found (in the story of a true source): 0.000 (0 of 1)",
		"Origin correct, of found copies: n/a (0 of 0)",
		"False links (unsourced articles merged with another cluster): 0.250 (1 of 4)",
		"Mean containment of found links: n/a (0 links)",
		"truncate 1 1 0.000 n/a 0.000 n/a 0.000 n/a n/a",
	} {
		assert.Contains(t, text, want)
	}
}

func TestPipelineFlagsReachThePipeline(t *testing.T) {
	// Nothing is fingerprinted with -min-shingles 100000 and nothing is
	// aligned with -rewrites=false: every article stands alone. The one
	// true pair is missed: recall 0, precision n/a (nothing paired), F1
	// 0, ARI 0 (E = 0, M = 1/2).
	input := seedsJSONL(t, rightTruth)
	out, _, err := evalRun(t, input, "-json", "-min-shingles", "100000", "-rewrites=false", "-")
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, "100000", r.Settings["min-shingles"])
	assert.Nil(t, r.Pairs.Precision)
	assert.Equal(t, f(0), r.Pairs.Recall)
	assert.Equal(t, f(0), r.Pairs.F1)
	assert.Equal(t, f(0), r.ARI)
	assert.Equal(t, 0, r.All.Found)

	// The flagger's checks.
	_, _, err = evalRun(t, input, "-hashes", "0", "-")
	require.ErrorContains(t, err, "-hashes 0: must be positive")
	_, _, err = evalRun(t, input, "-containment", "3", "-")
	require.ErrorContains(t, err, "containment")

	// -h lists every pipeline flag.
	_, help, err := evalRun(t, "", "-h")
	require.True(t, errors.Is(err, flag.ErrHelp))
	for _, name := range cli.AddPipelineFlags(flag.NewFlagSet("", flag.ContinueOnError)).Names() {
		assert.Regexp(t, `\n  -`+name+`[ \n]`, help) // a bool flag has no type after its name
	}
	assert.Contains(t, help, "-json")
}

func TestTruthForms(t *testing.T) {
	// derived_from as an array, stitched_from as a string, a number as
	// cluster, a missing label, standard input and a blank line.
	truth := map[string]map[string]any{
		s001: {"cluster": 7},
		s003: {"cluster": 7, "derived_from": []string{s001}, "stitched_from": s001},
	}
	input := strings.Replace(seedsJSONL(t, truth), "\n", "\n\n", 1)
	out, _, err := evalRun(t, input, "-json", "-")
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, f(1), r.Pairs.F1)
	assert.Equal(t, 1, r.All.Found)
	assert.Equal(t, 0, r.All.Stitched, "one stitched_from source is no stitched copy")
	require.Len(t, r.Labels, 1)
	assert.Equal(t, "(none)", r.Labels[0].Label)
	assert.Equal(t, 5, r.Labels[0].Articles)
}

// IDs that are numbers are read as the flagger reads them, in the truth
// as in the articles (the truth pass once refused them as malformed).
func TestNumericIDs(t *testing.T) {
	var b strings.Builder
	for i, id := range []string{s000, s001, s003} {
		text, err := os.ReadFile(filepath.Join(seedsDir, id+".txt"))
		require.NoError(t, err)
		rec := map[string]any{"id": 100 + i, "text": string(text), "cluster": "c" + id[:3]}
		if id == s003 {
			rec["cluster"], rec["derived_from"] = "c001", "101"
		}
		line, err := json.Marshal(rec)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	out, _, err := evalRun(t, b.String(), "-json", "-")
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, 1, r.All.Copies)
	assert.Equal(t, 1, r.All.Found)
	assert.Equal(t, 1, r.All.SourceCorrect)
}

func TestBadInput(t *testing.T) {
	good := seedsJSONL(t, rightTruth)
	lines := strings.SplitAfter(good, "\n")
	for _, c := range []struct{ name, input, want string }{
		{"no truth", seedsJSONL(t, nil), "no truth: %s has no cluster fields"},
		{"malformed", lines[0] + "{\"id\": \"b\", \"text\": \n", "%s:2: malformed JSON"},
		{"derived_from a number", good + `{"id":"x","text":"a b c","derived_from":3}` + "\n",
			`%s:6: article "x": derived_from: want a string or an array of strings, got 3`},
		{"stitched_from objects", good + `{"id":"x","text":"a b c","stitched_from":[{}]}` + "\n",
			`%s:6: article "x": stitched_from: want a string or an array of strings`},
		{"label a number", good + `{"id":"x","text":"a b c","label":1}` + "\n", `%s:6: article "x": label: want a string, got 1`},
		{"cluster an object", good + `{"id":"x","text":"a b c","cluster":{}}` + "\n", `%s:6: article "x": cluster: want a string or a number`},
		{"unknown source", good + `{"id":"x","text":"a b c","derived_from":"nowhere"}` + "\n",
			`%s:6: article "x": source "nowhere" is not in the data`},
		{"cycle", good + `{"id":"x","text":"a b c","derived_from":"y"}` + "\n" + `{"id":"y","text":"a b c","derived_from":"x"}` + "\n",
			`%s:6: article "x": its sources form a cycle`},
		{"missing text (the flagger's check)", good + `{"id":"x","cluster":"c"}` + "\n", `%s:6: article "x": missing "text"`},
		{"duplicate (the flagger's check)", good + lines[0], `%s:6: duplicate id "` + s000 + `" (first at %s:1)`},
		{"missing id (the flagger's check)", good + `{"text":"a b c"}` + "\n", `%s:6: missing "id"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "data.jsonl", c.input)
			out, _, err := evalRun(t, "", path)
			require.Error(t, err)
			want := strings.ReplaceAll(c.want, "%s", path)
			assert.True(t, strings.HasPrefix(err.Error(), want), "got %q, want it to start with %q", err, want)
			assert.Empty(t, out, "nothing written on error")
			// The same from standard input.
			_, _, err = evalRun(t, c.input, "-")
			require.Error(t, err)
			assert.Contains(t, err.Error(), strings.ReplaceAll(c.want, "%s", "standard input"))
		})
	}

	_, _, err := evalRun(t, "")
	require.ErrorContains(t, err, "no input")
	_, _, err = evalRun(t, "", seedsDir)
	require.ErrorContains(t, err, "want a .jsonl or .ndjson file")
	_, _, err = evalRun(t, "", "/does/not/exist.jsonl")
	require.Error(t, err)
}

func TestGrid(t *testing.T) {
	// Two methods × two shingle sizes: four rows, in order, each with the
	// seeds' perfect score; a -min-shingles so high that nothing is
	// fingerprinted loses the one copy (recall 0).
	path := writeFile(t, "seeds.jsonl", seedsJSONL(t, rightTruth))
	out, _, err := evalRun(t, "", "-grid", "method=minwise,oph", "-grid", "shingle=4,5", path)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2+4, out)
	assert.True(t, strings.HasPrefix(lines[0], "| method | shingle | P | R | F1 | ARI |"), lines[0])
	for i, want := range []string{"| minwise | 4 |", "| minwise | 5 |", "| oph | 4 |", "| oph | 5 |"} {
		assert.True(t, strings.HasPrefix(lines[2+i], want+" 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |"), lines[2+i])
	}

	out, _, err = evalRun(t, "", "-rewrites=false", "-grid", "min-shingles=10,100000", path)
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, out)
	assert.Contains(t, lines[3], "| 100000 | n/a | 0.000 | 0.000 |")

	// -json writes one object per run.
	out, _, err = evalRun(t, "", "-json", "-grid", "shingle=4,5", path)
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 2)

	for _, bad := range [][]string{{"-grid", "format=jsonl"}, {"-grid", "shingle"}, {"-grid", "shingle=5,x"}} {
		_, _, err := evalRun(t, "", append(bad, path)...)
		assert.Error(t, err, bad)
	}
}
