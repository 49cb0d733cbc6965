// Command labelpairs samples pairs of same-day stories for hand labelling
// (see docs/labelling.md) and shows them to the labeller.
//
// Usage:
//
//	go run ./examples/labelpairs [-seed N] [-random N] CORPUS.jsonl > pairs.tsv
//	go run ./examples/labelpairs -grid CORPUS.jsonl
//	go run ./examples/labelpairs -show pairs.tsv [-from N] [-count N] CORPUS.jsonl
//
// CORPUS is a JSONL file of stories with the fields id, date and text (the
// Reuters-21578 file in ../shared/corpora/reuters21578 has them).
//
// Without -show or -grid it writes a TSV of sampled pairs, with a header:
// earlier_id, later_id, stratum, containment, later_in_earlier, cosine.
// The pairs are stratified by the containment of distinct 4-word shingles
// (package shingle at its defaults) and by the TF-IDF cosine of word
// unigrams; see package internal/labels (Sample, Quota) for the strata
// and quotas. The sample depends only on the corpus, -seed and -random.
//
// -grid prints how many same-day pairs each stratum holds.
//
// -show prints the two texts of pairs from a TSV whose first two columns
// are earlier and later IDs (the sampler's output or the labels file),
// with the later text's passages that share a 4-word shingle with the
// earlier one marked [[like this]]: a reading aid for the labeller. It
// never writes anything but standard output; the texts must not be
// committed.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/labels"
	"github.com/reprintlab/reprint/shingle"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "labelpairs:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("labelpairs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "random seed of the sample")
	random := fs.Int("random", 30, "pairs drawn uniformly from all same-day pairs, besides the strata")
	grid := fs.Bool("grid", false, "print the number of same-day pairs in each stratum")
	show := fs.String("show", "", "print the texts of the pairs in this TSV (first two columns: earlier and later ID)")
	from := fs.Int("from", 1, "with -show: first pair to print (1-based, header not counted)")
	count := fs.Int("count", 1<<30, "with -show: number of pairs to print")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("give one corpus file (JSONL with id, date, text)")
	}
	stories, err := corpus.Read(fs.Arg(0), 1<<30, nil)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	if *show != "" {
		return showPairs(out, *show, stories, *from, *count)
	}
	cands, counts, err := labels.Sample(stories, *seed, *random)
	if err != nil {
		return err
	}
	if *grid {
		fmt.Fprintf(out, "%-12s", "containment")
		for k := range labels.CosineBuckets {
			fmt.Fprintf(out, " %8s", fmt.Sprintf("k.%d", k))
		}
		fmt.Fprintln(out)
		for c, row := range counts {
			fmt.Fprintf(out, "%-12s", strings.SplitN(labels.StratumName(c, 0), ",", 2)[0])
			for _, n := range row {
				fmt.Fprintf(out, " %8d", n)
			}
			fmt.Fprintln(out)
		}
		return nil
	}
	fmt.Fprintln(out, "earlier_id\tlater_id\tstratum\tcontainment\tlater_in_earlier\tcosine")
	for _, c := range cands {
		fmt.Fprintf(out, "%s\t%s\t%s\t%.3f\t%.3f\t%.3f\n", c.Earlier, c.Later, c.Stratum, c.Containment, c.LaterInEarlier, c.Cosine)
	}
	return nil
}

// showPairs prints pairs from..from+count-1 of the TSV at path.
func showPairs(out io.Writer, path string, stories []corpus.Story, from, count int) error {
	byID := make(map[string]corpus.Story, len(stories))
	for _, s := range stories {
		byID[s.ID] = s
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sh, err := shingle.New(shingle.Config{})
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 || len(cols) < 2 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		n++
		if n < from || n >= from+count {
			continue
		}
		a, okA := byID[cols[0]]
		b, okB := byID[cols[1]]
		if !okA || !okB {
			return fmt.Errorf("%s:%d: pair %s %s is not in the corpus", path, line, cols[0], cols[1])
		}
		fmt.Fprintf(out, "\n######## pair %d: %s\n", n, strings.Join(cols[2:], " "))
		marked, share := markShared(sh, a.Text, b.Text)
		fmt.Fprintf(out, "=== EARLIER %s %s\n%s\n", a.ID, a.Date, clip(squeeze(a.Text), maxChars))
		fmt.Fprintf(out, "=== LATER %s %s (%.0f%% of its words marked)\n%s\n", b.ID, b.Date, 100*share, clip(squeeze(marked), maxChars))
	}
	return sc.Err()
}

// maxChars is the most of a text -show prints.
const maxChars = 2500

// clip cuts s to about limit bytes, saying how much it left out.
func clip(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s [... %d more bytes]", s[:cut], len(s)-cut)
}

// markShared returns later with every run of words that shares a 4-word
// shingle with earlier wrapped in [[ ]], and the share of later's words
// inside the marks.
func markShared(sh *shingle.Shingler, earlier, later string) (string, float64) {
	in := map[uint64]bool{}
	for s := range sh.Shingles(earlier) {
		in[s.Hash] = true
	}
	var spans [][2]int
	for s := range sh.Shingles(later) {
		if !in[s.Hash] {
			continue
		}
		if n := len(spans); n > 0 && s.Start <= spans[n-1][1] {
			spans[n-1][1] = max(spans[n-1][1], s.End)
			continue
		}
		spans = append(spans, [2]int{s.Start, s.End})
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(later[last:sp[0]])
		b.WriteString("[[")
		b.WriteString(later[sp[0]:sp[1]])
		b.WriteString("]]")
		last = sp[1]
	}
	b.WriteString(later[last:])
	words, inside := 0, 0
	k := 0
	for tok := range sh.Tokens(later) {
		words++
		for k < len(spans) && spans[k][1] <= tok.Start {
			k++
		}
		if k < len(spans) && tok.Start >= spans[k][0] {
			inside++
		}
	}
	if words == 0 {
		return b.String(), 0
	}
	return b.String(), float64(inside) / float64(words)
}

// squeeze collapses the wire's line breaks and indents into single spaces,
// keeping paragraph breaks, so that a pair takes fewer lines to read.
func squeeze(s string) string {
	paras := strings.Split(s, "\n    ")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n  ")
}
