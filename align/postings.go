package align

// postingTable maps a word hash to the slots of the documents indexed
// under it: a hash table with open addressing and linear probing over
// an array of 8-byte slots, so that a lookup reads one cache line or
// two (a miss, the common case for a query's words, reads no more). The
// lists themselves lie apart, in lists. It does what a
// map[uint32][]int32 does, faster; it is not safe for concurrent use
// (the Index's lock guards it).
type postingTable struct {
	slots []postingSlot // a power of two long, or nil
	lists [][]int32     // by postingSlot.list-1
	free  []int32       // places in lists of removed words, for reuse
	used  int
}

// postingSlot is one entry of a postingTable: a word and 1 + the place
// of its postings in lists (0: an empty slot).
type postingSlot struct {
	word uint32
	list int32
}

// home is the slot where word h's probe starts, in a table of mask+1
// slots.
func home(h uint32, mask uint32) uint32 { return (h * 0x9E3779B1) >> 7 & mask }

// get returns word h's postings, nil if it has none.
func (t *postingTable) get(h uint32) []int32 {
	if t.used == 0 {
		return nil
	}
	mask := uint32(len(t.slots) - 1)
	for j := home(h, mask); ; j = (j + 1) & mask {
		s := t.slots[j]
		if s.list == 0 {
			return nil
		}
		if s.word == h {
			return t.lists[s.list-1]
		}
	}
}

// ref returns the place of word h's postings, adding an empty list when
// it has none. The place is valid until the next ref or remove.
func (t *postingTable) ref(h uint32) *[]int32 {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	mask := uint32(len(t.slots) - 1)
	for j := home(h, mask); ; j = (j + 1) & mask {
		s := &t.slots[j]
		if s.list == 0 {
			var at int32
			if n := len(t.free); n > 0 {
				at, t.free = t.free[n-1], t.free[:n-1]
			} else {
				at = int32(len(t.lists))
				t.lists = append(t.lists, nil)
			}
			*s = postingSlot{word: h, list: at + 1}
			t.used++
			return &t.lists[at]
		}
		if s.word == h {
			return &t.lists[s.list-1]
		}
	}
}

// grow doubles the table (at least 1,024 slots).
func (t *postingTable) grow() {
	old := t.slots
	t.slots = make([]postingSlot, max(1024, 2*len(old)))
	mask := uint32(len(t.slots) - 1)
	for _, s := range old {
		if s.list == 0 {
			continue
		}
		j := home(s.word, mask)
		for t.slots[j].list != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = s
	}
}

// remove drops word h and its postings, if it has any.
func (t *postingTable) remove(h uint32) {
	if t.used == 0 {
		return
	}
	mask := uint32(len(t.slots) - 1)
	i := home(h, mask)
	for ; t.slots[i].word != h || t.slots[i].list == 0; i = (i + 1) & mask {
		if t.slots[i].list == 0 {
			return
		}
	}
	at := t.slots[i].list - 1
	t.lists[at] = nil
	t.free = append(t.free, at)
	// Backward shift: move up each later entry of the run whose home is
	// not between the hole and it (cyclically), so that no probe meets a
	// hole before its word.
	for j := i; ; {
		j = (j + 1) & mask
		if t.slots[j].list == 0 {
			break
		}
		k := home(t.slots[j].word, mask)
		if i <= j && i < k && k <= j || i > j && (i < k || k <= j) {
			continue // its probe does not pass the hole
		}
		t.slots[i] = t.slots[j]
		i = j
	}
	t.slots[i] = postingSlot{}
	t.used--
}

// wordSet is a fixed set of word hashes, built once: open addressing
// over one small array, for the hot lookups of the stop and common
// words. It is safe for concurrent reads.
type wordSet struct {
	slots   []uint32 // 0: empty
	hasZero bool
}

// newWordSet returns the set of words.
func newWordSet(words map[uint32]bool) wordSet {
	size := 64
	for size < 4*len(words) {
		size <<= 1
	}
	s := wordSet{slots: make([]uint32, size)}
	mask := uint32(size - 1)
	for h := range words {
		if h == 0 {
			s.hasZero = true
			continue
		}
		j := home(h, mask)
		for s.slots[j] != 0 {
			j = (j + 1) & mask
		}
		s.slots[j] = h
	}
	return s
}

// has reports whether h is in the set.
func (s *wordSet) has(h uint32) bool {
	if h == 0 {
		return s.hasZero
	}
	mask := uint32(len(s.slots) - 1)
	for j := home(h, mask); ; j = (j + 1) & mask {
		switch s.slots[j] {
		case h:
			return true
		case 0:
			return false
		}
	}
}
