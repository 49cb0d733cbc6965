package synth

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprintlab/reprint/shingle"
)

// windowSize is the length of the word runs the Markov model never copies
// from a training story: the default shingle size.
const windowSize = 5 // truthShingles.WordSize

// noState marks a chain that must restart at a sentence start.
const noState = ^uint32(0)

// markov is an order-2 word Markov model over "units": a token of the
// shingle tokeniser with the punctuation that followed it in the training
// text ("said. ", "1,", "U."). A state is a "run": one distinct pair of
// consecutive units; its "slots" are the pair's occurrences in the
// training text, each with the unit that followed and the run of the pair
// that then ends the text. Sampling is a few array look-ups, no maps.
type markov struct {
	tok  []string // token text of each unit; unit 0 is the story boundary
	sep  []string // separator after the token, white space collapsed
	hash []uint64 // normalised token hash (as the shingle package hashes it)
	word []bool   // the token is a word (not a character of an unspaced script)
	stop []bool   // the unit ends a sentence

	slots  []slot   // occurrences of pairs, grouped by pair
	runs   []uint32 // the slots of run r are runs[r]..runs[r+1]
	pairA  []uint32 // run r is the pair (pairA[r], pairB[r])
	pairB  []uint32
	first  []uint32 // the runs whose pair starts with unit u are first[u]..first[u+1]
	starts []uint32 // runs at sentence starts, once per occurrence

	trained keyFilter // keys of every windowSize-unit run in a training story
}

// slot is one occurrence of a pair: the unit that followed it (0 at the
// end of a story) and the run of the pair (second unit, next).
type slot struct{ next, nextRun uint32 }

// keyFilter is a one-hash Bloom filter of uint64 keys with 16 or more
// bits per key: no false negatives, about 6% false positives. A false
// positive only makes the chain refuse one more candidate, so the
// filter is as good as an exact set here, and a look-up is one cache
// miss into a table a quarter the size of the keys.
type keyFilter struct {
	bits  []uint64
	shift uint
}

func newKeyFilter(keys []uint64) keyFilter {
	b := uint(16)
	for uint64(1)<<b < 16*uint64(len(keys)) {
		b++
	}
	f := keyFilter{bits: make([]uint64, 1<<(b-6)), shift: 64 - b}
	for _, k := range keys {
		i := (k * 0x9E3779B97F4A7C15) >> f.shift
		f.bits[i>>6] |= 1 << (i & 63)
	}
	return f
}

// has reports whether k may be in the filter (always true when it is).
func (f keyFilter) has(k uint64) bool {
	if len(f.bits) == 0 {
		return false
	}
	i := (k * 0x9E3779B97F4A7C15) >> f.shift
	return f.bits[i>>6]&(1<<(i&63)) != 0
}

// key5 combines the hashes of windowSize consecutive units into one key.
func key5(h [windowSize]uint64) uint64 {
	k := uint64(0x9E3779B97F4A7C15)
	for _, x := range h {
		k = bits.RotateLeft64(k^x, 29) * 0xBF58476D1CE4E5B9
	}
	k ^= k >> 31
	return k * 0x94D049BB133111EB
}

// trainMarkov builds the model from texts.
func trainMarkov(texts []string) *markov {
	sh, _ := shingle.New(truthShingles)
	m := &markov{tok: []string{""}, sep: []string{""}, hash: []uint64{0}, word: []bool{false}, stop: []bool{true}}
	vocab := map[string]uint32{}
	seq := []uint32{0} // unit ids of all texts, each followed by 0
	var toks []shingle.Token
	var key, sepBuf []byte
	var win [windowSize]uint64
	var trained []uint64
	for _, text := range texts {
		toks = sh.AppendTokens(toks[:0], text)
		for i, t := range toks {
			rest := text[t.End:]
			if i+1 < len(toks) {
				rest = text[t.End:toks[i+1].Start]
			}
			sepBuf = collapseSep(sepBuf[:0], rest)
			key = append(append(append(key[:0], text[t.Start:t.End]...), 0), sepBuf...)
			id, ok := vocab[string(key)]
			if !ok {
				id = uint32(len(m.tok))
				vocab[string(key)] = id
				tok := text[t.Start:t.End]
				sep := string(sepBuf)
				m.tok = append(m.tok, strings.Clone(tok))
				m.sep = append(m.sep, sep)
				m.hash = append(m.hash, t.Hash)
				m.word = append(m.word, t.Kind == shingle.Word)
				m.stop = append(m.stop, endsSentence(tok, sep))
			}
			seq = append(seq, id)
			if i >= windowSize-1 {
				for j := range win {
					win[j] = toks[i-windowSize+1+j].Hash
				}
				trained = append(trained, key5(win))
			}
		}
		seq = append(seq, 0)
	}
	m.trained = newKeyFilter(trained)
	trained = nil

	type pair struct {
		key uint64 // seq[p]<<32 | seq[p+1]
		p   uint32
	}
	var pairs []pair
	for p := 0; p+2 < len(seq); p++ {
		if seq[p] != 0 && seq[p+1] != 0 {
			pairs = append(pairs, pair{uint64(seq[p])<<32 | uint64(seq[p+1]), uint32(p)})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return cmpU32(a.p, b.p)
	})
	posRun := make([]uint32, len(seq))
	for i, pr := range pairs {
		if i == 0 || pr.key != pairs[i-1].key {
			m.runs = append(m.runs, uint32(i))
			m.pairA = append(m.pairA, uint32(pr.key>>32))
			m.pairB = append(m.pairB, uint32(pr.key))
		}
		posRun[pr.p] = uint32(len(m.runs) - 1)
	}
	m.runs = append(m.runs, uint32(len(pairs)))
	m.slots = make([]slot, len(pairs))
	for i, pr := range pairs {
		p := pr.p
		if next := seq[p+2]; next != 0 {
			m.slots[i] = slot{next, posRun[p+1]}
		}
		if p > 0 && m.stop[seq[p-1]] {
			m.starts = append(m.starts, posRun[p])
		}
	}
	slices.Sort(m.starts)
	m.first = make([]uint32, len(m.tok)+1)
	r := 0
	for u := range m.first {
		for r < len(m.pairA) && int(m.pairA[r]) < u {
			r++
		}
		m.first[u] = uint32(r)
	}
	return m
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// collapseSep appends s to dst with white space runs collapsed to one
// space and long runs of punctuation (table rules) cut short.
func collapseSep(dst []byte, s string) []byte {
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		if n < 3 {
			dst = utf8.AppendRune(dst, r)
		}
		n++
	}
	if space {
		dst = append(dst, ' ')
	}
	return dst
}

// endsSentence reports whether a unit with this token and separator ends
// a sentence.
func endsSentence(tok, sep string) bool {
	i := strings.IndexAny(sep, ".!?")
	if i < 0 || !strings.HasSuffix(sep, " ") {
		return false
	}
	if sep[i] == '.' && isAbbreviation(tok) {
		return false
	}
	return true
}

// chain generates unit sequences from a model.
type chain struct {
	m     *markov
	rng   *rand.Rand
	hist  [windowSize - 1]uint64 // hashes of the last units, oldest first
	nh    int
	state uint32
	out   []uint32 // generated units
	brk   []bool   // brk[i]: a sentence break precedes out[i]
}

// blocked reports whether emitting a unit with hash h would complete a
// run of windowSize units that occurs in a training story.
func (c *chain) blocked(h uint64) bool {
	if c.nh < windowSize-1 {
		return false
	}
	var w [windowSize]uint64
	copy(w[:], c.hist[:])
	w[windowSize-1] = h
	return c.m.trained.has(key5(w))
}

func (c *chain) emit(u uint32, brk bool) {
	copy(c.hist[:], c.hist[1:])
	c.hist[windowSize-2] = c.m.hash[u]
	c.nh++
	c.out = append(c.out, u)
	c.brk = append(c.brk, brk)
}

// generate appends n new units to c.out, continuing the current chain.
func (c *chain) generate(n int) {
	m := c.m
	if len(m.tok) < 2 {
		return
	}
	if len(m.runs) < 2 || len(m.starts) == 0 {
		for range n { // a model with no pairs: random units
			c.emit(uint32(1+c.rng.IntN(len(m.tok)-1)), false)
		}
		return
	}
	goal := len(c.out) + n
	for len(c.out) < goal {
		if c.state != noState && c.next() {
			continue
		}
		c.restart()
	}
}

// next extends the chain by one unit from the current state, backing off
// to an order-1 model when every order-2 successor is blocked. It
// reports false when the chain must restart.
func (c *chain) next() bool {
	m := c.m
	lo, hi := m.runs[c.state], m.runs[c.state+1]
	for range min(6, hi-lo) {
		sl := m.slots[lo+uint32(c.rng.IntN(int(hi-lo)))]
		if sl.next != 0 && !c.blocked(m.hash[sl.next]) {
			c.emit(sl.next, false)
			c.state = sl.nextRun
			return true
		}
	}
	b := m.pairB[c.state]
	lo, hi = m.first[b], m.first[b+1]
	for range min(6, hi-lo) {
		r := lo + uint32(c.rng.IntN(int(hi-lo)))
		if u := m.pairB[r]; !c.blocked(m.hash[u]) {
			c.emit(u, false)
			c.state = r
			return true
		}
	}
	c.state = noState
	return false
}

// restart begins a new sentence at a random sentence start of the
// training text whose first words complete no training run; after eight
// failures it emits a random unit, which breaks the run.
func (c *chain) restart() {
	m := c.m
	brk := len(c.out) > 0
	for range 8 {
		r := m.starts[c.rng.IntN(len(m.starts))]
		u1, u2 := m.pairA[r], m.pairB[r]
		if c.blocked(m.hash[u1]) {
			continue
		}
		c.emit(u1, brk)
		if c.blocked(m.hash[u2]) {
			c.state = noState
			return
		}
		c.emit(u2, false)
		c.state = r
		return
	}
	c.emit(uint32(1+c.rng.IntN(len(m.tok)-1)), brk)
	c.state = noState
}

// renderOptions shape rendered Markov text.
type renderOptions struct {
	title     bool // an upper-case headline line first
	width     int  // hard-wrap width; 0 for one line per paragraph
	indent    bool // paragraphs after the first start with four spaces (newswire style)
	maxPerPar int  // most sentences per paragraph
}

// render writes units as text: sentence breaks get a full stop, every few
// sentences start a new paragraph.
func (c *chain) render(b *strings.Builder, units []uint32, brk []bool, o renderOptions) {
	m := c.m
	if len(units) == 0 {
		return
	}
	if o.title {
		var t strings.Builder
		for i, u := range units {
			if i == 8 || (i > 0 && (brk[i] || m.stop[units[i-1]])) {
				break
			}
			if i > 0 {
				t.WriteByte(' ')
			}
			t.WriteString(strings.ToUpper(m.tok[u]))
		}
		b.WriteString(t.String())
		b.WriteString("\n\n")
	}
	var para strings.Builder
	paraCount, sentences := 0, 0
	limit := 1 + c.rng.IntN(max(1, o.maxPerPar))
	flush := func() {
		text := strings.TrimSpace(para.String())
		para.Reset()
		if text == "" {
			return
		}
		if paraCount > 0 {
			if o.indent {
				b.WriteString("\n    ")
			} else {
				b.WriteString("\n\n")
			}
		}
		paraCount++
		if o.width > 0 {
			wrapWords(b, text, o.width)
		} else {
			b.WriteString(text)
		}
	}
	for i, u := range units {
		para.WriteString(m.tok[u])
		last := i == len(units)-1
		switch {
		case last && !m.stop[u]:
			para.WriteString(".")
		case last:
			para.WriteString(strings.TrimSpace(m.sep[u]))
		case brk[i+1] && !m.stop[u]:
			para.WriteString(". ")
		default:
			sep := m.sep[u]
			if sep == "" && m.word[u] && m.word[units[i+1]] {
				sep = " "
			}
			para.WriteString(sep)
		}
		if !last && (brk[i+1] || m.stop[u]) {
			sentences++
			if sentences >= limit {
				flush()
				sentences = 0
				limit = 1 + c.rng.IntN(max(1, o.maxPerPar))
			}
		}
	}
	flush()
}

// text generates a text of about words words.
func (m *markov) text(rng *rand.Rand, words int, o renderOptions) string {
	c := &chain{m: m, rng: rng, state: noState}
	c.generate(max(1, words))
	var b strings.Builder
	b.Grow(8 * len(c.out))
	c.render(&b, c.out, c.brk, o)
	return b.String()
}
