package synth

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprintlab/reprint/shingle"
)

// tokens returns the shingle tokens of text (scratch owned by r).
func (r *run) tokens(text string) []shingle.Token {
	r.toks = r.sh.AppendTokens(r.toks[:0], text)
	return r.toks
}

// countTokens returns the number of shingle tokens of text.
func (r *run) countTokens(text string) int { return len(r.tokens(text)) }

// wordCount counts the words of s as the shingle tokeniser finds them in
// text with spaces between words (runs of letters, digits and marks; an
// apostrophe neither starts nor ends one), without normalising or
// hashing. A run of Chinese or Japanese characters counts as one.
func wordCount(s string) int { return wordCountUpTo(s, -1) }

// wordCountUpTo is wordCount, stopping at limit words (never when limit
// is negative).
func wordCountUpTo(s string, limit int) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		var word, join bool
		if c < utf8.RuneSelf {
			word = asciiWord[c]
			join = c == '\''
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			word = isWordRune(r) && r != utf8.RuneError
			join = r == '’' || r == '‘' || r == 'ʼ'
			i += size
		}
		switch {
		case join:
		case word && !in:
			n++
			if n == limit {
				return n
			}
			in = true
		case !word:
			in = false
		}
	}
	return n
}

// asciiWord marks ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

// editBudget returns how many words a word-level edit changes in a text of
// w words: 1% to 5% of them, at least one.
func (r *run) editBudget(w int) int {
	lo := max(1, int(math.Ceil(0.01*float64(w))))
	hi := max(lo, int(math.Floor(0.05*float64(w))))
	k := int(math.Round((0.01 + 0.04*r.rng.Float64()) * float64(w)))
	return min(hi, max(lo, k))
}

// truncate keeps the first 30–90% of the words of text, cut at a
// paragraph end, a sentence end or (sometimes) in mid-sentence.
func (r *run) truncate(text string) (string, bool) {
	toks := r.tokens(text)
	w := len(toks)
	lo, hi := int(math.Ceil(0.3*float64(w))), int(math.Floor(0.9*float64(w)))
	if w < 4 || lo > hi {
		return "", false
	}
	target := 0.3 + 0.6*r.rng.Float64()
	mode := r.rng.Float64()
	// kept returns the number of tokens that end at or before byte e.
	kept := func(e int) int {
		return search(len(toks), func(i int) bool { return toks[i].End > e })
	}
	best, bestDist := -1, 2.0
	if mode < 0.9 {
		paras := paragraphs(text)
		var ends []int
		if mode < 0.45 {
			for _, p := range paras[:max(0, len(paras)-1)] {
				ends = append(ends, p.end)
			}
		}
		if len(ends) == 0 {
			for _, s := range sentences(text, paras) {
				ends = append(ends, s.end)
			}
		}
		for _, e := range ends {
			k := kept(e)
			if k < lo || k > hi {
				continue
			}
			if d := math.Abs(float64(k)/float64(w) - target); d < bestDist {
				best, bestDist = e, d
			}
		}
	}
	if best >= 0 {
		return strings.TrimSpace(text[:best]), true
	}
	k := min(hi, max(lo, int(math.Round(target*float64(w)))))
	cut := strings.TrimRightFunc(text[:toks[k-1].End], unicode.IsSpace)
	return cut + pick(r.rng, []string{"", "...", " ...", "…", " […]"}), true
}

// search is sort.Search: the smallest i in [0, n) for
// which f is true, or n.
func search(n int, f func(int) bool) int {
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if !f(h) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}

// localParagraph returns a paragraph of at most words words that belongs
// to no story: generated text, or a passage of a filler story (a kept
// story that is never published on its own).
func (r *run) localParagraph(words int) string {
	if len(r.fillers) > 0 && r.rng.IntN(2) == 0 {
		f := r.p.stories[r.fillers[r.rng.IntN(len(r.fillers))]].text
		paras := paragraphs(f)
		sents := sentences(f, paras)
		// Passages are runs of body sentences: headlines (all capitals)
		// and sign-offs (one or two words) are skipped.
		body := func(s span) bool {
			t := f[s.start:s.end]
			return wordCount(t) >= 3 && strings.ToUpper(t) != t
		}
		var starts []int
		for i, s := range sents {
			if body(s) {
				starts = append(starts, i)
			}
		}
		if len(starts) > 0 {
			var b strings.Builder
			n := 0
			for _, s := range sents[starts[r.rng.IntN(len(starts))]:] {
				if !body(s) {
					break
				}
				part := oneLine(f[s.start:s.end])
				c := wordCount(part)
				if n+c > words {
					break
				}
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(part)
				n += c
			}
			if n >= 8 {
				return b.String()
			}
		}
	}
	return r.p.model.text(r.rng, words, renderOptions{maxPerPar: 8})
}

// extend adds one to three local paragraphs (at most half as many words
// as text has) before, after or between the paragraphs of text.
func (r *run) extend(text string) (string, bool) {
	w := wordCount(text)
	budget := w / 2
	if budget < 12 {
		return "", false
	}
	paras := paragraphs(text)
	if len(paras) == 0 {
		return "", false
	}
	middleSlots := min(len(paras)-1, w/60)
	var before, after []string
	middle := map[int]string{}
	free := r.rng.Perm(max(0, len(paras)-1))
	for n := 1 + r.rng.IntN(3); n > 0 && budget >= 12; n-- {
		words := min(budget, 12+r.rng.IntN(49))
		p := r.localParagraph(words)
		budget -= wordCount(p)
		switch x := r.rng.Float64(); {
		case x < 0.35 && len(middle) < middleSlots:
			middle[free[len(middle)]] = p
		case x < 0.6:
			before = append(before, p)
		default:
			after = append(after, p)
		}
	}
	if len(before)+len(after)+len(middle) == 0 {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/2 + 64)
	for _, p := range before {
		b.WriteString(p)
		b.WriteString("\n\n")
	}
	last := 0
	for i := range len(paras) - 1 {
		if p, ok := middle[i]; ok {
			b.WriteString(text[last:paras[i].end])
			b.WriteString("\n\n")
			b.WriteString(p)
			b.WriteString("\n\n")
			last = paras[i+1].start
		}
	}
	b.WriteString(text[last:])
	for _, p := range after {
		b.WriteString("\n\n")
		b.WriteString(p)
	}
	return b.String(), true
}

// reflow changes layout and typography, never words: paragraphs unwrapped,
// joined or re-wrapped, quotes and dashes swapped for their typographic
// (or plain) forms, runs of spaces and no-break spaces.
func (r *run) reflow(text string) (string, bool) {
	rng := r.rng
	paras := paragraphs(text)
	if len(paras) == 0 {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(text))
	switch x := rng.Float64(); {
	case x < 0.35: // one line per paragraph
		for i, p := range paras {
			if i > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(oneLine(text[p.start:p.end]))
		}
	case x < 0.5: // everything in one block
		for i, p := range paras {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(oneLine(text[p.start:p.end]))
		}
	case x < 0.85: // re-wrapped at another width
		width := 50 + rng.IntN(51)
		sep := pick(rng, []string{"\n\n", "\n    ", "\n"})
		for i, p := range paras {
			if i > 0 {
				b.WriteString(sep)
			}
			wrapWords(&b, text[p.start:p.end], width)
		}
	default:
		b.WriteString(text)
	}
	out := b.String()
	if rng.IntN(2) == 0 {
		out = swapQuotes(out)
	}
	if rng.IntN(2) == 0 {
		out = swapDashes(out, pick(rng, []string{"—", "–"}))
	}
	if rng.IntN(5) < 2 || out == text {
		out = r.respace(out, "  ", 0.1)
	}
	if rng.IntN(5) < 2 || out == text {
		out = r.respace(out, "\u00a0", 0.1)
	}
	if out == text {
		return "", false
	}
	return out, true
}

// swapQuotes turns straight quotes into typographic ones, or typographic
// ones into straight ones when the text has any.
func swapQuotes(s string) string {
	if strings.ContainsAny(s, "“”‘’") {
		return strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'").Replace(s)
	}
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/50)
	prev := ' '
	for i, c := range s {
		switch c {
		case '"':
			if unicode.IsSpace(prev) || strings.ContainsRune("([{-—", prev) {
				b.WriteString("“")
			} else {
				b.WriteString("”")
			}
		case '\'':
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if isWordRune(prev) && isWordRune(next) {
				b.WriteString("’")
			} else if unicode.IsSpace(prev) || strings.ContainsRune("([{", prev) {
				b.WriteString("‘")
			} else {
				b.WriteString("’")
			}
		default:
			b.WriteRune(c)
		}
		prev = c
	}
	return b.String()
}

// swapDashes turns spaced hyphens and double hyphens into dash, and
// hyphens between digits into en dashes; or dashes back into hyphens when
// the text has them.
func swapDashes(s, dash string) string {
	if strings.ContainsAny(s, "—–") {
		return strings.NewReplacer(" — ", " - ", "—", "--", "–", "-").Replace(s)
	}
	s = strings.NewReplacer(" -- ", " "+dash+" ", "--", dash, " - ", " "+dash+" ").Replace(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && i > 0 && i+1 < len(s) && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9' {
			b.WriteString("–")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// respace replaces each single space between two non-space characters by
// with with probability p (at least one when there is any).
func (r *run) respace(s, with string, p float64) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/20)
	done := false
	last := strings.LastIndex(s, " ")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && i > 0 && i+1 < len(s) && s[i-1] != ' ' && s[i+1] != ' ' && s[i-1] != '\n' && s[i+1] != '\n' &&
			(r.rng.Float64() < p || (!done && i == last)) {
			b.WriteString(with)
			done = true
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// replaceTokens returns text with the tokens at the sorted indexes idx
// replaced by repl (same order).
func replaceTokens(text string, toks []shingle.Token, idx []int, repl []string) string {
	var b strings.Builder
	b.Grow(len(text) + 8*len(idx))
	last := 0
	for k, i := range idx {
		b.WriteString(text[last:toks[i].Start])
		b.WriteString(repl[k])
		last = toks[i].End
	}
	b.WriteString(text[last:])
	return b.String()
}

// matchCase gives w the case pattern of like: all capitals, capitalised
// or lower case.
func matchCase(w, like string) string {
	switch {
	case utf8.RuneCountInString(like) > 1 && strings.ToUpper(like) == like && strings.ToLower(like) != like:
		return strings.ToUpper(w)
	case startsUpper(like):
		r, n := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r)) + w[n:]
	}
	return w
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// swap replaces 1–5% of the words of text with synonyms (content words
// first, then function words, then numbers), keeping their case.
func (r *run) swap(text string) (string, bool) {
	toks := r.tokens(text)
	k := r.editBudget(len(toks))
	var content, function, other []int
	for i, t := range toks {
		w := strings.ToLower(text[t.Start:t.End])
		switch {
		case len(synonyms[w]) > 0:
			content = append(content, i)
		case len(functionSwaps[w]) > 0:
			function = append(function, i)
		case t.Kind == shingle.Word:
			other = append(other, i)
		}
	}
	var chosen []int
	for _, group := range [][]int{content, function, other} {
		for _, j := range r.rng.Perm(len(group)) {
			if len(chosen) == k {
				break
			}
			chosen = append(chosen, group[j])
		}
	}
	if len(chosen) < k {
		return "", false
	}
	slices.Sort(chosen)
	repl := make([]string, len(chosen))
	for n, i := range chosen {
		orig := text[toks[i].Start:toks[i].End]
		w := strings.ToLower(orig)
		var cands []string
		switch {
		case len(synonyms[w]) > 0:
			cands = synonyms[w]
		case len(functionSwaps[w]) > 0:
			cands = functionSwaps[w]
		default:
			cands = fillerWords
		}
		s := pick(r.rng, cands)
		if s == w {
			s = cands[(slices.Index(cands, s)+1)%len(cands)]
		}
		if s == w { // a one-word list equal to the word itself
			s = "also"
			if w == "also" {
				s = "too"
			}
		}
		repl[n] = matchCase(s, orig)
	}
	return replaceTokens(text, toks, chosen, repl), true
}

// letters reports whether every rune of s is a letter.
func letters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// keyboard lists the neighbours of each letter on a QWERTY keyboard.
var keyboard = map[rune]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok",
	'o': "ipl", 'p': "ol", 'a': "qsz", 's': "adw", 'd': "sfe", 'f': "dgr", 'g': "fht", 'h': "gjy",
	'j': "hku", 'k': "jli", 'l': "ko", 'z': "xa", 'x': "zcs", 'c': "xvd", 'v': "cbf", 'b': "vng",
	'n': "bmh", 'm': "nj",
}

// typo applies one character typo to w: two letters swapped, a letter
// dropped, doubled or replaced by a keyboard neighbour. The result is
// letters only and differs from w ignoring case.
func (r *run) typo(w string) string {
	rs := []rune(w)
	for range 8 {
		out := slices.Clone(rs)
		i := r.rng.IntN(len(rs))
		switch r.rng.IntN(4) {
		case 0:
			if i+1 < len(out) {
				out[i], out[i+1] = out[i+1], out[i]
			}
		case 1:
			if len(out) > 2 {
				out = slices.Delete(out, i, i+1)
			}
		case 2:
			out = slices.Insert(out, i, out[i])
		default:
			lower := unicode.ToLower(out[i])
			if nb, ok := keyboard[lower]; ok {
				c := rune(nb[r.rng.IntN(len(nb))])
				if unicode.IsUpper(out[i]) {
					c = unicode.ToUpper(c)
				}
				out[i] = c
			}
		}
		if s := string(out); !strings.EqualFold(s, w) {
			return s
		}
	}
	return w + string(rs[len(rs)-1]) // a doubled last letter always differs
}

// typos puts character typos into 1–5% of the words of text.
func (r *run) typos(text string) (string, bool) {
	toks := r.tokens(text)
	k := r.editBudget(len(toks))
	var long, short []int
	for i, t := range toks {
		w := text[t.Start:t.End]
		if !letters(w) {
			continue
		}
		if utf8.RuneCountInString(w) >= 3 {
			long = append(long, i)
		} else if utf8.RuneCountInString(w) == 2 {
			short = append(short, i)
		}
	}
	var chosen []int
	for _, group := range [][]int{long, short} {
		for _, j := range r.rng.Perm(len(group)) {
			if len(chosen) == k {
				break
			}
			chosen = append(chosen, group[j])
		}
	}
	if len(chosen) < k {
		return "", false
	}
	slices.Sort(chosen)
	repl := make([]string, len(chosen))
	for n, i := range chosen {
		repl[n] = r.typo(text[toks[i].Start:toks[i].End])
	}
	return replaceTokens(text, toks, chosen, repl), true
}

// ocrConfusions are the character confusions of OCR noise.
var ocrConfusions = [][2]string{
	{"rn", "m"}, {"m", "rn"}, {"l", "1"}, {"1", "l"}, {"O", "0"}, {"0", "O"}, {"o", "0"},
	{"cl", "d"}, {"w", "vv"}, {"e", "c"}, {"h", "b"}, {"i", "l"}, {"I", "l"}, {"S", "5"},
}

// ocrWord applies one character confusion to w, or returns "" when none
// applies.
func (r *run) ocrWord(w string) string {
	for _, j := range r.rng.Perm(len(ocrConfusions)) {
		c := ocrConfusions[j]
		n := strings.Count(w, c[0])
		if n == 0 {
			continue
		}
		at := r.rng.IntN(n)
		i := 0
		for ; at >= 0; at-- {
			k := strings.Index(w[i:], c[0])
			i += k + len(c[0])
		}
		i -= len(c[0])
		out := w[:i] + c[1] + w[i+len(c[0]):]
		if !strings.EqualFold(out, w) {
			return out
		}
	}
	return ""
}

// ocr adds OCR-like noise to 1–5% of the words of text: character
// confusions (rn↔m, l↔1, O↔0, ...), a word broken by a hyphen at a line
// end ("inter-\nnational"), or two words run together (which changes
// both). Changed words are never adjacent, so each change stays
// countable.
func (r *run) ocr(text string) (string, bool) {
	toks := r.tokens(text)
	budget := r.editBudget(len(toks))
	taken := make([]bool, len(toks)+1)
	var idx []int
	var repl []string
	for _, i := range r.rng.Perm(len(toks)) {
		if budget == 0 {
			break
		}
		if taken[i] || (i > 0 && taken[i-1]) || taken[i+1] {
			continue
		}
		w := text[toks[i].Start:toks[i].End]
		switch kind := r.rng.IntN(10); {
		case kind < 2 && budget >= 2 && i+2 < len(toks) && !taken[i+2] &&
			text[toks[i].End:toks[i+1].Start] == " " && toks[i+1].Kind == shingle.Word && toks[i].Kind == shingle.Word:
			// two words run together: "the company" → "thecompany"
			idx = append(idx, i)
			repl = append(repl, w+text[toks[i+1].Start:toks[i+1].End])
			taken[i], taken[i+1] = true, true
			budget -= 2
			// The second word is consumed: mark it so replaceTokens skips it.
			idx = append(idx, i+1)
			repl = append(repl, "")
			continue
		case kind < 4 && utf8.RuneCountInString(w) >= 7 && letters(w):
			rs := []rune(w)
			cut := 3 + r.rng.IntN(len(rs)-5)
			idx = append(idx, i)
			repl = append(repl, string(rs[:cut])+"-\n"+string(rs[cut:]))
		default:
			o := r.ocrWord(w)
			if o == "" {
				continue
			}
			idx = append(idx, i)
			repl = append(repl, o)
		}
		taken[i] = true
		budget--
	}
	if budget > 0 || len(idx) == 0 {
		return "", false
	}
	order := make([]int, len(idx))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return idx[a] - idx[b] })
	sortedIdx := make([]int, len(idx))
	sortedRepl := make([]string, len(idx))
	for n, o := range order {
		sortedIdx[n], sortedRepl[n] = idx[o], repl[o]
	}
	// A run-together pair replaces the first token by both words and
	// the second by nothing; the space between them must go too.
	var b strings.Builder
	last := 0
	for n, i := range sortedIdx {
		start := toks[i].Start
		if sortedRepl[n] == "" { // the second word of a pair: skip it and the space before it
			last = toks[i].End
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(sortedRepl[n])
		last = toks[i].End
		if n+1 < len(sortedIdx) && sortedIdx[n+1] == i+1 && sortedRepl[n+1] == "" {
			last = toks[i+1].End
		}
	}
	b.WriteString(text[last:])
	return b.String(), true
}

// drop removes one to three sentences from text: never the first, at
// most 40% of the words, and so few that the shingles made across the
// gaps are under a tenth of the copy's.
func (r *run) drop(text string) (string, bool) {
	paras := paragraphs(text)
	sents := sentences(text, paras)
	if len(sents) < 3 {
		return "", false
	}
	w := wordCount(text)
	n := 1 + r.rng.IntN(3)
	var chosen []int
	dropped := 0
	for _, i := range r.rng.Perm(len(sents) - 1) {
		if len(chosen) == n {
			break
		}
		s := sents[i+1]
		c := wordCount(text[s.start:s.end])
		// Each gap makes at most windowSize-1 new shingles; they stay
		// under 9% of the copy's.
		left := w - dropped - c - (windowSize - 1)
		if c == 0 || float64(dropped+c) > 0.4*float64(w) || float64((windowSize-1)*(len(chosen)+1)) > 0.09*float64(left) {
			continue
		}
		chosen = append(chosen, i+1)
		dropped += c
	}
	if len(chosen) == 0 {
		return "", false
	}
	slices.Sort(chosen)
	var b strings.Builder
	last := 0
	for _, i := range chosen {
		// Remove the sentence and the white space after it, or before it
		// when it ends a paragraph.
		start, end := sents[i].start, sents[i].end
		if i+1 < len(sents) && samePara(paras, sents[i], sents[i+1]) {
			end = sents[i+1].start
		} else if samePara(paras, sents[i-1], sents[i]) {
			start = sents[i-1].end
		} else if i+1 < len(sents) {
			end = sents[i+1].start // a one-sentence paragraph: its break goes too
		} else {
			start = sents[i-1].end
		}
		start = max(start, last)
		b.WriteString(text[last:start])
		last = end
	}
	rest := text[last:]
	out := b.String()
	return strings.TrimSpace(joinSafe(out, rest)), true
}

// samePara reports whether two sentences lie in one paragraph.
func samePara(paras []span, a, b span) bool {
	for _, p := range paras {
		if a.start >= p.start && a.end <= p.end {
			return b.start >= p.start && b.end <= p.end
		}
	}
	return false
}

// halves returns the first half of text and the rest, split at the
// sentence end nearest the middle (in words) when one lies between 35%
// and 65%, else at the middle word.
func (r *run) halves(text string) (string, string) {
	toks := r.tokens(text)
	w := len(toks)
	if w < 2 {
		return text, ""
	}
	best, bestDist := -1, 1.0
	for _, s := range sentences(text, paragraphs(text)) {
		k := search(w, func(i int) bool { return toks[i].End > s.end })
		f := float64(k) / float64(w)
		if f < 0.35 || f > 0.65 {
			continue
		}
		if d := math.Abs(f - 0.5); d < bestDist {
			best, bestDist = s.end, d
		}
	}
	if best < 0 {
		best = toks[w/2-1].End
	}
	return strings.TrimSpace(text[:best]), strings.TrimSpace(text[best:])
}
