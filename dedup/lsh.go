package dedup

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
)

// lsh is the single-goroutine core of Index.
//
// Documents live in slots: slot s has a signature (in pages of pageSize
// signatures, never copied when the index grows), a distinct-shingle count
// (0 marks a free slot) and an ID.
//
// Lookups go through cell tables: tables[b] finds the documents whose band
// b has a given key, and tables[bands] finds a document by ID. The cells
// of one key lie along its probe sequence in the order their documents
// were added: a cell goes into the first empty cell, never a deleted one,
// and a rebuild inserts documents in the order they were added (see
// [Saturation], which relies on it). Every table
// holds one cell per live document. A cell is a uint32: its low slotBits
// bits hold slot+2 (0 is an empty cell, 1 a deleted one) and its high bits
// are those bits of the key's low half, a fingerprint that rejects
// almost every other key without touching its signature. A table is open
// addressing with linear probing; a key's home cell is
// ⌊(key>>32)·m / 2^32⌋ for a table of m cells. Each band costs 4 bytes per
// document divided by the load factor, which stays between minLoad and
// maxLoad as the index grows.
type lsh struct {
	cfg        IndexConfig
	settingsID SettingsID
	k          int
	bands      int
	rows       int

	ids      []string
	shingles []uint32   // 0 marks a free slot
	values   [][]uint32 // pages of pageSize signatures
	free     []uint32   // free slots, reused last in first out
	live     int
	order    []uint64 // by slot: when it was added, counting adds
	adds     uint64   // documents ever added: the next one's order
	reused   bool     // a free slot was reused: slot order is not add order
	places   []Place  // by slot: where the caller ranks it (see Saturation)
	// earliestAfter holds the suffix minima of the places' Earliest in
	// add order: see settled.
	earliestAfter []addMark

	// verified counts the candidates verified by queries, atomically
	// (queries share the read lock); tests read it.
	verified uint64

	tables   [][]uint32        // bands+1 tables of equal length
	used     []int             // non-empty cells (live or deleted) per table
	tails    [][tailCache]tail // per table: where recent keys' last cells went
	slotBits uint
	touched  uint32 // keeps add's early loads from being optimised away
}

// tail is where the last cell inserted under key went in a table: the
// next cell of that key goes into the first empty cell after it, so that
// indexing n copies of one story (n cells under each of its band keys)
// does not probe all earlier copies' cells each time. A tail is cleared
// when its cell is erased and when the table is rebuilt or widened.
type tail struct {
	key  uint64
	pos  uint32
	cell uint32 // 0: no tail
}

// tailCache is the number of tails each table remembers, by key.
const tailCache = 64

const (
	// pageSize is the number of signatures in one page.
	pageSize = 1 << 12
	// maxLoad is the share of non-empty cells at which the tables are
	// rebuilt, at a size that brings the load down to minLoad.
	maxLoad = 0.8
	minLoad = 0.55
	// minTable is the smallest table size.
	minTable = 64
	// maxTables bounds bands+1: a banding uses at most MaxNumHashes slots.
	maxTables = MaxNumHashes + 1
	// cellEmpty and cellDeleted are the reserved slot fields of a cell.
	cellEmpty   = 0
	cellDeleted = 1
)

func (l *lsh) init(cfg IndexConfig) {
	l.cfg = cfg
	l.settingsID = cfg.Settings.ID()
	l.k = cfg.Settings.NumHashes
	l.bands, l.rows = cfg.Banding.Bands, cfg.Banding.Rows
	l.slotBits = 16
	if cfg.Capacity > 0 {
		l.ids = make([]string, 0, cfg.Capacity)
		l.shingles = make([]uint32, 0, cfg.Capacity)
		l.values = make([][]uint32, 0, (cfg.Capacity+pageSize-1)/pageSize)
	}
	l.tables = make([][]uint32, l.bands+1)
	l.used = make([]int, l.bands+1)
	l.tails = make([][tailCache]tail, l.bands+1)
	for t := range l.tables {
		l.tables[t] = make([]uint32, max(minTable, int(float64(cfg.Capacity)/maxLoad)+1))
	}
}

// sig returns the slot values of slot.
func (l *lsh) sig(slot uint32) []uint32 {
	page := l.values[slot/pageSize]
	off := int(slot%pageSize) * l.k
	return page[off : off+l.k : off+l.k]
}

// bandKey hashes band b of a signature.
func bandKey(b int, vals []uint32) uint64 {
	h := uint64(b+1) * 0x9e3779b97f4a7c15
	for _, v := range vals {
		h = (h ^ uint64(v)) * 0xff51afd7ed558ccd
		h ^= h >> 29
	}
	h ^= h >> 32
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	return h
}

// key returns the key of slot in table t.
func (l *lsh) key(t int, slot uint32) uint64 {
	if t == l.bands {
		return xxhash.Sum64String(l.ids[slot])
	}
	return bandKey(t, l.sig(slot)[t*l.rows:(t+1)*l.rows])
}

// home returns the home cell of key in a table of m cells.
func home(key uint64, m int) int { return int((key >> 32) * uint64(m) >> 32) }

// slotMask returns the mask of a cell's slot field.
func (l *lsh) slotMask() uint32 { return 1<<l.slotBits - 1 }

// cell returns the cell of slot under key.
func (l *lsh) cell(key uint64, slot uint32) uint32 {
	return uint32(key)&^l.slotMask() | (slot + 2)
}

// insert adds slot's cell under key to table t, in the first empty cell
// of its probe sequence: after every cell of the same key, so that they
// stay in the order they were added. (Deleted cells are left for erase to
// empty, or for the next rebuild.)
func (l *lsh) insert(t int, key uint64, slot uint32) {
	tab := l.tables[t]
	i := home(key, len(tab))
	tl := &l.tails[t][key%tailCache]
	if tl.cell != 0 && tl.key == key && tab[tl.pos] == tl.cell {
		// The key's last cell, reachable from home: every cell before it
		// on the way is taken.
		if i = int(tl.pos) + 1; i == len(tab) {
			i = 0
		}
	}
	for tab[i] != cellEmpty {
		if i++; i == len(tab) {
			i = 0
		}
	}
	l.used[t]++
	tab[i] = l.cell(key, slot)
	*tl = tail{key: key, pos: uint32(i), cell: tab[i]}
}

// lookup calls fn with the slot of every cell of table t whose
// fingerprint matches key, until fn returns false. Slots may belong to
// other keys with the same fingerprint; callers check.
func (l *lsh) lookup(t int, key uint64, fn func(slot uint32) bool) {
	tab, mask := l.tables[t], l.slotMask()
	fp := uint32(key) &^ mask
	for i := home(key, len(tab)); tab[i] != cellEmpty; {
		if c := tab[i]; c&^mask == fp && c&mask > cellDeleted {
			if !fn(c&mask - 2) {
				return
			}
		}
		if i++; i == len(tab) {
			i = 0
		}
	}
}

// erase deletes slot's cell under key from table t. A deleted cell
// followed by an empty one becomes empty, as do the deleted cells before
// it, so tables do not fill with deleted cells when documents come and go.
func (l *lsh) erase(t int, key uint64, slot uint32) {
	tab := l.tables[t]
	want := l.cell(key, slot)
	i := home(key, len(tab))
	for tab[i] != want {
		if i++; i == len(tab) {
			i = 0
		}
	}
	tab[i] = cellDeleted
	if tl := &l.tails[t][key%tailCache]; tl.cell != 0 && int(tl.pos) == i {
		*tl = tail{}
	}
	next := i + 1
	if next == len(tab) {
		next = 0
	}
	for tab[next] == cellEmpty && tab[i] == cellDeleted {
		tab[i] = cellEmpty
		l.used[t]--
		next = i
		if i--; i < 0 {
			i = len(tab) - 1
		}
	}
}

// findID returns the slot of id.
func (l *lsh) findID(id string) (slot uint32, ok bool) {
	l.lookup(l.bands, xxhash.Sum64String(id), func(s uint32) bool {
		if l.ids[s] == id {
			slot, ok = s, true
			return false
		}
		return true
	})
	return slot, ok
}

// newSlot returns a free slot, widening the cells' slot field if needed.
func (l *lsh) newSlot() uint32 {
	if n := len(l.free); n > 0 {
		slot := l.free[n-1]
		l.free = l.free[:n-1]
		l.reused = true
		return slot
	}
	slot := uint32(len(l.ids))
	if slot%pageSize == 0 {
		l.values = append(l.values, make([]uint32, pageSize*l.k))
	}
	l.ids = append(l.ids, "")
	l.shingles = append(l.shingles, 0)
	l.order = append(l.order, 0)
	l.places = append(l.places, Place{})
	if need := uint(bits.Len32(slot + 2)); need > l.slotBits {
		l.widen(need)
	}
	return slot
}

// widen makes the cells' slot field n bits wide, taking the bits from the
// fingerprints. Cells keep their places.
func (l *lsh) widen(n uint) {
	oldMask, newMask := l.slotMask(), uint32(1)<<n-1
	for _, tab := range l.tables {
		for i, c := range tab {
			tab[i] = c&^newMask | c&oldMask
		}
	}
	clear(l.tails)
	l.slotBits = n
}

// reserve rebuilds the tables when one more cell would pass maxLoad.
func (l *lsh) reserve() {
	m := len(l.tables[0])
	for _, u := range l.used {
		if float64(u+1) > maxLoad*float64(m) {
			l.rebuild(max(minTable, int(float64(l.live+1)/minLoad)))
			return
		}
	}
}

// rebuild re-creates every table with m cells from the live slots.
func (l *lsh) rebuild(m int) {
	for t := range l.tables {
		if cap(l.tables[t]) >= m {
			l.tables[t] = l.tables[t][:m]
			clear(l.tables[t])
		} else {
			l.tables[t] = make([]uint32, m)
		}
		l.used[t] = 0
	}
	clear(l.tails)
	live := l.addOrder()
	for _, slot := range live {
		l.insertAll(slot)
	}
	if len(live) > 0 {
		l.trimEarliest(l.order[live[0]])
	}
}

// addOrder returns the live slots in the order they were added.
func (l *lsh) addOrder() []uint32 {
	slots := make([]uint32, 0, l.live)
	for slot, n := range l.shingles {
		if n != 0 {
			slots = append(slots, uint32(slot))
		}
	}
	if l.reused {
		slices.SortFunc(slots, func(a, b uint32) int { return cmp.Compare(l.order[a], l.order[b]) })
	}
	return slots
}

// insertAll inserts slot's cells into every table.
func (l *lsh) insertAll(slot uint32) {
	// Load every home cell before probing any, so that the cache misses
	// of the tables overlap instead of queueing behind each probe loop.
	var keys [maxTables]uint64
	var homes [maxTables]int
	m := len(l.tables[0])
	for t := range l.tables {
		keys[t] = l.key(t, slot)
		homes[t] = home(keys[t], m)
	}
	var touch uint32
	for t, tab := range l.tables {
		touch += tab[homes[t]]
	}
	l.touched = touch
	for t := range l.tables {
		l.insert(t, keys[t], slot)
	}
}

func (l *lsh) add(id string, sig *Signature, place Place) {
	l.reserve()
	slot := l.newSlot()
	l.ids[slot] = id
	l.shingles[slot] = uint32(min(sig.shingles, 1<<32-1))
	copy(l.sig(slot), sig.values)
	l.order[slot] = l.adds
	l.places[slot] = place
	l.noteEarliest(l.adds, place.Earliest)
	l.adds++
	l.live++
	l.insertAll(slot)
}

func (l *lsh) remove(id string) bool {
	slot, ok := l.findID(id)
	if !ok {
		return false
	}
	for t := range l.tables {
		l.erase(t, l.key(t, slot), slot)
	}
	l.ids[slot] = ""
	l.shingles[slot] = 0
	l.free = append(l.free, slot)
	l.live--
	return true
}

// candidates appends the slots that share a band with sig, possibly
// with repeats. If limit is true it stops when dst is full and reports
// false; callers then start again with a bigger buffer.
func (l *lsh) candidates(dst []uint32, sig *Signature, limit bool) ([]uint32, bool) {
	mask := l.slotMask()
	m := len(l.tables[0])
	// Load every band's home cell before scanning any, so that the cache
	// misses overlap instead of queueing behind each scan.
	var keys [maxTables]uint64
	var homes [maxTables]int
	var touch uint32
	for b := range l.bands {
		keys[b] = bandKey(b, sig.values[b*l.rows:(b+1)*l.rows])
		homes[b] = home(keys[b], m)
		touch += l.tables[b][homes[b]]
	}
	if touch == 1<<32-1 { // never true in practice; keeps the loads
		dst = append(dst[:0], dst...)
	}
	for b := range l.bands {
		key, tab := keys[b], l.tables[b]
		fp := uint32(key) &^ mask
		for i := homes[b]; tab[i] != cellEmpty; {
			if c := tab[i]; c&^mask == fp && c&mask > cellDeleted {
				if limit && len(dst) == cap(dst) {
					return dst, false
				}
				dst = append(dst, c&mask-2)
			}
			if i++; i == len(tab) {
				i = 0
			}
		}
	}
	return dst, true
}

// maxSortedCandidates is the most candidates de-duplicated by sorting;
// longer lists, such as a query with thousands of identical copies
// indexed, go through a bitmap in linear time.
const maxSortedCandidates = 512

// bigCandidates holds candidate buffers for queries with more candidates
// than fit on the stack, so that even those allocate nothing once warm.
var bigCandidates = sync.Pool{New: func() any { return new([]uint32) }}

// bitmaps holds scratch bitmaps for distinct, all zero between uses.
var bitmaps = sync.Pool{New: func() any { return new([]uint64) }}

// bitmap returns a scratch bitmap from bitmaps with a bit for every
// slot, all zero. The caller zeroes the words it set and puts it back.
// A new bitmap is made for the slots' capacity, not their number: an
// index growing one document at a time would otherwise outgrow every
// bitmap in the pool each 64 adds, and its queries would make new ones,
// bytes quadratic in the number of documents.
func (l *lsh) bitmap() *[]uint64 {
	p := bitmaps.Get().(*[]uint64)
	if words := (len(l.shingles) + 63) / 64; len(*p) < words {
		*p = make([]uint64, max(words, (cap(l.shingles)+63)/64))
	}
	return p
}

// distinct removes repeated slots from cands in place, keeping the first
// of each, in linear time.
func (l *lsh) distinct(cands []uint32) []uint32 {
	p := l.bitmap()
	seen := *p
	out := cands[:0]
	for _, c := range cands {
		if w, bit := c/64, uint64(1)<<(c%64); seen[w]&bit == 0 {
			seen[w] |= bit
			out = append(out, c)
		}
	}
	for _, c := range out {
		seen[c/64] = 0
	}
	bitmaps.Put(p)
	return out
}

// countVerified adds n to the count of verified candidates.
func (l *lsh) countVerified(n int) { atomic.AddUint64(&l.verified, uint64(n)) }
