package cli

import (
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/reprintlab/reprint/provenance"
)

// htmlStyle is the page's only style sheet. It holds no "<" so that it
// cannot close the style element.
const htmlStyle = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px; color: #1d2327; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 32px 0 4px; padding-top: 12px; border-top: 2px solid #c9d1d9; }
h3 { font-size: 15px; margin: 20px 0 6px; }
code, .id { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.summary { font-size: 15px; margin: 0 0 4px; }
.rule, .note { color: #57606a; margin: 0 0 4px; }
.graph { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; overflow-x: auto; }
table.figures { border-collapse: collapse; margin: 6px 0 10px; }
table.figures th, table.figures td { border: 1px solid #d0d7de; padding: 3px 10px; text-align: left; }
table.figures th { background: #f0f3f6; font-weight: 600; }
.flag { color: #b42318; font-weight: 600; }
.ok { color: #1a7f37; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair > div { min-width: 0; }
.pair h4 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.pair pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 10px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; font: 12.5px/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; max-height: 640px; overflow-y: auto; }
mark { background: #ffe58f; color: inherit; }
ul.alone { columns: 2; }
`

// WriteHTML writes the report for people as one self-contained HTML page:
// a summary, then for each story with copies a picture of its provenance
// graph (inline SVG) and, for each copy → source edge, the figures and the
// two texts side by side with the passages taken highlighted, then the
// articles that stand alone. It loads nothing from the network. When the
// tracker does not keep texts, the figures are shown without the texts.
func WriteHTML(w io.Writer, t *provenance.Tracker) error {
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	cfg := t.IndexConfig()
	stories, alone, articles := splitStories(t)
	fmt.Fprint(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>reprint: who copied whom</title>\n<style>")
	fmt.Fprint(bw, htmlStyle)
	fmt.Fprint(bw, "</style>\n</head>\n<body>\n<h1>Who copied whom</h1>\n")
	fmt.Fprintf(bw, "<p class=\"summary\">%s: %s with copies, %s standing alone.</p>\n",
		plural(articles, "article"), plural(len(stories), "story"), plural(len(alone), "article"))
	fmt.Fprintf(bw, "<p class=\"rule\">Rule: linked when at least %s of one article is found in the other (%d-word shingles, %d-slot MinHash, %s bands).</p>\n",
		pct(cfg.MinContainment), cfg.Settings.Shingle.WordSize, cfg.Settings.NumHashes, esc(fmt.Sprint(cfg.Banding)))
	fmt.Fprint(bw, "<p class=\"note\">Graphs: arrows run from copy to source, labelled with the share of the copy found in the source; the origin is green, a source outside the story is drawn in grey, a dashed arrow is a partial source of a stitched copy. Figures: containment is the share of the copy found in the source, reused the share of the source found in the copy (both estimated); the coverages are the exact shares of each text in the highlighted passages.</p>\n")
	for k, s := range stories {
		if err := writeHTMLStory(bw, t, s, k); err != nil {
			return err
		}
	}
	if len(alone) > 0 {
		fmt.Fprintf(bw, "<h2>Standing alone (%d)</h2>\n<ul class=\"alone\">\n", len(alone))
		for _, s := range alone {
			v, _ := t.Verdict(s.ID)
			note := ""
			if !v.Fingerprinted {
				note = " <span class=\"note\">(too short to fingerprint)</span>"
			}
			fmt.Fprintf(bw, "<li><span class=\"id\">%s</span>%s</li>\n", esc(s.ID), note)
		}
		fmt.Fprint(bw, "</ul>\n")
	}
	fmt.Fprint(bw, "</body>\n</html>\n")
	return bw.Flush()
}

func writeHTMLStory(bw *bufio.Writer, t *provenance.Tracker, s provenance.Story, k int) error {
	esc := html.EscapeString
	fmt.Fprintf(bw, "<h2>Story <span class=\"id\">%s</span></h2>\n", esc(s.ID))
	fmt.Fprintf(bw, "<p class=\"summary\">%d articles, origin <span class=\"id\">%s</span></p>\n", len(s.Articles), esc(s.Origin))
	verdicts := make([]provenance.Verdict, 0, len(s.Articles))
	for _, id := range s.Articles {
		v, _ := t.Verdict(id)
		verdicts = append(verdicts, v)
	}
	fmt.Fprint(bw, "<div class=\"graph\">\n")
	writeStorySVG(bw, s, verdicts, k)
	fmt.Fprint(bw, "</div>\n")
	for _, v := range verdicts {
		for i, e := range v.Sources {
			if err := writeHTMLEdge(bw, t, v, i, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// SVG layout: one column per depth from the origin (the origin at the
// left), articles stacked in attribution order within their column.
const (
	svgNodeW   = 230
	svgNodeH   = 30
	svgColGap  = 110
	svgRowGap  = 18
	svgMargin  = 14
	svgMaxChar = 30
)

type svgNode struct {
	id       string
	col, row int
	origin   bool
	external bool // a source outside the story (a stitched copy's other source)
}

func writeStorySVG(bw *bufio.Writer, s provenance.Story, verdicts []provenance.Verdict, k int) {
	esc := html.EscapeString
	nodes := map[string]*svgNode{}
	var order []*svgNode
	rows := map[int]int{}
	place := func(id string, col int, origin, external bool) {
		n := &svgNode{id: id, col: col, row: rows[col], origin: origin, external: external}
		rows[col]++
		nodes[id] = n
		order = append(order, n)
	}
	for _, v := range verdicts {
		if _, ok := nodes[v.ID]; ok {
			continue
		}
		col := 0
		if v.ID != s.Origin && len(v.Sources) > 0 {
			col = 1
			if src, ok := nodes[v.Sources[0].Source]; ok {
				col = src.col + 1
			}
		}
		place(v.ID, col, v.ID == s.Origin, false)
	}
	for _, v := range verdicts {
		for _, e := range v.Sources {
			if _, ok := nodes[e.Source]; !ok {
				place(e.Source, 0, false, true)
			}
		}
	}
	maxCol, maxRow := 0, 0
	for _, n := range order {
		maxCol = max(maxCol, n.col)
		maxRow = max(maxRow, n.row)
	}
	width := 2*svgMargin + (maxCol+1)*svgNodeW + maxCol*svgColGap
	height := 2*svgMargin + (maxRow+1)*svgNodeH + maxRow*svgRowGap
	pos := func(n *svgNode) (x, y int) {
		return svgMargin + n.col*(svgNodeW+svgColGap), svgMargin + n.row*(svgNodeH+svgRowGap)
	}
	fmt.Fprintf(bw, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"provenance graph of story %s\" font-family=\"ui-monospace, DejaVu Sans Mono, Menlo, monospace\" font-size=\"11\">\n",
		width, height, width, height, esc(s.ID))
	fmt.Fprintf(bw, "<defs><marker id=\"arrow%d\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"></path></marker></defs>\n", k)
	// Edges first, so that boxes and labels sit on top of them.
	for _, v := range verdicts {
		from := nodes[v.ID]
		for i, e := range v.Sources {
			to := nodes[e.Source]
			fx, fy := pos(from)
			tx, ty := pos(to)
			// Several sources leave the copy's box at different heights.
			x1, y1 := fx, fy+svgNodeH/2+(2*i-len(v.Sources)+1)*4
			x2, y2 := tx+svgNodeW, ty+svgNodeH/2
			dash := ""
			if e.Partial {
				dash = " stroke-dasharray=\"5,4\""
			}
			var d string
			lx, ly := (x1+x2)/2, (y1+y2)/2-4
			if x2 < x1 {
				d = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1-svgColGap/2, y1, x2+svgColGap/2, y2, x2, y2)
			} else { // a source in the same column or further right: loop over the top
				top := min(fy, ty) - svgRowGap/2
				d = fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", fx+svgNodeW/4, fy, fx+svgNodeW/4, top, tx+3*svgNodeW/4, top, tx+3*svgNodeW/4, ty)
				lx, ly = (fx+tx)/2+svgNodeW/2, top
			}
			fmt.Fprintf(bw, "<path d=\"%s\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\"%s marker-end=\"url(#arrow%d)\"><title>%s → %s</title></path>\n",
				d, dash, k, esc(v.ID), esc(e.Source))
			label := fmt.Sprintf("%.0f%%", 100*e.Containment)
			if e.Partial {
				label += " partial"
			}
			fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2327\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>\n", lx, ly, label)
		}
	}
	for _, n := range order {
		x, y := pos(n)
		fill, stroke, sw := "#f6f8fa", "#57606a", "1"
		switch {
		case n.origin:
			fill, stroke, sw = "#dafbe1", "#1a7f37", "2.5"
		case n.external:
			fill, stroke = "#eef0f2", "#8c959f"
		}
		label := n.id
		if utf8.RuneCountInString(label) > svgMaxChar {
			r := []rune(label)
			label = string(r[:svgMaxChar-1]) + "…"
		}
		fmt.Fprintf(bw, "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"></rect>", esc(n.id), x, y, svgNodeW, svgNodeH, fill, stroke, sw)
		fmt.Fprintf(bw, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" dominant-baseline=\"central\">%s</text></g>\n", x+svgNodeW/2, y+svgNodeH/2, esc(label))
	}
	fmt.Fprint(bw, "</svg>\n")
}

func writeHTMLEdge(bw *bufio.Writer, t *provenance.Tracker, v provenance.Verdict, i int, e provenance.Edge) error {
	esc := html.EscapeString
	role := "source"
	if i > 0 {
		role = "also from"
	}
	if e.Partial {
		role += " (partial)"
	}
	fmt.Fprintf(bw, "<h3><span class=\"id\">%s</span> → %s <span class=\"id\">%s</span></h3>\n", esc(v.ID), role, esc(e.Source))
	p, err := t.Passages(v.ID, e.Source)
	noText := errors.Is(err, provenance.ErrNoText)
	if err != nil && !noText {
		return err
	}
	fmt.Fprint(bw, "<table class=\"figures\">\n<tr><th>containment</th><th>reused</th><th>Jaccard</th><th>copy coverage</th><th>source coverage</th><th>credits</th></tr>\n<tr>")
	fmt.Fprintf(bw, "<td>%s</td><td>%s</td><td>%.2f</td>", pct(e.Containment), pct(e.Reused), e.Jaccard)
	if noText {
		fmt.Fprint(bw, "<td>–</td><td>–</td>")
	} else {
		fmt.Fprintf(bw, "<td>%s</td><td>%s</td>", pct(p.CopyCoverage), pct(p.SourceCoverage))
	}
	switch {
	case len(v.Credited) > 0:
		names := make([]string, len(v.Credited))
		for k, c := range v.Credited {
			names[k] = esc(c)
		}
		fmt.Fprintf(bw, "<td class=\"ok\">credits %s</td>", strings.Join(names, ", "))
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
	fmt.Fprintf(bw, "<div class=\"pair\">\n<div><h4>copy <span class=\"id\">%s</span></h4><pre>", esc(v.ID))
	writeMarked(bw, copyText, copyRanges)
	fmt.Fprintf(bw, "</pre></div>\n<div><h4>source <span class=\"id\">%s</span></h4><pre>", esc(e.Source))
	writeMarked(bw, srcText, srcRanges)
	fmt.Fprint(bw, "</pre></div>\n</div>\n")
	return nil
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
