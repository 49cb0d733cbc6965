package provenance

import (
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
)

// DefaultBoilerplateMin is the suggested Config.BoilerplateMin: a
// shingle found in 3 earlier articles of one outlet is that outlet's
// boilerplate.
const DefaultBoilerplateMin = 3

// boilerplate learns each outlet's boilerplate (navigation, share
// buttons, donation appeals, newsletter promos, footers, recurring
// captions) as the shingles that recur across that outlet's articles of
// different stories. A story's own text stays in its story, so its
// shingles stay below the threshold; a template's reach it after a few
// stories.
//
// Counts live in one fixed table of counters indexed by a hash of
// (outlet, shingle); all counters are halved every time the table has
// taken as many increments as it has counters, so it forgets old
// templates and collisions stay rare. Counters are atomic: texts are
// fingerprinted in parallel while other articles are learned.
type boilerplate struct {
	min      uint32
	counters []atomic.Uint32
	added    atomic.Uint64 // increments since the last halving
}

// boilerplateCounters is the size of the table: 8 MB.
const boilerplateCounters = 1 << 21

func newBoilerplate(min int) *boilerplate {
	return &boilerplate{min: uint32(min), counters: make([]atomic.Uint32, boilerplateCounters)}
}

// slot returns the counter of shingle h at outlet.
func (b *boilerplate) slot(outlet, h uint64) *atomic.Uint32 {
	x := (h ^ outlet) * 0x9e3779b97f4a7c15
	x ^= x >> 29
	return &b.counters[x&(boilerplateCounters-1)]
}

// is reports whether shingle h is boilerplate at outlet.
func (b *boilerplate) is(outlet, h uint64) bool {
	return b.slot(outlet, h).Load() >= b.min
}

// learn counts the shingles of one article of outlet. A shingle repeated
// inside the article counts once.
func (b *boilerplate) learn(outlet uint64, hashes []uint64, seen map[uint64]bool) {
	clear(seen)
	n := uint64(0)
	for _, h := range hashes {
		if seen[h] {
			continue
		}
		seen[h] = true
		if c := b.slot(outlet, h); c.Load() < 1<<16 {
			c.Add(1)
			n++
		}
	}
	if b.added.Add(n) >= boilerplateCounters {
		b.added.Store(0)
		for i := range b.counters {
			c := &b.counters[i]
			c.Store(c.Load() / 2)
		}
	}
}

// outletKey returns a key for an article's outlet, from its Source or
// else its URL's host, or 0 when neither names one.
func outletKey(source, rawURL string) uint64 {
	name := source
	if name == "" && rawURL != "" {
		if u, err := url.Parse(rawURL); err == nil {
			name = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	key := NormalizeOutlet(name)
	if key == "" {
		return 0
	}
	return xxhash.Sum64String(key) | 1
}
