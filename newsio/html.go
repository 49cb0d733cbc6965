package newsio

import (
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/reprintlab/reprint/provenance"
)

// htmlStyle is the page's only style sheet. It holds no "<" so that it
// cannot close the style element.
const htmlStyle = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px; color: #1d2327; background: #fafafa; max-width: 1600px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 32px 0 4px; padding-top: 12px; border-top: 2px solid #c9d1d9; }
h3 { font-size: 15px; margin: 20px 0 6px; }
code, .id { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.summary { font-size: 15px; margin: 0 0 4px; }
.rule, .note, .meta { color: #57606a; margin: 0 0 4px; }
.headline { font-weight: 600; }
.graph { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; overflow-x: auto; }
table.figures, table.index { border-collapse: collapse; margin: 6px 0 10px; }
table.figures th, table.figures td, table.index th, table.index td { border: 1px solid #d0d7de; padding: 3px 10px; text-align: left; vertical-align: top; }
table.figures th, table.index th { background: #f0f3f6; font-weight: 600; }
table.index td.n { text-align: right; }
.flag { color: #b42318; font-weight: 600; }
.ok { color: #1a7f37; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair > div { min-width: 0; }
.pair h4 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.pair pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 10px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; font: 12.5px/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; max-height: 640px; overflow-y: auto; }
mark { background: #ffe58f; color: inherit; }
.bp { color: #8c959f; }
.kind { font-size: 12px; font-weight: 600; padding: 1px 7px; border-radius: 9px; color: #fff; vertical-align: 1px; }
.kind-verbatim { background: #1f6feb; }
.kind-update { background: #8250df; }
.kind-rewrite { background: #bf8700; }
.kind-partial { background: #57606a; }
ul.alone { columns: 2; }
ul.claims { margin: 4px 0 8px; padding-left: 20px; }
details.legend { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px; margin: 10px 0; }
details.legend ul { margin: 6px 0; padding-left: 20px; }
details summary { cursor: pointer; font-weight: 600; }
`

// WriteHTML writes Report{Tracker: t, Scope: scope}: see [Report.WriteHTML].
func WriteHTML(w io.Writer, t *provenance.Tracker, scope Scope) error {
	return Report{Tracker: t, Scope: scope}.WriteHTML(w)
}

// WriteHTML writes the report for people as one self-contained HTML
// page: a summary, a legend, and an index of the stories with copies,
// largest first; then each story, in the same order, with its claimed
// origins (the outlets its articles credit, see
// [provenance.Graph.Claims]), a picture of its provenance graph (inline
// SVG, claimed origins included; no label drawn over another or over a
// box) and, for each copy → source edge, the figures and the two texts
// side by side with the passages taken highlighted; last, the number of
// articles that stand alone, with their list folded away. Articles are
// shown with their outlet, time and headline when the input gives them.
// The page loads nothing from the network and runs no script. When the
// tracker does not keep texts, the figures are shown without the texts.
func (r Report) WriteHTML(w io.Writer) error {
	v := r.view(r.Tracker.IDs())
	t := r.Tracker
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	cfg := t.IndexConfig()
	stories, alone, articles := splitStories(t, r.Scope)
	// Largest first; ties in the tracker's order.
	slices.SortStableFunc(stories, func(a, b provenance.Story) int { return len(b.Articles) - len(a.Articles) })
	fmt.Fprint(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>reprint: who copied whom</title>\n<style>")
	fmt.Fprint(bw, htmlStyle)
	fmt.Fprint(bw, "</style>\n</head>\n<body>\n<h1>Who copied whom</h1>\n")
	fmt.Fprintf(bw, "<p class=\"summary\">%s: %s with copies, %s standing alone.</p>\n",
		plural(articles, "article"), plural(len(stories), "story"), plural(len(alone), "article"))
	fmt.Fprintf(bw, "<p class=\"rule\">Two articles are linked when at least %s of one is found in the other%s.</p>\n", pct(cfg.MinContainment), esc(rewriteRule(t)))
	fmt.Fprint(bw, htmlLegend)
	fmt.Fprintf(bw, "<p class=\"note\">Matching settings: %d-word shingles, %d-slot MinHash signatures, %s LSH bands.</p>\n</details>\n",
		cfg.Settings.Shingle.WordSize, cfg.Settings.NumHashes, esc(fmt.Sprint(cfg.Banding)))
	if len(stories) > 0 {
		fmt.Fprint(bw, "<h2 id=\"stories\">Stories, largest first</h2>\n<table class=\"index\">\n<tr><th>story</th><th>articles</th><th>origin</th><th>outlet</th><th>published</th><th>headline</th></tr>\n")
		for k, s := range stories {
			a, _ := v.about(s.Origin)
			fmt.Fprintf(bw, "<tr><td><a href=\"#story-%d\">%d</a></td><td class=\"n\">%d</td><td class=\"id\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				k+1, k+1, len(s.Articles), esc(s.Origin), esc(v.names.of(a)), esc(when(a.Published)), esc(a.Title))
		}
		fmt.Fprint(bw, "</table>\n")
	}
	writeHTMLOutlets(bw, t.Outlets())
	for k, s := range stories {
		if err := v.writeHTMLStory(bw, s, k); err != nil {
			return err
		}
	}
	if len(alone) > 0 {
		fmt.Fprintf(bw, "<h2 id=\"alone\">Standing alone</h2>\n<p class=\"summary\">%s copy nothing in the input, and nothing in the input copies them.</p>\n",
			plural(len(alone), "article"))
		fmt.Fprintf(bw, "<details><summary>List the %s</summary>\n<ul class=\"alone\">\n", plural(len(alone), "article"))
		// Plain text in each item: there may be tens of thousands.
		for _, s := range alone {
			vd, _ := t.Verdict(s.ID)
			var notes []string
			if !vd.Fingerprinted {
				notes = append(notes, "too short to compare")
			}
			if c := v.aloneClaims(t.Claims(s.ID), esc); c != "" {
				notes = append(notes, c)
			}
			note := ""
			if len(notes) > 0 {
				note = " (" + strings.Join(notes, "; ") + ")"
			}
			about := ""
			if a, ok := v.about(s.ID); ok {
				parts := slices.DeleteFunc([]string{v.names.of(a), when(a.Published), a.Title}, func(s string) bool { return s == "" })
				if len(parts) > 0 {
					about = " " + esc(strings.Join(parts, " · "))
				}
			}
			fmt.Fprintf(bw, "<li><code>%s</code>%s%s</li>\n", esc(s.ID), about, note)
		}
		fmt.Fprint(bw, "</ul>\n</details>\n")
	}
	fmt.Fprint(bw, "</body>\n</html>\n")
	return bw.Flush()
}

// htmlLegend explains the page to a reader who is not an engineer. It is
// left open by the caller, who adds the settings and closes it.
const htmlLegend = `<details class="legend" open><summary>How to read this report</summary>
<ul>
<li>A <strong>story</strong> is a group of articles that share most of their text. Its <strong>origin</strong> (green box, thick border) is the earliest article the others come from: by publication time when the input gives it, else by the order read.</li>
<li>An <strong>arrow</strong> runs from a copy to the article it took its text from. Its label is how much of the copy is found in that article: “85%” means 85% of the copy’s text is also in the source.</li>
<li>Each link says what <strong>kind</strong> of reuse it is, by a coloured badge and the arrow’s stroke: <strong>verbatim</strong> (solid: most of the copy is the source’s text), <strong>update</strong> (thick: the copy holds all of an earlier article, a flash or an earlier version, and adds to it), <strong>rewrite</strong> (dashed: derived throughout but reworded; its names and figures are the source’s) and <strong>partial</strong> (dotted: passages taken, most of the copy its own; also each of several articles a copy was pieced together from). A rewrite’s or partial copy’s label gives its kind and a score from 0 to 1: the share of the copy’s words, the rarer weighing more, found in passages of the source. A <strong>grey box</strong> is a source that belongs to another story.</li>
<li>A <strong>dashed rounded box</strong> is an outlet that an article credits in its text (“(Reuters) -”, “first published by VPost”), joined to each article that credits it by a faint dash-dot arrow. It says whether that outlet has an article in this story (joined by a dotted line), only in other stories, or none in the input.</li>
<li>A label that would cover another is left out of the picture; every figure is in the tables below it.</li>
<li>Figures: <strong>copy found in source</strong> is the share of the copy’s text that is in the source; <strong>source reused</strong> the share of the source’s text that the copy reuses; <strong>similarity</strong> the text both share, as a share of all the text of either (0 to 1). The first three are estimates. The <strong>highlighted</strong> passages were taken from the source; “copy highlighted” and “source highlighted” are the exact shares of each text they cover. Text in grey is an outlet’s boilerplate (repeated in many of its articles), left out of the comparison.</li>
<li>“Uncredited copy from another outlet”: the copy comes from an outlet other than its source’s, and its text credits nobody.</li>
</ul>
`

// htmlAbout is what the page shows after an article's ID: its outlet,
// time and headline, escaped; block puts them on a line of their own.
func (v *view) htmlAbout(id string, block bool) string {
	a, ok := v.about(id)
	if !ok {
		return ""
	}
	esc := html.EscapeString
	var parts []string
	for _, p := range []string{v.names.of(a), when(a.Published)} {
		if p != "" {
			parts = append(parts, esc(p))
		}
	}
	out := ""
	if len(parts) > 0 {
		out = " <span class=\"meta\">" + strings.Join(parts, " · ") + "</span>"
	}
	if a.Title != "" {
		out += " <span class=\"headline\">" + esc(a.Title) + "</span>"
	}
	if block {
		if a.URL != "" {
			out += " <span class=\"meta\">" + esc(a.URL) + "</span>"
		}
		return "<br>" + out
	}
	return out
}

func (v *view) writeHTMLStory(bw *bufio.Writer, s provenance.Story, k int) error {
	esc := html.EscapeString
	t := v.Tracker
	fmt.Fprintf(bw, "<h2 id=\"story-%d\">Story %d: %d articles</h2>\n", k+1, k+1, len(s.Articles))
	fmt.Fprintf(bw, "<p class=\"summary\">Origin <span class=\"id\">%s</span>%s</p>\n", esc(s.Origin), v.htmlAbout(s.Origin, false))
	verdicts := make([]provenance.Verdict, 0, len(s.Articles))
	for _, id := range s.Articles {
		vd, _ := t.Verdict(id)
		verdicts = append(verdicts, vd)
	}
	claims := t.Claims(s.ID)
	if len(claims) > 0 {
		fmt.Fprint(bw, "<ul class=\"claims\">\n")
		for _, c := range claims {
			by := make([]string, len(c.By))
			for i, id := range c.By {
				by[i] = "<span class=\"id\">" + esc(id) + "</span>"
			}
			status := claimStatus(c, func(id string) string { return "<span class=\"id\">" + esc(id) + "</span>" })
			fmt.Fprintf(bw, "<li>%s %s <b>%s</b> (%s)</li>\n", joinAnd(by), verb(len(by), "credits", "credit"), esc(v.names.name(c.Outlet)), status)
		}
		fmt.Fprint(bw, "</ul>\n")
	}
	fmt.Fprint(bw, "<div class=\"graph\">\n")
	v.writeStorySVG(bw, s, verdicts, claims, k)
	fmt.Fprint(bw, "</div>\n")
	for _, vd := range verdicts {
		for i, e := range vd.Sources {
			if err := v.writeHTMLEdge(bw, vd, i, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// SVG layout: one column per depth from the origin (the origin at the
// left), articles stacked in attribution order within their column. A
// claimed origin confirmed by an article of the story sits right below
// that article when it is left of the articles that credit the claim;
// another one at the bottom of the column left of the first article that
// credits it, and when that is left of the origin, every article moves
// one column right.
const (
	svgNodeW   = 230
	svgNodeH   = 30
	svgNodeH2  = 40 // an article with two lines: outlet, then ID and time
	svgClaimH  = 50 // a claimed origin: three lines
	svgColGap  = 110
	svgRowGap  = 18
	svgMargin  = 14
	svgMaxChar = 30
)

type svgNode struct {
	id       string
	col      int
	x, y, h  int // top left corner and height
	origin   bool
	external bool              // a source outside the story (a stitched copy's other source)
	claim    *provenance.Claim // a claimed origin, not an article
}

// cut cuts s to at most n runes, marking a cut with "…".
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// svgRect is a box in the picture: left, top, right, bottom.
type svgRect struct{ x0, y0, x1, y1 int }

// contains reports whether o lies inside r.
func (r svgRect) contains(o svgRect) bool {
	return r.x0 <= o.x0 && o.x1 <= r.x1 && r.y0 <= o.y0 && o.y1 <= r.y1
}

func (r svgRect) overlaps(o svgRect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

// svgLabel is an edge's label: text centred at x on the baseline y.
type svgLabel struct {
	x, y int
	text string
}

// rect returns the box the label's text takes, with a small margin:
// 11-pixel monospace glyphs are about 6.6 pixels wide.
func (l svgLabel) rect() svgRect {
	w := (utf8.RuneCountInString(l.text)*33/5 + 6) / 2
	return svgRect{l.x - w, l.y - 12, l.x + w, l.y + 5}
}

// svgCurve is a cubic Bézier curve: start, two control points, end.
type svgCurve [4][2]int

// at returns the point of the curve at parameter t in [0, 1].
func (c svgCurve) at(t float64) (x, y int) {
	u := 1 - t
	w := [4]float64{u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t}
	var fx, fy float64
	for i, p := range c {
		fx += w[i] * float64(p[0])
		fy += w[i] * float64(p[1])
	}
	return int(math.Round(fx)), int(math.Round(fy))
}

func writeStorySVG(bw *bufio.Writer, s provenance.Story, verdicts []provenance.Verdict, claims []provenance.Claim, k int) {
	(&view{}).writeStorySVG(bw, s, verdicts, claims, k)
}

// writeStorySVG draws story s: see the layout above. Articles the input
// says something of show their outlet (or ID) on a first line, and their
// ID and time on a second.
func (v *view) writeStorySVG(bw *bufio.Writer, s provenance.Story, verdicts []provenance.Verdict, claims []provenance.Claim, k int) {
	esc := html.EscapeString
	nodes := map[string]*svgNode{}
	var order []*svgNode
	nodeH := svgNodeH
	for _, vd := range verdicts {
		if _, ok := v.about(vd.ID); ok {
			nodeH = svgNodeH2
		}
	}
	place := func(id string, col int, origin, external bool) {
		n := &svgNode{id: id, col: col, h: nodeH, origin: origin, external: external}
		nodes[id] = n
		order = append(order, n)
	}
	for _, vd := range verdicts {
		if _, ok := nodes[vd.ID]; ok {
			continue
		}
		col := 0
		if vd.ID != s.Origin && len(vd.Sources) > 0 {
			col = 1
			if src, ok := nodes[vd.Sources[0].Source]; ok {
				col = src.col + 1
			}
		}
		place(vd.ID, col, vd.ID == s.Origin, false)
	}
	for _, vd := range verdicts {
		for _, e := range vd.Sources {
			if _, ok := nodes[e.Source]; !ok {
				place(e.Source, 0, false, true)
			}
		}
	}
	// A confirmed claim sits right below the first of its outlet's
	// articles, when that is left of every article crediting it; another
	// one at the bottom of the column left of the first article that
	// credits it.
	claimNodes := make([]*svgNode, len(claims))
	anchors := make([]*svgNode, len(claims))
	shift := 0
	for i, c := range claims {
		n := &svgNode{col: -1, h: svgClaimH, claim: &claims[i]}
		for _, by := range c.By {
			if b, ok := nodes[by]; ok && (n.col < 0 || b.col-1 < n.col) {
				n.col = b.col - 1
			}
		}
		if len(c.Matched) > 0 {
			if a := nodes[c.Matched[0]]; a != nil && a.col <= n.col {
				anchors[i], n.col = a, a.col
			}
		}
		claimNodes[i] = n
		if n.col < 0 {
			shift = 1
		}
	}
	for _, n := range order {
		n.col += shift
	}
	columns := map[int][]*svgNode{}
	for _, n := range order {
		columns[n.col] = append(columns[n.col], n)
	}
	for i, n := range claimNodes {
		n.col += shift
		col := columns[n.col]
		at := len(col)
		if a := anchors[i]; a != nil {
			at = slices.Index(col, a) + 1
			for at < len(col) && col[at].claim != nil {
				at++ // after the claims placed below it already
			}
		}
		columns[n.col] = slices.Insert(col, at, n)
		order = append(order, n)
	}
	// Stack each column's nodes. When the story has claimed origins, a
	// column's first article is moved down to centre it on the first
	// row's taller claims.
	width, height := 0, 0
	for col, ns := range columns {
		y := svgMargin
		for i, n := range ns {
			n.x, n.y = svgMargin+col*(svgNodeW+svgColGap), y
			if i == 0 && len(claims) > 0 {
				n.y += (svgClaimH - n.h) / 2
			}
			y = n.y + n.h + svgRowGap
			width = max(width, n.x+svgNodeW+svgMargin)
			height = max(height, n.y+n.h+svgMargin)
		}
	}
	// A graph wider than the page shrinks to fit it, down to 70% of its
	// size (the text stays legible); beyond that the page scrolls it.
	fmt.Fprintf(bw, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" style=\"max-width: 100%%; min-width: %dpx; height: auto\" role=\"img\" aria-label=\"provenance graph of story %s\" font-family=\"ui-monospace, DejaVu Sans Mono, Menlo, monospace\" font-size=\"11\">\n",
		width, height, width, height, width*7/10, esc(s.ID))
	fmt.Fprintf(bw, "<defs><marker id=\"arrow%d\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"></path></marker></defs>\n", k)
	// Labels are placed along their edges where they overlap no box and
	// no label placed before them.
	var taken []svgRect
	for _, n := range order {
		taken = append(taken, svgRect{n.x, n.y, n.x + svgNodeW, n.y + n.h})
	}
	type pending struct {
		c    svgCurve
		text string
		ts   []float64
	}
	var pendings []pending
	// edge draws an arrow from the left of node from (at height dy from
	// its middle) to the right of node to; its label goes at the first
	// free point of the curve among ts (shares of its length).
	edge := func(from, to *svgNode, dy int, dash, label, title string, ts []float64) {
		var c svgCurve
		if x1, x2 := from.x, to.x+svgNodeW; x2 < x1 {
			y1, y2 := from.y+from.h/2+dy, to.y+to.h/2
			c = svgCurve{{x1, y1}, {x1 - svgColGap/2, y1}, {x2 + svgColGap/2, y2}, {x2, y2}}
		} else { // a source in the same column or further right: loop over the top
			top := min(from.y, to.y) - svgRowGap/2
			c = svgCurve{{from.x + svgNodeW/4, from.y}, {from.x + svgNodeW/4, top}, {to.x + 3*svgNodeW/4, top}, {to.x + 3*svgNodeW/4, to.y}}
		}
		fmt.Fprintf(bw, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\"%s marker-end=\"url(#arrow%d)\"><title>%s</title></path>\n",
			c[0][0], c[0][1], c[1][0], c[1][1], c[2][0], c[2][1], c[3][0], c[3][1], dash, k, title)
		// A label next to an arrowhead would seem to belong to its arrow.
		taken = append(taken, svgRect{c[3][0] - 4, c[3][1] - 12, c[3][0] + 30, c[3][1] + 12})
		pendings = append(pendings, pending{c, label, ts})
	}
	sourceTs := []float64{0.5, 0.35, 0.65, 0.2, 0.8, 0.27, 0.43, 0.57, 0.73, 0.12, 0.88}
	// claimsBy counts the claimed origins each article credits: their
	// arrows leave its box below its sources'.
	claimsBy := map[string]int{}
	for _, c := range claims {
		for _, by := range c.By {
			claimsBy[by]++
		}
	}
	// Edges first, so that boxes sit on top of them, and labels last.
	for _, vd := range verdicts {
		from := nodes[vd.ID]
		out := len(vd.Sources) + claimsBy[vd.ID]
		for i, e := range vd.Sources {
			dash := svgEdgeStyle[e.Kind]
			label := edgeLabel(e)
			// Several arrows leave the copy's box at different heights.
			title := fmt.Sprintf("%s → %s: %s of the copy found in the source", esc(vd.ID), esc(e.Source), pct(e.Containment))
			edge(from, nodes[e.Source], (2*i-out+1)*4, dash, label, title, sourceTs)
		}
	}
	sources := map[string]int{} // each article's number of sources
	for _, vd := range verdicts {
		sources[vd.ID] = len(vd.Sources)
	}
	leaving := map[string]int{} // arrows drawn so far from each article
	for _, c := range claimNodes {
		for _, by := range c.claim.By {
			i, out := sources[by]+leaving[by], sources[by]+claimsBy[by]
			leaving[by]++
			// No label: the faint dash-dot arrow to a claimed origin is
			// one (a rewrite's arrow is dashed, a partial copy's dotted).
			edge(nodes[by], c, (2*i-out+1)*4, " stroke-dasharray=\"9,3,2,3\" stroke-opacity=\"0.55\"", "", esc(by)+" credits "+esc(v.names.name(c.claim.Outlet)), nil)
		}
		// A dotted line joins a confirmed claim to the articles of its
		// outlet: straight up to the one it sits below, in a curve
		// through the gap left of the column to others.
		for _, m := range c.claim.Matched {
			a := nodes[m]
			d := fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", c.x, c.y+c.h/2, c.x-svgColGap/3, c.y+c.h/2, a.x-svgColGap/3, a.y+a.h/2, a.x, a.y+a.h/2)
			if a.col == c.col && a.y+a.h+svgRowGap == c.y {
				d = fmt.Sprintf("M%d,%d L%d,%d", c.x+svgNodeW/2, c.y, a.x+svgNodeW/2, a.y+a.h)
			}
			fmt.Fprintf(bw, "<path d=\"%s\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\" stroke-dasharray=\"1.5,3\"><title>%s is from %s</title></path>\n",
				d, esc(m), esc(v.names.name(c.claim.Outlet)))
		}
	}
	// A label goes at the first of its candidate places, along its edge
	// and just above or below it, where it overlaps no box, no label and
	// no arrowhead, and stays inside the picture. When there is none it
	// is left out: the arrow's tooltip and the figures below say it.
	bounds := svgRect{0, 0, width, height}
	for _, p := range pendings {
		if p.text == "" {
			continue
		}
		var l svgLabel
		placed := false
	search:
		for _, dy := range []int{-4, 13, -16} {
			for _, t := range p.ts {
				x, y := p.c.at(t)
				cand := svgLabel{x: x, y: y + dy, text: p.text}
				r := cand.rect()
				if !bounds.contains(r) {
					continue
				}
				free := true
				for _, o := range taken {
					if o.overlaps(r) {
						free = false
						break
					}
				}
				if free {
					l, placed = cand, true
					break search
				}
			}
		}
		if !placed {
			continue
		}
		taken = append(taken, l.rect())
		fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2327\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>\n", l.x, l.y, esc(l.text))
	}
	for _, n := range order {
		if n.claim != nil {
			c := n.claim
			outlet := v.names.name(c.Outlet)
			title := fmt.Sprintf("claimed origin: %s, credited by %s (%s)", outlet, joinAnd(c.By), claimStatus(*c, func(id string) string { return id }))
			fmt.Fprintf(bw, "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"%d\" fill=\"#fff\" stroke=\"#57606a\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"></rect>", esc(title), n.x, n.y, svgNodeW, n.h, n.h/2)
			for i, line := range [3]string{"claimed origin:", cut(outlet, svgMaxChar), "(" + shortStatus(*c) + ")"} {
				fill := "#57606a"
				if i == 1 {
					fill = "#1d2327"
				}
				fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"%s\">%s</text>", n.x+svgNodeW/2, n.y+n.h/2+(i-1)*13, fill, esc(line))
			}
			fmt.Fprint(bw, "</g>\n")
			continue
		}
		fill, stroke, sw := "#f6f8fa", "#57606a", "1"
		switch {
		case n.origin:
			fill, stroke, sw = "#dafbe1", "#1a7f37", "2.5"
		case n.external:
			fill, stroke = "#eef0f2", "#8c959f"
		}
		a, known := v.about(n.id)
		title := n.id
		if known {
			title = strings.Join(slices.DeleteFunc([]string{n.id, v.names.of(a), when(a.Published), a.Title}, func(s string) bool { return s == "" }), " · ")
		}
		fmt.Fprintf(bw, "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"></rect>", esc(title), n.x, n.y, svgNodeW, n.h, fill, stroke, sw)
		if n.h == svgNodeH {
			fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" dominant-baseline=\"central\">%s</text></g>\n", n.x+svgNodeW/2, n.y+n.h/2, esc(cut(n.id, svgMaxChar)))
			continue
		}
		// Two lines: the outlet (or the ID), then the ID and the time.
		first, second := v.names.of(a), n.id
		if first == "" {
			first, second = n.id, ""
		}
		if w := when(a.Published); w != "" {
			second = strings.TrimPrefix(second+" · "+w, " · ")
		}
		fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" dominant-baseline=\"central\" font-weight=\"600\">%s</text>", n.x+svgNodeW/2, n.y+n.h/2-7, esc(cut(first, svgMaxChar)))
		fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#57606a\">%s</text></g>\n", n.x+svgNodeW/2, n.y+n.h/2+8, esc(cut(second, svgMaxChar+4)))
	}
	fmt.Fprint(bw, "</svg>\n")
}

// svgEdgeStyle is the SVG stroke of each kind of link, as in the DOT
// graph (see edgeStyle).
var svgEdgeStyle = map[provenance.Kind]string{
	provenance.KindUpdate:  " stroke-width=\"3\"",
	provenance.KindRewrite: " stroke-dasharray=\"6,4\"",
	provenance.KindPartial: " stroke-dasharray=\"1.5,3\"",
}

func (vw *view) writeHTMLEdge(bw *bufio.Writer, v provenance.Verdict, i int, e provenance.Edge) error {
	esc := html.EscapeString
	t := vw.Tracker
	role := "source"
	if i > 0 {
		role = "also from"
	}
	if e.Partial {
		role += " (partial)"
	}
	fmt.Fprintf(bw, "<h3>copy <span class=\"id\">%s</span>%s → %s <span class=\"id\">%s</span>%s <span class=\"kind kind-%s\">%s</span></h3>\n",
		esc(v.ID), vw.htmlOutlet(v.ID), role, esc(e.Source), vw.htmlOutlet(e.Source), e.Kind, e.Kind)
	if e.Aligned {
		fmt.Fprintf(bw, "<p class=\"note\">%s</p>\n", esc(edgeText(e)))
	}
	p, err := t.Passages(v.ID, e.Source)
	noText := errors.Is(err, provenance.ErrNoText)
	if err != nil && !noText {
		return err
	}
	fmt.Fprint(bw, "<table class=\"figures\">\n<tr><th>copy found in source</th><th>source reused</th><th>similarity</th><th>copy highlighted</th><th>source highlighted</th><th>credits</th></tr>\n<tr>")
	fmt.Fprintf(bw, "<td>%s</td><td>%s</td><td>%.2f</td>", pct(e.Containment), pct(e.Reused), e.Jaccard)
	if noText {
		fmt.Fprint(bw, "<td>–</td><td>–</td>")
	} else {
		fmt.Fprintf(bw, "<td>%s</td><td>%s</td>", pct(p.CopyCoverage), pct(p.SourceCoverage))
	}
	switch {
	case len(v.Credited) > 0:
		fmt.Fprintf(bw, "<td class=\"ok\">credits %s</td>", strings.Join(vw.outletList(v.Credited, html.EscapeString), ", "))
	case v.Uncredited:
		fmt.Fprint(bw, "<td class=\"flag\">uncredited copy from another outlet</td>")
	default:
		fmt.Fprint(bw, "<td>credits nobody</td>")
	}
	fmt.Fprint(bw, "</tr>\n</table>\n")
	if noText {
		fmt.Fprint(bw, "<p class=\"note\">The texts are not shown: this report was made without keeping them (-passages=false).</p>\n")
		return nil
	}
	copyText, _ := t.Text(v.ID)
	srcText, _ := t.Text(e.Source)
	copyRanges := make([][2]int, 0, len(p.Passages))
	srcRanges := make([][2]int, 0, len(p.Passages))
	for _, ps := range p.Passages {
		copyRanges = append(copyRanges, ps.Copy)
		srcRanges = append(srcRanges, ps.Source)
	}
	fmt.Fprintf(bw, "<div class=\"pair\">\n<div><h4>copy <span class=\"id\">%s</span>%s</h4><pre>", esc(v.ID), vw.htmlAbout(v.ID, true))
	copyGrey, _ := t.Boilerplate(v.ID) // nil when not kept
	writeMarkedGrey(bw, copyText, copyRanges, copyGrey)
	fmt.Fprintf(bw, "</pre></div>\n<div><h4>source <span class=\"id\">%s</span>%s</h4><pre>", esc(e.Source), vw.htmlAbout(e.Source, true))
	srcGrey, _ := t.Boilerplate(e.Source)
	writeMarkedGrey(bw, srcText, srcRanges, srcGrey)
	fmt.Fprint(bw, "</pre></div>\n</div>\n")
	return nil
}

// htmlOutlet is " (Outlet)" after an article's ID, or "".
func (v *view) htmlOutlet(id string) string {
	a, _ := v.about(id)
	if o := v.names.of(a); o != "" {
		return " (" + html.EscapeString(o) + ")"
	}
	return ""
}

// mergeRanges clamps byte ranges to text, widens them to whole runes,
// and returns them sorted with overlapping or touching ranges merged.
func mergeRanges(text string, ranges [][2]int) [][2]int {
	var rs [][2]int
	for _, r := range ranges {
		a, b := max(0, r[0]), min(len(text), r[1])
		if a >= b {
			continue
		}
		for a > 0 && !utf8.RuneStart(text[a]) {
			a--
		}
		for b < len(text) && !utf8.RuneStart(text[b]) {
			b++
		}
		rs = append(rs, [2]int{a, b})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	var out [][2]int
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// writeMarked writes text escaped, with the given byte ranges in <mark>.
func writeMarked(bw *bufio.Writer, text string, ranges [][2]int) {
	at := 0
	for _, r := range mergeRanges(text, ranges) {
		bw.WriteString(html.EscapeString(text[at:r[0]]))
		bw.WriteString("<mark>")
		bw.WriteString(html.EscapeString(text[r[0]:r[1]]))
		bw.WriteString("</mark>")
		at = r[1]
	}
	bw.WriteString(html.EscapeString(text[at:]))
}

// writeMarkedGrey is writeMarked with the byte ranges grey also in grey
// (class "bp": text left out as learned boilerplate).
func writeMarkedGrey(bw *bufio.Writer, text string, marks, grey [][2]int) {
	gs := mergeRanges(text, grey)
	if len(gs) == 0 {
		writeMarked(bw, text, marks)
		return
	}
	ms := mergeRanges(text, marks)
	cuts := []int{0, len(text)}
	for _, r := range append(slices.Clone(ms), gs...) {
		cuts = append(cuts, r[0], r[1])
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	// inside advances *i past the ranges ending at or before at and
	// reports whether at is in the next one.
	inside := func(rs [][2]int, i *int, at int) bool {
		for *i < len(rs) && rs[*i][1] <= at {
			*i++
		}
		return *i < len(rs) && rs[*i][0] <= at
	}
	var mi, gi int
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		seg := html.EscapeString(text[a:b])
		if inside(ms, &mi, a) {
			seg = "<mark>" + seg + "</mark>"
		}
		if inside(gs, &gi, a) {
			seg = "<span class=\"bp\">" + seg + "</span>"
		}
		bw.WriteString(seg)
	}
}

// htmlOutletRows is the most pairs of outlets the HTML report lists.
const htmlOutletRows = 50

// writeHTMLOutlets writes who copies whom, by outlet: the pairs of
// outlets between which there are copies, most copies first (see
// provenance.Graph.Outlets). Nothing when no copy joins two known outlets.
func writeHTMLOutlets(bw *bufio.Writer, t provenance.OutletTable) {
	esc := html.EscapeString
	if len(t.Pairs) == 0 {
		return
	}
	fmt.Fprint(bw, "<h2 id=\"outlets\">Who copies whom, by outlet</h2>\n<table class=\"index\">\n<tr><th>copier</th><th>source</th><th>copies</th><th>credited</th><th>uncredited</th><th>median delay</th><th>90% within</th></tr>\n")
	for k, p := range t.Pairs {
		if k == htmlOutletRows {
			break
		}
		fmt.Fprintf(bw, "<tr><td>%s</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td>%s</td><td>%s</td></tr>\n",
			esc(p.Copier), esc(p.Source), p.Copies, p.Credited, p.Uncredited, esc(delay(p.AfterSource)), esc(p90(p.AfterSource)))
	}
	fmt.Fprint(bw, "</table>\n")
	if len(t.Pairs) > htmlOutletRows {
		fmt.Fprintf(bw, "<p class=\"note\">The %d pairs with the most copies of %d; <code>-format outlets</code> lists them all.</p>\n", htmlOutletRows, len(t.Pairs))
	}
}
