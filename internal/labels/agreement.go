package labels

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/provenance"
)

// dateLayout is the layout of corpus.Story.Date.
const dateLayout = "2006-01-02T15:04:05.000"

// Row is the pipeline's agreement with the labels of one class.
type Row struct {
	// Label is the class ("" for the row of all pairs).
	Label string
	// Pairs is the number of labelled pairs of the class whose two
	// stories are both in the corpus.
	Pairs int
	// Direct is the number of those pairs where one story lists the
	// other among its direct sources (Verdict.Sources).
	Direct int
	// Story is the number where both stories are in the same story
	// (Verdict.Story): linked directly or through other articles.
	Story int
	// Missing is the number of pairs of the class with a story that is
	// not in the corpus; they are left out of Pairs.
	Missing int
}

// DirectShare is Direct/Pairs, NaN when Pairs is 0.
func (r Row) DirectShare() float64 { return share(r.Direct, r.Pairs) }

// StoryShare is Story/Pairs, NaN when Pairs is 0.
func (r Row) StoryShare() float64 { return share(r.Story, r.Pairs) }

func share(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

// Agreement runs the pipeline, a provenance.Tracker with cfg, over
// stories in the order given (as the flagger reads a file), each with
// its Date as its published time (read as UTC), and reports for each
// label how many labelled pairs it links: directly (one story is a direct
// source of the other) and within one story. Which story came first is
// the tracker's business: a link in either direction counts. The rows
// are those of Labels, in order, then the row of all pairs. A pair whose
// story is not among stories counts as Missing. The error is the
// tracker's (a config out of range, a duplicate ID, an empty text) or a
// story's unreadable Date. Agreement keeps nothing between calls and is
// safe for concurrent use.
func Agreement(stories []corpus.Story, pairs []Pair, cfg provenance.Config) ([]Row, error) {
	tr, err := provenance.New(cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range stories {
		published, err := time.Parse(dateLayout, s.Date)
		if err != nil {
			return nil, fmt.Errorf("story %q: date %q: want %s", s.ID, s.Date, dateLayout)
		}
		if _, err := tr.Add(provenance.Article{ID: s.ID, Text: s.Text, Published: published}); err != nil {
			return nil, fmt.Errorf("story %q: %w", s.ID, err)
		}
	}
	rows := make([]Row, len(Labels)+1)
	index := map[string]int{}
	for i, l := range Labels {
		rows[i].Label = l
		index[l] = i
	}
	all := &rows[len(Labels)]
	for _, p := range pairs {
		row := &rows[index[p.Label]]
		a, okA := tr.Verdict(p.Earlier)
		b, okB := tr.Verdict(p.Later)
		if !okA || !okB {
			row.Missing++
			all.Missing++
			continue
		}
		direct := listsSource(b, p.Earlier) || listsSource(a, p.Later)
		story := a.Story == b.Story
		for _, r := range []*Row{row, all} {
			r.Pairs++
			if direct {
				r.Direct++
			}
			if story {
				r.Story++
			}
		}
	}
	return rows, nil
}

// listsSource reports whether v lists id among its direct sources.
func listsSource(v provenance.Verdict, id string) bool {
	for _, e := range v.Sources {
		if e.Source == id {
			return true
		}
	}
	return false
}

// WriteTable writes rows as an aligned table for people: per label the
// number of pairs, and how many and what share of them the pipeline
// linked directly and within one story.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "label\tpairs\tdirect link\t\tsame story\t\tmissing\t")
	for _, r := range rows {
		label := r.Label
		if label == "" {
			label = "all"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%d\t%s\t%d\t\n", label, r.Pairs,
			r.Direct, percent(r.DirectShare()), r.Story, percent(r.StoryShare()), r.Missing)
	}
	return tw.Flush()
}

func percent(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}
