package newsio

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/reprintlab/reprint/provenance"
)

// WriteOutlets writes the outlet table of the tracker's articles (see
// provenance.Graph.Outlets) for people: one line per outlet, then one
// per pair of outlets between which there are copies, most copies first.
// Outlet names and counts are written as the table gives them, control
// characters escaped. It returns the first error from w.
func (r Report) WriteOutlets(w io.Writer) error {
	t := r.Tracker.Outlets()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d outlets; %d pairs of outlets with copies", len(t.Outlets), len(t.Pairs))
	if t.Unattributed > 0 {
		fmt.Fprintf(bw, "; %s of unknown outlet", plural(t.Unattributed, "copy"))
	}
	fmt.Fprintln(bw)
	if len(t.Outlets) > 0 {
		fmt.Fprintf(bw, "\n%-28s %8s %7s %8s %10s %8s %9s %12s\n", "outlet", "articles", "copies", "credited", "uncredited", "resends", "copied by", "median delay")
		for _, o := range t.Outlets {
			fmt.Fprintf(bw, "%-28s %8d %7d %8d %10d %8d %9d %12s\n", clip(Printable(o.Name), 28),
				o.Articles, o.Copies, o.Credited, o.Uncredited, o.Resends, o.CopiedBy, delay(o.AfterSource))
		}
	}
	if len(t.Pairs) > 0 {
		fmt.Fprintf(bw, "\n%-28s %-28s %7s %8s %10s %12s %12s\n", "copier", "source", "copies", "credited", "uncredited", "median delay", "p90 delay")
		for _, p := range t.Pairs {
			fmt.Fprintf(bw, "%-28s %-28s %7d %8d %10d %12s %12s\n", clip(Printable(p.Copier), 28), clip(Printable(p.Source), 28),
				p.Copies, p.Credited, p.Uncredited, delay(p.AfterSource), p90(p.AfterSource))
		}
	}
	return bw.Flush()
}

// WriteOutletsJSON writes the outlet table as one JSON object:
// {"outlets": [...], "pairs": [...], "unattributed": n}, delays in
// seconds (median_after_source_s and the like; absent when no copy was
// timed). It returns the first error from w.
func (r Report) WriteOutletsJSON(w io.Writer) error {
	t := r.Tracker.Outlets()
	type delays struct {
		Timed   int      `json:"timed"`
		MedianS *float64 `json:"median_s,omitempty"`
		P90S    *float64 `json:"p90_s,omitempty"`
	}
	conv := func(d provenance.Delays) delays {
		out := delays{Timed: d.N}
		if d.N > 0 {
			m, p := d.Median.Seconds(), d.P90.Seconds()
			out.MedianS, out.P90S = &m, &p
		}
		return out
	}
	type outlet struct {
		Name             string `json:"name"`
		Key              string `json:"key"`
		Articles         int    `json:"articles"`
		Copies           int    `json:"copies"`
		Credited         int    `json:"credited"`
		Uncredited       int    `json:"uncredited"`
		Resends          int    `json:"resends"`
		CopiedBy         int    `json:"copied_by"`
		CopiedUncredited int    `json:"copied_uncredited"`
		AfterSource      delays `json:"after_source"`
		AfterOrigin      delays `json:"after_origin"`
	}
	type pair struct {
		Copier      string `json:"copier"`
		Source      string `json:"source"`
		Copies      int    `json:"copies"`
		Credited    int    `json:"credited"`
		Uncredited  int    `json:"uncredited"`
		AfterSource delays `json:"after_source"`
		AfterOrigin delays `json:"after_origin"`
	}
	out := struct {
		Outlets      []outlet `json:"outlets"`
		Pairs        []pair   `json:"pairs"`
		Unattributed int      `json:"unattributed"`
	}{Outlets: []outlet{}, Pairs: []pair{}, Unattributed: t.Unattributed}
	for _, o := range t.Outlets {
		out.Outlets = append(out.Outlets, outlet{o.Name, o.Key, o.Articles, o.Copies, o.Credited, o.Uncredited,
			o.Resends, o.CopiedBy, o.CopiedUncredited, conv(o.AfterSource), conv(o.AfterOrigin)})
	}
	for _, p := range t.Pairs {
		out.Pairs = append(out.Pairs, pair{p.Copier, p.Source, p.Copies, p.Credited, p.Uncredited, conv(p.AfterSource), conv(p.AfterOrigin)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// delay formats the median of d, "-" when no copy was timed.
func delay(d provenance.Delays) string {
	if d.N == 0 {
		return "-"
	}
	return d.Median.Round(time.Second).String()
}

// p90 formats the 90th percentile of d, "-" when no copy was timed.
func p90(d provenance.Delays) string {
	if d.N == 0 {
		return "-"
	}
	return d.P90.Round(time.Second).String()
}

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
