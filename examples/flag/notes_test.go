package main

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// What the flagger keeps of each article for its report, besides what
// the tracker keeps, is its headline: the outlet, link and time are read
// back from the tracker. Measured as the live heap the notes of 20,000
// articles add to their strings, read as the flagger reads them (packed)
// and held as the tracker holds them.
func TestNotesKeepLittlePerArticle(t *testing.T) {
	const n = 20_000
	var doc strings.Builder
	for i := range n {
		fmt.Fprintf(&doc, `{"id":"article-%d","title":"Headline number %d of the day","source":"wire:reuters","url":"https://news.example/2024/11/06/article-%d","published":"2024-11-06T09:%02d:00+01:00","text":"Some words of the story %d."}`+"\n", i, i, i, i%60, i)
	}
	var tracked []provenance.Article // what the tracker holds of each, text aside
	var infos []inputInfo
	reader := newsio.Reader{PackStrings: true}
	err := reader.ReadFromReader(strings.NewReader(doc.String()), "standard input", func(in newsio.Input) error {
		a := in.Article
		a.Text = ""
		tracked = append(tracked, a)
		infos = append(infos, inputInfo{id: in.ID, about: in.About()})
		return nil
	})
	require.NoError(t, err)
	require.Len(t, infos, n)

	var start, end runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&start)
	out := newOutput("jsonl", false, false, 0)
	for _, in := range infos {
		out.note(in)
	}
	runtime.GC()
	runtime.ReadMemStats(&end)
	runtime.KeepAlive(tracked)
	runtime.KeepAlive(infos)
	runtime.KeepAlive(out)
	perArticle := float64(end.HeapAlloc-start.HeapAlloc) / n
	t.Logf("%.0f bytes live per article noted", perArticle)
	// A map entry of the ID and an About takes 88 bytes before the
	// map's slack; of the ID and a headline, 32.
	assert.Less(t, perArticle, 80.0, "bytes live per article noted")
}
