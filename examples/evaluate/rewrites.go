package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/reprintlab/reprint/internal/evaluate"
)

// parseRewriteTruth reads the "intensity" and "negative_for" fields of a
// line: strings, absent or null for none.
func parseRewriteTruth(extra map[string]json.RawMessage) (intensity, negativeFor string, err error) {
	if intensity, err = scalar(extra["intensity"], false); err != nil {
		return "", "", fmt.Errorf("intensity: %w", err)
	}
	if negativeFor, err = scalar(extra["negative_for"], false); err != nil {
		return "", "", fmt.Errorf("negative_for: %w", err)
	}
	return intensity, negativeFor, nil
}

// writeRewrites writes the figures by label and intensity, by intensity,
// and of the hard negatives, when the data has any.
func writeRewrites(w io.Writer, rep evaluate.Report) error {
	if len(rep.Classes) > 0 {
		width := len("label")
		for _, g := range rep.Classes {
			width = max(width, len(g.Label))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "\n%-*s\tintensity\tcopies\tfound\trecall\tsource\torigin\tcontainment\t\n", width, "label")
		row := func(label string, g evaluate.Group) {
			fmt.Fprintf(tw, "%-*s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t\n", width, label, g.Intensity, g.Copies, g.Found,
				share(g.Recall()), share(g.SourceAccuracy()), share(g.OriginAccuracy()), share(g.MeanContainment()))
		}
		for _, g := range rep.Classes {
			row(g.Label, g)
		}
		for _, g := range rep.Intensities {
			row("all rewrites", g)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if all := rep.All; all.Negatives > 0 {
		fmt.Fprintf(w, "\nHard negatives: %d; put in the story they are a negative for: %d (%s). "+
			"Their false-link rate (merged with any other cluster) is in the label table.\n",
			all.Negatives, all.NegativeLinked, share(all.NegativeLinkRate()))
	}
	return nil
}
