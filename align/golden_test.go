package align_test

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"io/fs"
	"math"
	"testing"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/synth"
)

// goldenTexts returns the texts the golden digests are taken on: the
// Reuters stories in file order followed by a synthetic corpus with
// rewrites made from them (seed 1), so that every kind of link is
// aligned. It skips the test when the Reuters corpus is absent.
func goldenTexts(tb testing.TB, reuters, synthetic int) []string {
	tb.Helper()
	stories, err := corpus.Reuters(reuters, nil)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("SKIPPED: the Reuters-21578 corpus is not beside the checkout (../shared/corpora/reuters21578): %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var texts []string
	for _, s := range stories {
		texts = append(texts, s.Text)
	}
	src, err := synth.LoadSource(corpus.ReutersPath())
	if err != nil {
		tb.Fatal(err)
	}
	g, err := synth.New(synth.Config{Seed: 1, N: synthetic, Rewrites: true}, src)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := g.Run(func(a synth.Article) error {
		texts = append(texts, a.Text)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return texts
}

// digestResult writes everything a Result says into h, floats by their
// bits.
func digestResult(h hash.Hash, r *align.Result) {
	put := func(xs ...int) {
		for _, x := range xs {
			_ = binary.Write(h, binary.LittleEndian, int64(x))
		}
	}
	putF := func(xs ...float64) {
		for _, x := range xs {
			_ = binary.Write(h, binary.LittleEndian, math.Float64bits(x))
		}
	}
	put(int(r.Kind), r.CopyWords, r.SourceWords, r.Rare, r.RareFound, r.RareAligned,
		r.Figures, r.FiguresFound, r.FiguresKept, r.FiguresChanged, len(r.Passages))
	putF(r.Score, r.CopyCoverage, r.SourceCoverage, r.CopyVerbatim, r.SourceVerbatim, r.Found)
	for _, p := range r.Passages {
		put(p.Copy[0], p.Copy[1], p.Source[0], p.Source[1], p.CopyWords[0], p.CopyWords[1],
			p.SourceWords[0], p.SourceWords[1], p.Matched, p.Verbatim, p.Kept, p.Changed)
		putF(p.Weight)
	}
}

// The second index's links and the alignments behind them, on real
// text, are pinned by a digest of every field (floats by their bits):
// a speed-up of the alignment or of the index must leave each of them
// exactly as it was. The digests were taken before the in-order work of
// the flagger was made cheaper (issue 12); a change of the rules that
// is meant to change results updates them, saying so.
//
// Each text is queried (every fifth indexed article plays a later one,
// so that reversed alignments are measured too) and then added, with
// the second index's configuration in package provenance and with the
// defaults; the best link of each query is then aligned exhaustively
// with byte ranges, as passages are.
func TestIndexResultsUnchangedOnRealText(t *testing.T) {
	reuters, synthetic := 1<<30, 6000
	want := map[string]string{
		"provenance": "4add7b32b6d5bfb430fc8b40",
		"defaults":   "14ffa7cad64091bd59ca236e",
	}
	if testing.Short() || raceEnabled {
		reuters, synthetic = 3000, 1000
		want = map[string]string{
			"provenance": "15b7754a98f99c653f1a99c0",
			"defaults":   "602b3f2bc9987623d8b34dc5",
		}
	}
	texts := goldenTexts(t, reuters, synthetic)
	configs := map[string]align.IndexConfig{
		"provenance": {MinShared: 3, MinWeight: 2, MinRareShared: 3, Candidates: 2},
		"defaults":   {},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			got, links := indexDigest(texts, cfg)
			t.Logf("%d texts, %d links", len(texts), links)
			if links == 0 {
				t.Fatal("no links: the digest would pin nothing")
			}
			if got != want[name] {
				t.Errorf("digest %s, want %s: the second index's links or alignments changed", got, want[name])
			}
		})
	}
}

// indexDigest streams texts through an Index of config cfg and returns
// the digest of every link found and of the exhaustive alignment of each
// query's best link, and the number of links.
func indexDigest(texts []string, cfg align.IndexConfig) (string, int) {
	ix := align.NewIndex(cfg, nil)
	var tz align.Tokenizer
	var al align.Aligner
	al.Exhaustive = true
	h := sha256.New()
	later := func(id string) bool {
		f := fnv.New32a()
		f.Write([]byte(id))
		return f.Sum32()%5 == 0
	}
	links := 0
	for n, text := range texts {
		id := fmt.Sprint(n)
		d := tz.Doc(&align.Doc{}, text, n%2 == 0)
		if n%3 == 0 {
			d.Prepare() // as the flagger's workers do: it changes nothing
		}
		found := ix.QueryOrdered(d, "", later)
		fmt.Fprintf(h, "%d:%d\n", n, len(found))
		for _, l := range found {
			fmt.Fprintf(h, "%s %v ", l.ID, l.Reversed)
			digestResult(h, &l.Result)
		}
		links += len(found)
		if len(found) > 0 {
			var src align.Doc
			var m int
			fmt.Sscan(found[0].ID, &m)
			tz.Doc(&src, texts[m], true)
			c := tz.Doc(&align.Doc{}, text, true)
			res := al.Compare(nil, c, &src, ix.DocFreq())
			digestResult(h, &res)
		}
		if err := ix.Add(id, d, n%7 != 0); err != nil {
			panic(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)[:12]), links
}
