package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// The flagger's pipeline: the input is read and checked on a goroutine
// of its own, the articles' texts are fingerprinted on GOMAXPROCS
// workers, and the tracker adds them in input order
// (provenance.Tracker.AddAll), a few articles per core in flight at
// most: the reports are those of adding the articles one by one.

// feed reads the input ahead of the tracker on a goroutine of its own,
// so that the flagger stops as soon as an article cannot be added even
// when the reader waits for more input on a pipe (the goroutine is left
// blocked in its read; the process exits).
type feed struct {
	inputs chan newsio.Input
	stop   chan struct{} // closed by halt
	halted sync.Once
	err    error // the reader's, once inputs is closed

	mu    sync.Mutex
	queue []inputInfo // handed to the tracker, not yet reported back
}

// inputInfo is what the flagger keeps of an input while its article is
// in the tracker's pipeline.
type inputInfo struct {
	id, where string
	size      int64
	about     newsio.About
}

// errStopped ends a read that the flagger no longer needs.
var errStopped = errors.New("flag: stopped")

// startFeed starts reading paths (and stdin) with read, checking each
// input with check before it is handed on.
func startFeed(read func([]string, io.Reader, func(newsio.Input) error) error, paths []string, stdin io.Reader, check func(*newsio.Input)) *feed {
	f := &feed{inputs: make(chan newsio.Input, 64), stop: make(chan struct{})}
	go func() {
		defer close(f.inputs)
		f.err = read(paths, stdin, func(in newsio.Input) error {
			select {
			case <-f.stop:
				return errStopped
			default:
			}
			check(&in)
			select {
			case f.inputs <- in:
				return nil
			case <-f.stop:
				return errStopped
			}
		})
	}()
	return f
}

// articles yields the articles read, in input order, noting what the
// flagger keeps of each.
func (f *feed) articles(yield func(provenance.Article) bool) {
	for {
		select {
		case in, ok := <-f.inputs:
			if !ok {
				return
			}
			f.mu.Lock()
			f.queue = append(f.queue, inputInfo{id: in.ID, where: in.Where, size: in.Size, about: in.About()})
			f.mu.Unlock()
			if !yield(in.Article) {
				return
			}
		case <-f.stop:
			return
		}
	}
}

// halt stops the reader (at its next input) and ends articles, which
// the tracker's pipeline waits for once the flagger stops taking its
// verdicts.
func (f *feed) halt() { f.halted.Do(func() { close(f.stop) }) }

// next returns what is kept of the oldest input whose article is in the
// tracker's pipeline, and takes it out.
func (f *feed) next() inputInfo {
	f.mu.Lock()
	defer f.mu.Unlock()
	info := f.queue[0]
	f.queue[0] = inputInfo{}
	f.queue = f.queue[1:]
	return info
}

// addFed adds the articles of f to tracker, in input order, and calls
// added with each one's input and its verdict (and with changes, the
// earlier verdicts it changed). It stops at the first error: an article
// that cannot be added (fail makes its error), an error from added, or
// else the reader's.
func addFed(tracker *provenance.Tracker, f *feed, changes bool, added func(inputInfo, provenance.Added) error, fail func(inputInfo, error) error) error {
	defer f.halt()
	results := tracker.AddAllWithChanges(f.articles)
	if !changes {
		results = func(yield func(provenance.Added, error) bool) {
			for v, err := range tracker.AddAll(f.articles) {
				if !yield(provenance.Added{Verdict: v}, err) {
					return
				}
			}
		}
	}
	for a, err := range results {
		info := f.next()
		if err != nil {
			f.halt()
			var be *provenance.BatchError
			if errors.As(err, &be) {
				err = be.Err
			}
			return fail(info, err)
		}
		if err := added(info, a); err != nil {
			f.halt()
			return err
		}
	}
	for range f.inputs { // not reached: the articles end when the input does
	}
	return f.err
}

// failAt is the error of an article that cannot be added: its place in
// the input, and why.
func failAt(info inputInfo, err error) error { return fmt.Errorf("%s: %w", info.where, err) }

// lockedWriter serialises the writes of the reader's goroutine and the
// flagger's to standard error, and drops them once the run has returned.
type lockedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return len(p), nil
	}
	return l.w.Write(p)
}

func (l *lockedWriter) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
}

// lockedDates is a DateGuard for the reader's goroutine and the
// flagger's.
type lockedDates struct {
	mu sync.Mutex
	g  *newsio.DateGuard
}

func (d *lockedDates) Check(in *newsio.Input) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.g.Check(in)
}

func (d *lockedDates) Done() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.g.Done()
}

// presizeSample is how much of a JSON Lines file estimateArticles reads
// to count its lines per byte.
const presizeSample = 1 << 20

// estimateArticles estimates the number of articles in paths, to size
// the index for them at once (provenance.Config.Index.Capacity): the
// *.txt files of a directory, and the lines of a JSON Lines file (a
// .jsonl, .ndjson or .json file that does not start with "[") from the
// lines in its first MiB. It returns 0 when it cannot tell: standard
// input, CSV files (a row can hold several lines), JSON arrays, and
// files it cannot read, which the reader then reports.
func estimateArticles(paths []string) int {
	total := 0
	for _, path := range paths {
		if path == "-" {
			return 0
		}
		info, err := os.Stat(path)
		if err != nil {
			return 0
		}
		if info.IsDir() {
			entries, err := os.ReadDir(path)
			if err != nil {
				return 0
			}
			for _, e := range entries {
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".txt") {
					total++
				}
			}
			continue
		}
		ext := strings.ToLower(filepath.Ext(path))
		if !info.Mode().IsRegular() || (ext != ".jsonl" && ext != ".ndjson" && ext != ".json") {
			return 0
		}
		n, ok := estimateLines(path, info.Size())
		if !ok {
			return 0
		}
		total += n
	}
	return total
}

// estimateLines estimates the lines of a JSON Lines file of size bytes
// from its first presizeSample bytes; false for a JSON array.
func estimateLines(path string, size int64) (int, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	buf := make([]byte, min(size, presizeSample))
	n, err := io.ReadFull(f, buf)
	if err != nil || n == 0 {
		return 0, false
	}
	if trimmed := bytes.TrimLeft(buf, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '[' {
		return 0, false
	}
	lines := bytes.Count(buf, []byte{'\n'})
	if buf[n-1] != '\n' && int64(n) == size {
		lines++ // the last line has no newline
	}
	return int(float64(lines) * float64(size) / float64(n)), true
}
