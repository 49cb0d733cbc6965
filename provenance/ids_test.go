package provenance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// IDs, VerdictsOf and CreditedOf give back what Articles does of each
// article, in its order (CreditedOf without making verdicts); unknown
// IDs are left out.
func TestIDsAndCreditedAreTheVerdicts(t *testing.T) {
	tr, err := New(Config{})
	require.NoError(t, err)
	body := "The central bank raised its key interest rate by half a point on Tuesday, the third rise this year, citing inflation that has stayed above its target for two years running."
	for i, text := range []string{
		"MOSCOW (Reuters) - " + body,
		"This article was first published by VPost. " + body,
		body + " (c) AP 2024",
		"An unrelated note on the weather in the north, with rain expected over the weekend.",
	} {
		_, err := tr.Add(Article{ID: fmt.Sprint("a", i), Text: text})
		require.NoError(t, err)
	}
	all := slices.Collect(tr.Articles())
	ids := tr.IDs()
	require.Len(t, ids, len(all))
	for i, v := range all {
		assert.Equal(t, v.ID, ids[i])
	}
	assert.Equal(t, all, slices.Collect(tr.VerdictsOf(ids)))
	// Out of order, unknown IDs left out.
	some := []string{ids[3], "nobody", ids[0], ids[2]}
	assert.Equal(t, []Verdict{all[3], all[0], all[2]}, slices.Collect(tr.VerdictsOf(some)))
	credited := 0
	k := 0
	for id, c := range tr.CreditedOf(append(ids, "nobody")) {
		assert.Equal(t, all[k].ID, id)
		assert.Equal(t, all[k].Credited, c, id)
		credited += len(c)
		k++
	}
	assert.Equal(t, len(all), k)
	assert.Equal(t, 3, credited)
}

// The batches of VerdictsOf cover a tracker larger than one batch.
func TestVerdictsOfAcrossBatches(t *testing.T) {
	tr, err := New(Config{})
	require.NoError(t, err)
	for i := range 2*batchSize + 3 {
		_, err := tr.Add(Article{ID: fmt.Sprint("a", i), Text: fmt.Sprintf("Note %d on the weather in the north, with rain expected over the weekend.", i)})
		require.NoError(t, err)
	}
	ids := tr.IDs()
	var got []string
	for v := range tr.VerdictsOf(ids) {
		got = append(got, v.ID)
	}
	assert.Equal(t, ids, got)
}
