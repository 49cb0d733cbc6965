package dedup

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
	minhash "github.com/dgryski/go-minhash"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binomialTail returns P(X ≥ m) for X ~ Binomial(k, p).
func binomialTail(k, m int, p float64) float64 {
	lk, _ := math.Lgamma(float64(k + 1))
	sum := 0.0
	for x := max(m, 0); x <= k; x++ {
		lx, _ := math.Lgamma(float64(x + 1))
		lr, _ := math.Lgamma(float64(k - x + 1))
		sum += math.Exp(lk - lx - lr + float64(x)*math.Log(p) + float64(k-x)*math.Log1p(-p))
	}
	return sum
}

// binomialBound returns the smallest m with P(X ≥ m) ≤ q for X ~
// Binomial(k, p): with k independent slots, m or more equal slots happen
// with probability at most q.
func binomialBound(k int, p, q float64) int {
	m := 0
	for binomialTail(k, m, p) > q {
		m++
	}
	return m
}

func TestMinWiseSmallSetsWithinKSlotBound(t *testing.T) {
	// Pairs of small random sets (n = 10..50 shingles in their union,
	// 1, n/4 or n/2 of them shared). With k independent slots the number
	// of equal slots is Binomial(k, J): the RMSE is sqrt(J(1−J)/k) and a
	// count beyond the one-in-a-million quantile should not be seen in
	// 3,000 pairs. Slots h1 + i·h2 without mixing fail both: a shingle
	// whose h2 is near a fraction of 2^64 with a small denominator wins
	// many slots, and a pair sharing it looks like a copy.
	if testing.Short() {
		t.Skip("Monte Carlo: not with -short")
	}
	const k, trials = 128, 3000
	for _, n := range []int{10, 20, 30, 50} {
		for _, shared := range []int{1, n / 4, n / 2} {
			j := float64(shared) / float64(n)
			t.Run(fmt.Sprintf("n=%d/J=%.2f", n, j), func(t *testing.T) {
				r := rand.New(rand.NewPCG(uint64(n), uint64(shared)))
				bound := binomialBound(k, j, 1e-6)
				var sq float64
				beyond, worst := 0, 0
				for range trials {
					a, b := pairWithJaccard(r, n, shared)
					equal := equalSlots(signSet(MinWise, k, a), signSet(MinWise, k, b))
					if equal >= bound {
						beyond++
					}
					worst = max(worst, equal)
					e := float64(equal)/k - j
					sq += e * e
				}
				rmse := math.Sqrt(sq/trials) / math.Sqrt(j*(1-j)/k)
				t.Logf("RMSE / sqrt(J(1-J)/k) %.3f; %d pairs at or beyond %d equal slots (P = 1e-6 each), worst %d", rmse, beyond, bound, worst)
				assert.LessOrEqual(t, rmse, 1.1, "RMSE within 1.1× of k independent slots")
				assert.Zero(t, beyond, "pairs with an estimate beyond the one-in-a-million bound (worst estimate %.3f, J %.3f)", float64(worst)/k, j)
			})
		}
	}
}

func TestMinWiseSlotsAreIndependent(t *testing.T) {
	// In a set of n shingles each slot's minimum is one shingle's. With
	// independent slots the slots one shingle wins are Binomial(k, 1/n),
	// so in 20,000 sets no shingle should win more than the bound below
	// (expected number of sets that do: under 0.002).
	if testing.Short() {
		t.Skip("Monte Carlo: not with -short")
	}
	const k, sets = 128, 20000
	for _, n := range []int{10, 30} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			r := rand.New(rand.NewPCG(9, uint64(n)))
			bound := binomialBound(k, 1/float64(n), 1e-7/float64(n))
			set := make([]uint64, n)
			alone := make([][]uint32, n) // each shingle's own slot values
			won := make([]int, n)
			over, worst := 0, 0
			for range sets {
				for i := range set {
					set[i] = r.Uint64()
					alone[i] = signSet(MinWise, k, set[i:i+1])
				}
				sig := signSet(MinWise, k, set)
				clear(won)
				for slot, v := range sig {
					for i := range set {
						if alone[i][slot] == v {
							won[i]++
							break
						}
					}
				}
				top := 0
				for _, w := range won {
					top = max(top, w)
				}
				if top >= bound {
					over++
				}
				worst = max(worst, top)
			}
			t.Logf("most slots won by one shingle: %d (bound %d); sets at or over the bound: %d of %d", worst, bound, over, sets)
			assert.Zero(t, over, "sets where one shingle wins %d or more of %d slots", bound, k)
		})
	}
}

// seededXXH64 returns XXH64 with a fixed seed as a go-minhash Hash64.
func seededXXH64(seed uint64) minhash.Hash64 {
	return func(b []byte) uint64 {
		var d xxhash.Digest
		d.ResetWithSeed(seed)
		_, _ = d.Write(b)
		return d.Sum64()
	}
}

// mixedSlot is the mixing step of the MinWise family, as documented.
func mixedSlot(v uint64) uint32 {
	w := v ^ v>>32
	return uint32(w * MinWiseMixer >> 32)
}

func TestMinWiseFollowsGoMinhash(t *testing.T) {
	// go-minhash is the reference: a shingle's unmixed slot values are
	// those of go-minhash's MinWise (pinned ad340ca) for the one-shingle
	// set, with h1 and h2 XXH64 of the shingle hash's 8 little-endian
	// bytes; a signature's slot is the minimum of their mixed values.
	// Signature lengths that are not multiples of 4 cover the loop's tail.
	r := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 2, 10, 57, 300} {
		for _, k := range []int{1, 3, 4, 7, 128, 130} {
			set := make([]uint64, n)
			want := make([]uint32, k)
			for i := range want {
				want[i] = math.MaxUint32
			}
			for i := range set {
				set[i] = r.Uint64()
				var key [8]byte
				binary.LittleEndian.PutUint64(key[:], set[i])
				require.Equal(t, seededXXH64(MinHashSeed1)(key[:]), xxh64Word(set[i], MinHashSeed1))
				require.Equal(t, seededXXH64(MinHashSeed2)(key[:]), xxh64Word(set[i], MinHashSeed2))
				mw := minhash.NewMinWise(seededXXH64(MinHashSeed1), seededXXH64(MinHashSeed2), k)
				mw.Push(key[:])
				for slot, v := range mw.Signature() {
					want[slot] = min(want[slot], mixedSlot(v))
				}
			}
			assert.Equal(t, want, signSet(MinWise, k, set), "%d shingles, k=%d", n, k)
		}
	}
	// Edge values of the shingle hash.
	for _, x := range []uint64{0, 1, math.MaxUint64, 1 << 63} {
		var key [8]byte
		binary.LittleEndian.PutUint64(key[:], x)
		assert.Equal(t, seededXXH64(MinHashSeed1)(key[:]), xxh64Word(x, MinHashSeed1), "%#x", x)
		assert.Equal(t, seededXXH64(MinHashSeed2)(key[:]), xxh64Word(x, MinHashSeed2), "%#x", x)
	}
}
