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
// (optional)}; other fields are ignored. Keys are matched in their exact
// case, and each of these may be given once. Input order is the order
// seen.
//
// An ID (a JSONL "id" or a file name) must not be blank, must be UTF-8
// and must hold no control characters (tab and newline included). In a
// directory, only regular files are read: named pipes, devices, sockets
// and links out of the directory are skipped, with a warning. One
// article (a file, or a JSONL line) may have at most -max-article bytes
// (16MiB unless set). Reports for people (text, dot) show control
// characters in IDs and outlets escaped, such as \n and \x1b.
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
// -index DIR keeps the index and the provenance graph in DIR between
// runs (see provenance.OpenDir; created if missing): each run matches its
// articles against those of every earlier run, adds them, and reports on
// them alone, plus, with "updated": true (jsonl), the stored articles
// whose story, origin or sources this run changed, such as when an
// article published earlier than a story's origin arrives. Articles
// already stored (same ID) are not added again; they are reported as
// they stand, and standard error says how many. Story IDs and origins are
// stable across runs. With -passages the stored texts are kept in DIR and
// loaded into memory by every run; -passages=false keeps neither. A run
// that fails leaves the store as it was before the run, unless the
// failure is in writing the store itself. Signature settings are stored
// in DIR: a later run with other -shingle, -hashes or -method settings is
// refused. A run killed before it committed leaves its articles out of
// the store: the next run sets them aside in a file in DIR, says so on
// standard error, and adds them again if they are in its input.
//
// -redis host:port[,host:port…] [-redis-prefix P] shares the index and
// the provenance graph through Redis (see examples/flag/redis.go): a run
// behaves as with -index, on an index and a log that flaggers on other
// machines read and add to at the same time; several addresses are the
// nodes of a Redis Cluster.
//
// -index DIR -repair repairs a damaged store, which a run refuses (the
// error says so): it keeps the articles committed before the damage,
// moves every byte after them into a file in DIR (nothing is deleted),
// prints what it kept, set aside and lost to standard error, and exits;
// it takes no PATH (see provenance.RepairDir).
//
// Bad input (missing, invalid or duplicate id, malformed JSON, a key in
// the wrong case or given twice, empty text, a bad published date, an
// article longer than -max-article) stops the run with an error naming the line and exit
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
	indexDir := fs.String("index", "", "keep the index and the provenance graph in this directory between runs, and report on this run's articles")
	maxArticle := cli.AddMaxArticleFlag(fs)
	repair := fs.Bool("repair", false, "with -index DIR and no PATH: repair a damaged store (keep the articles committed before the damage, set the rest aside in a file in DIR), report to standard error and exit")
	pipeline := cli.AddPipelineFlags(fs)
	shared := addRedisFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flag [flags] PATH...\n\nPATH: a directory of *.txt files, a .jsonl file, or - for JSONL on standard input.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *repair {
		return repairStore(*indexDir, fs.NArg(), stderr)
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
	reader := cli.Reader{
		MaxArticle: int64(*maxArticle),
		Warn:       func(msg string) { fmt.Fprintln(stderr, "flag: warning:", msg) },
	}
	if *shared.addrs != "" {
		return runRedis(shared, *indexDir, cfg, reader, fs.Args(), *format, stdin, stdout, stderr)
	}
	if *indexDir != "" {
		return runStored(*indexDir, cfg, reader, fs.Args(), *format, stdin, stdout, stderr)
	}
	tracker, err := provenance.New(cfg)
	if err != nil {
		return err
	}
	// On a terminal, standard error shows how far a long run is.
	progress := cli.NewProgress(stderr, cli.InputSize(fs.Args()))
	err = reader.Read(fs.Args(), stdin, func(in cli.Input) error {
		warnUTF8(stderr, in)
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
	return write(stdout, *format, tracker, cli.Everything)
}

// write writes the report on scope in format.
func write(w io.Writer, format string, t *provenance.Tracker, scope cli.Scope) error {
	switch format {
	case "jsonl":
		return cli.WriteJSONL(w, t, scope)
	case "dot":
		return cli.WriteDOT(w, t, scope)
	case "html":
		return cli.WriteHTML(w, t, scope)
	}
	return cli.WriteText(w, t, scope)
}

func warnUTF8(stderr io.Writer, in cli.Input) {
	if in.InvalidUTF8 {
		fmt.Fprintf(stderr, "flag: warning: %s: text is not valid UTF-8; invalid bytes separate words\n", in.Where)
	}
}

// runStored is a run with -index: the input is read and checked in full
// before the store is opened, so that bad input changes nothing; then
// the articles not stored yet are added and committed, and the report
// covers this run's articles and the stored ones it changed.
func runStored(dir string, cfg provenance.Config, reader cli.Reader, paths []string, format string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	var inputs []cli.Input
	if err := reader.Read(paths, stdin, func(in cli.Input) error {
		warnUTF8(stderr, in)
		inputs = append(inputs, in)
		return nil
	}); err != nil {
		return err
	}
	store, err := provenance.OpenDir(dir, cfg.Index.Settings)
	if errors.Is(err, provenance.ErrStoreDamaged) {
		return fmt.Errorf("-index %s: %w\nrun: flag -index %s -repair, to keep the articles committed before the damage and set the rest aside", dir, err, dir)
	}
	if err != nil {
		return fmt.Errorf("-index %s: %w", dir, err)
	}
	if store.Uncommitted > 0 {
		fmt.Fprintf(stderr, "flag: warning: -index %s: an earlier run stopped before it committed %d articles; they are not in the store (%d bytes set aside in %s)\n", dir, store.Uncommitted, store.Recovered, store.TornFile)
	} else if store.Recovered > 0 {
		fmt.Fprintf(stderr, "flag: warning: -index %s: the last write was torn by a crash; %d bytes set aside in %s\n", dir, store.Recovered, store.TornFile)
	}
	tracker, err := provenance.Open(cfg, store)
	if err != nil {
		store.Close()
		return fmt.Errorf("-index %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			store.Discard() // the store stays as it was before the run
			return
		}
		if cerr := tracker.Close(); cerr != nil {
			err = fmt.Errorf("-index %s: %w", dir, cerr)
		}
	}()
	before := make(map[string]string, tracker.Len()) // stored article → its standing
	for v := range tracker.Articles() {
		before[v.ID] = standing(v)
	}
	progress := cli.NewProgress(stderr, cli.InputSize(paths))
	inRun := make(map[string]bool, len(inputs))
	stored := 0
	for _, in := range inputs {
		inRun[in.ID] = true
		if _, ok := before[in.ID]; ok {
			stored++
			continue
		}
		if _, err := tracker.Add(in.Article); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		progress.Add(len(in.Text))
	}
	progress.Done()
	if err := tracker.Commit(); err != nil {
		return fmt.Errorf("-index %s: %w", dir, err)
	}
	// From here on the run's articles are stored, whatever happens.
	if stored > 0 {
		fmt.Fprintf(stderr, "flag: %d of %d articles were stored by an earlier run and were not added again\n", stored, len(inputs))
	}
	scope := cli.Scope{Include: func(id string) bool { return inRun[id] }, Updated: map[string]bool{}}
	for v := range tracker.Articles() {
		if was, ok := before[v.ID]; ok && !inRun[v.ID] && was != standing(v) {
			scope.Updated[v.ID] = true
		}
	}
	return write(stdout, format, tracker, scope)
}

// repairStore is a run with -repair: it repairs the store in dir and
// reports to stderr.
func repairStore(dir string, paths int, stderr io.Writer) error {
	if dir == "" {
		return errors.New("-repair repairs the store of -index DIR: give -index")
	}
	if paths > 0 {
		return errors.New("-repair takes no PATH: it repairs the store and exits; run again without -repair to add articles")
	}
	rep, err := provenance.RepairDir(dir)
	if err != nil {
		return fmt.Errorf("-index %s -repair: %w", dir, err)
	}
	fmt.Fprintf(stderr, "flag: -index %s repaired: %s\n", dir, rep)
	return nil
}

// standing is what a run can change about a stored article: its story,
// origin and sources.
func standing(v provenance.Verdict) string {
	s := v.Story + "\x00" + v.Origin
	for _, e := range v.Sources {
		s += "\x00" + e.Source
	}
	return s
}
