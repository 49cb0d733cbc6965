package newsio

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// seedCopies returns a tracker holding the seed texts, each with two
// copies ("Reprinted: " and nine tenths of the text), each article with
// an outlet, a link and a time; and what the input said of them, but
// for one article it says nothing of.
func seedCopies(t *testing.T) (*provenance.Tracker, map[string]About) {
	t.Helper()
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	tr, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	about := map[string]About{}
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.FixedZone("", 3600))
	sources := []string{"wire:reuters", "REUTER", "site:daily-post", "", "Daily Post"}
	for i, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		text := string(b)
		for c := range 3 {
			id := fmt.Sprintf("%d-%d", i, c)
			if c > 0 {
				text = "Reprinted: " + text[:len(text)*9/10]
			}
			a := provenance.Article{ID: id, Text: text, Source: sources[(i+c)%len(sources)],
				URL: fmt.Sprintf("https://news.example/%s", id), Published: t0.Add(time.Duration(c) * time.Hour)}
			_, err := tr.Add(a)
			require.NoError(t, err)
			if i == 0 && c == 2 {
				continue // the input says nothing of it
			}
			about[id] = About{Title: strings.SplitN(text, "\n", 2)[0], Source: a.Source, URL: a.URL, Published: a.Published}
		}
	}
	return tr, about
}

// A report given only the headlines (Report.Titles) reads the outlets,
// links and times back from the tracker: every format is the one written
// from About, byte for byte, the article the input says nothing of
// included.
func TestReportTitlesIsAbout(t *testing.T) {
	tr, about := seedCopies(t)
	titles := map[string]string{}
	for id, a := range about {
		titles[id] = a.Title
	}
	withAbout := Report{Tracker: tr, About: about, All: true}
	withTitles := Report{Tracker: tr, Titles: titles, All: true}
	for name, write := range map[string]func(Report, io.Writer) error{
		"jsonl": Report.WriteJSONL, "text": Report.WriteText, "html": Report.WriteHTML, "dot": Report.WriteDOT,
	} {
		var want, got bytes.Buffer
		require.NoError(t, write(withAbout, &want), name)
		require.NoError(t, write(withTitles, &got), name)
		assert.Equal(t, want.String(), got.String(), name)
		assert.Contains(t, got.String(), "Reuters", name)
	}
}

// WriteJSONL makes each article's verdict once: the names of the outlets
// are counted from the verdicts the lines are written from, not from a
// second snapshot of them all. Making a verdict of a copy allocates its
// sources, its credits and the snapshot's share; the lines' own
// allocations (encoding) are the rest.
func TestWriteJSONLMakesEachVerdictOnce(t *testing.T) {
	tr, about := seedCopies(t)
	n := float64(tr.Len())
	r := Report{Tracker: tr, About: about}
	write := testing.AllocsPerRun(20, func() { require.NoError(t, r.WriteJSONL(io.Discard)) }) / n
	verdicts := testing.AllocsPerRun(20, func() {
		for range tr.Articles() {
		}
	}) / n
	t.Logf("%.1f allocations per line, %.1f of them per verdict made", write, verdicts)
	require.Positive(t, verdicts)
	// The lines cost fewer allocations than a second round of verdicts.
	assert.Less(t, write, lineAllocs(t, tr, about)/n+1.5*verdicts, "allocations per line")
}

// lineAllocs returns the allocations of writing the lines of the
// tracker's verdicts, made beforehand, with outlets named as given.
func lineAllocs(t *testing.T, tr *provenance.Tracker, about map[string]About) float64 {
	var all []provenance.Verdict
	for vd := range tr.Articles() {
		all = append(all, vd)
	}
	return testing.AllocsPerRun(20, func() {
		require.NoError(t, WriteVerdictsJSONL(io.Discard, func(yield func(provenance.Verdict) bool) {
			for _, vd := range all {
				if !yield(vd) {
					return
				}
			}
		}, about))
	})
}

// WriteJSONL holds a batch of verdicts at a time, not a snapshot of them all
// (at least 128 bytes an article, and its sources): measured as the live
// heap when the first lines reach the writer, over that before the
// report, on 3,000 articles that overlap their neighbours (each has
// sources).
func TestWriteJSONLHoldsNoSnapshotOfVerdicts(t *testing.T) {
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	require.NoError(t, err)
	var words []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		words = append(words, strings.Fields(string(b))...)
	}
	require.Greater(t, len(words), 400)
	tr, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	titles := map[string]string{}
	const n = 3000
	for i := range n {
		start := (i * 7) % (len(words) - 200)
		id := fmt.Sprintf("article-%d", i)
		_, err := tr.Add(provenance.Article{ID: id, Text: strings.Join(words[start:start+200], " "), Source: "wire:reuters"})
		require.NoError(t, err)
		titles[id] = words[start]
	}
	withSources := 0
	for vd := range tr.Articles() {
		if len(vd.Sources) > 0 {
			withSources++
		}
	}
	require.Greater(t, withSources, n/2)

	var before, during runtime.MemStats
	w := &firstWrite{at: func() {
		runtime.GC()
		runtime.GC() // and the pools' victims
		runtime.ReadMemStats(&during)
	}}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	require.NoError(t, Report{Tracker: tr, Titles: titles}.WriteJSONL(w))
	require.True(t, w.done)
	runtime.KeepAlive(words)
	perArticle := (float64(during.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("%.0f bytes live per article while the lines are written", perArticle)
	// The IDs (16 bytes each) and a batch of verdicts.
	assert.Less(t, perArticle, 64.0, "bytes live per article while the lines are written")
}

// firstWrite calls at when it is first written to.
type firstWrite struct {
	at   func()
	done bool
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.done {
		w.done = true
		w.at()
	}
	return len(p), nil
}
