package dedup

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signSet signs a set of shingle hashes directly, for accuracy tests
// that need sets of exact sizes and overlaps.
func signSet(m Method, k int, set []uint64) []uint32 {
	if m == OnePermutation {
		o := newOPH(k)
		o.reset()
		for _, h := range set {
			o.push(h)
		}
		return o.densify(nil)
	}
	mins := make([]uint32, k)
	for i := range mins {
		mins[i] = math.MaxUint32
	}
	for _, h := range set {
		pushMinWise(mins, h)
	}
	return mins
}

// pairWithJaccard returns two random sets with n elements in their
// union and Jaccard similarity shared/n: the shared elements, then the
// rest split between the two.
func pairWithJaccard(r *rand.Rand, n, shared int) (a, b []uint64) {
	for i := range n {
		x := r.Uint64()
		switch {
		case i < shared:
			a, b = append(a, x), append(b, x)
		case i%2 == 0:
			a = append(a, x)
		default:
			b = append(b, x)
		}
	}
	return a, b
}

// estimatorError returns the root mean square error of the Jaccard
// estimate, relative to the error of k independent permutations
// sqrt(J(1−J)/k), and the share of pairs with at least one equal band
// of rows slots, relative to 1 − (1 − J^rows)^bands.
func estimatorError(m Method, k, n int, j float64, trials, bands, rows int, seed uint64) (rmse, bandRate float64) {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	shared := int(math.Round(j * float64(n)))
	j = float64(shared) / float64(n)
	var sq float64
	hits := 0
	for range trials {
		a, b := pairWithJaccard(r, n, shared)
		sa, sb := signSet(m, k, a), signSet(m, k, b)
		est := float64(equalSlots(sa, sb)) / float64(k)
		sq += (est - j) * (est - j)
		for band := range bands {
			if equalSlots(sa[band*rows:(band+1)*rows], sb[band*rows:(band+1)*rows]) == rows {
				hits++
				break
			}
		}
	}
	theory := math.Sqrt(j * (1 - j) / float64(k))
	want := 1 - math.Pow(1-math.Pow(j, float64(rows)), float64(bands))
	return math.Sqrt(sq/float64(trials)) / theory, float64(hits) / float64(trials) / want
}

func TestOnePermutationAccuracy(t *testing.T) {
	// Deterministic (seeded) Monte Carlo: 1,500 pairs per cell, so the
	// RMSE ratio itself is known to about ±2%.
	if testing.Short() {
		t.Skip("Monte Carlo: not with -short")
	}
	const k, trials = 128, 1500
	for _, n := range []int{200, 1000} {
		for _, j := range []float64{0.25, 0.5, 0.8} {
			t.Run(fmt.Sprintf("n=%d/J=%.2f", n, j), func(t *testing.T) {
				oph, _ := estimatorError(OnePermutation, k, n, j, trials, 1, 2, 1)
				mw, _ := estimatorError(MinWise, k, n, j, trials, 1, 2, 1)
				t.Logf("RMSE / sqrt(J(1-J)/k): oph %.3f, minwise %.3f", oph, mw)
				assert.LessOrEqual(t, oph, 1.05, "one-permutation error within 1.05× of k permutations")
			})
		}
	}
}

func TestOnePermutationShortTexts(t *testing.T) {
	// Below k shingles most bins are densified. The error grows but
	// stays bounded, and band hit rates stay close to the theory the
	// banding solver assumes (28 bands of 2 rows for the default index).
	if testing.Short() {
		t.Skip("Monte Carlo: not with -short")
	}
	const k, trials = 128, 1500
	for _, n := range []int{10, 20, 50, 100} {
		for _, j := range []float64{0.25, 0.6} {
			t.Run(fmt.Sprintf("n=%d/J=%.2f", n, j), func(t *testing.T) {
				oph, ophBand := estimatorError(OnePermutation, k, n, j, trials, 28, 2, 2)
				mw, mwBand := estimatorError(MinWise, k, n, j, trials, 28, 2, 2)
				t.Logf("RMSE ratio: oph %.3f, minwise %.3f; band rate / theory: oph %.3f, minwise %.3f", oph, mw, ophBand, mwBand)
				assert.LessOrEqual(t, oph, 1.35)
				assert.InDelta(t, 1, ophBand, 0.1)
			})
		}
	}
}

func TestOnePermutationDensification(t *testing.T) {
	// One shingle fills every slot with its value; duplicates and order
	// change nothing; every slot holds the value of a full bin.
	o := newOPH(64)
	o.reset()
	o.push(42)
	one := o.densify(nil)
	for _, v := range one {
		require.Equal(t, one[0], v)
	}

	r := rand.New(rand.NewPCG(3, 4))
	set := make([]uint64, 30)
	for i := range set {
		set[i] = r.Uint64()
	}
	a := signSet(OnePermutation, 128, set)
	shuffled := append([]uint64(nil), set...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := signSet(OnePermutation, 128, append(shuffled, set[:10]...))
	assert.Equal(t, a, b)

	values := map[uint32]bool{}
	for _, x := range set {
		values[uint32(mix64(x^OnePermutationSeed))] = true
	}
	for i, v := range a {
		assert.True(t, values[v], "slot %d holds a shingle's value", i)
	}
}
