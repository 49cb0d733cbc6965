package newsio

import (
	"bufio"
	"strings"

	"github.com/reprintlab/reprint/provenance"
)

// The pieces of the reports that other pages (the review server,
// internal/review) show as they are. StorySVG and MarkedText return HTML
// in which every piece of data (IDs, outlets, text) is escaped; EdgeText
// returns plain text. All are safe for concurrent use.

// StorySVG returns the picture of story s that [WriteHTML] draws: inline
// SVG of its provenance graph, with verdicts the verdicts of its articles
// in attribution order and claims its claimed origins. k numbers the
// picture's arrow marker: give each picture on a page its own.
func StorySVG(s provenance.Story, verdicts []provenance.Verdict, claims []provenance.Claim, k int) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	writeStorySVG(bw, s, verdicts, claims, k)
	bw.Flush() // a strings.Builder never fails
	return b.String()
}

// MarkedText returns text HTML-escaped, with the byte ranges marks in
// <mark> elements and the byte ranges grey in <span class="bp"> (as
// [WriteHTML] shows passages taken and learned boilerplate). Ranges out
// of the text are clamped; ranges inside a rune widen to whole runes.
func MarkedText(text string, marks, grey [][2]int) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	writeMarkedGrey(bw, text, marks, grey)
	bw.Flush()
	return b.String()
}

// EdgeText describes a copy → source link in words, as the text report
// does: its kind first, then its figures ("rewrite (reworded
// throughout), score 0.72: 31.0% of the copy and 32.0% of the source
// word for word").
func EdgeText(e provenance.Edge) string { return edgeText(e) }
