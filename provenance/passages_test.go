package provenance_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// The seed files, by number (see testdata/seeds/README.md).
var passageSeedNames = []string{
	"000_468044057261e0d6", "001_7cb3ead0d8dc3d74", "002_8116756d16084da1",
	"003_d897e868842ded34", "004_c866b469c61a0d9e",
}

func passageSeed(tb testing.TB, i int) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", passageSeedNames[i]+".txt"))
	require.NoError(tb, err)
	return string(b)
}

// storyParagraphs returns the 34 paragraphs of the VPost story in seed
// 001, without the credit line and the donation appeal after them.
func storyParagraphs(tb testing.TB) []string {
	tb.Helper()
	lines := strings.Split(passageSeed(tb, 1), "\n")
	require.Equal(tb, "This article was first published by VPost.", lines[34])
	return lines[:34]
}

func newPassageMatcher(tb testing.TB) *provenance.Matcher {
	tb.Helper()
	m, err := provenance.NewMatcher(shingle.Config{})
	require.NoError(tb, err)
	return m
}

// checkPassages asserts what holds for every result: ranges in bounds
// and non-empty, copy ranges increasing and disjoint, figures in range.
func checkPassages(tb testing.TB, copyText, sourceText string, r provenance.Passages) {
	tb.Helper()
	end := 0
	for i, p := range r.Passages {
		require.True(tb, end <= p.Copy[0] && p.Copy[0] < p.Copy[1] && p.Copy[1] <= len(copyText),
			"passage %d copy range %v after %d, copy of %d bytes", i, p.Copy, end, len(copyText))
		require.True(tb, 0 <= p.Source[0] && p.Source[0] < p.Source[1] && p.Source[1] <= len(sourceText),
			"passage %d source range %v, source of %d bytes", i, p.Source, len(sourceText))
		end = p.Copy[1]
	}
	for _, c := range []float64{r.CopyCoverage, r.SourceCoverage} {
		require.True(tb, c >= 0 && c <= 1, "coverage %v", c)
	}
	require.LessOrEqual(tb, r.SharedShingles, r.CopyShingles)
	if len(r.Passages) == 0 {
		require.Zero(tb, r.CopyCoverage)
		require.Zero(tb, r.SourceCoverage)
		require.Zero(tb, r.SharedShingles)
		return
	}
	require.Positive(tb, r.CopyCoverage)
	require.Positive(tb, r.SourceCoverage)
	require.Positive(tb, r.SharedShingles)
	require.GreaterOrEqual(tb, r.CopyCoverage, float64(r.SharedShingles)/float64(r.CopyShingles)-1e-12)
}

// sameWords normalises white space and quotes, the differences a re-flowed
// or re-quoted copy may have.
func sameWords(s string) string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "‘", "'", "’", "'").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// wordSpan trims s to its first word's start and last word's end, as a
// passage range is.
func wordSpan(s string) string {
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	return strings.TrimRightFunc(strings.TrimLeftFunc(s, notWord), notWord)
}

func passageCopy(text string, p provenance.Passage) string   { return text[p.Copy[0]:p.Copy[1]] }
func passageSource(text string, p provenance.Passage) string { return text[p.Source[0]:p.Source[1]] }

// wordRange returns the byte range of the word span of part within text.
func wordRange(tb testing.TB, text, part string) [2]int {
	tb.Helper()
	w := wordSpan(part)
	i := strings.Index(text, w)
	require.GreaterOrEqual(tb, i, 0, "%q not in text", w)
	require.Equal(tb, -1, strings.Index(text[i+1:], w), "%q twice in text", w)
	return [2]int{i, i + len(w)}
}

func TestMatchTruncatedScrape(t *testing.T) {
	// Seed 003 is the first 55% of seed 001, re-flowed into two lines
	// behind a "date 2024-11-06" prefix: 99.5% of its shingles are in
	// 001, 55.6% of 001's are in it (seed README).
	copyT, source := passageSeed(t, 3), passageSeed(t, 1)
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	t.Logf("%d passages, copy coverage %.4f, source coverage %.4f, %d of %d/%d shingles shared",
		len(r.Passages), r.CopyCoverage, r.SourceCoverage, r.SharedShingles, r.CopyShingles, r.SourceShingles)

	require.NotEmpty(t, r.Passages)
	assert.GreaterOrEqual(t, r.CopyCoverage, 0.99)
	assert.InDelta(t, 0.556, r.SourceCoverage, 0.01)
	assert.GreaterOrEqual(t, float64(r.SharedShingles), 0.99*float64(r.CopyShingles))
	// Passage by passage, the copy's text is the source's, and the
	// source ranges advance with the copy's (a truncation, not a re-order).
	prev := -1
	for _, p := range r.Passages {
		assert.Equal(t, sameWords(passageSource(source, p)), sameWords(passageCopy(copyT, p)))
		assert.Greater(t, p.Source[0], prev)
		prev = p.Source[1]
	}
	// Everything but the date prefix, up to where the scrape stops.
	first, last := r.Passages[0], r.Passages[len(r.Passages)-1]
	assert.True(t, strings.HasPrefix(passageCopy(copyT, first), "While President Vladimir Putin"))
	assert.Equal(t, " date 2024-11-06 ", copyT[:first.Copy[0]])
	assert.Equal(t, wordSpan(copyT[first.Copy[0]:]), copyT[first.Copy[0]:last.Copy[1]])
	assert.Zero(t, first.Source[0])

	// The other way round, 003 is the 55.6% of 001 that was reused.
	back := newPassageMatcher(t).Match(source, copyT)
	checkPassages(t, source, copyT, back)
	assert.InDelta(t, r.SourceCoverage, back.CopyCoverage, 0.005)
	assert.InDelta(t, r.CopyCoverage, back.SourceCoverage, 0.005)
}

func TestMatchUnrelatedSeeds(t *testing.T) {
	// 000, 002 and 004 are different stories on the same news, quoting
	// the same people; none shares a passage with another seed (002 and
	// 004 share "Trump’s return to the White House", two shingles, below
	// the minimum).
	m := newPassageMatcher(t)
	for i := range passageSeedNames {
		for j := range passageSeedNames {
			if i == j || i+j == 4 && i*j == 3 { // 001 and 003 are one story
				continue
			}
			c, s := passageSeed(t, i), passageSeed(t, j)
			r := m.Match(c, s)
			checkPassages(t, c, s, r)
			assert.Empty(t, r.Passages, "%s in %s", passageSeedNames[i], passageSeedNames[j])
			assert.Zero(t, r.CopyCoverage)
		}
	}
}

func TestMatchReorderedParagraphs(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	late, early := strings.Join(ps[9:13], "\n"), strings.Join(ps[0:4], "\n")
	copyT := late + "\n" + early
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 2)
	assert.Equal(t, wordRange(t, copyT, late), r.Passages[0].Copy)
	assert.Equal(t, wordRange(t, source, late), r.Passages[0].Source)
	assert.Equal(t, wordRange(t, copyT, early), r.Passages[1].Copy)
	assert.Equal(t, wordRange(t, source, early), r.Passages[1].Source)
	assert.Greater(t, r.Passages[0].Source[0], r.Passages[1].Source[1], "source ranges out of order")
	// Only the WordSize−1 shingles across the junction are missing.
	assert.Equal(t, r.CopyShingles-(shingle.DefaultWordSize-1), r.SharedShingles)
}

func TestMatchInsertedLocalParagraph(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	local := "Our correspondent in the capital adds that the mayor's office declined to comment on Tuesday evening, citing the ongoing count of postal ballots in three counties."
	before, after := strings.Join(ps[4:8], "\n"), strings.Join(ps[8:12], "\n")
	copyT := before + "\n" + local + "\n" + after
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 2)
	assert.Equal(t, wordRange(t, copyT, before), r.Passages[0].Copy)
	assert.Equal(t, wordRange(t, source, before), r.Passages[0].Source)
	assert.Equal(t, wordRange(t, copyT, after), r.Passages[1].Copy)
	assert.Equal(t, wordRange(t, source, after), r.Passages[1].Source)
	// The local paragraph is the gap in the copy; the source runs on.
	l := wordRange(t, copyT, local)
	assert.Less(t, r.Passages[0].Copy[1], l[0])
	assert.Greater(t, r.Passages[1].Copy[0], l[1])
	assert.Empty(t, wordSpan(source[r.Passages[0].Source[1]:r.Passages[1].Source[0]]))
	assert.Equal(t, passageShingles(t, before)+passageShingles(t, after), r.SharedShingles)
	assert.InDelta(t, float64(r.SharedShingles)/float64(r.CopyShingles), r.CopyCoverage, 1e-9)
	assert.Less(t, r.CopyCoverage, 0.95)
}

func TestMatchBridgesATypo(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	orig := strings.Join(ps[0:6], "\n")
	copyT := strings.Replace(orig, "anonymity", "anonimity", 1)
	require.NotEqual(t, orig, copyT)
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 1, "one typo does not split the passage")
	assert.Equal(t, wordRange(t, copyT, copyT), r.Passages[0].Copy)
	assert.Equal(t, wordRange(t, source, orig), r.Passages[0].Source)
	assert.Contains(t, passageCopy(copyT, r.Passages[0]), "anonimity")
	assert.Equal(t, 1.0, r.CopyCoverage)
	assert.Equal(t, r.CopyShingles-shingle.DefaultWordSize, r.SharedShingles, "the typo's WordSize shingles are bridged, not matched")

	// A word dropped and another added, a few words apart: still one.
	copy2 := strings.Replace(strings.Replace(orig, "spoke on condition", "spoke on the condition", 1),
		"advancing [in Ukraine]", "advancing in Ukraine", 1)
	r2 := newPassageMatcher(t).Match(copy2, source)
	checkPassages(t, copy2, source, r2)
	require.Len(t, r2.Passages, 1)
	assert.Equal(t, wordRange(t, source, orig), r2.Passages[0].Source)

	// A rewritten sentence is a real gap: two passages.
	rewritten := "Officials who asked not to be named because they lack permission to brief journalists said so in interviews this week."
	copy3 := strings.Replace(orig, ps[2], rewritten, 1)
	r3 := newPassageMatcher(t).Match(copy3, source)
	checkPassages(t, copy3, source, r3)
	require.Len(t, r3.Passages, 2)
	assert.Equal(t, wordRange(t, source, strings.Join(ps[0:2], "\n")), r3.Passages[0].Source)
	assert.Equal(t, wordRange(t, source, strings.Join(ps[3:6], "\n")), r3.Passages[1].Source)
}

func TestMatchIgnoresAStrayMatchInsideAnEdit(t *testing.T) {
	// The copy changes "on Tuesday" to "late Tuesday", and "late Tuesday
	// that the talks" (one shingle; two with "had") is in the source
	// elsewhere: a stray match inside a gap that is still bridged.
	ps := storyParagraphs(t)
	orig := ps[0] + " The minister said on Tuesday that the talks had been held in Geneva after a long pause. " + ps[1]
	copyT := strings.Replace(orig, "on Tuesday", "late Tuesday", 1)
	for _, elsewhere := range []string{
		"Officials confirmed late Tuesday that the talks would be postponed.",
		"Officials confirmed late Tuesday that the talks had to be postponed.",
	} {
		source := orig + "\n" + ps[2] + "\n" + elsewhere
		r := newPassageMatcher(t).Match(copyT, source)
		checkPassages(t, copyT, source, r)
		require.Len(t, r.Passages, 1, elsewhere)
		assert.Equal(t, wordRange(t, copyT, copyT), r.Passages[0].Copy)
		assert.Equal(t, wordRange(t, source, orig), r.Passages[0].Source)
		assert.Equal(t, r.CopyShingles-shingle.DefaultWordSize, r.SharedShingles)
	}
}

func TestMatchReflowedAndRequoted(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	orig := strings.Join(ps[0:10], "\n")
	// Straight quotes and apostrophes, paragraphs run together, lines
	// wrapped at 60 bytes with extra spaces.
	flat := strings.NewReplacer("“", `"`, "”", `"`, "’", "'", "\n", "  ").Replace(orig)
	var b strings.Builder
	for i, w := range strings.Fields(flat) {
		if i > 0 && b.Len()%60 < 8 {
			b.WriteString("\r\n")
		} else if i > 0 {
			b.WriteString(" \t")
		}
		b.WriteString(w)
	}
	copyT := b.String()

	m := newPassageMatcher(t)
	want := m.Match(orig, source)
	got := m.Match(copyT, source)
	checkPassages(t, copyT, source, got)
	require.Len(t, want.Passages, 1)
	require.Len(t, got.Passages, 1)
	assert.Equal(t, want.Passages[0].Source, got.Passages[0].Source)
	assert.Equal(t, wordRange(t, copyT, copyT), got.Passages[0].Copy)
	assert.Equal(t, sameWords(passageSource(source, got.Passages[0])), sameWords(passageCopy(copyT, got.Passages[0])))
	assert.Equal(t, 1.0, got.CopyCoverage)
	assert.Equal(t, want.SourceCoverage, got.SourceCoverage)
	assert.Equal(t, got.CopyShingles, got.SharedShingles)
}

func TestMatchRepeatedParagraph(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	copyT := strings.Join([]string{ps[0], ps[1], ps[1], ps[2]}, "\n")
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 2)
	// The copy's ps[1] comes twice, once in each passage, and maps to the
	// source's one ps[1] both times: the source ranges overlap.
	assert.Equal(t, wordRange(t, source, ps[0]+"\n"+ps[1]), r.Passages[0].Source)
	assert.Equal(t, wordRange(t, source, ps[1]+"\n"+ps[2]), r.Passages[1].Source)
	assert.Equal(t, sameWords(wordSpan(ps[1]+"\n"+ps[2])), sameWords(passageCopy(copyT, r.Passages[1])))
	three := wordRange(t, source, strings.Join(ps[0:3], "\n"))
	whole := passageShingles(t, source[three[0]:three[1]])
	assert.InDelta(t, float64(whole)/float64(r.SourceShingles), r.SourceCoverage, 1e-9, "counted once")
	// The WordSize−1 shingles across the repeat's junction are missing.
	assert.Equal(t, r.CopyShingles-(shingle.DefaultWordSize-1), r.SharedShingles)
}

func passageShingles(tb testing.TB, text string) int {
	s, err := shingle.New(shingle.Config{})
	require.NoError(tb, err)
	return len(s.AppendHashes(nil, text))
}

func TestMatchShortAndEmptyTexts(t *testing.T) {
	m := newPassageMatcher(t)
	source := passageSeed(t, 1)
	for _, c := range [][2]string{
		{"", ""}, {"", source}, {source, ""}, {"Moscow believes", source},
		{source, "Moscow believes"}, {"\x00\xff\xfe", "\x00"}, {"   \n\n", source},
	} {
		r := m.Match(c[0], c[1])
		checkPassages(t, c[0], c[1], r)
		assert.Empty(t, r.Passages)
		assert.Zero(t, r.CopyCoverage)
		assert.Zero(t, r.SourceCoverage)
	}

	// A copy shorter than a passage's minimum is still a passage when it
	// is all there is: here 6 words, 3 four-word shingles (the minimum is
	// WordSize shingles).
	short := "Moscow believes that Trump’s return to"
	r := m.Match(short, source)
	checkPassages(t, short, source, r)
	require.Len(t, r.Passages, 1)
	assert.Equal(t, [2]int{0, len(short)}, r.Passages[0].Copy)
	assert.Equal(t, short, passageSource(source, r.Passages[0]))
	assert.Equal(t, 1.0, r.CopyCoverage)
	assert.Equal(t, 3, r.SharedShingles)
	// And the other way round: the whole short source reused.
	r = m.Match(source, short)
	checkPassages(t, source, short, r)
	require.Len(t, r.Passages, 1)
	assert.Equal(t, 1.0, r.SourceCoverage)
	// But 3 shingles inside a longer copy are not a passage.
	long := "The mayor said on Tuesday that " + short + " city hall was not a question for the council."
	r = m.Match(long, source)
	checkPassages(t, long, source, r)
	assert.Empty(t, r.Passages)
}

func TestMatchSeparatorsAndInvalidUTF8(t *testing.T) {
	ps := storyParagraphs(t)
	source := passageSeed(t, 1)
	orig := strings.Join(ps[0:3], "\n")
	copyT := strings.NewReplacer(" ", "\x00", "\n", "\xff\xfe").Replace(orig)
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 1)
	assert.Equal(t, wordRange(t, source, orig), r.Passages[0].Source)
	assert.Equal(t, 1.0, r.CopyCoverage)
}

func TestMatchUnspacedScript(t *testing.T) {
	// Chinese is shingled by character (8 by default): one changed
	// character breaks 8 shingles, which are bridged.
	source := "克里姆林宫表示，俄罗斯总统普京尚未正式祝贺特朗普赢得美国总统选举。" +
		"俄罗斯政府和外交部的高级官员私下表达了谨慎的乐观态度。" +
		"他们认为特朗普重返白宫可能有助于俄罗斯在乌克兰的战争，并可能部分恢复与华盛顿的关系。"
	copyT := "新华社电 " + strings.Replace(source, "谨慎", "审慎", 1)
	r := newPassageMatcher(t).Match(copyT, source)
	checkPassages(t, copyT, source, r)
	require.Len(t, r.Passages, 1)
	assert.Equal(t, wordSpan(source), passageSource(source, r.Passages[0]))
	assert.Equal(t, wordSpan(copyT[len("新华社电 "):]), passageCopy(copyT, r.Passages[0]))
	assert.InDelta(t, 1.0, r.SourceCoverage, 1e-9)
}

func TestMatcherReuseAndZeroValue(t *testing.T) {
	_, err := provenance.NewMatcher(shingle.Config{WordSize: shingle.MaxSize + 1})
	require.ErrorIs(t, err, shingle.ErrInvalidConfig)

	var zero provenance.Matcher
	m := newPassageMatcher(t)
	var buf []provenance.Passage
	for i := range passageSeedNames {
		for j := range passageSeedNames {
			c, s := passageSeed(t, i), passageSeed(t, j)
			want := newPassageMatcher(t).Match(c, s)
			got := m.AppendMatch(buf[:0], c, s)
			buf = got.Passages
			assert.Equal(t, want, zero.Match(c, s))
			if len(want.Passages) == 0 {
				got.Passages = nil
			}
			assert.Equal(t, want, got)
		}
	}
	// AppendMatch appends after what dst holds.
	pre := []provenance.Passage{{Copy: [2]int{1, 2}, Source: [2]int{3, 4}}}
	r := m.AppendMatch(pre, passageSeed(t, 3), passageSeed(t, 1))
	require.Greater(t, len(r.Passages), 1)
	assert.Equal(t, pre[0], r.Passages[0])
}

func TestMatchAllocatesNothingInSteadyState(t *testing.T) {
	m := newPassageMatcher(t)
	c, s := passageSeed(t, 3), passageSeed(t, 1)
	r := m.Match(c, s)
	allocs := testing.AllocsPerRun(20, func() {
		r = m.AppendMatch(r.Passages[:0], c, s)
	})
	assert.Zero(t, allocs)
}

// reutersPairs returns the text of up to n copy → source pairs that a
// Tracker finds among the first stories of the Reuters corpus, or skips
// when the corpus is absent.
func reutersPairs(tb testing.TB, stories, n int) [][2]string {
	tb.Helper()
	all, err := corpus.Reuters(stories, nil)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("Reuters corpus not available (%v)", err)
	}
	require.NoError(tb, err)
	// Pairs of the shingle rule: the Matcher's passages are for those.
	tr, err := provenance.New(provenance.Config{DisableRewrites: true})
	require.NoError(tb, err)
	text := map[string]string{}
	var pairs [][2]string
	for _, s := range all {
		if _, dup := text[s.ID]; dup || s.Text == "" {
			continue
		}
		text[s.ID] = s.Text
		v, err := tr.Add(provenance.Article{ID: s.ID, Text: s.Text})
		require.NoError(tb, err)
		for _, e := range v.Sources {
			if len(pairs) < n {
				pairs = append(pairs, [2]string{s.Text, text[e.Source]})
			}
		}
	}
	return pairs
}

func TestMatchReutersPairs(t *testing.T) {
	// On the copy → source pairs the Tracker links, the passages cover
	// at least what exact shingle containment says is shared, give or take
	// the bridged gaps and the dropped short passages.
	pairs := reutersPairs(t, 6000, 1000)
	require.Greater(t, len(pairs), 50)
	sh, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	m := newPassageMatcher(t)
	var diffs []float64
	for _, p := range pairs {
		r := m.Match(p[0], p[1])
		checkPassages(t, p[0], p[1], r)
		// Exact containment by position: the share of the copy's
		// shingles that occur anywhere in the source.
		in := map[uint64]bool{}
		for _, h := range sh.AppendHashes(nil, p[1]) {
			in[h] = true
		}
		hs := sh.AppendHashes(nil, p[0])
		found := 0
		for _, h := range hs {
			if in[h] {
				found++
			}
		}
		exact := float64(found) / float64(len(hs))
		diffs = append(diffs, r.CopyCoverage-exact)
		assert.LessOrEqual(t, r.SharedShingles, found)
		for _, q := range r.Passages {
			// Every passage is text the two share: at least one shingle.
			a, b := sh.AppendHashes(nil, passageCopy(p[0], q)), sh.AppendHashes(nil, passageSource(p[1], q))
			assert.True(t, slices.ContainsFunc(a, func(h uint64) bool { return slices.Contains(b, h) }))
		}
	}
	slices.Sort(diffs)
	q := func(f float64) float64 { return diffs[int(f*float64(len(diffs)-1))] }
	t.Logf("%d pairs; passage coverage minus exact containment: min %.3f, p5 %.3f, median %.3f, p95 %.3f, max %.3f",
		len(diffs), diffs[0], q(0.05), q(0.5), q(0.95), diffs[len(diffs)-1])
	assert.GreaterOrEqual(t, q(0.05), -0.02)
	assert.LessOrEqual(t, q(0.5), 0.05)
}

// fuzzMatcher is reused across FuzzMatch calls, which run one at a time
// in each process; the lock is for safety.
var fuzzMatcher struct {
	sync.Mutex
	m provenance.Matcher
}

// FuzzMatch checks, on arbitrary pairs of texts, that Match never panics,
// that its result is well formed (see checkPassages), that a reused Matcher
// gives what a fresh one does, and that every passage's two texts share a
// shingle. Run it with
//
//	go test ./provenance -run '^$' -fuzz FuzzMatch -fuzztime 3m
func FuzzMatch(f *testing.F) {
	ps := storyParagraphs(f)
	f.Add(passageSeed(f, 3), passageSeed(f, 1))
	f.Add(strings.Join([]string{ps[3], ps[0], ps[0], "local text here", ps[1]}, "\n"), strings.Join(ps[:5], "\n"))
	f.Add("a b c d e a b c d e a b c d e", "a b c d e f a b c d e")
	f.Add("x y z x y z x y z x y z", "x y z x y z")
	f.Add("中国政府今天发布新规。东京でニュースが発表された。", "东京でニュースが発表された。中国政府今天发布新规。")
	f.Add("one\x00two\xffthree four five six", "one two three four five six seven")
	f.Add("", "")
	sh, err := shingle.New(shingle.Config{})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, copyT, source string) {
		fresh := newPassageMatcher(t).Match(copyT, source)
		checkPassages(t, copyT, source, fresh)
		fuzzMatcher.Lock()
		reused := fuzzMatcher.m.Match(copyT, source)
		fuzzMatcher.Unlock()
		require.Equal(t, fresh, reused)
		for _, p := range fresh.Passages {
			a, b := sh.AppendHashes(nil, passageCopy(copyT, p)), sh.AppendHashes(nil, passageSource(source, p))
			require.True(t, slices.ContainsFunc(a, func(h uint64) bool { return slices.Contains(b, h) }),
				"passage %v shares no shingle", p)
		}
	})
}

func ExampleMatcher() {
	source := "While President Vladimir Putin has yet to officially congratulate Donald Trump, " +
		"officials in the Kremlin are expressing cautious optimism in private.\n" +
		"All of these sources spoke on condition of anonymity as they are not authorized to give comments."
	copyT := "MOSCOW (Wire) - All of these sources spoke on condition of anonimity as they are not " +
		"authorized to give comments. A local poll found little interest in the results."
	m, err := provenance.NewMatcher(shingle.Config{})
	if err != nil {
		panic(err)
	}
	r := m.Match(copyT, source)
	for _, p := range r.Passages {
		fmt.Printf("copy %v %q\n  <- source %v\n", p.Copy, copyT[p.Copy[0]:p.Copy[1]], p.Source)
	}
	fmt.Printf("%.0f%% of the copy taken, %.0f%% of the source reused\n", 100*r.CopyCoverage, 100*r.SourceCoverage)
	// Output:
	// copy [16 112] "All of these sources spoke on condition of anonimity as they are not authorized to give comments"
	//   <- source [150 246]
	// 56% of the copy taken, 40% of the source reused
}
