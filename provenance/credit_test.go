package provenance_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/credit"
	"github.com/reprintlab/reprint/provenance"
)

// TestDeprecatedCreditNames checks that the names kept in provenance for
// callers of earlier versions give what package credit gives.
func TestDeprecatedCreditNames(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "001_7cb3ead0d8dc3d74.txt"))
	require.NoError(t, err)
	text := string(b) + "\nLONDON (Reuters) - x"

	want := credit.Extract(text)
	require.NotEmpty(t, want)
	got := provenance.ExtractCredits(text)
	assert.Equal(t, want, got)
	assert.Equal(t, want, provenance.AppendCredits(nil, text))
	var c provenance.Credit = got[0] // the same type
	assert.Equal(t, provenance.CreditFirstPublished, c.Kind)
	assert.Equal(t, "VPost", c.Name)

	kinds := []provenance.CreditKind{
		provenance.CreditFirstPublished, provenance.CreditDateline, provenance.CreditByline, provenance.CreditContributor,
		provenance.CreditVia, provenance.CreditCopyright, provenance.CreditSignOff, provenance.CreditPhoto,
	}
	for i, k := range []credit.Kind{
		credit.FirstPublished, credit.Dateline, credit.Byline, credit.Contributor,
		credit.Via, credit.Copyright, credit.SignOff, credit.Photo,
	} {
		assert.Equal(t, k, kinds[i])
	}
	assert.Equal(t, credit.Window, provenance.CreditWindow)
	js, err := json.Marshal(got[0])
	require.NoError(t, err)
	assert.Contains(t, string(js), `"Kind":"first-published"`)

	assert.Equal(t, "associated press", provenance.NormalizeOutlet("AP"))
	assert.True(t, provenance.SameOutlet("VPost", "site:valley-post"))
	assert.False(t, provenance.SameOutlet("VPost", "The Moscow Times"))
	assert.True(t, provenance.CreditsOutlet(got, "site:valley-post", ""))
	assert.False(t, provenance.CreditsOutlet(got, "The Moscow Times", ""))
}
