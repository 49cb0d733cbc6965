package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/internal/labels"
)

// streamTally counts, per label, the derived articles whose source was
// linked and the originals linked to anything, by kind.
type streamTally struct {
	n, linked map[string]int
	kinds     map[string]map[align.Kind]int
}

func newTally() *streamTally {
	return &streamTally{n: map[string]int{}, linked: map[string]int{}, kinds: map[string]map[align.Kind]int{}}
}

func (t *streamTally) count(label string, kind align.Kind) {
	t.n[label]++
	if kind != align.None {
		t.linked[label]++
		if t.kinds[label] == nil {
			t.kinds[label] = map[align.Kind]int{}
		}
		t.kinds[label][kind]++
	}
}

// evalStream runs the articles through an align.Index in order (query,
// then add) and reports recall per label of derived articles, links of
// originals, links of the labelled pairs, and cost.
func evalStream(w io.Writer, arts []article, pairs []labels.Pair, cfg align.IndexConfig, originalsOnly bool) {
	wantPairs := map[string][]labels.Pair{}
	for _, p := range pairs {
		wantPairs[p.Later] = append(wantPairs[p.Later], p)
	}
	derived, origin, labelled := newTally(), newTally(), newTally()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	ix := align.NewIndex(cfg, nil)
	var tz align.Tokenizer
	var d align.Doc
	var spent time.Duration
	words := 0
	for _, a := range arts {
		tz.Doc(&d, a.Text, false)
		words += len(d.Words)
		start := time.Now()
		links := ix.Query(&d, "")
		_ = ix.Add(a.ID, &d, !originalsOnly || len(links) == 0)
		spent += time.Since(start)
		if a.DerivedFrom != "" {
			kind := align.None
			if k := slices.IndexFunc(links, func(l align.Link) bool { return l.ID == a.DerivedFrom }); k >= 0 {
				kind = links[k].Result.Kind
			}
			derived.count(a.Label, kind)
		} else {
			kind := align.None
			if len(links) > 0 {
				kind = links[0].Result.Kind
			}
			origin.count(a.Label, kind)
		}
		for _, p := range wantPairs[a.ID] {
			kind := align.None
			if k := slices.IndexFunc(links, func(l align.Link) bool { return l.ID == p.Earlier }); k >= 0 {
				kind = links[k].Result.Kind
			}
			labelled.count(p.Label, kind)
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	const sketch = 8 << 20
	fmt.Fprintf(w, "articles %d (%.0f words each), %.1f µs/article (query+add), index %.0f B/article beyond the %d MiB rarity sketch\n",
		len(arts), float64(words)/float64(len(arts)), float64(spent.Microseconds())/float64(len(arts)),
		(float64(after.HeapAlloc)-float64(before.HeapAlloc)-sketch)/float64(len(arts)), sketch>>20)
	print := func(title string, t *streamTally) {
		fmt.Fprintln(w, title)
		keys := make([]string, 0, len(t.n))
		for k := range t.n {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ks := t.kinds[k]
			fmt.Fprintf(w, "  %-11s n=%5d linked=%5d (%5.1f%%)  verbatim=%d update=%d rewrite=%d partial=%d\n", k, t.n[k], t.linked[k],
				100*float64(t.linked[k])/float64(t.n[k]), ks[align.Verbatim], ks[align.Update], ks[align.Rewrite], ks[align.Partial])
		}
	}
	print("derived articles linked to their source:", derived)
	print("originals linked to anything (best link's kind):", origin)
	if len(pairs) > 0 {
		print("labelled pairs linked, later to earlier:", labelled)
	}
}
