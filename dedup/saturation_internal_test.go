package dedup

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hotStory returns a wire story (bundled seed 001) and n copies of it,
// the way outlets reprint one: verbatim, with an outlet's credit line,
// cut to its first 60%, or, if ownText, with a paragraph of the outlet's
// own added (a fifth of the copy, which then holds the wire less than
// whole); among them, every 9th article is another story (seeds 000 and
// 002 with an outlet's line).
func hotStory(t testing.TB, n int, ownText bool) (ids, texts []string) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name+".txt"))
		require.NoError(t, err)
		return string(b)
	}
	wire := read("001_7cb3ead0d8dc3d74")
	others := []string{read("000_468044057261e0d6"), read("002_8116756d16084da1")}
	words := strings.Fields(wire)
	ids, texts = append(ids, "wire"), append(texts, wire)
	for i := range n {
		var text string
		switch {
		case i%9 == 8:
			text = fmt.Sprintf("%s\n\nPosted by outlet %d.", others[i%2], i)
		case i%4 == 1:
			text = fmt.Sprintf("%s\n\nThis story was republished by outlet number %d under licence.", wire, i)
		case i%4 == 2:
			text = strings.Join(words[:len(words)*6/10], " ")
		case i%4 == 3 && ownText:
			own := strings.Repeat(fmt.Sprintf("Outlet %d adds its own reporting here, sentence %%d of its local angle. ", i), 12)
			for j := range 12 {
				own = strings.Replace(own, "%d", fmt.Sprint(j), 1)
			}
			text = wire + "\n\n" + own
		default:
			text = wire
		}
		ids, texts = append(ids, fmt.Sprint("copy-", i)), append(texts, text)
	}
	return ids, texts
}

// signAll signs texts with the default settings.
func signAll(t testing.TB, texts []string) []*Signature {
	t.Helper()
	s, err := NewSigner(Settings{})
	require.NoError(t, err)
	sigs := make([]*Signature, len(texts))
	for i, text := range texts {
		sigs[i], err = s.Sign(text)
		require.NoError(t, err)
	}
	return sigs
}

// tracked is the rule a provenance.Tracker sets: MaxLinks+1 copies in the
// top containment step of 0.05.
var tracked = Saturation{Copies: 65, MinShare: 0.975}

// verifiedFor indexes a hot story of n copies the way a tracker does
// (query each article, then add it) and returns the candidates verified.
func verifiedFor(t *testing.T, rule Saturation, n int) uint64 {
	ids, texts := hotStory(t, n, false)
	sigs := signAll(t, texts)
	ix, err := NewIndex(IndexConfig{Saturation: rule})
	require.NoError(t, err)
	for i, sig := range sigs {
		_, err := ix.Query(sig)
		require.NoError(t, err)
		require.NoError(t, ix.Add(ids[i], sig))
	}
	return ix.verified
}

// TestSaturationVerifiesLinearly: a story copied 4 times as often costs
// about 4 times as many verifications with the rule (the first hundred or
// so copies, which do not saturate a bucket yet, weigh a little less), and
// 16 times as many without. Copies with text of their own, which no
// earlier copy holds whole, are left out: their queries never saturate
// (see Saturation).
func TestSaturationVerifiesLinearly(t *testing.T) {
	small, large := verifiedFor(t, tracked, 1000), verifiedFor(t, tracked, 4000)
	t.Logf("with the rule: %d and %d verifications (×%.2f)", small, large, float64(large)/float64(small))
	require.LessOrEqual(t, float64(large), 4.5*float64(small), "verifications grow faster than the copies")

	off := Saturation{}
	small, large = verifiedFor(t, off, 250), verifiedFor(t, off, 1000)
	t.Logf("without: %d and %d verifications (×%.2f)", small, large, float64(large)/float64(small))
	require.Greater(t, float64(large), 10*float64(small), "the story is not hot enough to test the rule")
}

// TestSaturationLeavesOutOnlyDominatedMatches checks what Saturation
// promises, query by query, against an index without it: the same
// matches with the same scores, except matches each preceded (in place,
// then add order) by Copies returned matches of AInB at least MinShare.
// Places mostly follow the adds, with jitter, and some documents come
// late or without a place; documents come and go meanwhile, and the
// index goes through a snapshot, so that freed slots and cells are
// reused: the bucket order must survive both.
func TestSaturationLeavesOutOnlyDominatedMatches(t *testing.T) {
	ids, texts := hotStory(t, 600, true)
	sigs := signAll(t, texts)
	t.Run("Add", func(t *testing.T) { checkSaturation(t, ids, sigs, false) })
	t.Run("AddAt", func(t *testing.T) { checkSaturation(t, ids, sigs, true) })
}

// checkSaturation is TestSaturationLeavesOutOnlyDominatedMatches, with
// documents added by Add (ranked by add order alone), or by AddAt at
// places.
func checkSaturation(t *testing.T, ids []string, sigs []*Signature, placed bool) {
	rule := Saturation{Copies: 6, MinShare: 0.975}
	places := make([]Place, len(sigs))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range places {
		e := uint64(1000 + 10*i + rng.IntN(30))
		switch {
		case i%29 == 28:
			e -= 900 // late
		case i%31 == 30:
			e = 1<<64 - 1 // no place: after all others
		}
		places[i] = Place{Earliest: e, Latest: max(e, e+uint64(rng.IntN(20)))}
		if !placed {
			places[i] = Place{}
		}
	}
	// ranksBefore reports whether the caller surely ranks document i before j.
	ranksBefore := func(i, j int) bool {
		return places[i].Latest < places[j].Earliest || places[i].Latest == places[j].Earliest && i < j
	}
	on, err := NewIndex(IndexConfig{Saturation: rule})
	require.NoError(t, err)
	off, err := NewIndex(IndexConfig{})
	require.NoError(t, err)
	minContainment := on.Config().MinContainment
	addedAt := map[string]int{} // by ID: when it was added
	var live []string
	leftOut, saturated := 0, 0
	for i, sig := range sigs {
		full, err := off.Query(sig)
		require.NoError(t, err)
		got, err := on.Query(sig)
		require.NoError(t, err)
		byID := map[string]Match{}
		for _, m := range got {
			byID[m.ID] = m
		}
		require.Len(t, byID, len(got), "a repeated match")
		kept := 0
		for _, m := range full {
			g, ok := byID[m.ID]
			if ok {
				require.Equal(t, m, g, "query %d: match %s", i, m.ID)
				kept++
				continue
			}
			leftOut++
			before := 0
			for _, g := range got {
				if g.AInB >= rule.MinShare && g.MaxContainment() >= minContainment && ranksBefore(addedAt[g.ID], addedAt[m.ID]) {
					before++
				}
			}
			require.GreaterOrEqual(t, before, rule.Copies, "query %d left out %s (added %d), which %d returned matches in the top step precede",
				i, m.ID, addedAt[m.ID], before)
		}
		require.Equal(t, len(got), kept, "query %d returned matches a full query does not", i)
		if len(got) < len(full) {
			saturated++
		}

		addedAt[ids[i]] = i
		switch {
		case !placed:
			require.NoError(t, on.Add(ids[i], sig))
		case i%2 == 0:
			require.NoError(t, on.AddAt(ids[i], sig, places[i]))
		default: // placed after it is added
			require.NoError(t, on.AddAt(ids[i], sig, Place{Earliest: places[i].Earliest, Latest: 1<<64 - 1}))
			found, err := on.SetLatest(ids[i], places[i].Latest)
			require.True(t, found)
			require.NoError(t, err)
		}
		require.NoError(t, off.Add(ids[i], sig))
		live = append(live, ids[i])
		if i%3 == 2 { // churn: one document at random leaves
			j := rng.IntN(len(live))
			onGone, _ := on.Remove(live[j])
			offGone, _ := off.Remove(live[j])
			require.True(t, onGone && offGone)
			live = append(live[:j], live[j+1:]...)
		}
		if i == len(sigs)/2 { // a snapshot keeps the order
			var buf bytes.Buffer
			_, err := on.WriteTo(&buf)
			require.NoError(t, err)
			on, err = NewIndex(IndexConfig{Saturation: rule})
			require.NoError(t, err)
			_, err = on.ReadFrom(&buf)
			require.NoError(t, err)
		}
	}
	t.Logf("%d queries saturated, %d matches left out", saturated, leftOut)
	require.Greater(t, saturated, len(sigs)/4, "the rule was hardly used")
	checkTables(t, &on.lsh)
}

func TestSaturationChecked(t *testing.T) {
	for _, bad := range []Saturation{{Copies: -1}, {Copies: 3}, {Copies: 3, MinShare: 1.5}} {
		_, err := NewIndex(IndexConfig{Saturation: bad})
		require.ErrorIs(t, err, ErrInvalidSettings, "%+v", bad)
	}
	ix, err := NewIndex(IndexConfig{Saturation: tracked})
	require.NoError(t, err)
	require.Equal(t, tracked, ix.Config().Saturation)
}

// TestTailsKeepTheLayout: remembering where each key's last cell went
// only saves probing: under copies of one story, churn and growth, the
// tables are cell for cell those of an index that probes from home.
func TestTailsKeepTheLayout(t *testing.T) {
	ids, texts := hotStory(t, 500, true)
	sigs := signAll(t, texts)
	fast, err := NewIndex(IndexConfig{})
	require.NoError(t, err)
	slow, err := NewIndex(IndexConfig{})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(5, 6))
	var live []string
	used := 0
	for i, sig := range sigs {
		require.NoError(t, fast.Add(ids[i], sig))
		for _, tails := range fast.tails {
			for _, tl := range tails {
				if tl.cell != 0 {
					used++
				}
			}
		}
		clear(slow.tails) // probes from home
		require.NoError(t, slow.Add(ids[i], sig))
		live = append(live, ids[i])
		if i%4 == 3 {
			j := rng.IntN(len(live))
			_, _ = fast.Remove(live[j])
			_, _ = slow.Remove(live[j])
			live = append(live[:j], live[j+1:]...)
		}
		require.Equal(t, slow.tables, fast.tables, "after %d adds", i+1)
	}
	require.Positive(t, used, "no tail was remembered")
	checkTables(t, &fast.lsh)
}
