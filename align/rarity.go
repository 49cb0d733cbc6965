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
	if d.docs >= halveAt {
		for r := range d.rows {
			for i := range d.rows[r] {
				d.rows[r][i] /= 2
			}
		}
		d.docs /= 2
	}
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

// logTable[c] is log(c+1), for the counts of rare words.
var logTable = func() (t [1024]float64) {
	for c := range t {
		t[c] = math.Log(float64(c) + 1)
	}
	return t
}()

// AppendWeights appends the rarity weight of each word of words to dst:
// log((N+1)/(n+1)) / log(N+1) for a word in n of the N documents counted,
// so 1 for a word never seen and 0 for a word in every document. With
// fewer than 2 documents counted every word weighs 1.
func (d *DocFreq) AppendWeights(dst []float32, words []uint32) []float32 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	n := float64(d.docs)
	if n < 2 {
		for range words {
			dst = append(dst, 1)
		}
		return dst
	}
	top := math.Log(n + 1)
	norm := 1 / top
	for _, h := range words {
		a, b := cells(h)
		c := min(d.rows[0][a], d.rows[1][b])
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
