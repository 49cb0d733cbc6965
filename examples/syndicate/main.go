// Command syndicate builds a deterministic synthetic syndication corpus
// with known truth from real stories: originals, their syndicated copies
// (reprints, truncations, extensions, boilerplate-wrapped pages, re-flowed
// text, credit lines, word swaps, dropped sentences, typos, OCR noise,
// stitched copies) and unrelated same-day distractors.
//
// Usage:
//
//	go run ./examples/syndicate [flags] SOURCE.jsonl > corpus.jsonl
//
// SOURCE has one JSON object per line with at least "id" and "text", and
// optionally "date" or "published" (a time without a zone is UTC),
// "title", "dateline" and "topics"; it is read as the flagger reads its
// input (package newsio: keys in their exact case, none given twice),
// but that a blank text is allowed. The output has one JSON object per article, in
// the order the articles are seen:
//
//	{"id", "published" (RFC 3339 UTC; absent for a few), "source" (outlet),
//	 "url", "cluster" (the story: its original's id), "derived_from" (the
//	 article copied; absent for originals and distractors), "stitched_from"
//	 (both sources of a stitched copy), "label" (edit class), "synthetic"
//	 (true on articles of generated stories), "text"}
//
// -rewrites adds the rewrite classes, whose copies also carry
// "intensity" ("light", "medium" or "heavy"), and same-topic negatives
// (label "same-topic"), which carry "negative_for": the original of the
// story of the same day and topic they are a hard negative for. The
// rewrite-synonym class reads WordNet from -wordnet (Debian's
// wordnet-base); without it, that class is left out with a warning.
//
// The same seed, source and flags (and WordNet files) give byte-identical
// output. Bad input
// (malformed JSON, a missing id or text, a bad date, a key given twice
// or in another case than "id", "text", ...) stops the run with an
// error naming the file and line and exit status 1.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reprintlab/reprint/internal/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "syndicate:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("syndicate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "random seed: the same seed, source and flags give the same output")
	n := fs.Int("n", 0, "number of articles; 0: every usable story once (about 5.5 articles per story); "+
		"more than the source gives adds synthetic stories")
	copies := fs.Float64("copies", synth.DefaultCopiesPerStory, "mean number of copies per story (0: none)")
	minWords := fs.Int("min-words", synth.DefaultMinWords, "fewest words a source story needs (0: no minimum)")
	distractors := fs.Float64("distractors", synth.DefaultDistractorRate, "distractors per story (0: none)")
	outlets := fs.Int("outlets", synth.DefaultOutlets, "number of outlets publishing copies")
	origin := fs.String("origin", synth.DefaultOriginSource, "outlet of real originals")
	rewrites := fs.Bool("rewrites", false, "add the rewrite classes (rewrite-synonym, rewrite-reorder, rewrite-merge, rewrite-lede, "+
		"rewrite-sentences, rewrite-quotes, partial, rewrite; each copy labelled with its intensity) and same-topic negatives; "+
		"without it the corpus is that of earlier versions, byte for byte")
	wordnetDir := fs.String("wordnet", synth.DefaultWordNetDir, "directory of WordNet's data files, for -rewrites' synonym class "+
		"(Debian: apt-get install wordnet-base); when absent, that class is left out with a message")
	sameTopic := fs.Float64("same-topic", synth.DefaultSameTopicRate, "same-topic negatives per story, with -rewrites (0: none)")
	stats := fs.Bool("stats", false, "print a summary to standard error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: syndicate [flags] SOURCE.jsonl > corpus.jsonl\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("want exactly one SOURCE.jsonl")
	}
	switch {
	case *n < 0:
		return fmt.Errorf("-n %d: must not be negative", *n)
	case *copies < 0:
		return fmt.Errorf("-copies %v: must not be negative", *copies)
	case *minWords < 0:
		return fmt.Errorf("-min-words %d: must not be negative", *minWords)
	case *distractors < 0:
		return fmt.Errorf("-distractors %v: must not be negative", *distractors)
	case *outlets < 1:
		return fmt.Errorf("-outlets %d: must be positive", *outlets)
	case *sameTopic < 0 || *sameTopic > 1:
		return fmt.Errorf("-same-topic %v: must be between 0 and 1", *sameTopic)
	}
	// On the command line 0 means none; in the library's Config, 0 means
	// the default and a negative value none.
	cfg := synth.Config{Seed: *seed, N: *n, CopiesPerStory: *copies, MinWords: *minWords,
		DistractorRate: *distractors, Outlets: *outlets, OriginSource: *origin}
	if *copies == 0 {
		cfg.CopiesPerStory = -1
	}
	if *minWords == 0 {
		cfg.MinWords = -1
	}
	if *distractors == 0 {
		cfg.DistractorRate = -1
	}
	if *rewrites {
		cfg.Rewrites, cfg.SameTopicRate = true, *sameTopic
		if *sameTopic == 0 {
			cfg.SameTopicRate = -1
		}
		wn, err := synth.LoadWordNet(*wordnetDir)
		switch {
		case errors.Is(err, synth.ErrNoWordNet):
			fmt.Fprintf(stderr, "syndicate: warning: %v: the rewrite-synonym class is left out\n", err)
		case err != nil:
			return err
		default:
			cfg.WordNet = wn
		}
	}
	start := time.Now() // for the -stats rate only; never in the output
	src, err := synth.LoadSource(fs.Arg(0))
	if err != nil {
		return err
	}
	g, err := synth.New(cfg, src)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	st, err := g.WriteJSONL(w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return err
	}
	if *stats {
		if err := st.Write(stderr); err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Fprintf(stderr, "time: %.1fs, %.0f articles/s\n", el.Seconds(), float64(st.Articles)/el.Seconds())
	}
	return nil
}
