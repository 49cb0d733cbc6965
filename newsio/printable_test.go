package newsio

import (
	"bytes"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"plain ID 42":            "plain ID 42",
		`C:\path\x1b`:            `C:\path\x1b`, // backslashes are kept
		"статья «7» 日本":          "статья «7» 日本",
		"a\nStory forged":        `a\nStory forged`,
		"a\r\tb":                 `a\r\tb`,
		"\x1b[2Jclear":           `\x1b[2Jclear`,
		"\x00\x7f":               `\x00\x7f`,
		"next\u0085line":         `next\u0085line`,
		"\u202eevil\u2066\u2028": `\u202eevil\u2066\u2028`,
		"caf\xe9 \xff":           `caf\xe9 \xff`,
		"\uFFFD":                 "\uFFFD",
	} {
		assert.Equal(t, want, Printable(in), "%q", in)
	}
	s := "no escapes here"
	assert.Zero(t, testing.AllocsPerRun(10, func() { s = Printable(s) }))
}

// memStore is a Store in memory, for tests.
type memStore struct{ records []provenance.Record }

func (m *memStore) Append(r *provenance.Record) error {
	c := *r
	c.Links = append([]provenance.Link(nil), r.Links...)
	c.Credited = append([]string(nil), r.Credited...)
	m.records = append(m.records, c)
	return nil
}
func (m *memStore) Commit() error { return nil }
func (m *memStore) Close() error  { return nil }
func (m *memStore) Records(from int) iter.Seq2[*provenance.Record, error] {
	return func(yield func(*provenance.Record, error) bool) {
		for i := from; i < len(m.records); i++ {
			if !yield(&m.records[i], nil) {
				return
			}
		}
	}
}

// trackerWithIDs returns a tracker holding seeds 001 and 003, a copy of
// 001, under the IDs given, as a store written before IDs were checked
// holds them.
func trackerWithIDs(t *testing.T, origin, copy string) *provenance.Tracker {
	t.Helper()
	st := &memStore{}
	tr, err := provenance.Open(provenance.Config{}, st)
	require.NoError(t, err)
	for _, prefix := range []string{"001", "003"} {
		names, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", prefix+"_*.txt"))
		require.NoError(t, err)
		require.Len(t, names, 1)
		text, err := os.ReadFile(names[0])
		require.NoError(t, err)
		_, err = tr.Add(provenance.Article{ID: prefix, Text: string(text)})
		require.NoError(t, err)
	}
	rename := map[string]string{"001": origin, "003": copy}
	for i := range st.records {
		r := &st.records[i]
		r.Article.ID = rename[r.Article.ID]
		for j := range r.Links {
			r.Links[j].ID = rename[r.Links[j].ID]
		}
	}
	again, err := provenance.Open(provenance.Config{}, st)
	require.NoError(t, err)
	return again
}

// TestReportsEscapeIDs: IDs stored before they were checked cannot forge
// a line of the text report or drive the terminal, nor break a label of
// the graph into lines.
func TestReportsEscapeIDs(t *testing.T) {
	origin, copy := "a\x1b[31m\nStory forged: 9 articles", "b\u202eevil"
	tr := trackerWithIDs(t, origin, copy)
	v, ok := tr.Verdict(copy)
	require.True(t, ok)
	require.Len(t, v.Sources, 1, "the copy is found, so its lines are printed")

	var text bytes.Buffer
	require.NoError(t, WriteText(&text, tr, Everything))
	out := text.String()
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\u202e")
	assert.NotContains(t, out, "\nStory forged")
	assert.Contains(t, out, `Story a\x1b[31m\nStory forged: 9 articles: 2 articles, origin a\x1b[31m\nStory forged: 9 articles`+"\n")
	assert.Contains(t, out, `  copy    b\u202eevil`+"\n")
	assert.Contains(t, out, `          source a\x1b[31m\nStory forged: 9 articles: `)
	assert.Contains(t, out, `  claim   a\x1b[31m\nStory forged: 9 articles credits VPost (not in the input)`+"\n")
	assert.Equal(t, 8, strings.Count(out, "\n"), out)

	var dot bytes.Buffer
	require.NoError(t, WriteDOT(&dot, tr, Everything))
	g := dot.String()
	assert.NotContains(t, g, "\x1b")
	assert.NotContains(t, g, "\u202e")
	assert.Contains(t, g, `[label="a\\x1b[31m\\nStory forged: 9 articles", peripheries=2];`, "Graphviz draws \\\\n as typed")
	assert.Contains(t, g, `label="story a\\x1b[31m\\nStory forged: 9 articles";`)
	assert.Contains(t, g, `"b\u202eevil" [label="b\\u202eevil"];`, "node names stay the IDs, quoted")
}
