// Command alignbench measures package align on labelled pairs of stories:
// for each pair it compares the later story with the earlier one, with
// word rarity counted over the stories before the later one in file
// order, and prints per label the kinds given and the figures.
//
//	go run ./examples/alignbench -labels testdata/labels/reuters-pairs.tsv ../shared/corpora/reuters21578/reuters21578.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"sort"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/labels"
)

func main() {
	labelsPath := flag.String("labels", "", "labelled pairs TSV")
	verbose := flag.Bool("v", false, "print every pair")
	flag.Float64Var(&sharpen, "pow", 1, "raise rarity weights to this power")
	flag.Float64Var(&rules.RewriteScore, "rewrite", 0, "Rules.RewriteScore")
	flag.Float64Var(&rules.RewriteFound, "found", 0, "Rules.RewriteFound")
	flag.Float64Var(&rules.PartialScore, "partial", 0, "Rules.PartialScore")
	flag.Float64Var(&rules.PartialWeight, "pweight", 0, "Rules.PartialWeight")
	stress := flag.Int("stress", 0, "stream the stories with this many stress copies of each class")
	stream := flag.Bool("stream", false, "stream the JSONL file (fields id, text, derived_from, label) through the index")
	originals := flag.Bool("originals", false, "count word rarity over articles without a link only")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: alignbench [-labels PAIRS.tsv] [-stress N | -stream] STORIES.jsonl")
		os.Exit(2)
	}
	var err error
	switch {
	case *stress > 0 || *stream:
		err = runStream(*labelsPath, flag.Arg(0), *stress, *originals)
	default:
		err = run(*labelsPath, flag.Arg(0), *verbose)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "alignbench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

var (
	sharpen float64
	rules   align.Rules
)

// powered raises a Weigher's weights to a power.
type powered struct {
	w align.Weigher
	p float64
}

func (p powered) AppendWeights(dst []float32, words []uint32) []float32 {
	n := len(dst)
	dst = p.w.AppendWeights(dst, words)
	for i := n; i < len(dst); i++ {
		dst[i] = float32(math.Pow(float64(dst[i]), p.p))
	}
	return dst
}

func runStream(labelsPath, path string, stress int, originals bool) error {
	var pairs []labels.Pair
	if labelsPath != "" {
		var err error
		if pairs, err = labels.ReadFile(labelsPath); err != nil {
			return err
		}
	}
	var arts []article
	if stress > 0 {
		stories, err := corpus.Read(path, 1<<30, nil)
		if err != nil {
			return err
		}
		arts = stressStream(stories, stress, 1)
	} else {
		var err error
		if arts, err = readArticles(path); err != nil {
			return err
		}
	}
	evalStream(os.Stdout, arts, pairs, align.IndexConfig{Rules: rules}, originals)
	return nil
}

// readArticles reads a JSONL stream of articles.
func readArticles(path string) ([]article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for line := 1; sc.Scan(); line++ {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

type row struct {
	pair labels.Pair
	res  align.Result
}

func run(labelsPath, storiesPath string, verbose bool) error {
	pairs, err := labels.ReadFile(labelsPath)
	if err != nil {
		return err
	}
	stories, err := corpus.Read(storiesPath, 1<<30, nil)
	if err != nil {
		return err
	}
	byLater := map[string][]labels.Pair{}
	for _, p := range pairs {
		byLater[p.Later] = append(byLater[p.Later], p)
	}
	docs := map[string]*align.Doc{}
	need := map[string]bool{}
	for _, p := range pairs {
		need[p.Earlier], need[p.Later] = true, true
	}
	df := align.NewDocFreq()
	var tz align.Tokenizer
	al := align.Aligner{Rules: rules}
	var rows []row
	var doc align.Doc
	var distinct []uint32
	for _, s := range stories {
		d := tz.Doc(&doc, s.Text, false)
		if need[s.ID] {
			docs[s.ID] = &align.Doc{Words: slices.Clone(d.Words)}
		}
		for _, p := range byLater[s.ID] {
			src, ok := docs[p.Earlier]
			if !ok {
				// earlier in time but later in file: compare anyway with
				// the text when it comes (rare); skip here
				continue
			}
			res := al.Compare(nil, docs[s.ID], src, powered{df, sharpen})
			rows = append(rows, row{p, res})
		}
		distinct = d.AppendDistinct(distinct[:0])
		df.Add(distinct)
	}
	report(rows, verbose)
	return nil
}

func report(rows []row, verbose bool) {
	order := []string{"verbatim", "partial", "rewrite", "same-event", "unrelated"}
	for _, l := range order {
		var sel []row
		for _, r := range rows {
			if r.pair.Label == l {
				sel = append(sel, r)
			}
		}
		kinds := map[align.Kind]int{}
		for _, r := range sel {
			kinds[r.res.Kind]++
		}
		linked := len(sel) - kinds[align.None]
		fmt.Printf("%-10s n=%3d linked=%3d (%.0f%%)  verbatim=%d update=%d rewrite=%d partial=%d  score med %.2f p90 %.2f  found med %.2f\n",
			l, len(sel), linked, 100*float64(linked)/float64(max(1, len(sel))),
			kinds[align.Verbatim], kinds[align.Update], kinds[align.Rewrite], kinds[align.Partial],
			quant(sel, 0.5, func(r align.Result) float64 { return r.Score }),
			quant(sel, 0.9, func(r align.Result) float64 { return r.Score }),
			quant(sel, 0.5, func(r align.Result) float64 { return r.Found }))
		if verbose {
			for _, r := range sel {
				w := 0.0
				for _, p := range r.res.Passages {
					w += p.Weight
				}
				fmt.Printf("   %-9s %-14s %-14s score=%.2f found=%.2f cov=%.2f/%.2f verb=%.2f/%.2f pass=%d w=%.1f words=%d/%d rare=%d/%d/%d fig=%d/%d tags=%v\n",
					r.res.Kind, r.pair.Earlier, r.pair.Later, r.res.Score, r.res.Found, r.res.CopyCoverage, r.res.SourceCoverage,
					r.res.CopyVerbatim, r.res.SourceVerbatim, len(r.res.Passages), w, r.res.CopyWords, r.res.SourceWords, r.res.RareAligned, r.res.RareFound, r.res.Rare, r.res.FiguresFound, r.res.Figures, r.pair.Tags)
			}
		}
	}
}

func quant(rows []row, q float64, f func(align.Result) float64) float64 {
	if len(rows) == 0 {
		return 0
	}
	v := make([]float64, len(rows))
	for i, r := range rows {
		v[i] = f(r.res)
	}
	sort.Float64s(v)
	return v[int(q*float64(len(v)-1))]
}
