// Command capacity measures how many synthetic articles one machine can
// track: it streams articles from the syndication generator
// (internal/synth, driven by the Reuters-21578 corpus read in place) into a
// provenance.Tracker, in memory (provenance.New) or on disk (-store DIR:
// provenance.OpenDir and provenance.Open, Commit every -commit articles,
// no texts kept), and reports as it goes and at the end: articles/s,
// elapsed time, Go heap in use (HeapInuse after runtime.GC), the process's
// peak RSS (VmHWM), the store's size on disk, and the latency of adding
// -queries held-out articles (the next articles of the same stream, added
// one at a time on one goroutine, each also signed alone with a
// dedup.Signer so that the signing share of the time can be told apart).
//
// Usage, from the bench directory:
//
//	go run ./capacity -n 1000000                          # in memory
//	go run ./capacity -n 1000000 -store /tmp/cap1m        # on disk
//	go run ./capacity -open -store /tmp/cap1m             # reopen: replay time, heap and RSS
//	go run ./capacity -mode index -n 1000000              # a bare dedup.Index, for comparison
//	go run ./capacity -mode gen -n 1000000                # the generator alone
//
// Checkpoint pauses (waiting for the workers, runtime.GC, reading
// statistics) are left out of the reported elapsed time and rate.
// With -max-rss (GB) the run stops, and reports what it reached, once the
// process's resident set grows past it.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/synth"
	"github.com/reprintlab/reprint/provenance"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "capacity:", err)
		os.Exit(1)
	}
}

type options struct {
	n, queries, every, commit, workers, capacity int
	seed                                         uint64
	store, source, method, mode                  string
	memprofile, cpuprofile                       string
	open                                         bool
	maxRSS, minAvail                             float64 // GB, 0: no limit
}

func run(args []string, out io.Writer) error {
	fset := flag.NewFlagSet("capacity", flag.ContinueOnError)
	var o options
	fset.IntVar(&o.n, "n", 1_000_000, "number of articles to add")
	fset.IntVar(&o.queries, "queries", 10_000, "held-out articles whose Add (or, with -mode index, query) is timed one by one at the end")
	fset.IntVar(&o.every, "every", 1_000_000, "report every this many articles")
	fset.IntVar(&o.commit, "commit", 10_000, "with -store: Commit every this many articles")
	fset.IntVar(&o.workers, "workers", 1, "goroutines calling Add (the generator runs on one more)")
	fset.IntVar(&o.capacity, "capacity", 0, "IndexConfig.Capacity (0: the library default, start small)")
	fset.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fset.StringVar(&o.store, "store", "", "keep the tracker's records in this directory (provenance.OpenDir); empty: in memory")
	fset.BoolVar(&o.open, "open", false, "only open the existing store at -store and report the replay time, heap and RSS")
	fset.StringVar(&o.source, "source", cmp.Or(os.Getenv("REPRINT_REUTERS"), "../../shared/corpora/reuters21578/reuters21578.jsonl"),
		"the generator's source stories (JSONL), read in place; $REPRINT_REUTERS overrides the default")
	fset.StringVar(&o.method, "method", "minwise", "signature method: minwise or oph")
	fset.StringVar(&o.mode, "mode", "tracker", "tracker (provenance.Tracker), index (a bare dedup.Index: sign, query, add) or gen (the generator alone)")
	fset.StringVar(&o.memprofile, "memprofile", "", "write a heap profile here at the end (after GC)")
	fset.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the adding (not the generator's setup) here")
	fset.Float64Var(&o.maxRSS, "max-rss", 20, "stop adding once the resident set passes this many GB (0: no limit)")
	fset.Float64Var(&o.minAvail, "min-available", 1.5, "stop adding once the machine's MemAvailable falls below this many GB (0: no limit)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	switch {
	case fset.NArg() != 0:
		return fmt.Errorf("unexpected arguments %q", fset.Args())
	case o.n < 1 || o.queries < 0 || o.every < 1 || o.commit < 1 || o.workers < 1 || o.capacity < 0:
		return errors.New("-n, -every, -commit and -workers must be positive, -queries and -capacity not negative")
	case o.open && o.store == "":
		return errors.New("-open needs -store")
	case o.mode != "tracker" && o.mode != "index" && o.mode != "gen":
		return fmt.Errorf("-mode %q: want tracker, index or gen", o.mode)
	case o.mode != "tracker" && o.store != "":
		return errors.New("-store only goes with -mode tracker")
	}
	method, err := dedup.ParseMethod(o.method)
	if err != nil {
		return err
	}
	settings := dedup.Settings{Method: method}
	cfg := provenance.Config{Index: dedup.IndexConfig{Settings: settings, Capacity: o.capacity}}

	fmt.Fprintf(out, "go %s %s/%s, GOMAXPROCS %d, NumCPU %d, GOMEMLIMIT %s, GOGC %s\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(),
		limitString(debug.SetMemoryLimit(-1)), cmp.Or(os.Getenv("GOGC"), "100"))
	fmt.Fprintf(out, "settings: %s\n", settings.Normalized())
	if o.open {
		return openOnly(out, o, cfg, settings)
	}
	return build(out, o, cfg, settings)
}

// openOnly opens an existing store and reports what replaying it costs.
func openOnly(out io.Writer, o options, cfg provenance.Config, settings dedup.Settings) error {
	disk, err := dirSize(o.store)
	if err != nil {
		return err
	}
	start := time.Now()
	st, err := provenance.OpenDir(o.store, settings)
	if err != nil {
		return fmt.Errorf("OpenDir: %w", err)
	}
	openDir := time.Since(start)
	tr, err := provenance.Open(cfg, st)
	if err != nil {
		return fmt.Errorf("Open: %w", err)
	}
	total := time.Since(start)
	m := measure()
	fmt.Fprintf(out, "open %s: %d articles (%d indexed), disk %s; OpenDir %s, Open (replay) %s, total %s; %.0f records/s\n",
		o.store, tr.Len(), tr.Indexed(), gb(disk), round(openDir), round(total-openDir), round(total),
		float64(tr.Len())/total.Seconds())
	fmt.Fprintf(out, "after open: %s\n", m)
	fmt.Fprintf(out, "per article: heap %.0f B, RSS %.0f B, disk %.0f B\n",
		float64(m.heapInuse)/float64(tr.Len()), float64(m.rss)/float64(tr.Len()), float64(disk)/float64(tr.Len()))
	if err := writeProfile(o.memprofile); err != nil {
		return err
	}
	return tr.Close()
}

// adder adds one article and says whether it was found to be a copy.
type adder interface {
	add(a *synth.Article) (isCopy bool, err error)
}

type trackerAdder struct{ tr *provenance.Tracker }

func (t trackerAdder) add(a *synth.Article) (bool, error) {
	v, err := t.tr.Add(article(a))
	return v.IsCopy(), err
}

// indexAdder signs, queries and indexes an article in a bare dedup.Index,
// as the Stream benchmark does.
type indexAdder struct {
	ix      *dedup.Index
	signers sync.Pool
}

func (t *indexAdder) add(a *synth.Article) (bool, error) {
	s := t.signers.Get().(*dedup.Signer)
	defer t.signers.Put(s)
	sig, err := s.Sign(a.Text)
	if errors.Is(err, dedup.ErrTooShort) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	ms, err := t.ix.Query(sig)
	if err != nil {
		return false, err
	}
	return len(ms) > 0, t.ix.Add(a.ID, sig)
}

type genAdder struct{}

func (genAdder) add(*synth.Article) (bool, error) { return false, nil }

func article(a *synth.Article) provenance.Article {
	return provenance.Article{ID: a.ID, Text: a.Text, Source: a.Source, URL: a.URL, Published: a.Published, Seen: a.Seen}
}

// errStop ends the generator's run early.
var errStop = errors.New("stop")

// build streams o.n articles into a tracker (or index), then times
// o.queries held-out ones.
func build(out io.Writer, o options, cfg provenance.Config, settings dedup.Settings) (err error) {
	start := time.Now()
	src, err := synth.LoadSource(o.source)
	if err != nil {
		return err
	}
	gen, err := synth.New(synth.Config{Seed: o.seed, N: o.n + o.queries}, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generator ready in %s (%d source stories); %d articles + %d held out, mode %s, %d worker(s), store %q\n",
		round(time.Since(start)), len(src.Stories), o.n, o.queries, o.mode, o.workers, o.store)

	var (
		ad adder
		tr *provenance.Tracker
		ix *dedup.Index
	)
	switch o.mode {
	case "tracker":
		if o.store == "" {
			tr, err = provenance.New(cfg)
		} else {
			var st *provenance.DirStore
			if st, err = provenance.OpenDir(o.store, settings); err != nil {
				return fmt.Errorf("OpenDir: %w", err)
			}
			if st.Len() != 0 {
				return fmt.Errorf("store %s already holds %d records: use a new directory", o.store, st.Len())
			}
			tr, err = provenance.Open(cfg, st)
		}
		if err != nil {
			return err
		}
		defer func() {
			if cerr := tr.Close(); err == nil {
				err = cerr
			}
		}()
		ad = trackerAdder{tr}
		fmt.Fprintf(out, "index: %s, banding %s\n", tr.IndexConfig().Settings, tr.IndexConfig().Banding)
	case "index":
		if ix, err = dedup.NewIndex(cfg.Index); err != nil {
			return err
		}
		ia := &indexAdder{ix: ix}
		ia.signers.New = func() any {
			s, err := dedup.NewSigner(settings)
			if err != nil {
				panic(err) // validated by NewIndex
			}
			return s
		}
		ad = ia
		fmt.Fprintf(out, "index: banding %s\n", ix.Config().Banding)
	default:
		ad = genAdder{}
	}

	var (
		added, copies, truthCopies, foundCopies, falseLinks atomic.Int64
		commitNanos                                         atomic.Int64
		firstErr                                            error
		errOnce                                             sync.Once
		failed                                              atomic.Bool
		inflight                                            sync.WaitGroup
		workers                                             sync.WaitGroup
	)
	jobs := make(chan *synth.Article, 256)
	for range o.workers {
		workers.Go(func() {
			for a := range jobs {
				if !failed.Load() {
					isCopy, err := ad.add(a)
					if err != nil {
						errOnce.Do(func() { firstErr = fmt.Errorf("adding %s: %w", a.ID, err) })
						failed.Store(true)
					}
					n := added.Add(1)
					truth := a.Label != synth.Original && a.Label != synth.Distractor
					switch {
					case isCopy && truth:
						copies.Add(1)
						foundCopies.Add(1)
					case isCopy:
						copies.Add(1)
						falseLinks.Add(1)
					}
					if truth {
						truthCopies.Add(1)
					}
					if tr != nil && o.store != "" && n%int64(o.commit) == 0 {
						t := time.Now()
						if err := tr.Commit(); err != nil {
							errOnce.Do(func() { firstErr = fmt.Errorf("commit: %w", err) })
							failed.Store(true)
						}
						commitNanos.Add(int64(time.Since(t)))
					}
				}
				inflight.Done()
			}
		})
	}

	var (
		emitted   int
		heldOut   = make([]synth.Article, 0, o.queries)
		paused    time.Duration // checkpoint pauses, left out of elapsed
		textBytes int64
		stopped   string
		last      *stats
	)
	header := "articles  elapsed   articles/s  heap_inuse  rss      max_rss  disk      commit  copies (found/truth, false)"
	checkpoint := func() error {
		t := time.Now()
		inflight.Wait()
		if firstErr != nil {
			return firstErr
		}
		if tr != nil && o.store != "" {
			if err := tr.Commit(); err != nil {
				return err
			}
		}
		m := measure()
		if o.store != "" {
			if m.disk, err = dirSize(o.store); err != nil {
				return err
			}
		}
		el := time.Since(start) - paused - (time.Since(t))
		m.articles, m.elapsed = int(added.Load()), el
		last = &m
		fmt.Fprintf(out, "%-9d %-9s %-11.0f %-11s %-8s %-8s %-9s %-7s %d (%d/%d, %d)\n",
			m.articles, round(el), float64(m.articles)/el.Seconds(), gb(m.heapInuse), gb(m.rss), gb(m.hwm), gb(m.disk),
			round(time.Duration(commitNanos.Load())), copies.Load(), foundCopies.Load(), truthCopies.Load(), falseLinks.Load())
		paused += time.Since(t)
		return nil
	}

	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
	}
	base := measure() // the generator's source and model, the empty tracker
	fmt.Fprintf(out, "before adding: %s\n", base)
	fmt.Fprintln(out, header)
	start = time.Now() // the generator's setup is reported above, not counted
	limit := o.n       // lowered when the run is stopped early
	stop := func(why string) {
		stopped, limit = fmt.Sprintf("stopped at %d articles: %s", emitted, why), emitted
	}
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupted)
	st, runErr := gen.Run(func(a synth.Article) error {
		if emitted >= limit {
			if len(heldOut) < o.queries {
				heldOut = append(heldOut, a)
			}
			if len(heldOut) == o.queries && limit < o.n {
				return errStop
			}
			return nil
		}
		if failed.Load() {
			return errStop
		}
		emitted++
		textBytes += int64(len(a.Text))
		inflight.Add(1)
		jobs <- &a
		if emitted%10_000 == 0 {
			select {
			case sig := <-interrupted:
				stop(fmt.Sprintf("signal %v", sig))
			default:
			}
			if rss := readStatus("VmRSS"); o.maxRSS > 0 && float64(rss) > o.maxRSS*1e9 {
				stop(fmt.Sprintf("RSS %s passed -max-rss %.1f GB", gb(rss), o.maxRSS))
			}
			if avail := readMeminfo("MemAvailable"); o.minAvail > 0 && avail > 0 && float64(avail) < o.minAvail*1e9 {
				stop(fmt.Sprintf("the machine's MemAvailable %s fell below -min-available %.1f GB (RSS %s)",
					gb(avail), o.minAvail, gb(readStatus("VmRSS"))))
			}
			if limit < o.n {
				fmt.Fprintln(out, stopped+"; the next articles are held out")
				return nil
			}
		}
		if emitted%o.every == 0 && emitted < o.n {
			return checkpoint()
		}
		return nil
	})
	close(jobs)
	workers.Wait()
	if firstErr != nil {
		return firstErr
	}
	if runErr != nil && !errors.Is(runErr, errStop) {
		return runErr
	}
	if err := checkpoint(); err != nil {
		return err
	}
	m := *last
	fmt.Fprintf(out, "done: %d articles in %s, %.0f articles/s, %.1f MB of text (%.0f B/article)\n",
		m.articles, round(m.elapsed), float64(m.articles)/m.elapsed.Seconds(), float64(textBytes)/1e6, float64(textBytes)/float64(max(m.articles, 1)))
	if stopped != "" {
		fmt.Fprintln(out, stopped)
	} else if runErr == nil {
		fmt.Fprintf(out, "generator: %d articles, %d real and %d synthetic originals, max pending %d\n",
			st.Articles, st.RealOriginals, st.SyntheticOriginals, st.MaxPending)
	}
	if tr != nil {
		fmt.Fprintf(out, "tracker: %d articles, %d indexed\n", tr.Len(), tr.Indexed())
	}
	if ix != nil {
		fmt.Fprintf(out, "index: %d documents\n", ix.Len())
	}
	fmt.Fprintf(out, "per article, less the figures before adding: heap %.0f B, max RSS %.0f B; disk %.0f B; commits took %s in all\n",
		perArticle(m.heapInuse, base.heapInuse, m.articles), perArticle(m.hwm, base.hwm, m.articles),
		float64(m.disk)/float64(m.articles), round(time.Duration(commitNanos.Load())))
	if err := writeProfile(o.memprofile); err != nil {
		return err
	}
	if len(heldOut) > 0 && o.mode != "gen" {
		if err := latency(out, heldOut, settings, tr, ix); err != nil {
			return err
		}
		if tr != nil && o.store != "" {
			if err := tr.Commit(); err != nil {
				return err
			}
		}
	}
	return nil
}

// latency times the held-out articles one at a time: each is signed
// alone with a dedup.Signer, then added to the tracker (which signs it
// again), or queried in the bare index (and then added, untimed).
func latency(out io.Writer, held []synth.Article, settings dedup.Settings, tr *provenance.Tracker, ix *dedup.Index) error {
	signer, err := dedup.NewSigner(settings)
	if err != nil {
		return err
	}
	var sign, op, rest []time.Duration
	copies := 0
	var buf []dedup.Match
	runtime.GC()
	for i := range held {
		a := &held[i]
		t0 := time.Now()
		sig, err := signer.Sign(a.Text)
		t1 := time.Now()
		if errors.Is(err, dedup.ErrTooShort) {
			sig = nil
		} else if err != nil {
			return err
		}
		var isCopy bool
		if tr != nil {
			v, err := tr.Add(article(a))
			if err != nil {
				return err
			}
			isCopy = v.IsCopy()
		} else if sig != nil {
			if buf, err = ix.AppendQuery(buf[:0], sig); err != nil {
				return err
			}
			isCopy = len(buf) > 0
		}
		t2 := time.Now()
		if ix != nil && sig != nil {
			if err := ix.Add(a.ID, sig); err != nil { // untimed: later held-out copies find it, as in a tracker
				return err
			}
		}
		if isCopy {
			copies++
		}
		sign, op = append(sign, t1.Sub(t0)), append(op, t2.Sub(t1))
		if tr != nil {
			rest = append(rest, max(t2.Sub(t1)-t1.Sub(t0), 0))
		}
	}
	what := "Index.AppendQuery"
	if tr != nil {
		what = "Tracker.Add"
	}
	fmt.Fprintf(out, "latency of %d held-out articles (%d found to be copies), one goroutine, p50 / p90 / p99 / max:\n", len(held), copies)
	fmt.Fprintf(out, "  %-28s %s\n", what, percentiles(op))
	fmt.Fprintf(out, "  %-28s %s\n", "Signer.Sign alone", percentiles(sign))
	if rest != nil {
		fmt.Fprintf(out, "  %-28s %s\n", "Add minus Sign (per article)", percentiles(rest))
	}
	return nil
}

func perArticle(now, before uint64, n int) float64 {
	return (float64(now) - float64(before)) / float64(max(n, 1))
}

func percentiles(d []time.Duration) string {
	s := slices.Clone(d)
	slices.Sort(s)
	p := func(q float64) string { return round(s[int(q*float64(len(s)-1))]).String() }
	return fmt.Sprintf("%s / %s / %s / %s", p(0.5), p(0.9), p(0.99), round(s[len(s)-1]))
}

// stats is one checkpoint's figures.
type stats struct {
	articles             int
	elapsed              time.Duration
	heapInuse, rss, hwm  uint64
	disk                 int64
	heapObjects, numGC   uint64
	heapSys, heapRelease uint64
}

func (m stats) String() string {
	return fmt.Sprintf("heap in use %s (%d objects; heap sys %s, released %s), RSS %s, max RSS %s, %d GCs",
		gb(m.heapInuse), m.heapObjects, gb(m.heapSys), gb(m.heapRelease), gb(m.rss), gb(m.hwm), m.numGC)
}

// measure collects garbage and reads the heap and the process's memory.
func measure() stats {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return stats{heapInuse: ms.HeapInuse, heapObjects: ms.HeapObjects, numGC: uint64(ms.NumGC),
		heapSys: ms.HeapSys, heapRelease: ms.HeapReleased,
		rss: readStatus("VmRSS"), hwm: readStatus("VmHWM")}
}

// readStatus returns a memory figure of /proc/self/status in bytes, 0 if
// it cannot be read.
func readStatus(key string) uint64 { return readProc("/proc/self/status", key) }

// readMeminfo returns a figure of /proc/meminfo in bytes, 0 if it cannot
// be read.
func readMeminfo(key string) uint64 { return readProc("/proc/meminfo", key) }

// readProc reads a "key: value kB" line of a file in /proc.
func readProc(path, key string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), key+":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest) // "123456 kB"
		if len(fields) == 0 {
			return 0
		}
		kb, _ := strconv.ParseUint(fields[0], 10, 64)
		return kb << 10
	}
	return 0
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}

func writeProfile(path string) error {
	if path == "" {
		return nil
	}
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func gb[T int64 | uint64](n T) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2fG", float64(n)/1e9)
	default:
		return fmt.Sprintf("%.0fM", float64(n)/1e6)
	}
}

func limitString(n int64) string {
	if n == 1<<63-1 {
		return "off"
	}
	return fmt.Sprintf("%.1fGiB", float64(n)/(1<<30))
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(100 * time.Nanosecond)
	}
}
