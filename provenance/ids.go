package provenance

import (
	"iter"
	"slices"
)

// IDs returns the IDs of the articles the tracker holds, in the order
// they were added, as a snapshot taken when it is called. With
// [Tracker.VerdictsOf] and [Tracker.CreditedOf] it goes over the
// articles as [Tracker.Articles] does, holding a batch of verdicts at a
// time rather than a snapshot of them all: a report on a large tracker
// holds 16 bytes per article instead of the verdicts. It is safe for
// concurrent use; an article added after the call is not in the list.
func (t *Tracker) IDs() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	ids := make([]string, 0, t.graph.Len())
	for x := range t.graph.nodes {
		if n := &t.graph.nodes[x]; n.state == live {
			ids = append(ids, n.id)
		}
	}
	return ids
}

// VerdictsOf returns an iterator over the current verdicts of the
// articles ids names, in that order, leaving out those the tracker does
// not hold (never added, or forgotten: Config.Forget). It makes them in
// batches under the tracker's lock, which is not held while the loop
// body runs; each verdict is the one when its batch was made. It is
// safe for concurrent use, and fastest on IDs in the order added (see
// [Tracker.IDs]).
func (t *Tracker) VerdictsOf(ids []string) iter.Seq[Verdict] {
	return func(yield func(Verdict) bool) {
		for batch := range batches(t, ids, func(g *Graph, x int) Verdict { return g.verdict(x) }) {
			for _, v := range batch {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// CreditedOf returns an iterator over the articles ids names, in that
// order, each with the outlets its text credits (its verdict's
// Credited, fixed when it was added), without making verdicts; it leaves
// out the articles the tracker does not hold. Batches and concurrency
// are as in [Tracker.VerdictsOf].
func (t *Tracker) CreditedOf(ids []string) iter.Seq2[string, []string] {
	return func(yield func(string, []string) bool) {
		type credits struct {
			id       string
			credited []string
		}
		for batch := range batches(t, ids, func(g *Graph, x int) credits {
			return credits{g.nodes[x].id, slices.Clone(g.nodes[x].credited)}
		}) {
			for _, c := range batch {
				if !yield(c.id, c.credited) {
					return
				}
			}
		}
	}
}

// batchSize is how many articles VerdictsOf and CreditedOf take under
// the lock at a time.
const batchSize = 256

// batches yields take of the nodes of ids that the graph holds, in
// batches of batchSize made under t's lock (the batch's slice is reused).
// An article's node is looked for next to the one before it, then by
// ID.
func batches[T any](t *Tracker, ids []string, take func(*Graph, int) T) iter.Seq[[]T] {
	return func(yield func([]T) bool) {
		var batch []T
		x := -1 // the node of the last ID found
		for start := 0; start < len(ids); start += batchSize {
			batch = batch[:0]
			t.mu.Lock()
			g := t.graph
			for _, id := range ids[start:min(start+batchSize, len(ids))] {
				if next := x + 1; next < len(g.nodes) && g.nodes[next].state == live && g.nodes[next].id == id {
					x = next
				} else if y, ok := g.byID[id]; ok {
					x = y
				} else {
					continue
				}
				batch = append(batch, take(g, x))
			}
			t.mu.Unlock()
			if len(batch) > 0 && !yield(batch) {
				return
			}
		}
	}
}
