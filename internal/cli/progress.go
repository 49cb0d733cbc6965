package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Progress reports a long run on a terminal: articles done, their rate
// and, when the input's size is known, the time left. It writes at most
// twice a second, on one line that it rewrites, and clears it at the end.
// A Progress whose writer is not a terminal writes nothing, so scripts
// and logs stay clean. It is not safe for concurrent use.
type Progress struct {
	w        io.Writer
	total    int64 // input bytes, 0 if unknown
	start    time.Time
	last     time.Time
	articles int
	done     int64
	shown    bool
	now      func() time.Time
}

// NewProgress returns a Progress writing to w if w is a terminal, for an
// input of total bytes (0 if unknown).
func NewProgress(w io.Writer, total int64) *Progress {
	p := &Progress{w: w, total: total, now: time.Now}
	if !IsTerminal(w) {
		p.w = nil
	}
	p.start = p.now()
	return p
}

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// InputSize returns the total size of the files among paths ("-" and
// directories count as unknown, 0).
func InputSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		if p == "-" {
			return 0
		}
		info, err := os.Stat(p)
		if err != nil || info.IsDir() {
			return 0
		}
		total += info.Size()
	}
	return total
}

// Add records one more article that took n bytes of the input (see
// newsio.Input.Size) and redraws the line if half a second has passed.
func (p *Progress) Add(n int64) {
	p.articles++
	p.done += n
	if p.w == nil {
		return
	}
	if now := p.now(); now.Sub(p.last) >= 500*time.Millisecond {
		p.last = now
		p.draw(now)
	}
}

func (p *Progress) draw(now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	line := fmt.Sprintf("%d articles", p.articles)
	if p.articles == 1 {
		line = "1 article"
	}
	if elapsed > 0 {
		line += fmt.Sprintf(", %.0f/s", float64(p.articles)/elapsed)
	}
	switch {
	case p.total > 0 && p.done >= p.total:
		line += ", 100%"
	case p.total > 0 && p.done > 0:
		left := time.Duration(elapsed * float64(p.total-p.done) / float64(p.done) * float64(time.Second))
		line += fmt.Sprintf(", %.0f%%, about %s left", 100*float64(p.done)/float64(p.total), left.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.shown = true
}

// Done clears the progress line.
func (p *Progress) Done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
