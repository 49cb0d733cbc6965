package labels

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/shingle"
)

// Containment buckets: a pair's containment (shared distinct 4-word
// shingles over the smaller story's) falls in bucket i when it is at
// least ContainmentEdges[i-1] and below ContainmentEdges[i]; bucket 0 is
// exactly 0 and the last bucket is 0.95 up to 1 inclusive.
var ContainmentEdges = []float64{0, 0.1, 0.25, 0.5, 0.75, 0.95, math.Inf(1)}

// CosineBuckets is the number of equal-width buckets of TF-IDF cosine
// between 0 and 1 (the last one includes 1).
const CosineBuckets = 10

// Figures are the similarity figures of a pair of stories.
type Figures struct {
	// Containment is the number of distinct 4-word shingles the two
	// stories share over the number in the smaller one (0 when either
	// has none).
	Containment float64
	// LaterInEarlier is the number of shared distinct shingles over the
	// number in the later story: how much of the later one is found in
	// the earlier one.
	LaterInEarlier float64
	// Cosine is the cosine of the stories' TF-IDF vectors of word
	// unigrams (normalised as package shingle normalises words; IDF over
	// all the stories given).
	Cosine float64
}

// Cell returns the stratum of f: its containment bucket (see
// ContainmentEdges) and its cosine bucket (0 to CosineBuckets-1).
func (f Figures) Cell() (c, k int) {
	c = 0
	if f.Containment > 0 {
		c = 1
		for c < len(ContainmentEdges)-1 && f.Containment >= ContainmentEdges[c] {
			c++
		}
	}
	k = min(int(f.Cosine*CosineBuckets), CosineBuckets-1)
	return c, max(k, 0)
}

// StratumName names a stratum as it is written in the labels file, for
// example "c.25-.50,k.6-.7" (containment from 0.25 to below 0.50, cosine
// from 0.6 to below 0.7) or "c0,k.0-.1".
func StratumName(c, k int) string {
	cs := "c0"
	if c > 0 {
		hi := ContainmentEdges[c]
		his := fmt.Sprintf("%.2f", hi)[1:]
		if math.IsInf(hi, 1) {
			his = "1"
		}
		cs = fmt.Sprintf("c%s-%s", fmt.Sprintf("%.2f", ContainmentEdges[c-1])[1:], his)
	}
	khi := fmt.Sprintf(".%d", k+1)
	if k+1 == CosineBuckets {
		khi = "1"
	}
	return fmt.Sprintf("%s,k.%d-%s", cs, k, khi)
}

// Candidate is one pair the sampler picked.
type Candidate struct {
	// Earlier and Later are the stories' IDs, in time order (see Sample).
	Earlier, Later string
	// Stratum is the pair's stratum name (see StratumName), or "random"
	// for a pair drawn uniformly from all same-day pairs.
	Stratum string
	Figures
}

// Quota returns how many pairs Sample draws from the stratum of
// containment bucket c and cosine bucket k. It oversamples the middle of
// the range, where rewrites and independent reports of one event are
// expected: cosine from 0.3 up with little shared wording (containment
// below 0.5), and the partial-reuse containment buckets.
func Quota(c, k int) int {
	switch {
	case c <= 3 && k >= 3: // similar vocabulary, little shared wording
		return 8
	case c >= 3 && c <= 5: // partial reuse
		return 6
	case c == 6: // (nearly) whole copies: a few suffice
		return 3
	default: // dissimilar: low cosine, little or no shared wording
		return 3
	}
}

// vector is a sparse L2-normalised TF-IDF vector, sorted by term.
type vector struct {
	terms   []int32
	weights []float64
}

// story is one story prepared for comparison.
type story struct {
	id       string
	date     string
	day      string
	shingles []uint64 // distinct, sorted
	vec      vector
}

// prepare fingerprints every story: distinct 4-word shingles and a
// TF-IDF vector of normalised words.
func prepare(stories []corpus.Story) ([]story, error) {
	sh, err := shingle.New(shingle.Config{})
	if err != nil {
		return nil, err
	}
	termID := map[string]int32{}
	var df []int
	counts := make([]map[int32]int, len(stories))
	out := make([]story, len(stories))
	var norm []byte
	for i, s := range stories {
		if len(s.Date) < 10 {
			return nil, fmt.Errorf("story %q: date %q has no day", s.ID, s.Date)
		}
		hs := slices.Sorted(slices.Values(sh.AppendHashes(nil, s.Text)))
		out[i] = story{id: s.ID, date: s.Date, day: s.Date[:10], shingles: slices.Compact(hs)}
		var words []string
		for tok := range sh.Tokens(s.Text) {
			words = append(words, s.Text[tok.Start:tok.End])
		}
		c := map[int32]int{}
		for _, w := range words {
			norm = sh.AppendNormalized(norm[:0], w)
			id, ok := termID[string(norm)]
			if !ok {
				id = int32(len(df))
				termID[string(norm)] = id
				df = append(df, 0)
			}
			if c[id] == 0 {
				df[id]++
			}
			c[id]++
		}
		counts[i] = c
	}
	n := float64(len(stories))
	for i, c := range counts {
		terms := make([]int32, 0, len(c))
		for t := range c {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		weights := make([]float64, len(terms))
		var sum float64
		for j, t := range terms {
			w := float64(c[t]) * math.Log(n/float64(df[t]))
			weights[j] = w
			sum += w * w
		}
		if sum > 0 {
			inv := 1 / math.Sqrt(sum)
			for j := range weights {
				weights[j] *= inv
			}
		}
		out[i].vec = vector{terms: terms, weights: weights}
	}
	return out, nil
}

// compare returns the figures of a pair, a earlier than b.
func compare(a, b *story) Figures {
	shared := 0
	for i, j := 0, 0; i < len(a.shingles) && j < len(b.shingles); {
		switch {
		case a.shingles[i] < b.shingles[j]:
			i++
		case a.shingles[i] > b.shingles[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	var f Figures
	if small := min(len(a.shingles), len(b.shingles)); small > 0 {
		f.Containment = float64(shared) / float64(small)
		f.LaterInEarlier = float64(shared) / float64(len(b.shingles))
	}
	for i, j := 0, 0; i < len(a.vec.terms) && j < len(b.vec.terms); {
		switch {
		case a.vec.terms[i] < b.vec.terms[j]:
			i++
		case a.vec.terms[i] > b.vec.terms[j]:
			j++
		default:
			f.Cosine += a.vec.weights[i] * b.vec.weights[j]
			i++
			j++
		}
	}
	f.Cosine = min(max(f.Cosine, 0), 1) // rounding
	return f
}

// reservoir keeps a uniform sample of up to cap items of a stream.
type reservoir struct {
	seen  int
	items []Candidate
}

func (r *reservoir) offer(rng *rand.Rand, limit int, c func() Candidate) {
	r.seen++
	if len(r.items) < limit {
		r.items = append(r.items, c())
		return
	}
	if j := rng.IntN(r.seen); j < limit {
		r.items[j] = c()
	}
}

// Grid counts the same-day pairs of each stratum: Grid[c][k] for
// containment bucket c and cosine bucket k.
type Grid [][]int

// Sample picks pairs of stories of the same calendar day (the first ten
// characters of Date), stratified by containment bucket and cosine
// bucket: from every stratum, Quota(c, k) pairs drawn uniformly (all of
// them if it has fewer), and then random more pairs drawn uniformly from
// all same-day pairs (skipping any already picked). In every pair,
// Earlier is the story with the earlier Date (on equal dates, the one
// first in stories). The result depends only on stories, seed and
// random; it is in an order shuffled by seed, so that any prefix of it
// spans the whole range. It also returns the number of same-day pairs in
// each stratum. It is a pure function, safe for concurrent use; the error
// is for a story without a day.
func Sample(stories []corpus.Story, seed uint64, random int) ([]Candidate, Grid, error) {
	prep, err := prepare(stories)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(prep))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(prep[a].date, prep[b].date) })
	rng := rand.New(rand.NewPCG(seed, 0x6c6162656c73)) // "labels"
	nc := len(ContainmentEdges)
	grid := make(Grid, nc)
	cells := make([][]reservoir, nc)
	for c := range cells {
		cells[c] = make([]reservoir, CosineBuckets)
		grid[c] = make([]int, CosineBuckets)
	}
	var uniform reservoir
	for lo := 0; lo < len(order); {
		hi := lo
		for hi < len(order) && prep[order[hi]].day == prep[order[lo]].day {
			hi++
		}
		for i := lo; i < hi; i++ {
			a := &prep[order[i]]
			for j := i + 1; j < hi; j++ {
				b := &prep[order[j]]
				f := compare(a, b)
				c, k := f.Cell()
				grid[c][k]++
				cells[c][k].offer(rng, Quota(c, k), func() Candidate {
					return Candidate{Earlier: a.id, Later: b.id, Stratum: StratumName(c, k), Figures: f}
				})
				uniform.offer(rng, random*2, func() Candidate {
					return Candidate{Earlier: a.id, Later: b.id, Stratum: "random", Figures: f}
				})
			}
		}
		lo = hi
	}
	var out []Candidate
	picked := map[[2]string]bool{}
	for c := range cells {
		for k := range cells[c] {
			for _, cand := range cells[c][k].items {
				picked[[2]string{cand.Earlier, cand.Later}] = true
				out = append(out, cand)
			}
		}
	}
	added := 0
	for _, cand := range uniform.items {
		if added == random {
			break
		}
		if picked[[2]string{cand.Earlier, cand.Later}] {
			continue
		}
		picked[[2]string{cand.Earlier, cand.Later}] = true
		out = append(out, cand)
		added++
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, grid, nil
}
