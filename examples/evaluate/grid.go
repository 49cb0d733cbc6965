package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// axis is one -grid flag: a pipeline flag and the values to try.
type axis struct {
	name   string
	values []string
}

// gridFlag collects -grid NAME=V1,V2,... flags.
type gridFlag []axis

// String implements flag.Value.
func (g *gridFlag) String() string {
	var parts []string
	for _, a := range *g {
		parts = append(parts, a.name+"="+strings.Join(a.values, ","))
	}
	return strings.Join(parts, " ")
}

// Set implements flag.Value.
func (g *gridFlag) Set(s string) error {
	name, list, ok := strings.Cut(s, "=")
	name = strings.TrimPrefix(strings.TrimSpace(name), "-")
	if !ok || name == "" || strings.TrimSpace(list) == "" {
		return errors.New("want NAME=V1,V2,...")
	}
	a := axis{name: name}
	for _, v := range strings.Split(list, ",") {
		if v = strings.TrimSpace(v); v != "" {
			a.values = append(a.values, v)
		}
	}
	*g = append(*g, a)
	return nil
}

// each sets the flags to every combination of the grid's values, in
// order (the last axis varies fastest), and calls fn for each. A value
// the flag rejects is an error naming it.
func (g gridFlag) each(fs *flag.FlagSet, fn func() error) error {
	var walk func(i int) error
	walk = func(i int) error {
		if i == len(g) {
			return fn()
		}
		for _, v := range g[i].values {
			if err := fs.Set(g[i].name, v); err != nil {
				return fmt.Errorf("-grid %s=%s: %w", g[i].name, v, err)
			}
			if err := walk(i + 1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(0)
}

// writeGrid writes one Markdown table row per run: the swept settings,
// then the headline figures, then recall (or the false-link rate for
// articles without a source) per label.
func writeGrid(w io.Writer, g gridFlag, results []result) error {
	bw := bufio.NewWriter(w)
	var labels []string
	if len(results) > 0 {
		for _, grp := range results[0].report.Labels {
			labels = append(labels, grp.Label)
		}
	}
	var head []string
	for _, a := range g {
		head = append(head, a.name)
	}
	head = append(head, "P", "R", "F1", "ARI", "found", "source", "origin", "false links", "articles/s")
	head = append(head, labels...)
	fmt.Fprintf(bw, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, r := range results {
		var cells []string
		for _, a := range g {
			cells = append(cells, r.settings[a.name])
		}
		p, all := r.report.Pairs, r.report.All
		cells = append(cells, share(p.Precision()), share(p.Recall()), share(p.F1()), share(p.ARI()),
			share(all.Recall()), share(all.SourceAccuracy()), share(all.OriginAccuracy()),
			share(all.FalseLinkRate()), rate(r.perSecond()))
		for i, label := range labels {
			cell := "n/a"
			if i < len(r.report.Labels) && r.report.Labels[i].Label == label {
				grp := r.report.Labels[i]
				if grp.Copies > 0 {
					cell = share(grp.Recall())
				} else {
					cell = share(grp.FalseLinkRate()) + " fl"
				}
			}
			cells = append(cells, cell)
		}
		fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
	}
	return bw.Flush()
}
