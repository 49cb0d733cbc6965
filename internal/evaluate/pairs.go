// Package evaluate measures how well the pipeline's verdicts match the
// truth of a labelled corpus. Its functions are pure: they take the true
// and the predicted assignment of the same articles and return figures,
// with no I/O.
//
// Two kinds of figures are computed.
//
// Cluster figures compare two partitions of the articles: the true
// clusters and the predicted stories. [CountPairs] builds their
// contingency table (n_ij articles in true cluster i and predicted story
// j, row sums a_i, column sums b_j) and keeps its pair sums, from which
// [PairCounts] gives pairwise precision, recall and F1 and the adjusted
// Rand index. Pairs are never enumerated, so a million articles cost a
// few map entries per article.
//
// Article figures ([Evaluate]) look at each article's own verdict: was a
// copy put in the same story as its true source, is its predicted
// primary source the true one, is its story attributed to the true
// origin, was an article without a source merged with another cluster.
// They are reported for all articles and per label (edit class).
//
// A figure with nothing to count (a share of no pairs, no copies, no
// stitched copies) is NaN, never 0 or 1: it is "n/a", not a score. The
// methods' comments say exactly when each one is NaN.
package evaluate

import (
	"fmt"
	"math"
)

// PairCounts are the pair sums of the contingency table of two partitions
// of the same N items, a true one and a predicted one. Two items are a
// true pair when they are in the same true cluster, a predicted pair when
// they are in the same predicted cluster.
type PairCounts struct {
	// N is the number of items.
	N int64
	// True is the number of true pairs: Σ_i C(a_i, 2) over the true
	// clusters' sizes a_i.
	True int64
	// Predicted is the number of predicted pairs: Σ_j C(b_j, 2) over the
	// predicted clusters' sizes b_j.
	Predicted int64
	// Shared is the number of pairs that are both true and predicted
	// (true positives): Σ_ij C(n_ij, 2) over the contingency table.
	Shared int64
}

// choose2 returns C(n, 2), the number of pairs among n items.
func choose2(n int64) int64 { return n * (n - 1) / 2 }

// cell is one cell of a contingency table.
type cell[T, U comparable] struct {
	t T
	u U
}

// CountPairs returns the pair sums of the contingency table of truth and
// pred: truth[k] and pred[k] are item k's true and predicted cluster
// labels. Only equality of labels matters, so renaming clusters changes
// nothing. It returns an error if the two have different lengths.
func CountPairs[T, U comparable](truth []T, pred []U) (PairCounts, error) {
	if len(truth) != len(pred) {
		return PairCounts{}, fmt.Errorf("evaluate: %d true labels, %d predicted", len(truth), len(pred))
	}
	rows := make(map[T]int64)
	cols := make(map[U]int64)
	cells := make(map[cell[T, U]]int64)
	for k := range truth {
		rows[truth[k]]++
		cols[pred[k]]++
		cells[cell[T, U]{truth[k], pred[k]}]++
	}
	c := PairCounts{N: int64(len(truth))}
	for _, a := range rows {
		c.True += choose2(a)
	}
	for _, b := range cols {
		c.Predicted += choose2(b)
	}
	for _, n := range cells {
		c.Shared += choose2(n)
	}
	return c, nil
}

// ratio returns a/b, or NaN when b is 0.
func ratio[N int | int64 | float64](a, b N) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Pairs returns C(N, 2), the number of pairs of items.
func (c PairCounts) Pairs() int64 { return choose2(c.N) }

// Precision returns the share of predicted pairs that are true pairs,
// Shared / Predicted; NaN when nothing was paired (all predicted clusters
// are singletons).
func (c PairCounts) Precision() float64 { return ratio(c.Shared, c.Predicted) }

// Recall returns the share of true pairs that were predicted,
// Shared / True; NaN when there are no true pairs (all true clusters are
// singletons).
func (c PairCounts) Recall() float64 { return ratio(c.Shared, c.True) }

// F1 returns the harmonic mean of precision and recall, computed as
// 2·Shared / (True + Predicted) so that it is defined (0) when one of the
// two is NaN and the other 0; NaN when there are neither true nor
// predicted pairs.
func (c PairCounts) F1() float64 { return ratio(2*c.Shared, c.True+c.Predicted) }

// ARI returns the adjusted Rand index of Hubert and Arabie (1985):
//
//	(Shared − E) / (M − E),  E = True·Predicted / C(N, 2),  M = (True + Predicted) / 2
//
// 1 for identical partitions, about 0 (and possibly negative) for
// independent ones. When M = E, which happens only when both partitions
// are all singletons or both are one cluster, the partitions are
// identical and ARI is 1. It is NaN for fewer than two items (no pairs).
func (c PairCounts) ARI() float64 {
	pairs := c.Pairs()
	switch {
	case pairs == 0:
		return math.NaN()
	case c.True == c.Predicted && (c.True == 0 || c.True == pairs):
		// M = E: (True+Predicted)·C(N,2) − 2·True·Predicted =
		// True·(C(N,2)−Predicted) + Predicted·(C(N,2)−True), which is 0
		// only in these two cases (decided on integers, not floats).
		return 1
	}
	expected := float64(c.True) * float64(c.Predicted) / float64(pairs)
	most := (float64(c.True) + float64(c.Predicted)) / 2
	return (float64(c.Shared) - expected) / (most - expected)
}
