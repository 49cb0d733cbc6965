package provenance

import (
	"cmp"
	"slices"

	"github.com/reprintlab/reprint/shingle"
)

// Passage is one stretch of a copy taken from its source, as byte ranges
// [start, end) into the two texts: copyText[Copy[0]:Copy[1]] was taken
// from sourceText[Source[0]:Source[1]].
//
// A range runs from the first byte of a word to the last byte of a word
// (or character, in scripts written without spaces), punctuation and
// white space between them included. The two texts of a passage have the
// same words in the same order, except inside bridged gaps (see
// [Matcher]): a typo, or a few words changed, inserted or deleted.
type Passage struct {
	Copy   [2]int `json:"copy"`
	Source [2]int `json:"source"`
}

// Passages is the result of [Matcher.Match]: which parts of a copy were
// taken from a source, and how much.
//
// Figures are counted in shingles (see package shingle), by position in
// the text, repeats included, rather than in bytes: white space,
// punctuation and markup do not count, and the coverages are comparable
// to [Edge.Containment] and [Edge.Reused] (which count distinct shingles
// and are estimates). A passage's shingles are those from its first to its
// last, bridged gaps included.
type Passages struct {
	// Passages are the passages found, in copy order: their Copy ranges
	// are increasing and do not overlap. Their Source ranges may come in
	// any order (a copy can re-order paragraphs) and may overlap (a copy
	// can repeat a paragraph).
	Passages []Passage `json:"passages"`
	// CopyCoverage is the share of the copy's shingles that belong to a
	// passage: the share of the copy taken from the source. It is 0 when
	// the copy has no shingles.
	CopyCoverage float64 `json:"copy_coverage"`
	// SourceCoverage is the share of the source's shingles that belong to
	// at least one passage: the share of the source reused. It is 0 when
	// the source has no shingles.
	SourceCoverage float64 `json:"source_coverage"`
	// SharedShingles is the number of the copy's shingles that match a
	// source shingle exactly in the alignment of the passages: the
	// passages' shingles, bridged gaps excluded.
	SharedShingles int `json:"shared_shingles"`
	// CopyShingles and SourceShingles are the numbers of shingles of
	// the two texts, repeats included: the denominators of the coverages.
	CopyShingles   int `json:"copy_shingles"`
	SourceShingles int `json:"source_shingles"`
}

// maxCandidates bounds the source positions tried for one copy shingle
// when a new run starts (plus the one continuing the previous run), so a
// shingle repeated thousands of times in the source costs no more than a
// few dozen.
const maxCandidates = 32

// Matcher finds the passages a copy took from a source, by exact shingle
// hashes (not MinHash estimates).
//
// # Algorithm
//
// Both texts are cut into shingles by a [shingle.Shingler] and the
// source's shingles are indexed by hash (every position of a repeated
// shingle is kept). The copy's shingles are then walked in order. At each
// one that occurs in the source, a run starts at the source position from
// which the most consecutive copy shingles match consecutive source
// shingles, and the walk resumes after the run. The positions tried are
// the first 32 of the shingle in the source and the one continuing the
// previous run's alignment; ties go to the position closest to that
// alignment (for the first run, to the copy's own position). A run never
// starts on a shingle that overlaps the previous run's text, so passages
// never overlap in the copy.
//
// A run extends the passage before it when, in the copy, it starts at most
// G shingles after the passage ends, and, in the source, it starts within
// G shingles of where the passage ends (before or after) and ends beyond
// it. G is the larger of the shingle sizes, WordSize and CharSize (8 by
// default): one changed word breaks WordSize word shingles, so a typo, a
// changed number or a few words changed, added or dropped do not split a
// paragraph. A match too short to be a passage (see below) that lies far
// from the current alignment is ignored when the alignment resumes within
// G shingles: it is a stray inside an edit, such as a changed word that
// makes a phrase found elsewhere in the source.
//
// A passage must hold at least WordSize shingles, gaps included (9 words
// by default); shorter ones are dropped, as shared phrases ("Trump’s
// return to the White House") rather than copied text, unless the passage
// is the whole copy or the whole source.
//
// # Use
//
// A Matcher keeps its buffers between calls and allocates nothing in
// steady state except the passages it returns, which [Matcher.AppendMatch]
// appends to a caller's slice; its buffers grow to fit the longest texts
// it has matched (about 100 bytes per word). It never retains the texts
// it is given.
// A Matcher is not safe for concurrent use: use one per goroutine. The
// zero value is ready to use, with the default shingle sizes.
type Matcher struct {
	sh          *shingle.Shingler
	gap, minLen int

	cp, src []shingle.Shingle
	table   []slot // open addressing: source shingle hash → first position
	next    []int  // next[p]: the next position of src[p]'s hash, plus 1; 0 ends
	runs    []span
	spans   []span
}

// slot is one entry of the source index.
type slot struct {
	hash uint64
	head int // first position of hash in the source, plus 1; 0 if empty
}

// span is a run or a passage in shingle positions: copy shingles
// [c0, c1) aligned to source shingles [s0, s1), of which matched match
// exactly.
type span struct {
	c0, c1, s0, s1 int
	matched        int
}

// NewMatcher returns a Matcher that cuts texts into shingles with cfg
// (zero fields mean the defaults). The error wraps
// [shingle.ErrInvalidConfig] for a shingle size out of range.
func NewMatcher(cfg shingle.Config) (*Matcher, error) {
	m := &Matcher{}
	if err := m.init(cfg); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Matcher) init(cfg shingle.Config) error {
	sh, err := shingle.New(cfg)
	if err != nil {
		return err
	}
	c := sh.Config()
	m.sh, m.gap, m.minLen = sh, max(c.WordSize, c.CharSize), c.WordSize
	return nil
}

// Match returns the passages of copyText taken from sourceText. Empty
// texts, and texts too short to have a shingle, give no passages and
// coverages of 0. Invalid UTF-8 and NUL bytes separate words, as in
// package shingle. Match never fails.
func (m *Matcher) Match(copyText, sourceText string) Passages {
	return m.AppendMatch(nil, copyText, sourceText)
}

// AppendMatch is [Matcher.Match] appending the passages to dst (which may
// be nil); the result's Passages field is the extended slice. Pass a
// previous result's Passages[:0] to match without allocating.
func (m *Matcher) AppendMatch(dst []Passage, copyText, sourceText string) Passages {
	if m.sh == nil {
		if err := m.init(shingle.Config{}); err != nil {
			panic(err) // the default config is valid
		}
	}
	m.cp = m.sh.AppendShingles(m.cp[:0], copyText)
	return m.appendMatchAgain(dst, sourceText)
}

// appendMatchAgain is AppendMatch on the copy of the last call, whose
// shingles m keeps: matching one copy against several sources shingles
// it once.
func (m *Matcher) appendMatchAgain(dst []Passage, sourceText string) Passages {
	m.src = m.sh.AppendShingles(m.src[:0], sourceText)
	res := Passages{Passages: dst, CopyShingles: len(m.cp), SourceShingles: len(m.src)}
	if len(m.cp) == 0 || len(m.src) == 0 {
		return res
	}
	m.index()
	m.align()
	m.merge()

	copied := 0
	for _, s := range m.spans {
		res.Passages = append(res.Passages, Passage{
			Copy:   [2]int{m.cp[s.c0].Start, m.cp[s.c1-1].End},
			Source: [2]int{m.src[s.s0].Start, m.src[s.s1-1].End},
		})
		copied += s.c1 - s.c0
		res.SharedShingles += s.matched
	}
	res.CopyCoverage = float64(copied) / float64(len(m.cp))
	res.SourceCoverage = float64(m.sourceCovered()) / float64(len(m.src))
	return res
}

// index fills the source index: table maps each hash to its first
// position, next chains the later ones in increasing order.
func (m *Matcher) index() {
	n := len(m.src)
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(m.table) < size {
		m.table = make([]slot, size)
	} else {
		m.table = m.table[:size]
		clear(m.table)
	}
	if cap(m.next) < n {
		m.next = make([]int, n, max(n, 2*cap(m.next)))
	}
	m.next = m.next[:n]
	mask := uint64(size - 1)
	for p := n - 1; p >= 0; p-- {
		h := m.src[p].Hash
		for j := h & mask; ; j = (j + 1) & mask {
			s := &m.table[j]
			if s.head == 0 {
				s.hash, s.head, m.next[p] = h, p+1, 0
				break
			}
			if s.hash == h {
				m.next[p], s.head = s.head, p+1
				break
			}
		}
	}
}

// lookup returns the first source position of hash h, plus 1, or 0.
func (m *Matcher) lookup(h uint64) int {
	mask := uint64(len(m.table) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		s := &m.table[j]
		if s.head == 0 || s.hash == h {
			return s.head
		}
	}
}

// extent returns how many consecutive copy shingles from position i match
// consecutive source shingles from position p, up to limit.
func (m *Matcher) extent(i, p, limit int) int {
	cp, src := m.cp[i:], m.src[p:]
	n := min(len(cp), len(src), limit)
	l := 0
	for l < n && cp[l].Hash == src[l].Hash {
		l++
	}
	return l
}

// align walks the copy and fills m.runs with maximal runs of copy
// shingles matching consecutive source shingles, in copy order.
func (m *Matcher) align() {
	cp, src := m.cp, m.src
	m.runs = m.runs[:0]
	diag := 0    // source position minus copy position of the last run
	endByte := 0 // where the last run's text ends in the copy
	for i := 0; i < len(cp); {
		if cp[i].Start < endByte {
			i++ // overlaps the last run
			continue
		}
		h := cp[i].Hash
		head := m.lookup(h)
		if head == 0 {
			i++
			continue
		}
		want := i + diag // the position continuing the last run
		best, bestLen, bestDist := -1, 0, 0
		try := func(p int) {
			l := m.extent(i, p, len(cp))
			d := p - want
			if d < 0 {
				d = -d
			}
			if l > bestLen || l == bestLen && d < bestDist {
				best, bestLen, bestDist = p, l, d
			}
		}
		if want >= 0 && want < len(src) && src[want].Hash == h {
			try(want)
		}
		for p, k := head-1, 0; p >= 0 && k < maxCandidates; p, k = m.next[p]-1, k+1 {
			if p != want {
				try(p)
			}
		}
		if bestLen < m.minLen && bestDist > m.gap && m.resumes(i) {
			i++ // a stray match inside an edit the alignment bridges
			continue
		}
		m.runs = append(m.runs, span{c0: i, c1: i + bestLen, s0: best, s1: best + bestLen, matched: bestLen})
		diag = best - i
		i += bestLen
		endByte = cp[i-1].End
	}
}

// resumes reports whether, after copy position i, a run that can extend
// the last run starts within the gap the merging bridges.
func (m *Matcher) resumes(i int) bool {
	if len(m.runs) == 0 {
		return false
	}
	last := m.runs[len(m.runs)-1]
	lo, hi := max(last.s1-m.gap, 0), min(last.s1+m.gap, len(m.src)-1)
	for j := i + 1; j < len(m.cp) && j-last.c1 <= m.gap; j++ {
		h := m.cp[j].Hash
		for p := lo; p <= hi; p++ {
			if m.src[p].Hash != h {
				continue
			}
			// Mergeable needs the run to end beyond the last one.
			l := m.extent(j, p, max(last.s1-p+1, 1))
			if m.mergeable(last, span{c0: j, c1: j + l, s0: p, s1: p + l}) {
				return true
			}
		}
	}
	return false
}

// mergeable reports whether run r can extend passage s across a small gap.
func (m *Matcher) mergeable(s, r span) bool {
	gc, gs := r.c0-s.c1, r.s0-s.s1
	return gc >= 0 && gc <= m.gap && gs >= -m.gap && gs <= m.gap && r.s1 > s.s1
}

// merge turns m.runs into m.spans: runs merged across small gaps, short
// passages dropped.
func (m *Matcher) merge() {
	out := m.spans[:0]
	for _, r := range m.runs {
		n := len(out)
		if n == 0 || !m.mergeable(out[n-1], r) {
			out = append(out, r)
			continue
		}
		s := &out[n-1]
		s.c1, s.s1 = r.c1, r.s1
		s.matched += r.matched
	}
	kept := out[:0]
	for _, s := range out {
		whole := s.c0 == 0 && s.c1 == len(m.cp) || s.s0 == 0 && s.s1 == len(m.src)
		if s.c1-s.c0 >= m.minLen || whole {
			kept = append(kept, s)
		}
	}
	m.spans = kept
}

// sourceCovered returns the number of source shingles in at least one
// passage. It reorders m.runs, which are no longer needed.
func (m *Matcher) sourceCovered() int {
	iv := append(m.runs[:0], m.spans...)
	slices.SortFunc(iv, func(a, b span) int { return cmp.Compare(a.s0, b.s0) })
	m.runs = iv
	covered, end := 0, 0
	for _, s := range iv {
		if s.s1 <= end {
			continue
		}
		covered += s.s1 - max(s.s0, end)
		end = s.s1
	}
	return covered
}
