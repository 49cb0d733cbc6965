package newsio

import (
	"fmt"
	"io"
	"time"
)

// EarliestPublished is the earliest "published" date a flagger believes:
// earlier dates (the year 1 of a zero time, a year typed 0201 for 2021)
// are read as unknown. Newspapers from 1800 on are digitised and
// reprint-checked, so the bound is not later.
var EarliestPublished = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)

// PublishedAhead is how far after the wall clock a "published" date may
// be, for time zones and embargoes; later dates are read as unknown.
const PublishedAhead = 24 * time.Hour

// DateWarnings is the number of implausible dates a [DateGuard] warns
// about one by one; it counts the rest and reports them in one line.
const DateWarnings = 10

// DateGuard reads an implausible "published" date as unknown, with a
// warning naming the file and line: before EarliestPublished, or more
// than PublishedAhead after the wall clock. Such dates come from broken
// feeds; believed, a date in the year 1 makes an article the origin of
// every story it shares, and one in 9999 never lets it be a source. An
// article whose date was dropped is ordered as one without a date (see
// provenance.Graph), and its verdict is reported as usual. A DateGuard
// is not safe for concurrent use; its zero value is not usable: make
// one with [NewDateGuard].
type DateGuard struct {
	w       io.Writer
	now     time.Time
	prefix  string
	ignored int
}

// NewDateGuard returns a guard that warns on w, each line starting with
// prefix ("flag: "), and takes now as the wall clock.
func NewDateGuard(w io.Writer, prefix string, now time.Time) *DateGuard {
	return &DateGuard{w: w, now: now, prefix: prefix}
}

// Check clears in.Published if it is implausible, and warns (the first
// DateWarnings times).
func (g *DateGuard) Check(in *Input) {
	p := in.Published
	var why string
	switch {
	case p.IsZero():
		return
	case p.Before(EarliestPublished):
		why = "before " + EarliestPublished.Format("2006")
	case p.After(g.now.Add(PublishedAhead)):
		why = "more than a day after now"
	default:
		return
	}
	g.ignored++
	if g.ignored <= DateWarnings {
		fmt.Fprintf(g.w, "%swarning: %s: published %s is %s; read as unknown\n", g.prefix, in.Where, p.Format(time.RFC3339), why)
	}
	in.Published = time.Time{}
}

// Done reports the implausible dates not warned about one by one, if
// any.
func (g *DateGuard) Done() {
	if more := g.ignored - DateWarnings; more > 0 {
		fmt.Fprintf(g.w, "%swarning: %d more articles had an implausible published date, read as unknown (%d in all)\n", g.prefix, more, g.ignored)
	}
}

// Ignored returns the number of dates read as unknown so far.
func (g *DateGuard) Ignored() int { return g.ignored }
