// Command flag is the newsroom flagger: it reads articles in the order they
// were seen and reports, for each one, whether it copies earlier articles,
// which ones and how much, which story it belongs to and the story's
// origin.
//
// Usage:
//
//	go run ./examples/flag [flags] PATH...
//
// PATH is a directory (its *.txt files in name order; the ID is the file
// name without .txt), a .jsonl file, or - for JSONL on standard input.
// A JSONL line is {"id": string, "text": string, "published": RFC 3339 or
// YYYY-MM-DD (optional), "source": string (optional), "url": string
// (optional)}; other fields are ignored. Input order is the order seen.
//
// -format jsonl writes one line per input article, in input order:
// {"id", "cluster" (story ID), "origin", "sources": [{"id", "containment"
// (share of this article found in that source), "jaccard", "reused"
// (share of the source found in this article), "shared", "partial" (one
// of several sources of a stitched copy), "passages": [{"copy": [start,
// end], "source": [start, end]}] (byte ranges of the text taken, in both
// articles), "copy_coverage", "source_coverage" (exact shares of each
// text in those passages)}], "copy", "shingles", "fingerprinted",
// "credited" (outlets the text credits, [] if none), "uncredited" (true,
// and present only, for a copy from another outlet that credits nobody;
// outlets come from "source" and "url")}.
// -passages=false leaves out the passages and keeps no text in memory.
// -format dot writes the provenance graph for Graphviz (dot -Tsvg).
// When standard error is a terminal, a progress line shows the articles
// done, their rate and the time left; otherwise nothing is written there
// but warnings and errors. The default format is a report for people.
// -format html writes that report as one self-contained HTML page: graphs as inline SVG, passages highlighted side by side.
//
// Bad input (missing or duplicate id, malformed JSON, empty text, a bad
// published date) stops the run with an error naming the line and exit
// status 1, before anything is written to standard output.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/provenance"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage was asked for, and printed
		}
		fmt.Fprintln(os.Stderr, "flag:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flag", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text (for people), jsonl (one line per article), dot (the provenance graph for Graphviz) or html (a self-contained page)")
	passages := fs.Bool("passages", true, "keep texts and report the matched passages of every source (jsonl); false saves the texts' memory")
	pipeline := cli.AddPipelineFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flag [flags] PATH...\n\nPATH: a directory of *.txt files, a .jsonl file, or - for JSONL on standard input.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no input: give a directory, a .jsonl file or -")
	}
	if *format != "text" && *format != "jsonl" && *format != "dot" && *format != "html" {
		return fmt.Errorf("-format %q: want text, jsonl, dot or html", *format)
	}
	cfg, err := pipeline.Config()
	if err != nil {
		return err
	}
	cfg.KeepText = *passages
	tracker, err := provenance.New(cfg)
	if err != nil {
		return err
	}
	// On a terminal, standard error shows how far a long run is.
	progress := cli.NewProgress(stderr, cli.InputSize(fs.Args()))
	err = cli.Read(fs.Args(), stdin, func(in cli.Input) error {
		if in.InvalidUTF8 {
			fmt.Fprintf(stderr, "flag: warning: %s: text is not valid UTF-8; invalid bytes separate words\n", in.Where)
		}
		if _, err := tracker.Add(in.Article); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		progress.Add(len(in.Text))
		return nil
	})
	progress.Done()
	if err != nil {
		return err
	}
	switch *format {
	case "jsonl":
		return cli.WriteJSONL(stdout, tracker)
	case "dot":
		return cli.WriteDOT(stdout, tracker)
	case "html":
		return cli.WriteHTML(stdout, tracker)
	}
	return cli.WriteText(stdout, tracker)
}
