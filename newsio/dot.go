package newsio

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/reprintlab/reprint/provenance"
)

// WriteDOT writes Report{Tracker: t, Scope: scope}: see [Report.WriteDOT].
func WriteDOT(w io.Writer, t *provenance.Tracker, scope Scope) error {
	return Report{Tracker: t, Scope: scope}.WriteDOT(w)
}

// WriteDOT writes the provenance graph for Graphviz: one cluster per
// story with more than one article, its origin drawn as a double box,
// and an edge from each copy to each of its sources, labelled with the
// share of the copy found in the source for a verbatim link, else with
// its kind and score, and drawn per kind (see edgeStyle). The outlets the story's articles credit, its claimed
// origins (see [provenance.Graph.Claims]), are dashed ellipses labelled
// "claimed origin: VPost (not in the input)", "... (in this story)" or
// "... (in the input, other story)", with a dashed "credits" edge from each
// article that credits one, and a dotted line to the story's articles
// from that outlet. Articles standing alone are left out. An article's
// label is its ID, then its outlet and time, then its headline (cut to
// 40 characters), when the input gives them. Node names are
// IDs quoted; labels show IDs, outlets and headlines with control characters
// escaped (see [Printable]), so that Graphviz draws "\n" in an ID as
// typed rather than as a line break.
func (r Report) WriteDOT(w io.Writer) error {
	v := r.view(r.Tracker.IDs())
	t, scope := r.Tracker, r.Scope
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph reprint {")
	fmt.Fprintln(bw, "  rankdir=RL;")
	fmt.Fprintln(bw, "  node [shape=box, fontname=\"Helvetica\", fontsize=10];")
	fmt.Fprintln(bw, "  edge [fontname=\"Helvetica\", fontsize=9];")
	var stories []provenance.Story
	ids := map[string]bool{} // every article's ID, which claim nodes must not take
	for s := range t.Stories() {
		if scope.coversStory(s) {
			stories = append(stories, s)
		}
		for _, id := range s.Articles {
			ids[id] = true
		}
	}
	q := strconv.Quote
	n := 0
	for _, s := range stories {
		if len(s.Articles) < 2 {
			continue
		}
		fmt.Fprintf(bw, "  subgraph cluster_%d {\n    label=%s;\n", n, label("story "+s.ID))
		for _, id := range s.Articles {
			shape := ""
			if id == s.Origin {
				shape = ", peripheries=2"
			}
			fmt.Fprintf(bw, "    %s [label=%s%s];\n", q(id), v.dotLabel(id), shape)
		}
		claims := t.Claims(s.ID)
		claimIDs := make([]string, len(claims))
		for k, c := range claims {
			id := fmt.Sprintf("claim %d.%d", n, k)
			for ids[id] {
				id += "'"
			}
			claimIDs[k] = id
			fmt.Fprintf(bw, "    %s [label=%s, shape=ellipse, style=dashed, color=\"#57606a\", fontcolor=\"#57606a\"];\n",
				q(id), label("claimed origin: "+v.names.name(c.Outlet)+" ("+shortStatus(c)+")"))
		}
		fmt.Fprintln(bw, "  }")
		n++
		for _, id := range s.Articles {
			v, _ := t.Verdict(id)
			for _, e := range v.Sources {
				fmt.Fprintf(bw, "  %s -> %s [label=%s%s];\n", q(id), q(e.Source), q(edgeLabel(e)), edgeStyle[e.Kind])
			}
		}
		for k, c := range claims {
			for _, by := range c.By {
				fmt.Fprintf(bw, "  %s -> %s [label=\"credits\", style=dashed, color=\"#57606a\", fontcolor=\"#57606a\"];\n", q(by), q(claimIDs[k]))
			}
			for _, m := range c.Matched {
				fmt.Fprintf(bw, "  %s -> %s [style=dotted, dir=none, constraint=false, color=\"#57606a\"];\n", q(claimIDs[k]), q(m))
			}
		}
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// edgeStyle is the Graphviz style of each kind of link: verbatim solid,
// update bold, rewrite dashed, partial (a stitched copy's source too)
// dotted.
var edgeStyle = map[provenance.Kind]string{
	provenance.KindUpdate:  ", style=bold",
	provenance.KindRewrite: ", style=dashed",
	provenance.KindPartial: ", style=dotted",
}

// edgeLabel labels a link in a graph: the share of the copy found in the
// source for a verbatim link, else its kind and score.
func edgeLabel(e provenance.Edge) string {
	if e.Kind == provenance.KindVerbatim {
		return fmt.Sprintf("%.0f%%", 100*e.Containment)
	}
	if !e.Aligned {
		return fmt.Sprintf("%s %.0f%%", e.Kind, 100*e.Containment)
	}
	return fmt.Sprintf("%s %.2f", e.Kind, e.Score)
}

// label quotes s as a Graphviz label that shows it as Printable does:
// every backslash in the result is doubled, so Graphviz reads none as an
// escape of its own (\n, \l, \N).
func label(s string) string { return strconv.Quote(Printable(s)) }

// dotLabel is an article's label: its ID, then its outlet and time,
// then its headline, on lines of their own.
func (v *view) dotLabel(id string) string {
	lines := []string{id}
	if a, ok := v.about(id); ok {
		var meta []string
		for _, p := range []string{v.names.of(a), when(a.Published)} {
			if p != "" {
				meta = append(meta, p)
			}
		}
		if len(meta) > 0 {
			lines = append(lines, strings.Join(meta, " · "))
		}
		if a.Title != "" {
			lines = append(lines, cut(a.Title, 40))
		}
	}
	quoted := make([]string, len(lines))
	for i, l := range lines {
		q := label(l)
		quoted[i] = q[1 : len(q)-1]
	}
	return `"` + strings.Join(quoted, `\n`) + `"`
}
