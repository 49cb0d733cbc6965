package evaluate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// handTruth is a small corpus: story A (o1 with copies c1, c2 = a copy of
// c1, and s1 stitched from o1 and o2), story B (o2 with copy c3), and two
// distractors without a cluster, one of them unlabelled.
var handTruth = []Truth{
	{ID: "o1", Cluster: "A", Label: "original"},
	{ID: "c1", Cluster: "A", DerivedFrom: []string{"o1"}, Label: "truncate"},
	{ID: "c2", Cluster: "A", DerivedFrom: []string{"c1"}, Label: "truncate"},
	{ID: "o2", Cluster: "B", Label: "original"},
	{ID: "c3", Cluster: "B", DerivedFrom: []string{"o2"}, Label: "wrap"},
	{ID: "s1", Cluster: "A", DerivedFrom: []string{"o1"}, StitchedFrom: []string{"o1", "o2"}, Label: "stitch"},
	{ID: "d1", Label: "distractor"},
	{ID: "d2"},
}

// handPred: story o1 = {o1, c1, c2, s1} (c2 linked to o1 first, then
// c1; s1 to both o1 and o2), story o2 = {o2, d1} (a false link), c3
// missed, d2 alone.
var handPred = []Prediction{
	{ID: "o1", Story: "o1", Origin: "o1"},
	{ID: "c1", Story: "o1", Origin: "o1", Sources: []Source{{"o1", 0.9375}}},
	{ID: "c2", Story: "o1", Origin: "o1", Sources: []Source{{"o1", 0.875}, {"c1", 0.8125}}},
	{ID: "o2", Story: "o2", Origin: "o2"},
	{ID: "c3", Story: "c3", Origin: "c3"},
	{ID: "s1", Story: "o1", Origin: "o1", Sources: []Source{{"o1", 0.625}, {"o2", 0.375}}},
	{ID: "d1", Story: "o2", Origin: "o2", Sources: []Source{{"o2", 0.8125}}},
	{ID: "d2", Story: "d2", Origin: "d2"},
}

func TestEvaluateByHand(t *testing.T) {
	r, err := Evaluate(handTruth, handPred)
	require.NoError(t, err)

	// True clusters A = {o1 c1 c2 s1}, B = {o2 c3}, {d1}, {d2}; stories
	// o1 = {o1 c1 c2 s1}, o2 = {o2 d1}, {c3}, {d2}.
	// Shared = C(4,2) (A∩o1) = 6; True = C(4,2)+C(2,2) = 7; Pred = 7.
	// P = R = F1 = 6/7. C(8,2) = 28, E = 7·7/28 = 1.75, M = 7,
	// ARI = (6−1.75)/(7−1.75) = 4.25/5.25 = 17/21.
	assert.Equal(t, PairCounts{N: 8, True: 7, Predicted: 7, Shared: 6}, r.Pairs)
	assert.InDelta(t, 6.0/7, r.Pairs.F1(), 1e-12)
	assert.InDelta(t, 17.0/21, r.Pairs.ARI(), 1e-12)

	// Copies c1 c2 c3 s1.
	// Found: c1, c2 (with c1 in story o1), s1; not c3 (story c3, o2 in
	// story o2): 3.
	// Primary source true: c1 (o1), s1 (o1); not c2 (o1, truly c1), not
	// c3 (none): 2.
	// Stitched: s1, both o1 and o2 among its sources: 1 of 1.
	// True origins: c1, c2, s1 → o1; c3 → o2. Predicted: o1 o1 o1 c3:
	// 3 of 4, 3 of the 3 found.
	// Found links: c1 → o1 0.9375, c2 → c1 0.8125 (o1 is not a true
	// source of c2), s1 → o1 0.625: 3, sum 2.375.
	// Unsourced o1 o2 d1 d2; story o2 mixes B and d1: o2 and d1 falsely
	// linked, 2 of 4.
	assert.Equal(t, Group{
		Articles: 8, Copies: 4, Found: 3, SourceCorrect: 2, Stitched: 1, StitchedCorrect: 1,
		OriginCorrect: 3, OriginCorrectFound: 3, Linked: 3, ContainmentSum: 2.375,
		Unsourced: 4, FalseLinked: 2,
	}, r.All)
	assert.Equal(t, 0.75, r.All.Recall())
	assert.Equal(t, 0.5, r.All.SourceAccuracy())
	assert.Equal(t, 1.0, r.All.StitchedAccuracy())
	assert.Equal(t, 0.75, r.All.OriginAccuracy())
	assert.Equal(t, 1.0, r.All.OriginAccuracyFound())
	assert.InDelta(t, 2.375/3, r.All.MeanContainment(), 1e-12)
	assert.Equal(t, 0.5, r.All.FalseLinkRate())

	assert.Equal(t, []Group{
		{Label: NoLabel, Articles: 1, Unsourced: 1},
		{Label: "distractor", Articles: 1, Unsourced: 1, FalseLinked: 1},
		{Label: "original", Articles: 2, Unsourced: 2, FalseLinked: 1},
		{Label: "stitch", Articles: 1, Copies: 1, Found: 1, SourceCorrect: 1, Stitched: 1, StitchedCorrect: 1,
			OriginCorrect: 1, OriginCorrectFound: 1, Linked: 1, ContainmentSum: 0.625},
		{Label: "truncate", Articles: 2, Copies: 2, Found: 2, SourceCorrect: 1,
			OriginCorrect: 2, OriginCorrectFound: 2, Linked: 2, ContainmentSum: 1.75},
		{Label: "wrap", Articles: 1, Copies: 1},
	}, r.Labels)
	truncate, wrap, original := r.Labels[4], r.Labels[5], r.Labels[2]
	assert.Equal(t, 0.875, truncate.MeanContainment())
	assert.Equal(t, 0.5, truncate.SourceAccuracy())
	assert.Equal(t, 0.0, wrap.Recall())
	assert.True(t, math.IsNaN(wrap.OriginAccuracyFound()), "no found copies")
	assert.True(t, math.IsNaN(wrap.MeanContainment()), "no found links")
	assert.True(t, math.IsNaN(wrap.StitchedAccuracy()), "no stitched copies")
	assert.True(t, math.IsNaN(wrap.FalseLinkRate()), "no articles without a source")
	assert.True(t, math.IsNaN(original.Recall()), "no copies")
	assert.Equal(t, 0.5, original.FalseLinkRate())
}

// perfect returns the prediction that matches truth exactly: stories are
// the true clusters (under other names), sources the true ones, origins
// the true roots.
func perfect(truth []Truth) []Prediction {
	root := func(i int) string {
		byID := map[string]Truth{}
		for _, t := range truth {
			byID[t.ID] = t
		}
		t := truth[i]
		for len(t.DerivedFrom) > 0 {
			t = byID[t.DerivedFrom[0]]
		}
		return t.ID
	}
	var pred []Prediction
	for i, t := range truth {
		p := Prediction{ID: t.ID, Story: "story of " + t.Cluster, Origin: root(i)}
		if t.Cluster == "" {
			p.Story = "alone " + t.ID
		}
		for _, s := range truthSources(t) {
			p.Sources = append(p.Sources, Source{ID: s, Containment: 1})
		}
		pred = append(pred, p)
	}
	return pred
}

func TestEvaluatePerfectAndSingletons(t *testing.T) {
	r, err := Evaluate(handTruth, perfect(handTruth))
	require.NoError(t, err)
	for _, x := range []float64{r.Pairs.Precision(), r.Pairs.Recall(), r.Pairs.F1(), r.Pairs.ARI(),
		r.All.Recall(), r.All.SourceAccuracy(), r.All.StitchedAccuracy(), r.All.OriginAccuracy(),
		r.All.OriginAccuracyFound(), r.All.MeanContainment()} {
		assert.Equal(t, 1.0, x)
	}
	assert.Equal(t, 0.0, r.All.FalseLinkRate())

	// Every article alone: no copy found, no source, no origin right,
	// nothing merged.
	var alone []Prediction
	for _, tr := range handTruth {
		alone = append(alone, Prediction{ID: tr.ID, Story: tr.ID, Origin: tr.ID})
	}
	r, err = Evaluate(handTruth, alone)
	require.NoError(t, err)
	assert.Equal(t, 0.0, r.Pairs.Recall())
	assert.Equal(t, 0.0, r.Pairs.ARI())
	assert.True(t, math.IsNaN(r.Pairs.Precision()))
	assert.Equal(t, 0.0, r.All.Recall())
	assert.Equal(t, 0.0, r.All.SourceAccuracy())
	assert.Equal(t, 0.0, r.All.OriginAccuracy())
	assert.True(t, math.IsNaN(r.All.OriginAccuracyFound()))
	assert.Equal(t, 0.0, r.All.FalseLinkRate())
}

func TestEvaluateIgnoresOrderAndStoryNames(t *testing.T) {
	want, err := Evaluate(handTruth, handPred)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	for range 10 {
		truth := append([]Truth(nil), handTruth...)
		pred := append([]Prediction(nil), handPred...)
		r.Shuffle(len(truth), func(i, j int) { truth[i], truth[j] = truth[j], truth[i] })
		r.Shuffle(len(pred), func(i, j int) { pred[i], pred[j] = pred[j], pred[i] })
		salt := r.Int()
		for i := range truth {
			if truth[i].Cluster != "" {
				truth[i].Cluster = fmt.Sprint(truth[i].Cluster, salt)
			}
		}
		for i := range pred {
			pred[i].Story = fmt.Sprint(salt, pred[i].Story)
		}
		got, err := Evaluate(truth, pred)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

func TestEvaluateStitchedFromAlone(t *testing.T) {
	// Without derived_from, stitched_from gives the sources; the first
	// is the primary one.
	truth := []Truth{{ID: "a", Cluster: "A"}, {ID: "b", Cluster: "B"}, {ID: "s", Cluster: "B", StitchedFrom: []string{"b", "a"}}}
	pred := []Prediction{
		{ID: "a", Story: "a", Origin: "a"},
		{ID: "b", Story: "b", Origin: "b"},
		{ID: "s", Story: "a", Origin: "a", Sources: []Source{{"a", 0.5}}},
	}
	r, err := Evaluate(truth, pred)
	require.NoError(t, err)
	// Found (same story as a), primary a is a true source, not all of
	// b and a found, origin b (first of stitched_from) is not a. Story a
	// now holds an article of cluster B, so a counts as falsely linked.
	assert.Equal(t, Group{Articles: 3, Copies: 1, Found: 1, SourceCorrect: 1, Stitched: 1,
		Linked: 1, ContainmentSum: 0.5, Unsourced: 2, FalseLinked: 1}, r.All)
}

func TestEvaluateErrors(t *testing.T) {
	ok := []Prediction{{ID: "a", Story: "a", Origin: "a"}, {ID: "b", Story: "b", Origin: "b"}}
	for _, c := range []struct {
		name  string
		truth []Truth
		pred  []Prediction
		id    string
		want  string
	}{
		{"unknown source", []Truth{{ID: "a"}, {ID: "b", DerivedFrom: []string{"x"}}}, ok, "b", `source "x" is not in the data`},
		{"unknown stitched", []Truth{{ID: "a"}, {ID: "b", StitchedFrom: []string{"a", "x"}}}, ok, "b", `source "x" is not in the data`},
		{"own source", []Truth{{ID: "a"}, {ID: "b", DerivedFrom: []string{"b"}}}, ok, "b", "is its own source"},
		{"cycle", []Truth{{ID: "a", DerivedFrom: []string{"b"}}, {ID: "b", DerivedFrom: []string{"a"}}}, ok, "a", "cycle"},
		{"duplicate truth", []Truth{{ID: "a"}, {ID: "a"}}, ok, "a", "duplicate id in the truth"},
		{"empty id", []Truth{{ID: ""}}, nil, "", "empty id"},
		{"not predicted", []Truth{{ID: "a"}, {ID: "b"}, {ID: "c"}}, ok, "c", "not predicted"},
		{"not in truth", []Truth{{ID: "a"}}, ok, "b", "not in the truth"},
		{"duplicate prediction", []Truth{{ID: "a"}, {ID: "b"}}, append(ok, ok[0]), "a", "duplicate id in the predictions"},
	} {
		_, err := Evaluate(c.truth, c.pred)
		require.Error(t, err, c.name)
		var ae *ArticleError
		require.True(t, errors.As(err, &ae), c.name)
		assert.Equal(t, c.id, ae.ID, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
		assert.Contains(t, err.Error(), fmt.Sprintf("article %q", c.id), c.name)
	}
	// A long chain is no cycle.
	var chain []Truth
	var pred []Prediction
	for i := range 1000 {
		tr := Truth{ID: fmt.Sprint(i), Cluster: "c"}
		if i > 0 {
			tr.DerivedFrom = []string{fmt.Sprint(i - 1)}
		}
		chain = append(chain, tr)
		pred = append(pred, Prediction{ID: tr.ID, Story: "s", Origin: "0"})
	}
	r, err := Evaluate(chain, pred)
	require.NoError(t, err)
	assert.Equal(t, 999, r.All.OriginCorrect)
}

func TestEvaluateEmpty(t *testing.T) {
	r, err := Evaluate(nil, nil)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(r.Pairs.ARI()))
	assert.True(t, math.IsNaN(r.All.Recall()))
	assert.True(t, math.IsNaN(r.All.FalseLinkRate()))
	assert.Empty(t, r.Labels)
}

func TestFromVerdict(t *testing.T) {
	v := provenance.Verdict{ID: "c", Story: "s", Origin: "o", Sources: []provenance.Edge{
		{Copy: "c", Source: "o", Containment: 0.9, Jaccard: 0.5},
		{Copy: "c", Source: "p", Containment: 0.3, Partial: true},
	}}
	assert.Equal(t, Prediction{ID: "c", Story: "s", Origin: "o", Sources: []Source{{"o", 0.9}, {"p", 0.3}}}, FromVerdict(v))
	assert.Empty(t, FromVerdict(provenance.Verdict{ID: "a", Story: "a", Origin: "a"}).Sources)
}
