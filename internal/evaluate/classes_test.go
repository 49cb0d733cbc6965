package evaluate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rewriteTruth is a small corpus with graded rewrites and hard
// negatives: story A (o1; r1 rewrite light, r2 rewrite heavy, p1 partial
// heavy), story B (o2; r3 rewrite light), and two same-topic negatives,
// n1 for o1 and n2 for o2.
var rewriteTruth = []Truth{
	{ID: "o1", Cluster: "A", Label: "original"},
	{ID: "r1", Cluster: "A", DerivedFrom: []string{"o1"}, Label: "rewrite", Intensity: "light"},
	{ID: "r2", Cluster: "A", DerivedFrom: []string{"o1"}, Label: "rewrite", Intensity: "heavy"},
	{ID: "p1", Cluster: "A", DerivedFrom: []string{"o1"}, Label: "partial", Intensity: "heavy"},
	{ID: "o2", Cluster: "B", Label: "original"},
	{ID: "r3", Cluster: "B", DerivedFrom: []string{"o2"}, Label: "rewrite", Intensity: "light"},
	{ID: "n1", Cluster: "n1", Label: "same-topic", NegativeFor: "o1"},
	{ID: "n2", Cluster: "n2", Label: "same-topic", NegativeFor: "o2"},
}

// rewritePred: story o1 = {o1, r1}, story o2 = {o2, r3, n2} (n2 linked
// to its partner), r2, p1 and n1 alone.
var rewritePred = []Prediction{
	{ID: "o1", Story: "o1", Origin: "o1"},
	{ID: "r1", Story: "o1", Origin: "o1", Sources: []Source{{"o1", 0.5}}},
	{ID: "r2", Story: "r2", Origin: "r2"},
	{ID: "p1", Story: "p1", Origin: "p1"},
	{ID: "o2", Story: "o2", Origin: "o2"},
	{ID: "r3", Story: "o2", Origin: "o2", Sources: []Source{{"o2", 0.25}}},
	{ID: "n1", Story: "n1", Origin: "n1"},
	{ID: "n2", Story: "o2", Origin: "o2", Sources: []Source{{"o2", 0.3}}},
}

func TestClassesAndNegativesByHand(t *testing.T) {
	r, err := Evaluate(rewriteTruth, rewritePred)
	require.NoError(t, err)

	// Copies with an intensity: r1 (rewrite light, found, source o1
	// right, origin right, containment 0.5), r3 (rewrite light, found,
	// 0.25), r2 (rewrite heavy, missed), p1 (partial heavy, missed).
	assert.Equal(t, []Group{
		{Label: "partial", Intensity: "heavy", Articles: 1, Copies: 1},
		{Label: "rewrite", Intensity: "light", Articles: 2, Copies: 2, Found: 2, SourceCorrect: 2,
			OriginCorrect: 2, OriginCorrectFound: 2, Linked: 2, ContainmentSum: 0.75},
		{Label: "rewrite", Intensity: "heavy", Articles: 1, Copies: 1},
	}, r.Classes)
	// By intensity over both labels: light = r1 r3, heavy = r2 p1.
	assert.Equal(t, []Group{
		{Intensity: "light", Articles: 2, Copies: 2, Found: 2, SourceCorrect: 2,
			OriginCorrect: 2, OriginCorrectFound: 2, Linked: 2, ContainmentSum: 0.75},
		{Intensity: "heavy", Articles: 2, Copies: 2},
	}, r.Intensities)
	assert.Equal(t, 1.0, r.Intensities[0].Recall())
	assert.Equal(t, 0.0, r.Intensities[1].Recall())

	// Hard negatives: n1 alone (not linked), n2 in story o2, which holds
	// o2 and r3 of its partner's cluster B: linked. Both are unsourced;
	// n2's story mixes clusters B and n2, so n2, o2 are falsely linked.
	st := r.Labels[3]
	require.Equal(t, "same-topic", st.Label)
	assert.Equal(t, Group{Label: "same-topic", Articles: 2, Unsourced: 2, FalseLinked: 1, Negatives: 2, NegativeLinked: 1}, st)
	assert.Equal(t, 0.5, st.NegativeLinkRate())
	assert.Equal(t, 2, r.All.Negatives)
	assert.Equal(t, 1, r.All.NegativeLinked)
	assert.True(t, math.IsNaN(r.Labels[0].NegativeLinkRate()), "originals are no negatives")
}

// A negative merged with another story than its partner's is a false
// link, but not a negative link.
func TestNegativeLinkedOnlyToPartner(t *testing.T) {
	pred := append([]Prediction(nil), rewritePred...)
	pred[7] = Prediction{ID: "n2", Story: "o1", Origin: "o1"} // into story A, not its partner B
	r, err := Evaluate(rewriteTruth, pred)
	require.NoError(t, err)
	assert.Equal(t, 2, r.All.Negatives)
	assert.Equal(t, 0, r.All.NegativeLinked)
	assert.Equal(t, 1, r.Labels[3].FalseLinked)
}

func TestBadNegatives(t *testing.T) {
	for _, tc := range []struct {
		t    Truth
		want string
	}{
		{Truth{ID: "n1", NegativeFor: "zz"}, `article "n1": negative for "zz", which is not in the data`},
		{Truth{ID: "n1", NegativeFor: "n1"}, `article "n1": is a negative for itself`},
		{Truth{ID: "n1", NegativeFor: "o1", DerivedFrom: []string{"o2"}}, `article "n1": is a negative for another article but has a source`},
	} {
		truth := append([]Truth(nil), rewriteTruth...)
		truth[6] = tc.t
		_, err := Evaluate(truth, rewritePred)
		assert.EqualError(t, err, tc.want)
	}
}
