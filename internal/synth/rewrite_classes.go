package synth

// This file applies the rewrite classes (see rewrite.go for the table of
// intensities) and holds the material stories they draw on.

import (
	"math"
	"strings"
	"unicode"
)

// levelOf returns an intensity's index: 0 light, 1 medium, 2 heavy.
func levelOf(i Intensity) int {
	switch i {
	case Medium:
		return 1
	case Heavy:
		return 2
	}
	return 0
}

// Parameters by intensity (light, medium, heavy).
var (
	synonymShare    = [3]float64{0.08, 0.16, 0.30}
	mergeRate       = [3]float64{0.10, 0.25, 0.45}
	dropShare       = [3]float64{0.10, 0.20, 0.35}
	addedSentences  = [3]int{1, 2, 4}
	quoteReword     = [3]float64{0.10, 0.20, 0.35}
	partialShare    = [3]float64{0.15, 0.30, 0.45}
	combinedSynonym = [3]float64{0.06, 0.15, 0.30}
	combinedMerge   = [3]float64{0.10, 0.20, 0.35}
	combinedDrop    = [3]float64{0, 0.15, 0.25}
	combinedAdded   = [3]int{0, 1, 2}
)

// rewrite applies a rewrite class at a random intensity to parent's text;
// ok is false when the class does not apply to it.
func (r *run) rewrite(label Label, o, parent *node) (text string, in Intensity, ok bool) {
	in = Intensities()[r.rng.IntN(3)]
	lv := levelOf(in)
	if label == Partial {
		text, ok = r.partial(parent.text, lv, o.day)
		return text, in, ok
	}
	d := parseDoc(parent.text)
	if d.sentenceCount() < 3 {
		return "", in, false
	}
	switch label {
	case RewriteSynonym:
		ok = r.substitute(&d, synonymShare[lv], false) > 0
	case RewriteReorder:
		ok = r.reorder(&d, lv)
	case RewriteMerge:
		ok = r.mergeSplit(&d, mergeRate[lv]) > 0
		if !ok { // a short text: one change at least
			ok = r.mergeSplit(&d, 1) > 0
		}
	case RewriteLede:
		ok = r.lede(&d, lv, false)
	case RewriteSentences:
		ok = r.dropAndAdd(&d, dropShare[lv], addedSentences[lv], false, o.day)
	case RewriteQuotes:
		if len(d.quotations(5)) == 0 {
			return "", in, false
		}
		n := r.substitute(&d, quoteReword[lv], true)
		n += r.mergeSplit(&d, quoteReword[lv])
		ok = n > 0
	case Rewrite:
		ok = r.combined(&d, lv, o.day)
	}
	if !ok {
		return "", in, false
	}
	return d.render(), in, true
}

// combined is the combined rewrite at level lv: a new lede (medium: the
// first sentence, heavy: the first two), dropped and added sentences,
// merges and splits, reordering (medium: two paragraphs swap, heavy:
// half the body) and synonyms, quotations kept verbatim.
func (r *run) combined(d *doc, lv int, day int32) bool {
	changed := false
	if lv > 0 {
		changed = r.lede(d, lv-1, true) || changed
		changed = r.dropAndAdd(d, combinedDrop[lv], combinedAdded[lv], true, day) || changed
	}
	changed = r.mergeSplit(d, combinedMerge[lv]) > 0 || changed
	if lv > 0 {
		changed = r.reorder(d, lv-1) || changed
	}
	changed = r.substitute(d, combinedSynonym[lv], true) > 0 || changed
	return changed
}

// takeLead removes the first n body sentences and returns them.
func (d *doc) takeLead(n int) []string {
	var out []string
	for len(out) < n && len(d.paras) > 0 {
		p := d.paras[0]
		k := min(n-len(out), len(p))
		out = append(out, p[:k]...)
		d.paras[0] = p[k:]
		d.compact()
	}
	return out
}

// lede replaces the first level+1 body sentences by one new sentence (two
// at level 2) built from their names and numbers in a new frame. It
// declines when they hold neither, when the body is too short, and with
// keepQuotes when they hold a quotation mark.
func (r *run) lede(d *doc, level int, keepQuotes bool) bool {
	n := level + 1
	if d.sentenceCount() < n+1 {
		return false
	}
	if keepQuotes && hasQuote(strings.Join(d.firstSentences(n), " ")) {
		return false // the quotation would be lost
	}
	names, nums := namesAndNumbers(d.firstSentences(n))
	if len(names)+len(nums) == 0 {
		return false
	}
	d.takeLead(n)
	news := []string{r.frame(names, nums)}
	if level == 2 {
		news = append(news, r.frame(names[min(2, len(names)):], nums[min(2, len(nums)):]))
	}
	d.paras = append([][]string{news}, d.paras...)
	return true
}

// firstSentences returns the first n body sentences.
func (d *doc) firstSentences(n int) []string {
	var out []string
	for _, p := range d.paras {
		for _, s := range p {
			if len(out) == n {
				return out
			}
			out = append(out, s)
		}
	}
	return out
}

// units follow numbers in newswire text.
var units = wordSet(`mln billion bln pct percent dlrs dollars cts cents tonnes tons bags barrels shares yen marks
	francs pounds stg points bushels ounces acres`)

// namesAndNumbers returns the names (runs of capitalised words, not a
// common word starting a sentence) and the numbers (with a unit that
// follows) of sentences, in order, without repeats.
func namesAndNumbers(ss []string) (names, nums []string) {
	add := func(list *[]string, s string) {
		s = strings.TrimRight(s, ",;:)'\"”")
		if t, ok := strings.CutSuffix(s, "."); ok && !isAbbreviation(t) {
			s = t
		}
		s = strings.TrimLeft(s, "(\"“'")
		if s != "" && !contains(*list, s) {
			*list = append(*list, s)
		}
	}
	for _, s := range ss {
		fs := strings.Fields(s)
		var run []string
		flush := func() {
			if len(run) > 0 {
				add(&names, strings.Join(run, " "))
			}
			run = nil
		}
		for i, f := range fs {
			word := strings.TrimLeft(f, "(\"“'")
			switch {
			case strings.IndexFunc(word, unicode.IsDigit) >= 0:
				flush()
				num := word
				if i+1 < len(fs) && units[strings.ToLower(strings.TrimRight(fs[i+1], ",.;:)"))] && !strings.ContainsAny(f, ",;:") {
					num += " " + fs[i+1]
				}
				add(&nums, num)
			case startsUpper(word) && !(i == 0 && commonStarts[strings.ToLower(word)]) && !isUpperWord(word):
				w := strings.TrimRight(word, ",;:)'\"”")
				if t, ok := strings.CutSuffix(w, "."); ok && !isAbbreviation(t) {
					w = t
				}
				run = append(run, w)
				if strings.ContainsAny(f[len(f)-1:], ",;:)") {
					flush()
				}
			default:
				flush()
			}
		}
		flush()
	}
	return names, nums
}

// isUpperWord reports whether w is a word in capitals of more than one
// letter that is not an initialism with full stops: a shouted headline
// word, not a name.
func isUpperWord(w string) bool {
	t := strings.TrimRight(w, ",.;:)'\"”")
	return len(t) > 3 && strings.ToUpper(t) == t && !strings.Contains(t, ".")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Frames of a new lede: {N}, {M} are names, {X}, {Y} numbers.
var (
	framesNameNum2 = []string{
		"{N} was in the news as figures of {X} and {Y} were reported.",
		"Reports involving {N} cited figures of {X} and {Y}.",
		"Figures of {X} and {Y} emerged in the latest account concerning {N}.",
	}
	framesNameNum = []string{
		"{N} was at the centre of the latest figures, which put the number at {X}.",
		"The latest report concerning {N} gives a figure of {X}.",
		"A figure of {X} was reported in connection with {N}.",
		"Figures released in connection with {N} show {X}.",
	}
	framesNames = []string{
		"{N} and {M} are at the centre of the latest report.",
		"The latest account names {N} and {M}.",
		"{N} and {M} featured in the news on the matter.",
	}
	framesName = []string{
		"{N} is at the centre of the latest report.",
		"The latest account concerns {N}.",
		"News on the matter came from {N}.",
	}
	framesNum2 = []string{
		"The latest figures put the total at {X}, against {Y}.",
		"Figures of {X} and {Y} were reported.",
	}
	framesNum = []string{
		"A figure of {X} was reported.",
		"The latest figure stands at {X}.",
	}
	framesNone = []string{
		"Further details were given in a statement.",
		"The account gave further details.",
		"More was said on the matter later.",
	}
)

// frame builds a sentence from names and numbers in a randomly chosen
// frame.
func (r *run) frame(names, nums []string) string {
	var f string
	switch {
	case len(names) > 0 && len(nums) > 1:
		f = pick(r.rng, framesNameNum2)
	case len(names) > 0 && len(nums) > 0:
		f = pick(r.rng, framesNameNum)
	case len(names) > 1:
		f = pick(r.rng, framesNames)
	case len(names) > 0:
		f = pick(r.rng, framesName)
	case len(nums) > 1:
		f = pick(r.rng, framesNum2)
	case len(nums) > 0:
		f = pick(r.rng, framesNum)
	default:
		f = pick(r.rng, framesNone)
	}
	get := func(xs []string, i int) string {
		if i < len(xs) {
			return xs[i]
		}
		return ""
	}
	s := strings.NewReplacer("{N}", get(names, 0), "{M}", get(names, 1), "{X}", get(nums, 0), "{Y}", get(nums, 1)).Replace(f)
	if r0 := []rune(s); len(r0) > 0 && unicode.IsLower(r0[0]) {
		r0[0] = unicode.ToUpper(r0[0])
		s = string(r0)
	}
	return s
}

// dropAndAdd drops share of the body sentences (at least one; never the
// first; with keepQuotes never one in a quotation) and adds
// `added` sentences of a material story near day (generated ones when
// none is left), each as a paragraph of its own after the lede. It
// declines for a body of fewer than four sentences.
func (r *run) dropAndAdd(d *doc, share float64, added int, keepQuotes bool, day int32) bool {
	total := d.sentenceCount()
	if total < 4 {
		return false
	}
	changed := false
	if share > 0 {
		type at struct{ p, s int }
		var cands []at
		for pi, p := range d.paras {
			quoted := quotedSentences(p)
			for si := range p {
				if (pi > 0 || si > 0) && !(keepQuotes && quoted[si]) {
					cands = append(cands, at{pi, si})
				}
			}
		}
		k := min(len(cands), max(1, int(math.Round(share*float64(total)))))
		drop := map[at]bool{}
		for _, j := range r.rng.Perm(len(cands))[:k] {
			drop[cands[j]] = true
		}
		for pi, p := range d.paras {
			out := p[:0]
			for si, s := range p {
				if !drop[at{pi, si}] {
					out = append(out, s)
				}
			}
			d.paras[pi] = out
		}
		d.compact()
		changed = k > 0
	}
	for _, s := range r.donorSentences(added, day) {
		i := 1 + r.rng.IntN(len(d.paras))
		d.paras = append(d.paras[:i], append([][]string{{s}}, d.paras[i:]...)...)
		changed = true
	}
	return changed
}

// partial inserts a passage of text (body paragraphs in a row, about
// partialShare[level] of the result, at least 25 words) into a host
// article after its lede paragraph: a material story near day, or a
// generated story when none is left, shortened when the passage is
// short.
func (r *run) partial(text string, level int, day int32) (string, bool) {
	src := parseDoc(text)
	if src.bodyWords() < 25 || len(src.paras) == 0 {
		return "", false
	}
	hostText, real := r.hostStory(day)
	host := parseDoc(hostText)
	hw := host.bodyWords()
	share := partialShare[level]
	want := int(share / (1 - share) * float64(hw))
	// A run of sentences from a random start, up to want words (at least
	// 25), kept in their paragraphs.
	type sent struct {
		para int
		text string
	}
	var all []sent
	for pi, p := range src.paras {
		for _, x := range p {
			all = append(all, sent{pi, x})
		}
	}
	take := func(start int) ([][]string, int) {
		var passage [][]string
		words, last := 0, -1
		for _, x := range all[start:] {
			w := wordCount(x.text)
			if words >= 25 && words+w > want+want/4 {
				break
			}
			if x.para != last {
				passage = append(passage, nil)
				last = x.para
			}
			passage[len(passage)-1] = append(passage[len(passage)-1], x.text)
			words += w
		}
		return passage, words
	}
	passage, words := take(r.rng.IntN(len(all)))
	if words < 25 { // a run from the start
		passage, words = take(0)
	}
	if words < 25 || hw == 0 {
		return "", false
	}
	// A short passage goes into a shortened host, so that it is still
	// about share of the copy: the host's last paragraphs are left out.
	wantHost := float64(words) * (1 - share) / share
	for hw := host.bodyWords(); len(host.paras) > 1 && float64(hw) > 1.25*wantHost; {
		last := 0
		for _, s := range host.paras[len(host.paras)-1] {
			last += wordCount(s)
		}
		if float64(hw-last) < 0.8*wantHost {
			break
		}
		host.paras = host.paras[:len(host.paras)-1]
		hw -= last
	}
	at := min(1, len(host.paras))
	if len(host.paras) > 2 {
		at = 1 + r.rng.IntN(len(host.paras)-1)
	}
	host.paras = append(host.paras[:at], append(passage, host.paras[at:]...)...)
	if real {
		r.stats.PartialRealHosts++
	} else {
		r.stats.PartialGeneratedHosts++
	}
	return host.render(), true
}

// materialPool holds material stories not yet used up, by day, and in
// plan order for when a day has none left.
type materialPool struct {
	byDay  map[int32][]int32
	all    []int32
	cursor int
	next   map[int32]int // sentences consumed of each story; -1 when used up
}

func newMaterialPool() *materialPool {
	return &materialPool{byDay: map[int32][]int32{}, next: map[int32]int{}}
}

// add puts story i of day into the pool.
func (m *materialPool) add(i, day int32) {
	m.byDay[day] = append(m.byDay[day], i)
	m.all = append(m.all, i)
}

// take returns a story not used up, of day or the days nearest to it (up
// to three days away), else the first left in plan order; false when none
// is left.
func (m *materialPool) take(day int32) (int32, bool) {
	if m == nil {
		return 0, false
	}
	for _, delta := range []int32{0, -1, 1, -2, 2, -3, 3} {
		list := m.byDay[day+delta]
		for len(list) > 0 && m.next[list[len(list)-1]] < 0 {
			list = list[:len(list)-1]
		}
		if len(list) == 0 {
			delete(m.byDay, day+delta)
			continue
		}
		m.byDay[day+delta] = list
		return list[len(list)-1], true
	}
	for m.cursor < len(m.all) && m.next[m.all[m.cursor]] < 0 {
		m.cursor++
	}
	if m.cursor == len(m.all) {
		return 0, false
	}
	return m.all[m.cursor], true
}

// hostStory returns the text of a host for a partial copy, used up: a
// material story near day, or a generated one (real is false).
func (r *run) hostStory(day int32) (text string, real bool) {
	if i, ok := r.hosts.take(day); ok {
		r.hosts.next[i] = -1
		return r.p.stories[i].text, true
	}
	return r.p.model.text(r.rng, 120+r.rng.IntN(200), renderOptions{title: true, maxPerPar: 3}), false
}

// donorSentences returns n body sentences in a row of a material story
// near day (the next ones not yet used; the story is used up when none
// are left), or generated sentences when no material is left.
func (r *run) donorSentences(n int, day int32) []string {
	if n == 0 {
		return nil
	}
	for {
		i, ok := r.donors.take(day)
		if !ok {
			break
		}
		var body []string
		for _, p := range parseDoc(r.p.stories[i].text).paras {
			for _, s := range p {
				if wordCount(s) >= 5 && !isUpperWord(strings.ReplaceAll(s, " ", "")) {
					body = append(body, s)
				}
			}
		}
		from := r.donors.next[i]
		if from+n > len(body) {
			r.donors.next[i] = -1
			continue
		}
		r.donors.next[i] = from + n
		if from+n == len(body) {
			r.donors.next[i] = -1
		}
		return body[from : from+n]
	}
	text := r.p.model.text(r.rng, 18*n, renderOptions{maxPerPar: 1000})
	var out []string
	for _, s := range r.splitSentences(oneLine(text)) {
		if len(out) < n && wordCount(s) >= 3 {
			out = append(out, s)
		}
	}
	return out
}
