package newsio

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/reprintlab/reprint/provenance"
)

// WriteDOT writes the provenance graph for Graphviz: one cluster per
// story with more than one article, its origin drawn as a double box,
// and an edge from each copy to each of its sources, labelled with the
// share of the copy found in the source (dashed for a partial source of a
// stitched copy). The outlets the story's articles credit, its claimed
// origins (see [provenance.Graph.Claims]), are dashed ellipses labelled
// "claimed origin: VPost (external)", "... (in this story)" or "... (in
// the corpus, not in this story)", with a dashed "credits" edge from each
// article that credits one, and a dotted line to the story's articles
// from that outlet. Articles standing alone are left out. Node names are
// IDs quoted; labels show IDs and outlets with control characters
// escaped (see [Printable]), so that Graphviz draws "\n" in an ID as
// typed rather than as a line break.
func WriteDOT(w io.Writer, t *provenance.Tracker, scope Scope) error {
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
			fmt.Fprintf(bw, "    %s [label=%s%s];\n", q(id), label(id), shape)
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
				q(id), label("claimed origin: "+c.Outlet+" ("+dotClaimStatus(c)+")"))
		}
		fmt.Fprintln(bw, "  }")
		n++
		for _, id := range s.Articles {
			v, _ := t.Verdict(id)
			for _, e := range v.Sources {
				style := ""
				if e.Partial {
					style = ", style=dashed"
				}
				fmt.Fprintf(bw, "  %s -> %s [label=\"%.0f%%\"%s];\n", q(id), q(e.Source), 100*e.Containment, style)
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

// label quotes s as a Graphviz label that shows it as Printable does:
// every backslash in the result is doubled, so Graphviz reads none as an
// escape of its own (\n, \l, \N).
func label(s string) string { return strconv.Quote(Printable(s)) }

// dotClaimStatus is a claimed origin's status in a graph's label.
func dotClaimStatus(c provenance.Claim) string {
	switch {
	case c.External:
		return "external"
	case c.Confirmed():
		return "in this story"
	}
	return "in the corpus, not in this story"
}
