package provenance

import (
	"iter"
	"math"

	"github.com/reprintlab/reprint/dedup"
)

// A link between two articles is kept once, in the graph's linkStore,
// and each of its two nodes keeps a halfLink to it: 8 bytes a side and
// 56 for the link, where a link struct on both sides took 144. A
// halfLink's record is seen from the side of the article that was added
// with the link (its copy, A); the other side sees it flipped, its
// scores swapped.

// halfLink is one node's end of a link: the other node, and the link's
// record (flippedLink set when this node is the record's B side).
type halfLink struct {
	other int32
	rec   uint32
}

// flippedLink marks a halfLink whose node is its record's B side.
const flippedLink = 1 << 31

// maxNodes bounds the graph's slots (node indexes are int32 in links).
const maxNodes = math.MaxInt32

// linkRecord is a link as its A side sees it (see [link]).
type linkRecord struct {
	scores        dedup.Scores
	score         float64
	cover         cover
	kind          Kind
	aligned       bool
	partial       bool
	partialSource bool
}

// linkBlockBits sets the records in one block of a linkStore: blocks are
// never copied as the store grows, and waste at most one block.
const linkBlockBits = 12

// linkStore holds the links of a graph, in blocks of 1<<linkBlockBits
// records; records freed by forgotten articles are reused.
type linkStore struct {
	blocks [][]linkRecord
	next   uint32   // records ever used: the next new one
	free   []uint32 // freed records, reused last in first out
}

// at returns record i.
func (s *linkStore) at(i uint32) *linkRecord {
	return &s.blocks[i>>linkBlockBits][i&(1<<linkBlockBits-1)]
}

// full reports whether the store can take no new record.
func (s *linkStore) full() bool { return len(s.free) == 0 && s.next >= flippedLink }

// put stores r and returns its index. The store must not be full.
func (s *linkStore) put(r linkRecord) uint32 {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		*s.at(i) = r
		return i
	}
	i := s.next
	if int(i>>linkBlockBits) == len(s.blocks) {
		s.blocks = append(s.blocks, make([]linkRecord, 1<<linkBlockBits))
	}
	s.next++
	*s.at(i) = r
	return i
}

// release frees record i for reuse.
func (s *linkStore) release(i uint32) {
	*s.at(i) = linkRecord{}
	s.free = append(s.free, i)
}

// record returns l's record, as l's node (its A side) sees it.
func (l link) record() linkRecord {
	return linkRecord{scores: l.scores, score: l.score, cover: l.cover, kind: l.kind, aligned: l.aligned, partial: l.partial, partialSource: l.partialSource}
}

// view returns the link h as its node sees it.
func (g *Graph) view(h halfLink) link {
	r := g.linkStore.at(h.rec &^ flippedLink)
	l := link{other: int(h.other), scores: r.scores, kind: r.kind, score: r.score, aligned: r.aligned, partial: r.partial, partialSource: r.partialSource, cover: r.cover}
	if h.rec&flippedLink != 0 {
		// score stays: it is measured with the later article as the copy.
		l.scores, l.cover = l.scores.Swap(), l.cover.swap()
		l.partial, l.partialSource = l.partialSource, l.partial
	}
	return l
}

// links returns x's links as x sees them, in the order they were made.
func (g *Graph) links(x int) iter.Seq[link] {
	return func(yield func(link) bool) {
		for _, h := range g.nodes[x].links {
			if !yield(g.view(h)) {
				return
			}
		}
	}
}

// room reports whether the store can take n more records.
func (s *linkStore) room(n int) bool {
	return len(s.free)+int(flippedLink-s.next) >= n
}

// clampInt32 is n as an int32, at most math.MaxInt32: a node's counts
// of one text's shingles, which an article of at most a few MiB never
// reaches.
func clampInt32(n int) int32 { return int32(min(n, math.MaxInt32)) }
