package provenance

import (
	"context"
	"fmt"
	"iter"
)

// Result is what [Flag] finds in a set of articles.
type Result struct {
	// Verdicts are the articles' verdicts, in the order given, as they
	// stand once all are added: an article published before a story's
	// origin, given later, changes the verdicts of the story's articles
	// (see [Graph]).
	Verdicts []Verdict `json:"verdicts"`
	// Stories are the stories of two articles or more, an origin and
	// its copies, in the order of their first-seen articles. Articles
	// that stand alone are in Verdicts only.
	Stories []Story `json:"stories"`
}

// Flag finds the copies among articles: it adds them, in the order
// given, to a tracker made with cfg (see [New]) and returns every
// article's verdict and the stories with copies. It is New, [Tracker.Add]
// for each article, [Tracker.Articles] and [Tracker.Stories] in one call;
// use a Tracker to add articles as they arrive, keep them on disk, or
// ask for passages.
//
// ctx is checked before each article: once it is done, Flag stops and
// returns an error wrapping ctx.Err(). Flag returns an error wrapping
// [dedup.ErrInvalidSettings] or [shingle.ErrInvalidConfig] for cfg out of
// range, or what Add returns for the first article it refuses ([ErrEmptyID],
// [ErrInvalidID], [ErrEmptyText], [ErrDuplicateID]), naming its position;
// it then returns no result. It is safe for concurrent use: each call
// has its own tracker.
func Flag(ctx context.Context, cfg Config, articles iter.Seq[Article]) (Result, error) {
	t, err := New(cfg)
	if err != nil {
		return Result{}, err
	}
	i := 0
	for a := range articles {
		if err := ctx.Err(); err != nil {
			return Result{}, fmt.Errorf("provenance: stopped before article %d: %w", i+1, err)
		}
		if _, err := t.Add(a); err != nil {
			return Result{}, fmt.Errorf("article %d: %w", i+1, err)
		}
		i++
	}
	res := Result{Verdicts: make([]Verdict, 0, i), Stories: []Story{}}
	for v := range t.Articles() {
		res.Verdicts = append(res.Verdicts, v)
	}
	for s := range t.Stories() {
		if len(s.Articles) > 1 {
			res.Stories = append(res.Stories, s)
		}
	}
	return res, nil
}
