package align

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// A postingTable holds what a map would through adds, growth and
// removals (the backward shift of removal included), with words that
// collide on their home slot and the word 0.
func TestPostingTableIsAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab postingTable
	want := map[uint32][]int32{}
	word := func() uint32 {
		switch rng.IntN(4) {
		case 0:
			return 0
		case 1:
			return uint32(rng.IntN(64)) << 25 // few homes: long runs
		default:
			return uint32(rng.IntN(5000))
		}
	}
	for step := range 200000 {
		h := word()
		if rng.IntN(3) == 0 {
			tab.remove(h)
			delete(want, h)
		} else {
			ref := tab.ref(h)
			*ref = append(*ref, int32(step))
			want[h] = append(want[h], int32(step))
		}
		if step%1000 == 0 || step > 199000 {
			if tab.used != len(want) || len(tab.lists)-len(tab.free) != len(want) {
				t.Fatalf("step %d: %d words, %d lists, want %d", step, tab.used, len(tab.lists)-len(tab.free), len(want))
			}
			for w, l := range want {
				if got := tab.get(w); !slices.Equal(got, l) {
					t.Fatalf("step %d: word %#x: %v, want %v", step, w, got, l)
				}
			}
			for range 100 {
				if w := rng.Uint32(); want[w] == nil && tab.get(w) != nil {
					t.Fatalf("step %d: word %#x absent, got %v", step, w, tab.get(w))
				}
			}
		}
	}
}

// The word sets of AppendWeights hold the stop and common words and no
// other.
func TestWordSetsAreTheLists(t *testing.T) {
	for _, c := range []struct {
		set  *wordSet
		list map[uint32]bool
	}{{&stopSet, stopHashes}, {&commonSet, commonHashes}} {
		for h := range c.list {
			if !c.set.has(h) {
				t.Errorf("word %#x of the list missing", h)
			}
		}
		rng := rand.New(rand.NewPCG(3, 4))
		for range 100000 {
			if h := rng.Uint32(); c.set.has(h) != c.list[h] {
				t.Errorf("word %#x: in set %v, in list %v", h, c.set.has(h), c.list[h])
			}
		}
		if c.set.has(0) != c.list[0] {
			t.Error("word 0")
		}
	}
	s := newWordSet(map[uint32]bool{0: true, 7: true})
	if !s.has(0) || !s.has(7) || s.has(8) {
		t.Error("a set with the word 0")
	}
}

// orderedBits orders floats as cmp.Compare does (NaN aside).
func TestOrderedBits(t *testing.T) {
	xs := []float32{float32(math.Inf(-1)), -3, -1, -1e-30, float32(math.Copysign(0, -1)), 0, 1e-30, 0.05, 1, 2.5, 3, float32(math.Inf(1))}
	for _, x := range xs {
		for _, y := range xs {
			if got, want := cmp.Compare(orderedBits(x), orderedBits(y)), cmp.Compare(x, y); got != want {
				t.Errorf("%v vs %v: %d, want %d", x, y, got, want)
			}
		}
	}
}

// A query counts every slot in the postings it reads as a live
// document's (it does not check): through adds, removals, slot reuse and
// postings full to their cap, every slot listed under a word is a live
// document indexed under that word.
func TestPostingsListOnlyLiveDocuments(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ix := NewIndex(IndexConfig{PostingCap: 8, Keys: 6}, nil)
	var live []string
	for step := range 3000 {
		if len(live) > 0 && rng.IntN(3) == 0 {
			n := rng.IntN(len(live))
			if !ix.Remove(live[n]) {
				t.Fatalf("step %d: %s not removed", step, live[n])
			}
			live = slices.Delete(live, n, n+1)
		} else {
			d := &Doc{}
			for range 5 + rng.IntN(30) {
				d.Words = append(d.Words, uint32(rng.IntN(400))<<1)
			}
			id := fmt.Sprint("d", step)
			if err := ix.Add(id, d, true); err != nil {
				t.Fatal(err)
			}
			live = append(live, id)
		}
		for _, s := range ix.postings.slots {
			if s.list == 0 {
				continue
			}
			for _, slot := range ix.postings.lists[s.list-1] {
				e := &ix.docs[slot]
				if x, ok := ix.byID[e.id]; !ok || x != slot || !slices.Contains(e.keys, s.word) {
					t.Fatalf("step %d: word %#x lists slot %d (%q), not a live document indexed under it", step, s.word, slot, e.id)
				}
			}
		}
	}
}

// A prepared Doc's table (what promising looks the source's words up
// in, for an Index's query) holds its words and no other, the word 0
// included; Prepare is undone by a refill.
func TestPreparedDocHoldsItsWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 200 {
		d := &Doc{}
		for range 1 + rng.IntN(300) {
			d.Words = append(d.Words, uint32(rng.IntN(500)))
		}
		if d.termsReady() {
			t.Fatal("terms ready before Prepare")
		}
		d.Prepare()
		if !d.termsReady() {
			t.Fatal("terms not ready after Prepare")
		}
		for h := range uint32(600) {
			if got, want := d.holds(h), slices.Contains(d.Words, h); got != want {
				t.Fatalf("round %d: word %d: holds %v, want %v", round, h, got, want)
			}
		}
		for i, at := range d.terms.at {
			if d.terms.distinct[at] != d.Words[i] {
				t.Fatalf("round %d: word %d placed at %d, a different word", round, i, at)
			}
		}
		d.Words = d.Words[:len(d.Words)/2]
		if len(d.Words) > 0 && d.termsReady() {
			t.Fatal("terms ready for other words")
		}
	}
	var tz Tokenizer
	d := tz.Doc(&Doc{}, "one two three", false)
	d.Prepare()
	tz.Doc(d, "one two four", false)
	if d.termsReady() {
		t.Fatal("terms ready after a refill")
	}
}
