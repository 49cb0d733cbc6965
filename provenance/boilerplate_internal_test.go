package provenance

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBoilerplateCountsUnderLoad(t *testing.T) {
	// A table of 2^16 counters and 50 outlets, each with a 10-shingle
	// footer, publishing articles of 60 shingles never seen before: 70
	// increments an article, so the table is halved every ~940 articles.
	// Every footer is learned, and next to none of the articles' own
	// shingles are (counters without tags added up every key that shared
	// them: at this load, a good share of the shingles seen once reached
	// the threshold), and a footer that stops recurring is forgotten
	// after two halvings.
	const outlets, footer, own = 50, 10, 60
	b := newBoilerplateSize(DefaultBoilerplateMin, 1<<16, 12)
	r := rand.New(rand.NewPCG(1, 2))
	footers := make([][]uint64, outlets)
	for o := range footers {
		for range footer {
			footers[o] = append(footers[o], r.Uint64())
		}
	}
	var recent []uint64 // the own shingles of the last 200 articles
	article := func(i int, withFooter func(o int) bool) {
		o := i % outlets
		hashes := make([]uint64, 0, own+footer)
		for range own {
			hashes = append(hashes, r.Uint64())
		}
		if i%1000 >= 800 {
			recent = append(recent, hashes...)
		}
		if withFooter(o) {
			hashes = append(hashes, footers[o]...)
		}
		b.learn(uint64(o)*2+1, hashes)
	}
	for i := range 3000 {
		article(i, func(int) bool { return true })
	}
	learned := func(o int) int {
		n := 0
		for _, h := range footers[o] {
			if b.is(h) {
				n++
			}
		}
		return n
	}
	for o := range outlets {
		assert.Equal(t, footer, learned(o), "outlet %d", o)
	}
	wrong := 0
	for _, h := range recent {
		if b.is(h) {
			wrong++
		}
	}
	assert.Less(t, wrong, len(recent)/1000, "%d of %d shingles seen once are taken for boilerplate", wrong, len(recent))
	assert.GreaterOrEqual(t, b.gen.Load(), uint32(2), "halved")

	// Outlet 0 drops its footer: forgotten within two halvings; the
	// others keep theirs.
	g := b.gen.Load()
	for i := 0; b.gen.Load() < g+2; i++ {
		article(i, func(o int) bool { return o != 0 })
	}
	assert.Zero(t, learned(0))
	for o := 1; o < outlets; o++ {
		assert.Equal(t, footer, learned(o), "outlet %d", o)
	}
}

func TestBoilerplateRepeatsInsideAnArticleCountOnce(t *testing.T) {
	// A shingle repeated 10 times in each of 4 articles of an outlet has
	// been seen in 4 articles: not learned at 5. The fifth teaches it.
	// The hash 0 is a shingle like any other.
	b := newBoilerplateSize(DefaultBoilerplateMin, 1<<12, 8)
	assert.True(t, b.empty())
	const outlet = 7
	article := func(own uint64) []uint64 {
		var hashes []uint64
		for range 10 {
			hashes = append(hashes, 0, 42, own)
		}
		return hashes
	}
	for i := range 4 {
		b.learn(outlet, article(uint64(1000+i)))
	}
	assert.False(t, b.is(42))
	assert.False(t, b.is(0))
	assert.True(t, b.empty(), "nothing learned: nothing is checked")
	b.learn(outlet, article(2000))
	assert.True(t, b.is(42))
	assert.True(t, b.is(0))
	assert.False(t, b.is(2000))
	assert.False(t, b.empty())

	var d distinctSet
	assert.Equal(t, []uint64{3, 0, 1, 2}, d.of([]uint64{3, 0, 3, 1, 0, 2, 1}))
	assert.Empty(t, d.of(nil))
}
