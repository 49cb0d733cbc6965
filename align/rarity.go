package align

import (
	"math"
	"sync"
)

// DocFreq counts in how many documents each word occurs, in fixed memory,
// and weighs words by rarity.
//
// Counts live in a count-min sketch of two rows of 2^20 32-bit counters (8
// MiB), updated conservatively (a word's counters rise only to its new
// estimate), so an estimate is never below the true count and is above it
// only when a word shares both counters with more frequent words. When
// the number of documents counted reaches 2^20, every count and the total
// are halved, so the weights follow the recent stream.
//
// A DocFreq is safe for concurrent use. The zero value is not usable:
// create one with [NewDocFreq].
type DocFreq struct {
	mu   sync.RWMutex
	rows [2][]uint32
	docs uint32
	gen  uint64 // documents ever counted: the counts' version
}

const (
	sketchBits = 20
	halveAt    = 1 << 20
)

// NewDocFreq returns an empty DocFreq.
func NewDocFreq() *DocFreq {
	d := &DocFreq{}
	for r := range d.rows {
		d.rows[r] = make([]uint32, 1<<sketchBits)
	}
	return d
}

// cells returns the two counter positions of word hash h.
func cells(h uint32) (int, int) {
	x := uint64(h) * 0x9E3779B97F4A7C15
	return int(x >> (64 - sketchBits)), int((x >> 20) & (1<<sketchBits - 1))
}

// Add counts one document whose distinct words are words (repeats are
// counted once per call only if the caller passes them once; see
// [Doc.Distinct]).
func (d *DocFreq) Add(words []uint32) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, h := range words {
		a, b := cells(h)
		est := min(d.rows[0][a], d.rows[1][b]) + 1
		if d.rows[0][a] < est {
			d.rows[0][a] = est
		}
		if d.rows[1][b] < est {
			d.rows[1][b] = est
		}
	}
	d.docs++
	d.gen++
	if d.docs >= halveAt {
		for r := range d.rows {
			for i := range d.rows[r] {
				d.rows[r][i] /= 2
			}
		}
		d.docs /= 2
	}
}

// generation returns the number of documents ever counted: the weights
// change only when it does.
func (d *DocFreq) generation() uint64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.gen
}

// Docs returns the number of documents counted (halved with the counts).
func (d *DocFreq) Docs() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return int(d.docs)
}

// Count returns the estimated number of documents holding word h.
func (d *DocFreq) Count(h uint32) int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	a, b := cells(h)
	return int(min(d.rows[0][a], d.rows[1][b]))
}

// stopSet and commonSet are stopHashes and commonHashes, for the
// lookups of AppendWeights.
var stopSet, commonSet = newWordSet(stopHashes), newWordSet(commonHashes)

// logTable[c] is log(c+1), for the counts of rare words.
var logTable = func() (t [1024]float64) {
	for c := range t {
		t[c] = math.Log(float64(c) + 1)
	}
	return t
}()

// PriorDocs is the size of the prior the counts start from: as many
// documents that each hold every stop word (see [IsStopWord]), and
// PriorCommon of them each common word (see [IsCommonWord]), and no
// other word. In a large corpus it changes nothing; in a small one (a
// few hundred documents) it keeps function words common from the first
// document on, and it keeps a word that only the source of a copy holds
// rare (counted in 1 of 2 documents it would weigh 0.37, a common word's
// weight; with the prior it weighs 0.85).
const PriorDocs = 100

// AppendWeights appends the rarity weight of each of words to dst:
// log((N+1)/(n+1)) / log(N+1) for a word in n of the N documents counted,
// each count with the prior (see [PriorDocs]): so 1 for a word never seen
// and 0 for a word in every document or a stop word.
func (d *DocFreq) AppendWeights(dst []float32, words []uint32) []float32 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	n := float64(d.docs) + PriorDocs
	top := math.Log(n + 1)
	norm := 1 / top
	for _, h := range words {
		if stopSet.has(h) {
			dst = append(dst, 0)
			continue
		}
		a, b := cells(h)
		c := min(d.rows[0][a], d.rows[1][b])
		if commonSet.has(h) {
			c += PriorCommon
		}
		var l float64
		if c < uint32(len(logTable)) {
			l = logTable[c]
		} else {
			l = math.Log(float64(c) + 1)
		}
		dst = append(dst, float32(max(0, (top-l)*norm)))
	}
	return dst
}
