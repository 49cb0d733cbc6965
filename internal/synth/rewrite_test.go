package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	wordNetOnce sync.Once
	wordNetVal  *WordNet
	wordNetErr  error
)

// wordNet returns WordNet from its Debian path, or nil (saying so in
// the log) when it is not installed.
func wordNet(t testing.TB) *WordNet {
	t.Helper()
	wordNetOnce.Do(func() { wordNetVal, wordNetErr = LoadWordNet(DefaultWordNetDir) })
	if wordNetErr != nil {
		require.ErrorIs(t, wordNetErr, ErrNoWordNet)
		t.Logf("WordNET NOT INSTALLED (%v): the rewrite-synonym class is not tested here (apt-get install wordnet-base)", wordNetErr)
	}
	return wordNetVal
}

// The corpus without Rewrites is the one earlier versions made, byte for
// byte: this hash was taken with the code before the rewrite classes.
func TestDefaultCorpusUnchanged(t *testing.T) {
	b := jsonl(t, Config{Seed: 1, N: 3000}, builtin(t))
	sum := sha256.Sum256(b)
	assert.Equal(t, "00a38f1447fd2fc3841e521428b13acfb683495700d9a693238ffe95ed5f8d60", hex.EncodeToString(sum[:]))
	assert.NotContains(t, string(b), `"intensity"`)
	assert.NotContains(t, string(b), `"negative_for"`)
}

// rewriteConfig is a run with the rewrite classes and WordNet when it is
// installed.
func rewriteConfig(t testing.TB, seed uint64, n int) Config {
	return Config{Seed: seed, N: n, Rewrites: true, WordNet: wordNet(t)}
}

// With Rewrites, a run (synthetic stories included: generated hosts and
// added sentences) is deterministic too.
func TestRewritesDeterministic(t *testing.T) {
	a := jsonl(t, rewriteConfig(t, 5, 3000), builtin(t))
	b := jsonl(t, rewriteConfig(t, 5, 3000), builtin(t))
	c := jsonl(t, rewriteConfig(t, 6, 3000), builtin(t))
	assert.True(t, bytes.Equal(a, b), "same seed, same bytes")
	assert.False(t, bytes.Equal(a, c))
	assert.Contains(t, string(a), `"intensity":"heavy"`)
	assert.Contains(t, string(a), `"synthetic":true`)
}

// Each rewrite class does what it says at each intensity, measured with
// the shingle package; intensities are graded; quotations are kept;
// same-topic negatives are same-day stories apart from their partner.
func TestRewriteClasses(t *testing.T) {
	sources(t, func(t *testing.T, src *Source) {
		arts, st := generate(t, rewriteConfig(t, 11, 4000), src)
		sh := shingler(t)
		byID := map[string]*Article{}
		for i := range arts {
			byID[arts[i].ID] = &arts[i]
		}
		type key struct {
			l  Label
			in Intensity
		}
		count := map[key]int{}
		sumIn := map[key]float64{} // containment of the copy in its source
		var partials []*Article
		for i := range arts {
			a := &arts[i]
			if IsRewrite(a.Label) != (a.Intensity != "") {
				t.Fatalf("%s (%s): intensity %q", a.ID, a.Label, a.Intensity)
			}
			if a.Label == SameTopic {
				p := byID[a.NegativeFor]
				require.NotNil(t, p, "%s: negative for %q, not in the output", a.ID, a.NegativeFor)
				assert.Equal(t, Original, p.Label)
				assert.True(t, p.TrueTime.Before(a.TrueTime), a.ID)
				assert.Equal(t, p.TrueTime.Truncate(24*60*60e9), a.TrueTime.Truncate(24*60*60e9), "same day")
				x, y := set(sh, a.Text), set(sh, p.Text)
				assert.Less(t, max(containment(x, y), containment(y, x)), SameTopicMaxContainment, a.ID)
				continue
			}
			if a.Intensity == "" {
				assert.Empty(t, a.NegativeFor)
				continue
			}
			s := byID[a.DerivedFrom]
			srcToks, copyToks := tokenHashes(sh, s.Text), tokenHashes(sh, a.Text)
			k := key{a.Label, a.Intensity}
			count[k]++
			sumIn[k] += containment(set(sh, a.Text), set(sh, s.Text))
			msg := func() string {
				return a.ID + " (" + string(a.Label) + ", " + string(a.Intensity) + ")\n--- source\n" + s.Text + "\n--- copy\n" + a.Text
			}
			check := func(ok bool, format string, args ...any) {
				if !ok {
					t.Fatalf(format+": %s", append(args, msg())...)
				}
			}
			ch := changedShare(sh, s.Text, a.Text)
			lv := levelOf(a.Intensity)
			switch a.Label {
			case RewriteSynonym:
				check(len(copyToks) == len(srcToks), "not word for word")
				check(ch > 0 && ch <= synonymShare[lv]+0.01, "%.3f of the words changed", ch)
			case RewriteReorder:
				x, y := slices.Clone(srcToks), slices.Clone(copyToks)
				slices.Sort(x)
				slices.Sort(y)
				check(slices.Equal(x, y), "words changed")
				check(!slices.Equal(srcToks, copyToks), "order unchanged")
			case RewriteMerge:
				check(ch <= 0.1, "%.3f of the words changed", ch)
				check(oneLine(a.Text) != oneLine(s.Text), "unchanged")
			case RewriteLede:
				sd := parseDoc(s.Text)
				first := sd.paras[0][0]
				cd := parseDoc(a.Text)
				// (A lede rewrite of a lede rewrite may draw the same frame.)
				check(s.Label == RewriteLede || cd.paras[0][0] != first, "the lede is still there")
				check(ch > 0, "no word changed")
			case RewriteSentences:
				check(ch > 0 || len(added(s.Text, a.Text)) > 0, "nothing dropped or added")
			case RewriteQuotes, Rewrite:
				sd := parseDoc(s.Text)
				for _, q := range sd.quotations(5) {
					check(strings.Contains(a.Text, q), "quotation %q not kept", q)
				}
				check(ch > 0, "no word changed")
			case Partial:
				c := containment(set(sh, a.Text), set(sh, s.Text))
				check(c > 0.03 && c < 0.75, "%.3f of the copy in the source", c)
				partials = append(partials, a)
			}
		}
		t.Logf("%d same-topic negatives; %d material stories, partial hosts %d real and %d generated",
			st.Labels[SameTopic], st.Material, st.PartialRealHosts, st.PartialGeneratedHosts)
		for _, l := range RewriteLabels() {
			if (l == RewriteSynonym && wordNet(t) == nil) || (l == RewriteQuotes && src == builtin(t)) {
				continue // no WordNet; no quotations of five words in the invented stories
			}
			var means []float64
			for _, in := range Intensities() {
				k := key{l, in}
				require.Positive(t, count[k], "%s %s", l, in)
				means = append(means, sumIn[k]/float64(count[k]))
			}
			t.Logf("%-17s containment in the source, light %.3f, medium %.3f, heavy %.3f (%d, %d, %d copies)",
				l, means[0], means[1], means[2], count[key{l, Light}], count[key{l, Medium}], count[key{l, Heavy}])
			switch l {
			case Partial: // more of the copy comes from the source
				assert.Less(t, means[0], means[2], l)
			case RewriteMerge, RewriteReorder, RewriteQuotes:
				// merges barely change shingles; reorders change few
			default:
				assert.Greater(t, means[0], means[2], l)
			}
		}
		assert.Positive(t, st.Labels[SameTopic])
		// Hosts and added sentences are never shared between stories: two
		// partial copies of different stories share little.
		sets := make([]map[uint64]struct{}, len(partials))
		for i, a := range partials {
			sets[i] = set(sh, a.Text)
		}
		for i := range partials {
			for j := range i {
				if partials[i].Cluster != partials[j].Cluster {
					if c := containment(sets[i], sets[j]); c > 0.2 {
						t.Fatalf("partial copies %s and %s of different stories: containment %.3f", partials[i].ID, partials[j].ID, c)
					}
				}
			}
		}
	})
}

// added returns the sentences of copy that are not in src.
func added(src, copy string) []string {
	have := map[string]bool{}
	d := parseDoc(src)
	for _, p := range d.paras {
		for _, s := range p {
			have[s] = true
		}
	}
	var out []string
	cd := parseDoc(copy)
	for _, p := range cd.paras {
		for _, s := range p {
			if !have[s] {
				out = append(out, s)
			}
		}
	}
	return out
}

// The rewrite edits survive odd text: they apply or decline, and never
// panic or return invalid UTF-8 from valid input.
func TestRewritesOnOddText(t *testing.T) {
	g, err := New(rewriteConfig(t, 1, 0), builtin(t))
	require.NoError(t, err)
	r := g.newRun(func(Article) error { return nil })
	r.plan(rand.New(rand.NewPCG(1, 1)))
	odd := []string{
		"", " ", "\n\n", "word", "two words", "a\xffb\xfe c d e f g", "東京で会議が開かれた。価格は上昇した。",
		strings.Repeat("- ", 50), strings.Repeat("word ", 300), "Mr. U.S. Inc. etc.", "“Quoted” — ‘single’ dash–range",
		"x\n    y\n    z\n    w", strings.Repeat("A. ", 40), "\"Open quote. Never closed. Still open; and more, and more words here.",
		"HEAD\n\nOne sentence here. Two \"quoted words in here now\" said. Three; four five six seven eight, and nine ten eleven twelve.\n\nReuter",
	}
	o := &node{day: 1}
	for _, text := range odd {
		parent := &node{text: text}
		for _, l := range RewriteLabels() {
			got, _, ok := r.rewrite(l, o, parent)
			if ok && utf8.ValidString(text) && !utf8.ValidString(got) {
				t.Errorf("%s: %q gave invalid UTF-8 %q", l, text, got)
			}
		}
	}
}

func TestRewriteConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Weights: map[Label]float64{Rewrite: 1}},
		{Rewrites: true, Weights: map[Label]float64{RewriteSynonym: 1}},
		{Rewrites: true, Weights: map[Label]float64{SameTopic: 1}},
		{Rewrites: true, SameTopicRate: 2},
	} {
		_, err := New(cfg, builtin(t))
		assert.ErrorIs(t, err, ErrInvalidConfig, "%+v", cfg)
	}
	g, err := New(Config{Rewrites: true}, builtin(t))
	require.NoError(t, err)
	assert.Zero(t, g.Config().Weights[RewriteSynonym], "no WordNet, no synonym class")
	assert.Positive(t, g.Config().Weights[Rewrite])
	g, err = New(Config{}, builtin(t))
	require.NoError(t, err)
	assert.Zero(t, g.Config().SameTopicRate)
}

func TestParseDocAndQuotations(t *testing.T) {
	text := "HEADLINE HERE\n\nFirst line\nwraps here. \"We will not sell,\" he said. \"Never.\n    Second para; more words follow here now, and then even more words come along.\n Reuter"
	d := parseDoc(text)
	assert.Equal(t, "HEADLINE HERE", d.head)
	assert.Equal(t, "Reuter", d.tail)
	assert.Equal(t, [][]string{
		{"First line wraps here.", "\"We will not sell,\" he said.", "\"Never."},
		{"Second para; more words follow here now, and then even more words come along."},
	}, d.paras)
	assert.Equal(t, []string{"\"We will not sell,\"", "\"Never."}, d.quotations(1))
	assert.Equal(t, "HEADLINE HERE\n\nFirst line wraps here. \"We will not sell,\" he said. \"Never.\n\n"+
		"Second para; more words follow here now, and then even more words come along.\n\nReuter", d.render())
	a, b, ok := splitClause(d.paras[1][0])
	assert.True(t, ok)
	assert.Equal(t, "Second para; more words follow here now.", a)
	assert.Equal(t, "Then even more words come along.", b)
	_, _, ok = splitClause("\"a b c d e; f g h i j\" he said")
	assert.False(t, ok, "not inside a quotation")
	names, nums := namesAndNumbers([]string{"The U.S. Agriculture Department said exports rose 2.1 billion dlrs, Comissaria Smith said in Bahia."})
	assert.Equal(t, []string{"U.S. Agriculture Department", "Comissaria Smith", "Bahia"}, names)
	assert.Equal(t, []string{"2.1 billion"}, nums)
}

func TestShuffleAlwaysMoves(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		xs := []int{1, 2}
		shuffle(rng, xs)
		assert.Equal(t, []int{2, 1}, xs)
	}
}

func TestMaterialPool(t *testing.T) {
	m := newMaterialPool()
	m.add(1, 10)
	m.add(2, 12)
	m.add(3, 30)
	i, ok := m.take(11) // none on day 11: day 10 first (nearest, earlier first)
	assert.True(t, ok)
	assert.Equal(t, int32(1), i)
	m.next[1] = -1
	i, _ = m.take(11)
	assert.Equal(t, int32(2), i)
	m.next[2] = -1
	i, _ = m.take(11) // nothing within three days: plan order
	assert.Equal(t, int32(3), i)
	m.next[3] = -1
	_, ok = m.take(11)
	assert.False(t, ok)
	var none *materialPool
	_, ok = none.take(1)
	assert.False(t, ok)
}

func TestLoadWordNetMissing(t *testing.T) {
	_, err := LoadWordNet(t.TempDir())
	assert.True(t, errors.Is(err, ErrNoWordNet), "%v", err)
	assert.ErrorContains(t, err, "apt-get install wordnet-base")
}
