package dedup_test

import (
	"errors"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/shingle"
)

func TestSeedsCompare(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	sigs := make([]*dedup.Signature, len(seedNames))
	for i := range seedNames {
		sigs[i] = sign(t, s, seed(t, i))
		assert.Equal(t, len(exactSet(t, seed(t, i))), sigs[i].Shingles(), "exact distinct count of %s", seedNames[i])
	}
	for i := range sigs {
		for j := range sigs {
			sc, err := dedup.Compare(sigs[i], sigs[j])
			require.NoError(t, err)
			switch {
			case i == j:
				assert.Equal(t, dedup.Scores{Jaccard: 1, AInB: 1, BInA: 1, Shared: float64(sigs[i].Shingles())}, sc)
			case i == 3 && j == 1:
				// 003 is the first 55% of 001: exact Jaccard 0.556,
				// containment 0.995. k=128 gives σ ≈ 0.044 on Jaccard.
				assert.InDelta(t, 0.556, sc.Jaccard, 3*0.044)
				assert.GreaterOrEqual(t, sc.AInB, 0.9)
				assert.InDelta(t, 0.558, sc.BInA, 0.1)
			case i == 1 && j == 3:
				assert.GreaterOrEqual(t, sc.BInA, 0.9)
			default:
				assert.Less(t, sc.MaxContainment(), 0.1, "%s vs %s", seedNames[i], seedNames[j])
			}
		}
	}
}

func TestCompareIsSymmetric(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	a, b := sign(t, s, seed(t, 1)), sign(t, s, seed(t, 3))
	ab, err := dedup.Compare(a, b)
	require.NoError(t, err)
	ba, err := dedup.Compare(b, a)
	require.NoError(t, err)
	assert.Equal(t, ab.Swap(), ba)
}

func TestSignIsDeterministic(t *testing.T) {
	// Two signers, and one signer reused across documents, agree: the
	// reused MinWise slots are reset between documents.
	s1, s2 := newSigner(t, dedup.Settings{}), newSigner(t, dedup.Settings{})
	first := sign(t, s1, seed(t, 0))
	_ = sign(t, s1, seed(t, 2))
	again := sign(t, s1, seed(t, 0))
	other := sign(t, s2, seed(t, 0))
	assert.Equal(t, first.AppendValues(nil), again.AppendValues(nil))
	assert.Equal(t, first.AppendValues(nil), other.AppendValues(nil))
	assert.Equal(t, first.Settings(), other.Settings())

	// Frozen values: the hash family and seeds are part of the format.
	// A change here invalidates every stored signature: give the family
	// a new name and refuse the old one (ErrRetiredFamily), as the
	// change from minwise-xxh64 (slots 0x008009b2, 0x007be5db) did.
	assert.Equal(t, "sig/1 minwise-xxh64-mixed seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1",
		dedup.Settings{}.String())
	assert.Equal(t, []uint32{goldenFirst, goldenLast},
		[]uint32{first.AppendValues(nil)[0], first.AppendValues(nil)[127]})
}

// goldenFirst and goldenLast are slots 0 and 127 of seed 000's default
// signature (family minwise-xxh64-mixed).
const goldenFirst, goldenLast = 0x004f0d16, 0x005e3278

func TestSignatureDependsOnlyOnTheShingleSet(t *testing.T) {
	// Repeating a paragraph adds no new shingle inside it; re-flowing and
	// re-quoting changes no shingle at all.
	s := newSigner(t, dedup.Settings{})
	text := seed(t, 1)
	reflowed := strings.Join(strings.Fields(strings.NewReplacer("’", "'", "“", `"`, "”", `"`).Replace(text)), "  ")
	a, b := sign(t, s, text), sign(t, s, reflowed)
	assert.Equal(t, a.AppendValues(nil), b.AppendValues(nil))
	assert.Equal(t, a.Shingles(), b.Shingles())
}

func TestTooShortAndEmpty(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	for _, text := range []string{"", "   \n\t", "Kremlin says nothing.", "\x00\x00\xff\xfe", strings.Repeat("— ", 1000)} {
		_, err := s.Sign(text)
		require.ErrorIs(t, err, dedup.ErrTooShort, "%q", text)
	}
	// 13 words are 10 four-word shingles: just enough.
	_, err := s.Sign("one two three four five six seven eight nine ten eleven twelve thirteen")
	require.NoError(t, err)
	_, err = s.Sign("one two three four five six seven eight nine ten eleven twelve")
	require.ErrorIs(t, err, dedup.ErrTooShort)

	// Two empty documents are not 100% similar: they are not comparable.
	_, err = dedup.Compare(&dedup.Signature{}, &dedup.Signature{})
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
	_, err = dedup.Compare(nil, sign(t, s, seed(t, 0)))
	require.ErrorIs(t, err, dedup.ErrEmptySignature)

	// A failed SignTo leaves the signature as it was.
	sig := sign(t, s, seed(t, 0))
	before := sig.AppendValues(nil)
	require.ErrorIs(t, s.SignTo(sig, "too short"), dedup.ErrTooShort)
	assert.Equal(t, before, sig.AppendValues(nil))
}

func TestSettingsMismatch(t *testing.T) {
	text := seed(t, 0)
	base := sign(t, newSigner(t, dedup.Settings{}), text)
	for _, other := range []dedup.Settings{
		{NumHashes: 64},
		{Shingle: shingle.Config{WordSize: 5}},
		{Shingle: shingle.Config{CharSize: 3}},
	} {
		sig := sign(t, newSigner(t, other), text)
		assert.NotEqual(t, base.Settings(), sig.Settings())
		_, err := dedup.Compare(base, sig)
		require.ErrorIs(t, err, dedup.ErrSettingsMismatch, "%v", other)
	}
	// MinShingles does not change slot values, so it does not change the ID.
	sig := sign(t, newSigner(t, dedup.Settings{MinShingles: 3}), text)
	_, err := dedup.Compare(base, sig)
	require.NoError(t, err)
}

func TestInvalidSettings(t *testing.T) {
	for _, s := range []dedup.Settings{
		{NumHashes: -1}, {NumHashes: dedup.MaxNumHashes + 1}, {MinShingles: -5},
	} {
		_, err := dedup.NewSigner(s)
		require.ErrorIs(t, err, dedup.ErrInvalidSettings, "%+v", s)
	}
	_, err := dedup.NewSigner(dedup.Settings{Shingle: shingle.Config{WordSize: 100}})
	require.ErrorIs(t, err, shingle.ErrInvalidConfig)
}

func TestNewSignature(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	orig := sign(t, s, seed(t, 0))
	values := orig.AppendValues(nil)
	rebuilt, err := dedup.NewSignature(orig.Settings(), orig.Shingles(), values)
	require.NoError(t, err)
	values[0]++ // the signature keeps its own copy
	sc, err := dedup.Compare(orig, rebuilt)
	require.NoError(t, err)
	assert.Equal(t, 1.0, sc.Jaccard)

	_, err = dedup.NewSignature(orig.Settings(), 0, values)
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
	_, err = dedup.NewSignature(orig.Settings(), 10, nil)
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
	_, err = dedup.NewSignature(orig.Settings(), 10, make([]uint32, dedup.MaxNumHashes+1))
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)
}

func TestEstimateAccuracy(t *testing.T) {
	// Truncations of real articles against the whole: the estimated
	// Jaccard stays within 4 standard errors of the exact value, and the
	// root-mean-square error is close to the theory, sqrt(J(1-J)/k).
	s := newSigner(t, dedup.Settings{})
	var sumSq, sumTheory float64
	n := 0
	for i := range seedNames {
		full := seed(t, i)
		fullSet := exactSet(t, full)
		fullSig := sign(t, s, full)
		for _, f := range []float64{0.2, 0.35, 0.5, 0.65, 0.8, 0.9} {
			part := firstWords(full, f)
			sc, err := dedup.Compare(sign(t, s, part), fullSig)
			require.NoError(t, err)
			j, _ := exactJaccard(exactSet(t, part), fullSet)
			sigma := math.Sqrt(j * (1 - j) / 128)
			assert.InDelta(t, j, sc.Jaccard, 4*sigma+0.01, "seed %d at %.2f", i, f)
			sumSq += (sc.Jaccard - j) * (sc.Jaccard - j)
			sumTheory += sigma * sigma
			n++
		}
	}
	assert.Less(t, math.Sqrt(sumSq/float64(n)), 1.6*math.Sqrt(sumTheory/float64(n)))
}

func TestSignToAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := newSigner(t, dedup.Settings{})
	text := seed(t, 1)
	sig := sign(t, s, text)
	allocs := testing.AllocsPerRun(20, func() {
		if err := s.SignTo(sig, text); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

func TestHugeAndHostileInput(t *testing.T) {
	// A 100 MB article is fingerprinted, not rejected, and NUL bytes and
	// invalid UTF-8 are word separators.
	if testing.Short() {
		t.Skip("100 MB input: not with -short")
	}
	s := newSigner(t, dedup.Settings{})
	base := seed(t, 0)
	var b strings.Builder
	for b.Len() < 100<<20 {
		b.WriteString(base)
		b.WriteString("\x00\xff")
	}
	sig, err := s.Sign(b.String())
	require.NoError(t, err)
	small := sign(t, s, base)
	sc, err := dedup.Compare(small, sig)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, sc.AInB, 0.9, "the repeated article is contained in the huge one")
}

func TestShortTextsSharingOneShingle(t *testing.T) {
	// Two 20-word texts that share one 4-word phrase ("fund raise wheat
	// traders"): 1 of their 33 distinct shingles. With MinWise slots
	// h1 + i·h2 unmixed that shingle won most slots of both, and the
	// pair was estimated at Jaccard 0.547.
	a := "oil minister inflation fund raise wheat traders company deal import fund debt analysts profit budget rose market yield bid percent"
	b := "yen fell raise sugar index sugar price reserve fund raise wheat traders said year output fell bond grain tax dollar"
	j, _ := exactJaccard(exactSet(t, a), exactSet(t, b))
	require.InDelta(t, 1.0/33, j, 1e-9)
	for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		s := newSigner(t, dedup.Settings{Method: m})
		sc, err := dedup.Compare(sign(t, s, a), sign(t, s, b))
		require.NoError(t, err)
		sigma := math.Sqrt(j * (1 - j) / 128)
		assert.InDelta(t, j, sc.Jaccard, 4*sigma+0.01, "%s: estimated Jaccard", m)
		assert.Less(t, sc.MaxContainment(), 0.5, "%s: estimated containment", m)
	}
}

func TestReutersHeadlineAndStoryShareTwoShingles(t *testing.T) {
	// reuters-18643 is a 14-word headline (12 shingles) sharing 2 of
	// them with the 586-shingle story reuters-18938. Unmixed MinWise
	// slots gave 3 equal slots, two of them adjacent (one band), which
	// estimates the headline as wholly contained in the story: the
	// flagger linked them.
	stories, err := corpus.Reuters(2, func(s corpus.Story) bool { return s.ID == "reuters-18643" || s.ID == "reuters-18938" })
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("Reuters corpus not available (%v)", err)
	}
	require.NoError(t, err)
	require.Len(t, stories, 2)
	ix := newIndex(t, dedup.IndexConfig{})
	s := newSigner(t, dedup.Settings{})
	head, story := sign(t, s, stories[0].Text), sign(t, s, stories[1].Text)
	require.Equal(t, 12, head.Shingles())
	sc, err := dedup.Compare(head, story)
	require.NoError(t, err)
	assert.Less(t, sc.AInB, ix.Config().MinContainment, "estimated share of the headline in the story (exact 2/12)")
	require.NoError(t, ix.Add("story", story))
	ms, err := ix.Query(head)
	require.NoError(t, err)
	assert.Empty(t, ms)
}
