package batch

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// attributeFn is the single-worker stage: it feeds every article, with
// its verified links, into one provenance.Graph in global input order,
// so that stories, origins and sources follow from the library's own
// attribution rules (clock skew, primary source by containment step then
// attribution order, MaxLinks, story = tree of primary sources, story ID
// = first-seen article), then writes the verdicts in the flagger's JSONL
// contract, in input order, and the graph document.
//
// It holds the graph in memory: a few hundred bytes per article (see the
// figures in the package documentation). That, and reading every record
// on one worker, is the part of the pipeline that does not scale out.
type attributeFn struct {
	Settings       dedup.Settings `json:"settings"`
	MinContainment float64        `json:"minContainment"` // the index's rule, for the links' kinds
	ClockSkew      time.Duration  `json:"clockSkew"`
	Output         string         `json:"output"`
	Graph          string         `json:"graph"`
	Shards         []string       `json:"shards"`
}

func (f *attributeFn) ProcessElement(ctx context.Context, _ int, iter func(*Record) bool) error {
	var recs []Record
	var r Record
	for iter(&r) {
		recs = append(recs, r)
		r = Record{}
	}
	slices.SortFunc(recs, func(a, b Record) int { return cmp.Compare(a.Order, b.Order) })
	g := provenance.NewGraph(f.ClockSkew)
	about := make(map[string]newsio.About, len(recs))
	var links []provenance.Link
	for i := range recs {
		r := &recs[i]
		a := provenance.Article{ID: r.ID, Source: r.Source, URL: r.URL}
		t, err := parsePublished(r.Published)
		if err != nil {
			return fmt.Errorf("%s: published %q: %w", f.where(r.Order), r.Published, err)
		}
		a.Published = t
		if r.Title != "" || r.Source != "" || r.URL != "" || !t.IsZero() {
			about[r.ID] = newsio.About{Title: r.Title, Source: r.Source, URL: r.URL, Published: t}
		}
		links = links[:0]
		for _, l := range r.Links {
			m := dedup.Match{ID: l.ID, Shingles: int(l.Shingles), Partial: l.Partial,
				Scores: dedup.Scores{Jaccard: l.Jaccard, AInB: l.AInB, BInA: l.BInA, Shared: l.Shared}}
			links = append(links, provenance.LinkFromMatch(m, f.MinContainment)) // its kind, as the Tracker gives it
		}
		if err := g.AddCredited(a, r.Credited, int(r.Shingles), links); err != nil {
			if errors.Is(err, provenance.ErrDuplicateID) {
				first := slices.IndexFunc(recs[:i], func(x Record) bool { return x.ID == r.ID })
				return fmt.Errorf("%s: duplicate id %q (first at %s)", f.where(r.Order), r.ID, f.where(recs[first].Order))
			}
			return fmt.Errorf("%s: %w", f.where(r.Order), err)
		}
		r.Links = nil // the graph has them now
	}
	if err := f.write(ctx, f.Output, func(w io.Writer) error { return newsio.WriteVerdictsJSONL(w, g.Articles(), about) }); err != nil {
		return err
	}
	if f.Graph != "" {
		return f.write(ctx, f.Graph, func(w io.Writer) error { return g.WriteJSONSettings(w, f.Settings) })
	}
	return nil
}

// where names the article with order key order for messages.
func (f *attributeFn) where(order uint64) string {
	shard, n := order>>shardBits, order&(1<<shardBits-1)
	path := fmt.Sprint("shard ", shard)
	if shard < uint64(len(f.Shards)) {
		path = f.Shards[shard]
	}
	return fmt.Sprintf("%s: article %d", path, n+1)
}

// write writes a file through the Beam filesystem of its path.
func (f *attributeFn) write(ctx context.Context, path string, fill func(io.Writer) error) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer fs.Close()
	wc, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	bw := bufio.NewWriterSize(wc, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
