package align_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/align"
)

func TestDocOmittingLeavesOutTheWordsStartingInRanges(t *testing.T) {
	// Seed 001 without The Moscow Times' appeal (and without the words
	// of its first line): the words of the text with spans, those that
	// start in a range dropped, and no spans.
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "001_7cb3ead0d8dc3d74.txt"))
	require.NoError(t, err)
	text := string(b)
	at := strings.Index(text, "A Message from The Moscow Times:")
	require.Positive(t, at)
	line := strings.IndexByte(text, '\n')
	require.Positive(t, line)
	var tok align.Tokenizer
	all := tok.Doc(new(align.Doc), text, true)
	for _, omit := range [][][2]int{
		nil,
		{{at, len(text)}},
		{{0, line}, {at + 1, at + 3}, {at + 40, len(text) + 100}}, // mid-word starts, past the end
		{{len(text), len(text) + 5}},
	} {
		var want []uint32
		for i, span := range all.Spans {
			in := false
			for _, r := range omit {
				in = in || r[0] <= int(span[0]) && int(span[0]) < r[1]
			}
			if !in {
				want = append(want, all.Words[i])
			}
		}
		d := new(align.Doc)
		d.Spans = make([][2]int32, 3) // left from an earlier use
		got := tok.DocOmitting(d, text, omit)
		assert.Equal(t, want, got.Words, "omit %v", omit)
		assert.Nil(t, got.Spans, "omit %v", omit)
	}
	appeal := tok.DocOmitting(new(align.Doc), text, [][2]int{{at, len(text)}})
	assert.Less(t, len(appeal.Words), len(all.Words)-150, "the appeal's 190 words are left out")
}
