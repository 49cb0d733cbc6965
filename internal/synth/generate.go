package synth

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reprintlab/reprint/shingle"
)

// Article is one generated article, with its truth.
type Article struct {
	// ID is unique in a run: "s<seed>-<number>". Numbers are a
	// pseudo-random permutation of 1..N, so they say nothing about
	// stories or order.
	ID string
	// Text is the article's text.
	Text string
	// Published is the time the article claims, in UTC, to the second;
	// zero when it has none. It is the true time, except for skewed
	// copies (up to MaxSkew earlier).
	Published time.Time
	// Source names the outlet: "wire:reuters", "site:valley-post",
	// "agg:newsnook", "blog:energy-insider".
	Source string
	// URL is a fake URL on the outlet's fake domain (".example").
	URL string
	// Cluster is the story: the ID of the story's original.
	Cluster string
	// DerivedFrom is the ID of the article this one was copied from
	// (the source of the larger part, for a stitched copy); empty for
	// originals and distractors.
	DerivedFrom string
	// StitchedFrom holds the IDs of both sources of a stitched copy, in
	// text order; nil otherwise.
	StitchedFrom []string
	// Label is the edit class.
	Label Label
	// Intensity grades a copy of a rewrite class (see [IsRewrite]); empty
	// for every other label.
	Intensity Intensity
	// NegativeFor is, for a same-topic negative, the ID of the original
	// of the story it shares day and topic with; empty otherwise.
	NegativeFor string
	// Synthetic is true for every article of a story whose original was
	// generated rather than read from the source.
	Synthetic bool
	// Ref is the source ID ("reuters-1") of a real original or
	// distractor; empty otherwise.
	Ref string
	// TrueTime is when the article was really published. A copy's
	// TrueTime is always after that of the article it derives from.
	TrueTime time.Time
	// Seen is when the article arrives: TrueTime plus arrival jitter.
	// Articles are delivered in Seen order.
	Seen time.Time
}

// Stats describes a run.
type Stats struct {
	// Read is the number of source stories, TooShort those with fewer
	// than MinWords words (or no shingle), NearDuplicates those dropped
	// as near-duplicates of a kept story, Usable the rest.
	Read, TooShort, NearDuplicates, Usable int
	// Fillers are usable stories set aside as material for local
	// paragraphs of extended copies; they are never published alone.
	Fillers int
	// Material is the number of usable stories set aside, with
	// Config.Rewrites, as hosts of partial copies and donors of added
	// sentences; they are never published alone.
	Material int
	// PartialRealHosts and PartialGeneratedHosts count partial copies
	// whose host is a material story or a generated one.
	PartialRealHosts, PartialGeneratedHosts int
	// Articles is the number of articles generated.
	Articles int
	// Originals by origin, and distractors.
	RealOriginals, SyntheticOriginals, RealDistractors, SyntheticDistractors int
	// Labels counts articles by label.
	Labels map[Label]int
	// Chained counts copies made from another copy.
	Chained int
	// Skewed counts copies with clock skew, Undated articles without a
	// published time.
	Skewed, Undated int
	// OutOfOrder counts articles that arrive after an article with a
	// later true time; BeforeSource counts copies that arrive before the
	// article they derive from.
	OutOfOrder, BeforeSource int
	// MaxPending is the most articles held waiting for their arrival
	// time at once: the memory the stream needs.
	MaxPending int
	// TextBytes is the total size of the texts.
	TextBytes int64
}

// Write prints s for people, a few lines, labels in [Labels] order.
func (s Stats) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "source: %d stories read, %d too short, %d near-duplicates dropped, %d usable (%d set aside as fillers)\n",
		s.Read, s.TooShort, s.NearDuplicates, s.Usable, s.Fillers)
	fmt.Fprintf(&b, "articles: %d (%d MB of text)\n", s.Articles, s.TextBytes>>20)
	fmt.Fprintf(&b, "originals: %d real, %d synthetic; distractors: %d real, %d synthetic\n",
		s.RealOriginals, s.SyntheticOriginals, s.RealDistractors, s.SyntheticDistractors)
	for _, l := range Labels() {
		if s.Labels[l] > 0 || (!IsRewrite(l) && l != SameTopic) {
			fmt.Fprintf(&b, "  %-17s %9d\n", l, s.Labels[l])
		}
	}
	if s.Material > 0 {
		fmt.Fprintf(&b, "material stories: %d; partial copies with a real host: %d, with a generated one: %d\n",
			s.Material, s.PartialRealHosts, s.PartialGeneratedHosts)
	}
	fmt.Fprintf(&b, "chained copies: %d; skewed: %d; undated: %d\n", s.Chained, s.Skewed, s.Undated)
	fmt.Fprintf(&b, "out of order: %d arrive after a later article, %d copies before their source; at most %d pending\n",
		s.OutOfOrder, s.BeforeSource, s.MaxPending)
	_, err := w.Write([]byte(b.String()))
	return err
}

// Generator makes synthetic corpora from a source. It is safe for
// concurrent use: each [Generator.Run] is independent.
type Generator struct {
	cfg Config
	src *Source
	p   *prepared
}

// New returns a generator of articles from src. It filters the source
// (see the package documentation) and trains the Markov model, which
// takes a few seconds for 20,000 stories; the result is cached in src.
// The error wraps [ErrInvalidConfig] for a bad configuration, and says
// so when no story is usable.
func New(cfg Config, src *Source) (*Generator, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	if src == nil || len(src.Stories) == 0 {
		return nil, errors.New("synth: empty source")
	}
	p := src.prepare(cfg.MinWords, cfg.Epoch)
	if len(p.stories) == 0 {
		return nil, fmt.Errorf("synth: %s: no usable stories: %d read, %d shorter than %d words, %d near-duplicates",
			src.Name, p.read, p.tooShort, cfg.MinWords, p.nearDuplicates)
	}
	return &Generator{cfg: cfg, src: src, p: p}, nil
}

// Config returns the generator's configuration, defaults filled in.
func (g *Generator) Config() Config { return g.cfg }

// node is an article being generated.
type node struct {
	seq        uint64
	num        uint64
	id         string
	text       string
	t, seen    int64
	pub        int64
	hasPub     bool
	outlet     *outlet
	cluster    string
	derived    string
	stitched   []string
	label      Label
	intensity  Intensity
	negFor     string
	synthetic  bool
	ref        string
	parentSeen int64 // seen time of the article derived from, for stats
	// Story facts for edits.
	title string
	city  string
	wire  *outlet
	words int // up to chainParentWords
	day   int32
}

// entry is a real story on the timeline.
type entry struct {
	t          int64
	story      int32
	copies     int
	distractor bool
	// sameTopic marks a same-topic negative of story partner, which
	// comes earlier; hasNegative marks a story that has one.
	sameTopic, hasNegative bool
	partner                int32
}

// run is the state of one Run.
type run struct {
	cfg  Config
	p    *prepared
	rng  *rand.Rand
	sh   *shingle.Shingler
	toks []shingle.Token

	outlets   []*outlet
	outletCum []float64
	wires     []*outlet
	origin    *outlet
	fillers   []int32

	// With Config.Rewrites: material stories, and the IDs of the
	// originals of stories whose same-topic negative is still to come.
	hosts, donors *materialPool
	originalOf    map[int32]string

	chainProb float64

	perm   idPerm
	prefix string
	width  int
	next   uint64
	total  int

	heap   []*node
	recent []*node // originals of the last StitchWindow, in time order

	emit      func(Article) error
	err       error
	stats     Stats
	maxTrue   int64
	haveFirst bool
}

const day = int64(24 * time.Hour)

// chainParentWords is the fewest words a copy needs to be copied again.
const chainParentWords = 40

// Run generates the articles and calls emit for each, in the order they
// are seen. It stops at the first error emit returns and returns it.
func (g *Generator) Run(emit func(Article) error) (Stats, error) {
	cfg, p := g.cfg, g.p
	r := g.newRun(emit)
	planRNG := rand.New(rand.NewPCG(cfg.Seed, 0x706c616e))
	entries, planned := r.plan(planRNG)
	r.total = cfg.N
	if r.total == 0 {
		r.total = planned
	}
	r.perm = newIDPerm(uint64(r.total), cfg.Seed)
	r.width = max(6, len(strconv.Itoa(r.total)))
	r.prefix = "s" + strconv.FormatUint(cfg.Seed, 10) + "-"

	last := cfg.Epoch.UnixNano()
	if len(entries) > 0 {
		last = entries[0].t
	}
	for _, e := range entries {
		if r.err != nil {
			break
		}
		r.drain(e.t)
		last = max(last, e.t)
		st := &p.stories[e.story]
		if e.sameTopic {
			n := r.newNode(SameTopic, st.text, e.t, r.origin)
			n.cluster, n.ref, n.title, n.city, n.wire = n.id, st.ref, st.title, st.city, r.origin
			n.negFor = r.originalOf[e.partner]
			delete(r.originalOf, e.partner)
			r.push(n)
			continue
		}
		if e.distractor {
			n := r.newNode(Distractor, st.text, e.t, r.origin)
			n.cluster, n.ref, n.title, n.city, n.wire = n.id, st.ref, st.title, st.city, r.origin
			r.stats.RealDistractors++
			r.push(n)
			continue
		}
		o := r.newOriginal(st.text, e.t, st.title, st.city, r.origin, false)
		o.ref = st.ref
		if e.hasNegative {
			r.originalOf[e.story] = o.id
		}
		r.stats.RealOriginals++
		r.story(o, e.copies)
	}

	// Synthetic stories, after the real ones. Their texts come from a
	// producer goroutine with its own random stream, so the Markov chain
	// runs beside the edits; it consumes nothing of r.rng, so the output
	// does not depend on scheduling.
	rate := cfg.StoriesPerDay
	if rate == 0 {
		rate = p.storiesPerDay
	}
	t := last
	if r.err == nil && int(r.next) < r.total {
		texts := make(chan synthStory, 64)
		done := make(chan struct{})
		defer close(done)
		go produceSynthetic(p, cfg, texts, done)
		for r.err == nil && int(r.next) < r.total {
			s := <-texts
			t += int64(r.rng.ExpFloat64() * float64(day) / rate)
			r.drain(t)
			left := r.total - int(r.next)
			copies := min(r.drawCopies(r.rng), left-1)
			o := r.newOriginal(s.text, t, s.title, "", r.wires[s.wire], true)
			r.stats.SyntheticOriginals++
			r.story(o, copies)
			if s.distractor != "" && left-1-copies > 0 {
				w := r.wires[s.distractorWire]
				n := r.newNode(Distractor, s.distractor, t+s.distractorDelay, w)
				n.cluster, n.title, n.wire, n.synthetic = n.id, s.distractorTitle, w, true
				r.stats.SyntheticDistractors++
				r.push(n)
			}
		}
	}
	r.drain(math.MaxInt64)
	if r.err != nil {
		return r.stats, r.err
	}
	if int(r.next) != r.total {
		return r.stats, fmt.Errorf("synth: internal error: generated %d articles, want %d", r.next, r.total)
	}
	return r.stats, nil
}

// synthStory is a generated story: its text, headline and wire, and
// maybe a distractor's.
type synthStory struct {
	text, title                 string
	wire                        int
	distractor, distractorTitle string
	distractorWire              int
	distractorDelay             int64
}

// produceSynthetic sends generated stories on out until done is closed.
// Lengths follow the kept stories'; a distractor comes with a story with
// probability DistractorRate.
func produceSynthetic(p *prepared, cfg Config, out chan<- synthStory, done <-chan struct{}) {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x73796e74))
	opts := renderOptions{title: true, width: 65, indent: true, maxPerPar: 3}
	length := func() int {
		return min(1500, max(int(p.stories[rng.IntN(len(p.stories))].words), cfg.MinWords, 20))
	}
	for {
		var s synthStory
		s.text = p.model.text(rng, length(), opts)
		s.title, _, _ = strings.Cut(s.text, "\n")
		s.wire = rng.IntN(len(wires))
		if rng.Float64() < cfg.DistractorRate {
			s.distractor = p.model.text(rng, length(), opts)
			s.distractorTitle, _, _ = strings.Cut(s.distractor, "\n")
			s.distractorWire = rng.IntN(len(wires))
			s.distractorDelay = int64(rng.Float64() * float64(6*time.Hour))
		}
		select {
		case out <- s:
		case <-done:
			return
		}
	}
}

// newRun returns the state of a run: its random generator, outlets and
// wires; the plan is made by Run.
func (g *Generator) newRun(emit func(Article) error) *run {
	cfg, p := g.cfg, g.p
	r := &run{cfg: cfg, p: p, emit: emit}
	r.sh, _ = shingle.New(truthShingles)
	r.stats = Stats{Read: p.read, TooShort: p.tooShort, NearDuplicates: p.nearDuplicates,
		Usable: len(p.stories), Labels: map[Label]int{}}
	outletRNG := rand.New(rand.NewPCG(cfg.Seed, 0x6f75746c))
	r.rng = rand.New(rand.NewPCG(cfg.Seed, 0x67656e65))
	r.outlets, r.outletCum = makeOutlets(outletRNG, cfg.Outlets)
	for i := range wires {
		r.wires = append(r.wires, makeWire(i))
	}
	r.origin = r.originOutlet()
	if cfg.Rewrites {
		r.hosts, r.donors, r.originalOf = newMaterialPool(), newMaterialPool(), map[int32]string{}
	}
	if m := cfg.CopiesPerStory; m > 0 {
		// A story's first copy cannot be chained. With a geometric number
		// of copies of mean m, first copies are 1/(1+m) of all copies, so
		// later ones are chained with ChainShare·(1+m)/m.
		r.chainProb = min(1, cfg.ChainShare*(1+m)/m)
	}
	return r
}

// originOutlet returns the outlet of real originals.
func (r *run) originOutlet() *outlet {
	for i, w := range wires {
		if r.cfg.OriginSource == "wire:"+w.handle {
			return makeWire(i)
		}
	}
	name := r.cfg.OriginSource
	handle := name[strings.IndexByte(name, ':')+1:]
	display := titleCase(strings.ToUpper(strings.NewReplacer("-", " ", "_", " ").Replace(handle)))
	return &outlet{name: name, display: display, credit: display, domain: slug(handle) + ".example", urlStyle: 4}
}

// drawCopies draws a story's number of copies: geometric with mean
// CopiesPerStory, at most 20 times the mean.
func (r *run) drawCopies(rng *rand.Rand) int {
	m := r.cfg.CopiesPerStory
	if m <= 0 {
		return 0
	}
	p := 1 / (1 + m)
	u := 1 - rng.Float64() // (0, 1]
	c := int(math.Floor(math.Log(u) / math.Log1p(-p)))
	return min(c, int(math.Ceil(20*m)))
}

// plan chooses the real stories: fillers, originals with their numbers
// of copies, and distractors, in random order until N articles are
// planned (or the source is used up). It returns them in time order, and
// the number of articles planned.
func (r *run) plan(rng *rand.Rand) ([]entry, int) {
	p := r.p
	order := rng.Perm(len(p.stories))
	used := make([]bool, len(p.stories))
	nFill := 0
	if len(p.stories) >= 20 {
		nFill = min(len(p.stories)/20, 1000)
	}
	for _, i := range order[:nFill] {
		r.fillers = append(r.fillers, int32(i))
		used[i] = true
	}
	r.stats.Fillers = nFill
	slices.Sort(r.fillers)
	if r.cfg.Rewrites {
		nFill += r.setAsideMaterial(order[nFill:], used)
	}
	var entries []entry
	total := 0
	n := r.cfg.N
	for _, i := range order[nFill:] {
		if n > 0 && total >= n {
			break
		}
		if used[i] {
			continue
		}
		used[i] = true
		copies := r.drawCopies(rng)
		d := -1
		if rng.Float64() < r.cfg.DistractorRate {
			d = r.findDistractor(rng, int32(i), used)
		}
		count := 1 + copies
		if d >= 0 {
			count++
		}
		if n > 0 && total+count > n {
			if d >= 0 {
				used[d] = false
				d = -1
				count--
			}
			copies -= max(0, total+count-n)
			count = 1 + copies
		}
		neg := -1
		if r.cfg.SameTopicRate > 0 && (n == 0 || total+count < n) && rng.Float64() < r.cfg.SameTopicRate {
			if neg = r.findSameTopic(rng, int32(i), used); neg >= 0 {
				used[neg] = true
				count++
			}
		}
		entries = append(entries, entry{t: p.stories[i].t, story: int32(i), copies: copies, hasNegative: neg >= 0})
		if d >= 0 {
			used[d] = true
			entries = append(entries, entry{t: p.stories[d].t, story: int32(d), distractor: true})
		}
		if neg >= 0 {
			entries = append(entries, entry{t: p.stories[neg].t, story: int32(neg), sameTopic: true, partner: int32(i)})
		}
		total += count
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp64(a.t, b.t); c != 0 {
			return c
		}
		return int(a.story - b.story)
	})
	return entries, total
}

// findDistractor returns an unused story of the same day as story i that
// shares little text with any kept story, preferring one that shares
// title words or the dateline city; -1 if there is none.
func (r *run) findDistractor(rng *rand.Rand, i int32, used []bool) int {
	st := &r.p.stories[i]
	cands := r.p.days[st.day]
	if len(cands) == 0 {
		return -1
	}
	best, bestScore := -1, -1
	off := rng.IntN(len(cands))
	for k := range min(len(cands), 400) {
		j := cands[(off+k)%len(cands)]
		c := &r.p.stories[j]
		if j == i || used[j] || c.maxC >= DistractorMaxContainment || c.exposure >= DistractorMaxContainment {
			continue
		}
		score := sharedKeys(st.titleKeys, c.titleKeys)
		if st.city != "" && st.city == c.city {
			score += 2
		}
		if score > bestScore {
			best, bestScore = int(j), score
		}
	}
	return best
}

// newNode creates an article of label at true time t from outlet out,
// with its ID, arrival time and published time.
func (r *run) newNode(label Label, text string, t int64, out *outlet) *node {
	seq := r.next
	r.next++
	num := r.perm.apply(seq) + 1
	n := &node{seq: seq, num: num, text: text, t: t, label: label, outlet: out}
	var b strings.Builder
	b.Grow(len(r.prefix) + r.width)
	b.WriteString(r.prefix)
	s := strconv.FormatUint(num, 10)
	for range r.width - len(s) {
		b.WriteByte('0')
	}
	b.WriteString(s)
	n.id = b.String()
	jitter := r.rng.Float64() * float64(MaxArrivalJitter)
	if r.rng.Float64() < r.cfg.LateShare {
		jitter = r.rng.Float64() * float64(MaxLateArrival)
	}
	n.seen = t + int64(jitter)
	n.pub, n.hasPub = t, true
	if r.rng.Float64() < r.cfg.UndatedShare {
		n.hasPub = false
	}
	r.stats.Labels[label]++
	return n
}

// newOriginal creates a story's original and pushes it.
func (r *run) newOriginal(text string, t int64, title, city string, wire *outlet, synthetic bool) *node {
	o := r.newNode(Original, text, t, wire)
	o.cluster, o.title, o.city, o.wire, o.synthetic = o.id, title, city, wire, synthetic
	o.words = wordCountUpTo(text, chainParentWords)
	o.day = dayOf(t)
	r.push(o)
	return o
}

// story publishes original o (already pushed) and makes its copies.
func (r *run) story(o *node, copies int) {
	// Keep originals of the last StitchWindow for stitched copies and
	// related links.
	cut := 0
	for cut < len(r.recent) && r.recent[cut].t < o.t-int64(StitchWindow) {
		cut++
	}
	r.recent = append(r.recent[:0], r.recent[cut:]...)

	var parents []*node // copies that later copies may be made from
	var usedOutlets []*outlet
	for range copies {
		parent := o
		if len(parents) > 0 && r.rng.Float64() < r.chainProb {
			parent = parents[r.rng.IntN(len(parents))]
		}
		out := r.pickOutlet(parent, usedOutlets)
		usedOutlets = append(usedOutlets, out)
		c := r.makeCopy(o, parent, out)
		if c.label != Stitch && c.label != Partial && c.words >= chainParentWords {
			parents = append(parents, c)
		}
		r.push(c)
	}
	r.recent = append(r.recent, o)
}

// pickOutlet picks a copy's outlet by popularity, avoiding the parent's
// and those already used for the story when it can.
func (r *run) pickOutlet(parent *node, used []*outlet) *outlet {
	var o *outlet
	for range 6 {
		x := r.rng.Float64() * r.outletCum[len(r.outletCum)-1]
		i, _ := slices.BinarySearch(r.outletCum, x)
		o = r.outlets[min(i, len(r.outlets)-1)]
		if o != parent.outlet && !slices.Contains(used, o) {
			break
		}
	}
	return o
}

// lag draws a log-uniform delay between MinLag and MaxLag.
func (r *run) lag() int64 {
	lo, hi := math.Log(float64(MinLag)), math.Log(float64(MaxLag))
	return int64(math.Exp(lo + (hi-lo)*r.rng.Float64()))
}

// drawLabel draws a copy label by weight among those not excluded (a
// bit set over copyLabels); Verbatim when every weighted label is.
func (r *run) drawLabel(excluded uint32) Label {
	total := 0.0
	for i, l := range copyLabels {
		if excluded&(1<<i) == 0 {
			total += r.cfg.Weights[l]
		}
	}
	if total <= 0 {
		return Verbatim
	}
	x := r.rng.Float64() * total
	for i, l := range copyLabels {
		if excluded&(1<<i) != 0 {
			continue
		}
		if x < r.cfg.Weights[l] {
			return l
		}
		x -= r.cfg.Weights[l]
	}
	for i := len(copyLabels) - 1; i >= 0; i-- { // rounding: the last weighted label
		if excluded&(1<<i) == 0 && r.cfg.Weights[copyLabels[i]] > 0 {
			return copyLabels[i]
		}
	}
	return Verbatim
}

// makeCopy makes one copy of parent (a copy of o or o itself) for out.
func (r *run) makeCopy(o, parent *node, out *outlet) *node {
	var excluded uint32
	for {
		label := r.drawLabel(excluded)
		if label == Stitch {
			if c := r.stitch(o, out); c != nil {
				return c
			}
		} else if c := r.edit(label, o, parent, out); c != nil {
			return c
		}
		if label == Verbatim { // a reprint always works; this is a guard
			return r.copyNode(Verbatim, parent.text, o, parent, out, parent.t+r.lag())
		}
		excluded |= 1 << slices.Index(copyLabels, label)
	}
}

// edit applies label to parent's text; nil when the edit does not apply
// to this text.
func (r *run) edit(label Label, o, parent *node, out *outlet) *node {
	t := parent.t + r.lag()
	src := parent.text
	var text string
	ok := true
	switch label {
	case Verbatim:
		text = src
	case Truncate:
		text, ok = r.truncate(src)
	case Extend:
		text, ok = r.extend(src)
	case Wrap:
		text = r.wrap(src, out, r.related(o), time.Unix(0, t).UTC().Year())
	case Reflow:
		text, ok = r.reflow(src)
	case Credit:
		text = r.credit(src, o.wire, parent.outlet, o.city, time.Unix(0, t).UTC())
	case Swap:
		text, ok = r.swap(src)
	case Drop:
		text, ok = r.drop(src)
	case Typo:
		text, ok = r.typos(src)
	case OCR:
		text, ok = r.ocr(src)
	default:
		if !IsRewrite(label) {
			return nil
		}
		var in Intensity
		if text, in, ok = r.rewrite(label, o, parent); !ok || strings.TrimSpace(text) == "" {
			return nil
		}
		c := r.copyNode(label, text, o, parent, out, t)
		c.intensity = in
		return c
	}
	if !ok || strings.TrimSpace(text) == "" {
		return nil
	}
	return r.copyNode(label, text, o, parent, out, t)
}

// copyNode creates a copy of parent in o's story.
func (r *run) copyNode(label Label, text string, o, parent *node, out *outlet, t int64) *node {
	c := r.newNode(label, text, t, out)
	c.cluster, c.derived, c.parentSeen = parent.cluster, parent.id, parent.seen
	c.title, c.city, c.wire, c.synthetic = o.title, o.city, o.wire, o.synthetic
	c.words = wordCountUpTo(text, chainParentWords)
	if parent != o {
		r.stats.Chained++
	}
	if c.hasPub && r.rng.Float64() < r.cfg.SkewShare {
		c.pub = t - 1 - int64(r.rng.Float64()*float64(MaxSkew))
		r.stats.Skewed++
	}
	return c
}

// related returns two to four headlines of other recent stories.
func (r *run) related(o *node) []string {
	var out []string
	if len(r.recent) == 0 {
		return nil
	}
	for range 2 + r.rng.IntN(3) {
		c := r.recent[r.rng.IntN(len(r.recent))]
		if c.cluster == o.cluster || c.title == "" {
			continue
		}
		h := titleCase(c.title)
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// stitch joins the first half of o and the first or second half of
// another recent original, preferably of the same day; nil when there is
// none.
func (r *run) stitch(o *node, out *outlet) *node {
	var same, near []*node
	for _, c := range r.recent {
		if c.cluster == o.cluster || c.t > o.t {
			continue
		}
		near = append(near, c)
		if c.day == o.day {
			same = append(same, c)
		}
	}
	if len(same) > 0 {
		near = same
	}
	if len(near) == 0 {
		return nil
	}
	// Up to eight tries for a partner whose part is neither a sliver of
	// the copy nor most of it: each part is at least a quarter.
	a, _ := r.halves(o.text)
	na := r.countTokens(a)
	var other *node
	var b string
	var nb int
	for range 8 {
		c := near[r.rng.IntN(len(near))]
		b1, b2 := r.halves(c.text)
		if r.rng.IntN(2) == 0 && b2 != "" {
			b1 = b2
		}
		n := r.countTokens(b1)
		if na >= 20 && n >= 20 && na+n >= 50 && 4*min(na, n) >= na+n {
			other, b, nb = c, b1, n
			break
		}
	}
	if other == nil {
		return nil
	}
	primary := o
	if nb > na {
		primary = other
	}
	sep := "\n\n"
	if strings.Contains(o.text, "\n    ") {
		sep = "\n    "
	}
	t := max(o.t, other.t) + r.lag()
	c := r.copyNode(Stitch, a+sep+b, primary, primary, out, t)
	c.stitched = []string{o.id, other.id}
	return c
}

// push queues n until it is seen.
func (r *run) push(n *node) {
	r.heap = append(r.heap, n)
	for i := len(r.heap) - 1; i > 0; {
		p := (i - 1) / 2
		if !before(r.heap[i], r.heap[p]) {
			break
		}
		r.heap[i], r.heap[p] = r.heap[p], r.heap[i]
		i = p
	}
	r.stats.MaxPending = max(r.stats.MaxPending, len(r.heap))
}

func before(a, b *node) bool {
	if a.seen != b.seen {
		return a.seen < b.seen
	}
	return a.seq < b.seq
}

// drain emits every queued article seen at or before t. Every article
// still to be generated is seen after t, because the timeline is
// processed in time order and delays are never negative.
func (r *run) drain(t int64) {
	for len(r.heap) > 0 && r.heap[0].seen <= t && r.err == nil {
		n := r.heap[0]
		last := len(r.heap) - 1
		r.heap[0] = r.heap[last]
		r.heap[last] = nil
		r.heap = r.heap[:last]
		for i := 0; ; {
			l, m := 2*i+1, i
			if l < len(r.heap) && before(r.heap[l], r.heap[m]) {
				m = l
			}
			if l+1 < len(r.heap) && before(r.heap[l+1], r.heap[m]) {
				m = l + 1
			}
			if m == i {
				break
			}
			r.heap[i], r.heap[m] = r.heap[m], r.heap[i]
			i = m
		}
		r.deliver(n)
	}
}

// deliver hands n to the caller.
func (r *run) deliver(n *node) {
	s := &r.stats
	s.Articles++
	s.TextBytes += int64(len(n.text))
	if !n.hasPub {
		s.Undated++
	}
	if r.haveFirst && n.t < r.maxTrue {
		s.OutOfOrder++
	}
	r.maxTrue, r.haveFirst = max(r.maxTrue, n.t), true
	if n.derived != "" && n.parentSeen > n.seen {
		s.BeforeSource++
	}
	a := Article{
		ID: n.id, Text: n.text, Source: n.outlet.name, Cluster: n.cluster, DerivedFrom: n.derived,
		StitchedFrom: n.stitched, Label: n.label, Intensity: n.intensity, NegativeFor: n.negFor,
		Synthetic: n.synthetic, Ref: n.ref,
		TrueTime: time.Unix(0, n.t).UTC(), Seen: time.Unix(0, n.seen).UTC(),
	}
	if n.hasPub {
		a.Published = time.Unix(0, n.pub).UTC().Truncate(time.Second)
	}
	a.URL = articleURL(n.outlet, n.title, a.TrueTime, n.num)
	r.err = r.emit(a)
}

// idPerm is a keyed pseudo-random permutation of [0, n): a four-round
// Feistel network on the smallest even number of bits that holds n-1,
// with cycle walking.
type idPerm struct {
	n    uint64
	half uint
	mask uint64
	keys [4]uint64
}

func newIDPerm(n, seed uint64) idPerm {
	b := uint(bits.Len64(max(n, 2) - 1))
	b += b & 1
	p := idPerm{n: n, half: b / 2, mask: 1<<(b/2) - 1}
	s := seed
	for i := range p.keys {
		s += 0x9E3779B97F4A7C15
		p.keys[i] = mix64(s)
	}
	return p
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// apply maps x (< n) to its image (< n).
func (p idPerm) apply(x uint64) uint64 {
	for {
		l, r := x>>p.half, x&p.mask
		for _, k := range p.keys {
			l, r = r, l^(mix64(r^k)&p.mask)
		}
		x = l<<p.half | r
		if x < p.n {
			return x
		}
	}
}
