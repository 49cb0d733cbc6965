package evaluate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func countPairs[T, U comparable](t *testing.T, truth []T, pred []U) PairCounts {
	t.Helper()
	c, err := CountPairs(truth, pred)
	require.NoError(t, err)
	return c
}

func TestPairsByHand(t *testing.T) {
	// truth a a a b b b, prediction x x y y z z. Contingency table:
	//
	//	     x  y  z | a_i
	//	a    2  1  0 |  3
	//	b    0  1  2 |  3
	//	b_j  2  2  2 |  6
	//
	// Shared = C(2,2)+C(1,2)+C(1,2)+C(2,2) = 1+0+0+1 = 2
	// True   = C(3,2)+C(3,2) = 3+3 = 6
	// Pred   = 3·C(2,2) = 3
	// P = 2/3, R = 2/6 = 1/3, F1 = 2·2/(6+3) = 4/9 (= 2·(2/3)(1/3)/(2/3+1/3))
	// C(6,2) = 15, E = 6·3/15 = 1.2, M = (6+3)/2 = 4.5
	// ARI = (2−1.2)/(4.5−1.2) = 0.8/3.3 = 8/33
	c := countPairs(t, []string{"a", "a", "a", "b", "b", "b"}, []string{"x", "x", "y", "y", "z", "z"})
	assert.Equal(t, PairCounts{N: 6, True: 6, Predicted: 3, Shared: 2}, c)
	assert.Equal(t, int64(15), c.Pairs())
	assert.InDelta(t, 2.0/3, c.Precision(), 1e-12)
	assert.InDelta(t, 1.0/3, c.Recall(), 1e-12)
	assert.InDelta(t, 4.0/9, c.F1(), 1e-12)
	assert.InDelta(t, 8.0/33, c.ARI(), 1e-12)
}

func TestARIPublishedExamples(t *testing.T) {
	// The examples of scikit-learn's adjusted_rand_score documentation.
	for _, c := range []struct {
		truth, pred []int
		want        float64
		hand        string
	}{
		// Shared = 1 (the 0,0 pair), True = 2, Pred = 1, C(4,2) = 6:
		// E = 2·1/6 = 1/3, M = 3/2, ARI = (1−1/3)/(3/2−1/3) = 4/7.
		{[]int{0, 0, 1, 1}, []int{0, 0, 1, 2}, 4.0 / 7, "0.5714"},
		{[]int{0, 0, 1, 2}, []int{0, 0, 1, 1}, 4.0 / 7, "symmetric"},
		// Shared = 0, True = Pred = 2: E = 4/6, M = 2,
		// ARI = (0−2/3)/(2−2/3) = −1/2.
		{[]int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5, "worse than chance"},
		// True = 6 (one cluster), Pred = 0: E = 0, M = 3, ARI = 0.
		{[]int{0, 0, 0, 0}, []int{0, 1, 2, 3}, 0, "one cluster against singletons"},
		{[]int{0, 0, 1, 1}, []int{1, 1, 0, 0}, 1, "renamed"},
	} {
		assert.InDelta(t, c.want, countPairs(t, c.truth, c.pred).ARI(), 1e-12, c.hand)
	}
}

func TestPairsEdgeCases(t *testing.T) {
	// No items, one item: no pairs at all.
	for _, n := range []int{0, 1} {
		c := countPairs(t, make([]int, n), make([]int, n))
		assert.True(t, math.IsNaN(c.ARI()), "n=%d", n)
		assert.True(t, math.IsNaN(c.Precision()))
		assert.True(t, math.IsNaN(c.Recall()))
		assert.True(t, math.IsNaN(c.F1()))
	}
	// Both all singletons: identical, ARI 1; no pairs to score.
	c := countPairs(t, []string{"a", "b", "c"}, []string{"x", "y", "z"})
	assert.Equal(t, 1.0, c.ARI())
	assert.True(t, math.IsNaN(c.Precision()))
	assert.True(t, math.IsNaN(c.Recall()))
	assert.True(t, math.IsNaN(c.F1()))
	// Both one cluster: identical.
	c = countPairs(t, []string{"a", "a", "a"}, []string{"x", "x", "x"})
	assert.Equal(t, []float64{1, 1, 1, 1}, []float64{c.Precision(), c.Recall(), c.F1(), c.ARI()})
	// Truth all singletons, prediction pairs two: precision 0, recall n/a.
	c = countPairs(t, []string{"a", "b", "c"}, []string{"x", "x", "z"})
	assert.Equal(t, 0.0, c.Precision())
	assert.True(t, math.IsNaN(c.Recall()))
	assert.Equal(t, 0.0, c.F1())

	_, err := CountPairs([]int{1, 2}, []int{1})
	require.Error(t, err)
}

// randomPartition assigns n items to k clusters at random.
func randomPartition(r *rand.Rand, n, k int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = r.IntN(k)
	}
	return p
}

func TestPairsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n := 2 + r.IntN(300)
		truth := randomPartition(r, n, 1+r.IntN(n))

		// Perfect prediction, under other names.
		pred := make([]string, n)
		for i, c := range truth {
			pred[i] = fmt.Sprintf("story-%d", c*7+3)
		}
		c := countPairs(t, truth, pred)
		if c.True > 0 {
			assert.Equal(t, []float64{1, 1, 1, 1}, []float64{c.Precision(), c.Recall(), c.F1(), c.ARI()}, "trial %d", trial)
		} else {
			assert.Equal(t, 1.0, c.ARI())
		}

		// All singletons: nothing found.
		singles := make([]int, n)
		for i := range singles {
			singles[i] = i
		}
		c = countPairs(t, truth, singles)
		if c.True > 0 {
			assert.Equal(t, 0.0, c.Recall(), "trial %d", trial)
			assert.Equal(t, 0.0, c.F1())
			assert.True(t, math.IsNaN(c.Precision()))
		}

		// Renaming clusters and reordering items change nothing.
		guess := randomPartition(r, n, 1+r.IntN(n))
		want := countPairs(t, truth, guess)
		rename := r.Perm(n)
		order := r.Perm(n)
		truth2, guess2 := make([]int, n), make([]int, n)
		for i, j := range order {
			truth2[i] = rename[truth[j]] + 1000
			guess2[i] = rename[guess[j]]
		}
		assert.Equal(t, want, countPairs(t, truth2, guess2), "trial %d", trial)
		// Swapping truth and prediction swaps precision and recall and
		// keeps ARI.
		swapped := countPairs(t, guess, truth)
		assert.Equal(t, want.Precision(), swapped.Recall())
		assert.InDelta(t, want.ARI(), swapped.ARI(), 1e-12)
	}
}

func TestARIOfRandomLabellingIsNearZero(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	sum := 0.0
	const trials = 20
	for range trials {
		c := countPairs(t, randomPartition(r, 5000, 20), randomPartition(r, 5000, 20))
		assert.InDelta(t, 0, c.ARI(), 0.01)
		sum += c.ARI()
	}
	assert.InDelta(t, 0, sum/trials, 0.002, "mean ARI of independent labellings")
}

func TestPairsScale(t *testing.T) {
	// A million articles in 100,000 true clusters of 10, each predicted
	// as two stories of 5. True = 100,000·C(10,2) = 4,500,000,
	// Predicted = Shared = 200,000·C(5,2) = 2,000,000: P = 1, R = 4/9.
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	truth, pred := make([]int32, n), make([]int32, n)
	for i := range truth {
		truth[i], pred[i] = int32(i/10), int32(i/5)
	}
	c := countPairs(t, truth, pred)
	k := int64(n / 10)
	assert.Equal(t, PairCounts{N: int64(n), True: 45 * k, Predicted: 20 * k, Shared: 20 * k}, c)
	assert.Equal(t, 1.0, c.Precision())
	assert.InDelta(t, 4.0/9, c.Recall(), 1e-12)
	assert.Equal(t, int64(n)*int64(n-1)/2, c.Pairs())
}
