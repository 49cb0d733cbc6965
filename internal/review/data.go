// Package review is the newsroom's review web app: read-only pages over a
// store written by the flagger (flag -index DIR). A story list (sorted
// by size or newest, searched by words, article ID or outlet, filtered
// by outlet, kind, kind of reuse, credit and date, paginated), a page per story (its
// provenance graph, the timeline of its publication, the passages a copy
// took side by side) and a page per outlet (who it copies, who copies
// it: its part of [provenance.OutletTable]).
//
// [Load] reads the store once, through a [provenance.DirReader]: it
// never writes to it and takes no lock, so a flagger may add to the
// store while the server runs; the server shows the store as it was
// committed when it started (restart it to see later runs). Everything
// the list pages need is indexed at load; a request then costs at most
// one pass over a few compact arrays of the stories.
package review

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// Options configure [Load].
type Options struct {
	// Dir is the store's directory (flag -index DIR).
	Dir string
	// Settings is the signature settings string the store must have been
	// made with (dedup.Settings.String), or "" to accept any.
	Settings string
	// Shingle sets the shingles of the passages shown side by side: the
	// flagger's -shingle and -char-shingle. The zero value means the
	// defaults.
	Shingle shingle.Config
	// ClockSkew is the flagger's -skew, with provenance.Config's meaning:
	// stories and origins depend on it.
	ClockSkew time.Duration
}

// Data is a loaded store and its indexes. It is safe for concurrent
// use: the indexes are read-only after Load, and the graph, which
// caches as it answers, is behind a lock.
type Data struct {
	graphMu sync.Mutex
	graph   *provenance.Graph

	matcher  sync.Pool // *provenance.Matcher
	aligners sync.Pool // *alignScratch
	// rarity returns the words of every text counted as the flagger's
	// alignment counts them (nil without texts). Load starts counting in
	// the background (about 10 MB of text a second): the first caller
	// waits for the count.
	rarity   func() *align.DocFreq
	texts    []string // by article; nil when the store keeps none
	hasTexts bool

	outlets provenance.OutletTable
	// took[o] and gave[o] are the indexes in outlets.Pairs of the rows in
	// which outlet o copies, and in which another outlet copies o.
	took, gave [][]int32
	loaded     time.Time

	articles articleIndex
	stories  storyIndex
}

// articleIndex holds the articles, numbered in the order stored.
type articleIndex struct {
	id     []string
	outlet []int32 // index in outlets.Outlets, -1 for none
	at     []int64 // Published, else Seen, in Unix seconds; 0 when unknown
	story  []int32
	byID   map[string]int32
}

// Flags of a story.
const (
	hasCopies     = 1 << iota // more than one article
	hasUncredited             // a copy marked uncredited
	hasCredited               // a copy that credits an outlet
	hasStitched               // a copy stitched from several stories
	// A copy → source link of each kind of reuse (any source of any
	// article of the story): see kindFlag.
	hasVerbatim
	hasUpdate
	hasRewrite
	hasPartial
)

// kindFlag is the story flag of a link of kind k.
func kindFlag(k provenance.Kind) uint8 {
	switch k {
	case provenance.KindUpdate:
		return hasUpdate
	case provenance.KindRewrite:
		return hasRewrite
	case provenance.KindPartial:
		return hasPartial
	}
	return hasVerbatim
}

// storyIndex holds the stories, numbered in the order of their
// first-seen articles, in arrays indexed by story number.
type storyIndex struct {
	id       []string
	origin   []int32 // article
	size     []int32
	at       []int64 // the origin's time (Unix seconds), 0 if unknown
	latest   []int64 // the latest article's time
	flags    []uint8
	title    []string           // the origin's first line, when texts are kept
	members  []int32            // the articles of story s, in attribution order, are
	start    []int32            // members[start[s]:start[s+1]]
	bySize   []int32            // stories, largest first (then newest)
	byNewest []int32            // stories, newest origin first (then largest)
	byOldest []int32            // stories, oldest origin first
	words    map[string][]int32 // a title word → its stories, ascending
	byOutlet [][]int32          // an outlet → the stories it has articles in, ascending
}

// Load reads the store in o.Dir and indexes it.
func Load(o Options) (*Data, error) {
	r, err := provenance.OpenDirReader(o.Dir)
	if err != nil {
		return nil, err
	}
	if o.Settings != "" && r.Settings() != o.Settings {
		return nil, fmt.Errorf("%s was made with signature settings %q, not %q: give the flags (-shingle, -char-shingle, -hashes, -method) the flagger was given", o.Dir, r.Settings(), o.Settings)
	}
	if _, err := provenance.NewMatcher(o.Shingle); err != nil {
		return nil, err
	}
	d := &Data{graph: provenance.NewGraph(o.ClockSkew), loaded: time.Now()}
	d.matcher.New = func() any {
		m, _ := provenance.NewMatcher(o.Shingle) // checked above
		return m
	}
	n := r.Len()
	d.articles.byID = make(map[string]int32, n)
	for rec, err := range r.Records(0) {
		if err != nil {
			return nil, err
		}
		if err := d.graph.AddRecord(rec); err != nil {
			return nil, fmt.Errorf("%s: record %d (%q): %w", o.Dir, len(d.articles.id), rec.Article.ID, err)
		}
		a := &rec.Article
		d.articles.byID[a.ID] = int32(len(d.articles.id))
		d.articles.id = append(d.articles.id, a.ID)
		at := a.Published
		if at.IsZero() {
			at = a.Seen
		}
		d.articles.at = append(d.articles.at, unix(at))
		if a.Text != "" && !d.hasTexts {
			d.hasTexts = true
			d.texts = make([]string, len(d.articles.id)-1, n)
		}
		if d.hasTexts {
			d.texts = append(d.texts, a.Text)
		}
	}
	d.index()
	texts := d.texts
	d.rarity = sync.OnceValue(func() *align.DocFreq {
		if texts == nil {
			return nil
		}
		return countWords(texts)
	})
	go d.rarity()
	return d, nil
}

// countWords counts the distinct words of each text in a DocFreq: the
// rarity weights the flagger's alignment found rewrites and partial
// copies with (it counts every article as it comes).
func countWords(texts []string) *align.DocFreq {
	df := align.NewDocFreq()
	var tok align.Tokenizer
	var doc align.Doc
	var distinct []uint32
	for _, text := range texts {
		if text == "" {
			continue
		}
		distinct = tok.Doc(&doc, text, false).AppendDistinct(distinct[:0])
		df.Add(distinct)
	}
	return df
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// index builds the indexes from the graph.
func (d *Data) index() {
	g := d.graph
	d.outlets = g.Outlets()
	a := &d.articles
	a.outlet = make([]int32, len(a.id))
	a.story = make([]int32, len(a.id))
	outletIndex := make(map[string]int32, len(d.outlets.Outlets))
	for i, o := range d.outlets.Outlets {
		outletIndex[o.Key] = int32(i)
	}
	for i, id := range a.id {
		art, _ := g.Article(id)
		a.outlet[i] = -1
		if k := d.outlets.OutletOf(art.Source, art.URL); k != "" {
			a.outlet[i] = outletIndex[k]
		}
	}
	d.took = make([][]int32, len(d.outlets.Outlets))
	d.gave = make([][]int32, len(d.outlets.Outlets))
	for i, p := range d.outlets.Pairs {
		c, src := outletIndex[p.CopierKey], outletIndex[p.SourceKey]
		d.took[c] = append(d.took[c], int32(i))
		if c != src {
			d.gave[src] = append(d.gave[src], int32(i))
		}
	}
	s := &d.stories
	s.words = map[string][]int32{}
	var crediting []string // stories in which an article credits an outlet
	s.byOutlet = make([][]int32, len(d.outlets.Outlets))
	for story := range g.Stories() {
		k := int32(len(s.id))
		s.id = append(s.id, story.ID)
		s.start = append(s.start, int32(len(s.members)))
		var flags uint8
		var latest int64
		for _, id := range story.Articles {
			x := a.byID[id]
			s.members = append(s.members, x)
			a.story[x] = k
			latest = max(latest, a.at[x])
			v, _ := g.Verdict(id)
			if v.Uncredited {
				flags |= hasUncredited
			}
			if v.IsCopy() && len(v.Credited) > 0 {
				flags |= hasCredited
			}
			if len(v.Credited) > 0 && (len(crediting) == 0 || crediting[len(crediting)-1] != story.ID) {
				crediting = append(crediting, story.ID)
			}
			for _, e := range v.Sources {
				if e.Partial {
					flags |= hasStitched
				}
				flags |= kindFlag(e.Kind)
			}
			if o := a.outlet[x]; o >= 0 {
				if l := s.byOutlet[o]; len(l) == 0 || l[len(l)-1] != k {
					s.byOutlet[o] = append(l, k)
				}
			}
		}
		if len(story.Articles) > 1 {
			flags |= hasCopies
		}
		origin := a.byID[story.Origin]
		s.origin = append(s.origin, origin)
		s.size = append(s.size, int32(len(story.Articles)))
		s.at = append(s.at, a.at[origin])
		s.latest = append(s.latest, latest)
		s.flags = append(s.flags, flags)
		title := ""
		if d.hasTexts {
			title = firstLine(d.texts[origin])
		}
		s.title = append(s.title, title)
		for _, w := range uniqueWords(title) {
			s.words[w] = append(s.words[w], k)
		}
	}
	s.start = append(s.start, int32(len(s.members)))
	// The first claimed origin without an article of its outlet in its
	// story makes the graph index the outlets of every article, to tell
	// whether the claim is external (seconds for a million): do it now,
	// not on a reader's request.
warm:
	for _, id := range crediting {
		for _, c := range g.Claims(id) {
			if !c.Confirmed() {
				break warm
			}
		}
	}
	n := len(s.id)
	order := func(cmpStories func(x, y int32) int) []int32 {
		o := make([]int32, n)
		for i := range o {
			o[i] = int32(i)
		}
		slices.SortFunc(o, func(x, y int32) int { return cmp.Or(cmpStories(x, y), cmp.Compare(x, y)) })
		return o
	}
	s.bySize = order(func(x, y int32) int { return cmp.Or(cmp.Compare(s.size[y], s.size[x]), cmp.Compare(s.at[y], s.at[x])) })
	s.byNewest = order(func(x, y int32) int { return cmp.Or(cmp.Compare(s.at[y], s.at[x]), cmp.Compare(s.size[y], s.size[x])) })
	s.byOldest = order(func(x, y int32) int { return cmp.Compare(s.at[x], s.at[y]) })
}

// firstLine returns the first line of text with at least three words
// (a menu of one-word items is skipped), else the first with a word, cut
// to about 160 bytes at a word.
func firstLine(text string) string {
	fallback := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if n := len(words(line)); n == 0 {
			continue
		} else if n < 3 {
			if fallback == "" {
				fallback = line
			}
			continue
		}
		if len(line) > 160 {
			cut := strings.LastIndexByte(line[:160], ' ')
			if cut < 80 {
				cut = 160
				for cut > 0 && !utf8RuneStart(line[cut]) {
					cut--
				}
			}
			line = strings.TrimSpace(line[:cut]) + " …"
		}
		return line
	}
	return fallback
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// words splits s into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// uniqueWords returns s's words, each once.
func uniqueWords(s string) []string {
	w := words(s)
	slices.Sort(w)
	return slices.Compact(w)
}

// Articles returns the number of articles loaded.
func (d *Data) Articles() int { return len(d.articles.id) }

// Stories returns the number of stories loaded, stand-alone articles
// included.
func (d *Data) Stories() int { return len(d.stories.id) }
