package cli

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
// share of the copy found there (dashed for a partial source of a
// stitched copy). Articles standing alone are left out.
func WriteDOT(w io.Writer, t *provenance.Tracker) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph reprint {")
	fmt.Fprintln(bw, "  rankdir=RL;")
	fmt.Fprintln(bw, "  node [shape=box, fontname=\"Helvetica\", fontsize=10];")
	fmt.Fprintln(bw, "  edge [fontname=\"Helvetica\", fontsize=9];")
	n := 0
	for s := range t.Stories() {
		if len(s.Articles) < 2 {
			continue
		}
		fmt.Fprintf(bw, "  subgraph cluster_%d {\n    label=%s;\n", n, strconv.Quote("story "+s.ID))
		n++
		for _, id := range s.Articles {
			shape := ""
			if id == s.Origin {
				shape = ", peripheries=2"
			}
			fmt.Fprintf(bw, "    %s [label=%s%s];\n", strconv.Quote(id), strconv.Quote(id), shape)
		}
		fmt.Fprintln(bw, "  }")
		for _, id := range s.Articles {
			v, _ := t.Verdict(id)
			for _, e := range v.Sources {
				style := ""
				if e.Partial {
					style = ", style=dashed"
				}
				fmt.Fprintf(bw, "  %s -> %s [label=\"%.0f%%\"%s];\n", strconv.Quote(id), strconv.Quote(e.Source), 100*e.Containment, style)
			}
		}
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}
