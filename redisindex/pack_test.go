package redisindex_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/redisindex"
)

// TestPackDoc round-trips document values: real signatures, and drawn
// ones with extreme values (0, 2³²−1, all equal, one huge among small
// ones); every strict prefix of a value is refused.
func TestPackDoc(t *testing.T) {
	signer := newSigner(t)
	settings := signer.Settings()
	var sigs []*dedup.Signature
	for _, text := range seeds(t) {
		sig, err := signer.Sign(text)
		require.NoError(t, err)
		sigs = append(sigs, sig)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	values := make([]uint32, settings.NumHashes)
	for round := range 50 {
		for i := range values {
			switch round % 5 {
			case 0:
				values[i] = 0
			case 1:
				values[i] = math.MaxUint32
			case 2:
				values[i] = rng.Uint32()
			case 3:
				values[i] = rng.Uint32() >> 20
			case 4:
				values[i] = uint32(i)
			}
		}
		if round%5 == 3 {
			values[round%len(values)] = math.MaxUint32
		}
		sig, err := dedup.NewSignature(settings, 1+round, values)
		require.NoError(t, err)
		sigs = append(sigs, sig)
	}
	for i, sig := range sigs {
		id := "doc-" + string(rune('a'+i%26))
		v := redisindex.PackDoc(nil, '+', id, sig, nil)
		flag, gotID, got, err := redisindex.UnpackDoc(string(v), settings)
		require.NoError(t, err, "signature %d", i)
		require.Equal(t, byte('+'), flag)
		require.Equal(t, id, gotID)
		require.Equal(t, sig.Shingles(), got.Shingles())
		require.Equal(t, sig.AppendValues(nil), got.AppendValues(nil), "signature %d", i)
		for cut := range len(v) {
			_, _, _, err := redisindex.UnpackDoc(string(v[:cut]), settings)
			require.Error(t, err, "signature %d cut at %d of %d", i, cut, len(v))
		}
	}
}
