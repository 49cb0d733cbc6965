package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/reprintlab/reprint/shingle"
)

// NearDuplicateContainment is the containment (share of one story's
// distinct shingles found in the other) at or above which a story is
// dropped as a near-duplicate of an already kept one.
const NearDuplicateContainment = 0.5

// DistractorMaxContainment bounds how much a distractor may share with any
// other kept story: its containment in each of them, theirs in it, and
// that of their beginnings (from 20% of the text) and second halves in
// it, are below this. Copies made of parts of a story then share less
// than twice as much with a distractor.
const DistractorMaxContainment = 0.1

// defaultStoriesPerDay is the story rate of sources without dates.
const defaultStoriesPerDay = 250

// kept is a story that passed the filters, with what generators need.
type kept struct {
	ref       string   // source ID
	text      string   // cleaned text
	t         int64    // true time, Unix nanoseconds (synthetic when the source had none)
	title     string   // headline, possibly empty
	city      string   // dateline city in lower case, possibly empty
	titleKeys []string // distinctive title words in lower case
	topics    []string // topic codes, sorted
	words     int32    // word tokens
	day       int32    // days since the Unix epoch of t
	maxC      float32  // highest containment either way with any other kept story
	// exposure is the highest share of a part of any other kept story
	// (its first 20%, ..., 90%, or its second half) found in this one.
	exposure float32
}

// prepared is a source filtered for one minimum length, with its Markov
// model. It does not depend on the seed.
type prepared struct {
	stories          []kept // in file order
	read, tooShort   int
	nearDuplicates   int
	storiesPerDay    float64
	model            *markov
	days             map[int32][]int32 // kept stories by day, in time order
	lastTime         int64             // latest kept time
	nearDuplicatesOf []string          // dropped story ID → kept story ID, "drop=keep", for reports
}

// prepKey identifies a prepared form of a source.
type prepKey struct {
	minWords int
	epoch    int64
}

// prepare filters the source for minWords and trains the model, once per
// minWords and epoch.
func (s *Source) prepare(minWords int, epoch time.Time) *prepared {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := prepKey{minWords, epoch.UnixNano()}
	if p, ok := s.prepared[key]; ok {
		return p
	}
	p := buildPrepared(s.Stories, minWords, epoch)
	if s.prepared == nil {
		s.prepared = map[prepKey]*prepared{}
	}
	s.prepared[key] = p
	return p
}

func buildPrepared(stories []Story, minWords int, epoch time.Time) *prepared {
	sh, _ := shingle.New(truthShingles)
	p := &prepared{read: len(stories), days: map[int32][]int32{}}

	// Times: the source's, or the previous story's plus an exponential gap
	// for stories without one (a fixed generator: this does not depend on
	// the seed).
	times := make([]int64, len(stories))
	rng := rand.New(rand.NewPCG(0x73796e7468, 0x74696d6573))
	prev := epoch.UnixNano()
	gap := float64(24*time.Hour) / defaultStoriesPerDay
	for i, st := range stories {
		if !st.Published.IsZero() {
			times[i] = st.Published.UnixNano()
		} else {
			times[i] = prev + int64(rng.ExpFloat64()*gap)
		}
		prev = times[i]
	}

	// Near-duplicate filter: postings from shingle hash to the kept
	// stories that hold it, as linked lists in one slice. Each posting
	// also records where in its story the shingle first occurs, in tenths
	// of the text ("buckets"), so that the overlap of one story with the
	// beginning or the second half of another is known too: truncated and
	// stitched copies are made of those parts.
	type node struct {
		story, next int32
		bucket      uint8
	}
	type shingleAt struct {
		hash   uint64
		bucket uint8
	}
	head := map[uint64]int32{}
	var nodes []node
	var hists [][buckets]int32    // per kept story: distinct shingles by bucket
	var byK, byJ [][buckets]int32 // per touched kept story k: shared shingles by k's and by j's bucket
	var touched []int32
	var hashes []uint64
	var distinct []shingleAt
	var toks []shingle.Token
	for i, st := range stories {
		toks = sh.AppendTokens(toks[:0], st.Text)
		words := 0
		for _, t := range toks {
			if t.Kind == shingle.Word {
				words++
			}
		}
		hashes = sh.AppendHashes(hashes[:0], st.Text)
		if words < minWords || len(hashes) == 0 {
			p.tooShort++
			continue
		}
		distinct = distinct[:0]
		for n, h := range hashes {
			distinct = append(distinct, shingleAt{h, uint8(n * buckets / len(hashes))})
		}
		slices.SortFunc(distinct, func(a, b shingleAt) int { // by hash, first occurrence first
			switch {
			case a.hash < b.hash:
				return -1
			case a.hash > b.hash:
				return 1
			}
			return int(a.bucket) - int(b.bucket)
		})
		distinct = slices.CompactFunc(distinct, func(a, b shingleAt) bool { return a.hash == b.hash })
		var hist [buckets]int32
		for _, d := range distinct {
			hist[d.bucket]++
		}
		touched = touched[:0]
		for _, d := range distinct {
			n, ok := head[d.hash]
			for ok && n >= 0 {
				k := nodes[n].story
				if byK[k] == ([buckets]int32{}) {
					touched = append(touched, k)
				}
				byK[k][nodes[n].bucket]++
				byJ[k][d.bucket]++
				n = nodes[n].next
			}
		}
		size := float32(len(distinct))
		dup := int32(-1)
		var maxC, exposure float32
		for _, k := range touched {
			c := float32(sum(byK[k]))
			m := max(c/size, c/float32(sum(hists[k])))
			if m >= NearDuplicateContainment && dup < 0 {
				dup = k
			}
			maxC = max(maxC, m)
		}
		if dup >= 0 {
			p.nearDuplicates++
			p.nearDuplicatesOf = append(p.nearDuplicatesOf, st.ID+"="+p.stories[dup].ref)
			for _, k := range touched {
				byK[k], byJ[k] = [buckets]int32{}, [buckets]int32{}
			}
			continue
		}
		for _, k := range touched {
			c := float32(sum(byK[k]))
			m := max(c/size, c/float32(sum(hists[k])))
			ks := &p.stories[k]
			ks.maxC = max(ks.maxC, m)
			ks.exposure = max(ks.exposure, partsContainment(byJ[k], hist))
			exposure = max(exposure, partsContainment(byK[k], hists[k]))
			byK[k], byJ[k] = [buckets]int32{}, [buckets]int32{}
		}
		id := int32(len(p.stories))
		for _, d := range distinct {
			n, ok := head[d.hash]
			if !ok {
				n = -1
			}
			nodes = append(nodes, node{id, n, d.bucket})
			head[d.hash] = int32(len(nodes) - 1)
		}
		hists = append(hists, hist)
		byK = append(byK, [buckets]int32{})
		byJ = append(byJ, [buckets]int32{})
		t := times[i]
		p.stories = append(p.stories, kept{
			ref: st.ID, text: st.Text, t: t, title: st.Title, city: datelineCity(st.Dateline),
			titleKeys: titleKeys(st.Title), topics: sortedTopics(st.Topics), words: int32(words), day: dayOf(t), maxC: maxC, exposure: exposure,
		})
	}
	head, nodes = nil, nil

	texts := make([]string, len(p.stories))
	order := make([]int32, len(p.stories))
	for i := range p.stories {
		texts[i] = withoutSignOff(p.stories[i].text)
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp64(p.stories[a].t, p.stories[b].t) })
	for _, i := range order {
		d := p.stories[i].day
		p.days[d] = append(p.days[d], i)
		p.lastTime = max(p.lastTime, p.stories[i].t)
	}
	p.storiesPerDay = defaultStoriesPerDay
	if len(p.days) > 0 && len(p.stories) > 0 {
		p.storiesPerDay = math.Max(1, float64(len(p.stories))/float64(len(p.days)))
	}
	if len(p.stories) > 0 {
		p.model = trainMarkov(texts)
	}
	return p
}

// buckets is the number of parts (tenths) a story is cut into to track
// where its shingles are.
const buckets = 10

func sum(b [buckets]int32) int32 {
	var n int32
	for _, x := range b {
		n += x
	}
	return n
}

// partsContainment returns the highest share of a part of a story found
// in another story, given the shingles shared by bucket of the first
// story and its distinct shingles by bucket. The parts are its first
// 20%, 30%, ..., 90% (truncated copies) and its second half (the second
// part of a stitched copy).
func partsContainment(shared, hist [buckets]int32) float32 {
	var best float32
	var c, h int32
	for b := range buckets - 1 {
		c += shared[b]
		h += hist[b]
		if b >= 1 && h > 0 {
			best = max(best, float32(c)/float32(h))
		}
	}
	c, h = 0, 0
	for b := buckets / 2; b < buckets; b++ {
		c += shared[b]
		h += hist[b]
	}
	if h > 0 {
		best = max(best, float32(c)/float32(h))
	}
	return best
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// withoutSignOff returns text without a last paragraph of one or two
// words ("Reuter"), so that the Markov model does not scatter sign-offs
// through its stories.
func withoutSignOff(text string) string {
	paras := paragraphs(text)
	if n := len(paras); n > 1 && wordCount(text[paras[n-1].start:paras[n-1].end]) <= 2 {
		return text[:paras[n-2].end]
	}
	return text
}

// dayOf returns the UTC day number of a Unix nanosecond time.
func dayOf(t int64) int32 {
	const day = int64(24 * time.Hour)
	d := t / day
	if t < 0 && t%day != 0 {
		d--
	}
	return int32(d)
}

// datelineCity returns the city of a dateline ("SALVADOR, Feb 26 -" →
// "salvador").
func datelineCity(d string) string {
	city, _, _ := strings.Cut(d, ",")
	return strings.ToLower(strings.TrimSpace(city))
}

// stopWords are ignored when matching titles.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "from": true, "with": true, "says": true, "said": true,
	"sets": true, "over": true, "into": true, "after": true, "year": true, "corp": true, "inc": true,
	"unit": true, "qtr": true, "net": true, "report": true, "reports": true, "says.": true,
}

// titleKeys returns the distinct lower-case words of at least four
// letters of a title, stop words left out, sorted.
func titleKeys(title string) []string {
	var keys []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 4 && !stopWords[w] {
			keys = append(keys, w)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// sharedKeys counts the words two sorted key lists share.
func sharedKeys(a, b []string) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
