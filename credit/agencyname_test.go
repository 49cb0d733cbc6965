package credit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAgencyName(t *testing.T) {
	for in, want := range map[string]string{
		"Reuter": "Reuters", "REUTER": "Reuters", "REUTERS": "Reuters", "reuter": "Reuters", "wire:reuters": "Reuters",
		"https://www.reuters.com/x": "Reuters", "AP": "Associated Press", "The Associated Press": "Associated Press",
		"AFP": "Agence France-Presse", "ITAR-TASS": "TASS",
	} {
		got, ok := AgencyName(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"The Moscow Times", "", "Valley Post"} {
		_, ok := AgencyName(in)
		assert.False(t, ok, in)
	}
}
