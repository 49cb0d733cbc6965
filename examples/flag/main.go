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
// name without .txt), a .jsonl or .ndjson file, a .json file (JSON Lines,
// or one JSON array of objects), a .csv file (a header row, then one
// article per row), or - for JSON Lines or a JSON array on standard input.
// A line, object or row gives "id" (a string or a number), "text",
// "published" (optional), "source" (the outlet, optional), "url"
// (optional) and "title" (optional); other fields are ignored. Common
// names are read too: "body" or "content" for the text; "date",
// "published_at", "pubDate" or "time" for the time; "outlet",
// "publisher" or "site" for the source; "link" for the url; "headline"
// for the title. -field FIELD=KEY reads a field from any other key
// (-field published=dt). One field given under two keys on one line is
// an error. A time is RFC 3339 (with or without a zone, read as UTC),
// "2024-11-06 09:30", a date, RFC 1123 as in RSS ("Wed, 06 Nov 2024
// 09:30:00 GMT"), or a number of seconds since 1970. JSON keys are
// matched in their exact case (a key that differs only in case from id,
// text, published, source or url is an error); CSV headers in any case.
// Keys that are not read but look like a time or an article's text are
// named once on standard error. Input order is the order seen. A
// headline is the "title", else the text's first line.
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
// of several sources of a stitched copy), "kind" (verbatim, update,
// rewrite or partial: what kind of reuse), "score" (how much of this
// article derives from the source, 0..1), "passages": [{"copy": [start,
// end], "source": [start, end]}] (byte ranges of the text taken, in both
// articles), "copy_coverage", "source_coverage" (exact shares of each
// text in those passages)}], "copy" (true for a verbatim copy, as
// before kinds: an article whose sources are only updates, rewrites or
// partial copies found by alignment has sources but "copy": false),
// "shingles", "fingerprinted",
// "credited" (outlets the text credits, [] if none), "uncredited" (true,
// and present only, for a copy from another outlet that credits nobody;
// outlets come from "source" and "url"), and, echoed from the input
// when it gives them: "title" (the headline, else the text's first
// line), "source", "outlet" (the outlet as reports name it: "Reuters" for
// "REUTER" or "wire:reuters"), "url", "published" (RFC 3339)}.
// -passages=false leaves out the passages and keeps no text in memory.
// Rewrites, updates and partial copies are found by a second index of
// each article's rarest words (about 1 KB per article plus 8 MiB),
// verified by word alignment; -rewrites=false turns it off, and
// -story-kind names the weakest kind of link that joins a story (default
// partial: every kind).
// -format dot writes the provenance graph for Graphviz (dot -Tsvg).
// -format outlets writes who copies whom, by outlet: for each outlet its
// articles, copies of other outlets' articles (credited, uncredited),
// re-sends and copies taken from it, and for each pair of outlets the
// copies with their median and 90th-percentile delay after the source
// (provenance.Graph.Outlets); -format outlets-json the same table as one
// JSON object. With -index the table covers every stored article.
// When standard error is a terminal, a progress line shows the articles
// done, their rate and the time left; otherwise nothing is written there
// but warnings and errors. The default format is a report for people:
// the stories with copies, each article with its outlet, time and
// headline, and the number of articles standing alone (-all lists them).
// -format html writes that report as one self-contained HTML page: a
// summary, a legend and an index of the stories, largest first; graphs
// as inline SVG, passages highlighted side by side; the articles standing
// alone in a folded list.
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
// -stream (with -format jsonl, not with -index) writes each article's
// line as soon as it is added, flushed, and the line of an earlier
// article again, with "updated": true, whenever a later one changes its
// story, origin or sources: "tail -f wire.jsonl | flag -stream -format
// jsonl -window 24h -" reports as articles arrive. After the last
// article each article's last line says what the run without -stream
// says of it. With -window, -stream also forgets the articles that left
// the window (provenance.Config.Forget), so memory stays flat on an
// endless stream: their lines were written, later lines may name them,
// and a duplicate id is caught only among the articles not yet
// forgotten.
//
// Bad input (missing, invalid or duplicate id, malformed JSON, a key in
// the wrong case or given twice, empty text, a bad published date, an
// article longer than -max-article) stops the run with an error naming
// the line and exit status 1, before anything is written to standard
// output (with -stream, after the lines of the articles before it). A
// published date before 1800 or more than a day after the wall clock is
// read as unknown, with a warning naming the line (the first 10 one by
// one, then a count).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/newsio"
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
	// The input is read on a goroutine of its own (see pipeline.go),
	// which warns on stderr too.
	locked := &lockedWriter{w: stderr}
	defer locked.close()
	stderr = locked
	fs := flag.NewFlagSet("flag", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text (for people), jsonl (one line per article), dot (the provenance graph for Graphviz), html (a self-contained page), outlets (who copies whom, by outlet) or outlets-json (the same as JSON)")
	passages := fs.Bool("passages", true, "keep texts and report the matched passages of every source (jsonl and html); false saves the texts' memory")
	indexDir := fs.String("index", "", "keep the index and the provenance graph in this directory between runs, and report on this run's articles")
	maxArticle := cli.AddMaxArticleFlag(fs)
	var fieldFlags fieldList
	fs.Var(&fieldFlags, "field", "read a field from a key of the input's own, as `FIELD=KEY` (published=dt; fields: id, text, published, source, url, title); may be repeated")
	all := fs.Bool("all", false, "text report: list every article standing alone (by default they are counted)")
	repair := fs.Bool("repair", false, "with -index DIR and no PATH: repair a damaged store (keep the articles committed before the damage, set the rest aside in a file in DIR), report to standard error and exit")
	stream := fs.Bool("stream", false, "write each article's line (jsonl) as it is added, and changed ones again with \"updated\": true; with -window, forget articles that left it, so memory stays flat")
	pipeline := cli.AddPipelineFlags(fs)
	shared := addRedisFlags(fs)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this `file` (for go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: flag [flags] PATH...\n\nPATH: a directory of *.txt files, a .jsonl or .ndjson file, a .json or .csv file, - for JSON Lines on standard input, or any other file as one article.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *repair {
		return repairStore(*indexDir, fs.NArg(), stderr)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no input: give a directory, a .jsonl file or -")
	}
	switch *format {
	case "text", "jsonl", "dot", "html", "outlets", "outlets-json":
	default:
		return fmt.Errorf("-format %q: want text, jsonl, dot, html, outlets or outlets-json", *format)
	}
	cfg, err := pipeline.Config()
	if err != nil {
		return err
	}
	cfg.KeepText = *passages
	if cfg.Window == 0 && *shared.addrs == "" {
		// Sized for the input at once, the index is not rebuilt as it
		// grows: a tenth less CPU time on 76,000 articles. Not under a
		// window, which holds less than the input, nor on Redis, where
		// the first run's capacity sets the shared index's layout.
		cfg.Index.Capacity = estimateArticles(fs.Args())
	}
	fields, err := newsio.ParseFieldMap(fieldFlags)
	if err != nil {
		return fmt.Errorf("-%w", err)
	}
	reader := newsio.Reader{
		MaxArticle: int64(*maxArticle),
		Warn:       func(msg string) { fmt.Fprintln(stderr, "flag: warning:", msg) },
		Fields:     fields,
		// Every article read is kept to the report, except with
		// -stream, which may forget old ones (-window).
		PackStrings: !*stream,
	}
	out := newOutput(*format, *all, *indexDir != "" || *shared.addrs != "", cfg.Index.Capacity)
	dates := &lockedDates{g: newsio.NewDateGuard(stderr, "flag: ", time.Now())}
	defer dates.Done()
	switch {
	case *shared.addrs != "" && *stream:
		return errors.New("-stream and -redis do not go together: a run with -redis reads all its input before it stores anything")
	case *shared.addrs != "":
		return runRedis(shared, *indexDir, cfg, reader, fs.Args(), out, dates, stdin, stdout, stderr)
	case *stream && *format != "jsonl":
		return fmt.Errorf("-stream writes jsonl: add -format jsonl (not %s)", *format)
	case *stream && *indexDir != "":
		return errors.New("-stream and -index do not go together: a run with -index reads all its input before it stores anything")
	case *stream:
		return runStream(cfg, reader, fs.Args(), dates, stdin, stdout, stderr)
	case *indexDir != "":
		return runStored(*indexDir, cfg, reader, fs.Args(), out, dates, stdin, stdout, stderr)
	}
	tracker, err := provenance.New(cfg)
	if err != nil {
		return err
	}
	// On a terminal, standard error shows how far a long run is.
	progress := newProgress(stderr, fs.Args())
	f := startFeed(reader.Read, fs.Args(), stdin, func(in *newsio.Input) {
		warnUTF8(stderr, *in)
		dates.Check(in)
	})
	err = addFed(tracker, f, false, func(in inputInfo, _ provenance.Added) error {
		out.note(in)
		progress.Add(in.size)
		return nil
	}, failAt)
	progress.Done()
	if err != nil {
		return err
	}
	return out.write(stdout, tracker, newsio.Everything)
}

// output is what the report is to be: its format, and what the input
// said of the articles.
type output struct {
	format string
	all    bool
	// about is what the input said of each article, in a run with a
	// store (-index, -redis), whose stored articles the tracker may
	// hold with another outlet, link or time than this run's input
	// gives. Otherwise it is nil, and titles holds each article's
	// headline: the tracker holds the rest as the input gave it (see
	// newsio.Report.Titles), and the notes take less than half the memory.
	about  map[string]newsio.About
	titles map[string]string
}

// newOutput returns an empty report in format; stored is true for a run
// with a store (-index or -redis), and articles the number of articles
// expected (0: unknown).
func newOutput(format string, all, stored bool, articles int) output {
	if stored {
		return output{format: format, all: all, about: map[string]newsio.About{}}
	}
	return output{format: format, all: all, titles: make(map[string]string, articles)}
}

// note keeps what the report needs of an article the run added that the
// tracker does not keep: its headline (or all the input said of it, in a
// run with a store).
func (o output) note(in inputInfo) {
	if o.about != nil {
		o.about[in.id] = in.about
		return
	}
	o.titles[in.id] = in.about.Title
}

// write writes the report on scope.
func (o output) write(w io.Writer, t *provenance.Tracker, scope newsio.Scope) error {
	r := newsio.Report{Tracker: t, Scope: scope, About: o.about, Titles: o.titles, All: o.all}
	switch o.format {
	case "jsonl":
		return r.WriteJSONL(w)
	case "dot":
		return r.WriteDOT(w)
	case "html":
		return r.WriteHTML(w)
	case "outlets":
		return r.WriteOutlets(w)
	case "outlets-json":
		return r.WriteOutletsJSON(w)
	}
	return r.WriteText(w)
}

// fieldList is the values of -field, which may be repeated.
type fieldList []string

func (f *fieldList) String() string { return strings.Join(*f, ",") }

func (f *fieldList) Set(s string) error {
	if _, err := newsio.ParseFieldMap([]string{s}); err != nil {
		return err
	}
	*f = append(*f, s)
	return nil
}

// startCPUProfile starts writing a CPU profile to path (-cpuprofile),
// and returns the function that stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// dateChecker reads implausible published dates as unknown (see
// newsio.DateGuard).
type dateChecker interface{ Check(*newsio.Input) }

// newProgress returns the progress line of a run on paths, drawn on
// stderr if it is a terminal.
func newProgress(stderr io.Writer, paths []string) *cli.Progress {
	if l, ok := stderr.(*lockedWriter); ok {
		stderr = l.w // a terminal (an *os.File) takes concurrent writes
	}
	return cli.NewProgress(stderr, cli.InputSize(paths))
}

func warnUTF8(stderr io.Writer, in newsio.Input) {
	if in.InvalidUTF8 {
		fmt.Fprintf(stderr, "flag: warning: %s: text is not valid UTF-8; invalid bytes separate words\n", in.Where)
	}
}

// readAll reads and checks the whole input before anything is stored
// (a run with -index or -redis), warning as it goes and noting each
// article's headline, outlet and time for the report.
func readAll(reader newsio.Reader, paths []string, stdin io.Reader, out output, dates dateChecker, stderr io.Writer) ([]newsio.Input, error) {
	var inputs []newsio.Input
	err := reader.Read(paths, stdin, func(in newsio.Input) error {
		warnUTF8(stderr, in)
		dates.Check(&in)
		inputs = append(inputs, in)
		out.about[in.ID] = in.About()
		return nil
	})
	return inputs, err
}

// runStored is a run with -index: the input is read and checked in full
// before the store is opened, so that bad input changes nothing; then
// the articles not stored yet are added and committed, and the report
// covers this run's articles and the stored ones it changed.
func runStored(dir string, cfg provenance.Config, reader newsio.Reader, paths []string, out output, dates dateChecker, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	inputs, err := readAll(reader, paths, stdin, out, dates, stderr)
	if err != nil {
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
	return addRun(tracker, inputs, paths, nil, "-index "+dir, out, stdout, stderr)
}

// addRun adds to tracker, kept in a store, the inputs it does not hold
// yet, with add (which reports false for an article another process
// stored meanwhile), or when add is nil with the tracker's pipeline
// (provenance.Tracker.AddAll), commits, and writes the report on the
// run's articles and on the stored ones it changed. where names the
// store in errors.
func addRun(tracker *provenance.Tracker, inputs []newsio.Input, paths []string, add func(provenance.Article) (bool, error), where string, out output, stdout, stderr io.Writer) error {
	before := make(map[string]string, tracker.Len()) // stored article → its standing
	for v := range tracker.Articles() {
		before[v.ID] = standing(v)
	}
	progress := newProgress(stderr, paths)
	inRun := make(map[string]bool, len(inputs))
	stored := 0
	if add == nil {
		var fresh []newsio.Input
		for _, in := range inputs {
			inRun[in.ID] = true
			if _, ok := before[in.ID]; ok {
				stored++
				continue
			}
			fresh = append(fresh, in)
		}
		articles := func(yield func(provenance.Article) bool) {
			for _, in := range fresh {
				if !yield(in.Article) {
					return
				}
			}
		}
		k := 0
		for _, err := range tracker.AddAll(articles) {
			if err != nil {
				var be *provenance.BatchError
				if errors.As(err, &be) {
					err = be.Err
				}
				return fmt.Errorf("%s: %s: %w", fresh[k].Where, where, err)
			}
			progress.Add(fresh[k].Size)
			k++
		}
	}
	for _, in := range inputs {
		if add == nil {
			break // added above
		}
		inRun[in.ID] = true
		if _, ok := before[in.ID]; ok {
			stored++
			continue
		}
		added, err := add(in.Article)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", in.Where, where, err)
		}
		if !added {
			stored++ // by another process, meanwhile
		}
		progress.Add(in.Size)
	}
	progress.Done()
	if err := tracker.Commit(); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	// From here on the run's articles are stored, whatever happens.
	if stored > 0 {
		fmt.Fprintf(stderr, "flag: %d of %d articles were stored by an earlier run and were not added again\n", stored, len(inputs))
	}
	scope := newsio.Scope{Include: func(id string) bool { return inRun[id] }, Updated: map[string]bool{}}
	for v := range tracker.Articles() {
		if was, ok := before[v.ID]; ok && !inRun[v.ID] && was != standing(v) {
			scope.Updated[v.ID] = true
		}
	}
	return out.write(stdout, tracker, scope)
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

// runStream is a run with -stream: each article's JSONL line is written
// as it is added, and the lines of the articles it changed after it.
// With a window the tracker forgets the articles that left it, and the
// input's IDs are not all kept to find duplicates: the tracker refuses
// the IDs it holds.
func runStream(cfg provenance.Config, reader newsio.Reader, paths []string, dates dateChecker, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg.Forget = cfg.Window > 0
	tracker, err := provenance.New(cfg)
	if err != nil {
		return err
	}
	read := reader.Read
	if cfg.Forget {
		read = reader.ReadEach
	}
	out := newsio.NewJSONLStream(stdout, tracker)
	progress := newProgress(stderr, paths)
	defer progress.Done()
	f := startFeed(read, paths, stdin, func(in *newsio.Input) {
		warnUTF8(stderr, *in)
		dates.Check(in)
	})
	return addFed(tracker, f, true, func(in inputInfo, a provenance.Added) error {
		progress.Add(in.size)
		return out.WriteAbout(a.Verdict, a.Changed, in.about)
	}, func(in inputInfo, err error) error {
		if errors.Is(err, provenance.ErrDuplicateID) {
			return fmt.Errorf("%s: duplicate id %q", in.where, in.id)
		}
		return failAt(in, err)
	})
}
