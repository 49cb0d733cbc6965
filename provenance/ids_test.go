package provenance

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// IDs and Credited give back what Articles does of each article, in its
// order, without making verdicts; an unknown ID has no credits.
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
	var want []string
	credited := 0
	for v := range tr.Articles() {
		want = append(want, v.ID)
		got, ok := tr.Credited(v.ID)
		require.True(t, ok, v.ID)
		assert.Equal(t, v.Credited, got, v.ID)
		credited += len(got)
	}
	assert.Equal(t, want, tr.IDs())
	assert.Equal(t, 3, credited)
	_, ok := tr.Credited("nobody")
	assert.False(t, ok)
}
