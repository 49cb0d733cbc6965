package provenance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestNewDelays checks the nearest-rank percentiles: the delays at ranks
// ⌈N/2⌉ and ⌈9N/10⌉ of the sorted delays.
func TestNewDelays(t *testing.T) {
	m := time.Minute
	assert.Equal(t, Delays{}, newDelays(nil))
	assert.Equal(t, Delays{N: 1, Median: -m, P90: -m}, newDelays([]time.Duration{-m}))
	// 4 delays: ranks 2 and 4.
	assert.Equal(t, Delays{N: 4, Median: 2 * m, P90: 9 * m}, newDelays([]time.Duration{9 * m, 1 * m, 3 * m, 2 * m}))
	// 10 delays, 1..10 minutes: ranks 5 and 9.
	ten := []time.Duration{10 * m, 9 * m, 8 * m, 7 * m, 6 * m, 5 * m, 4 * m, 3 * m, 2 * m, 1 * m}
	assert.Equal(t, Delays{N: 10, Median: 5 * m, P90: 9 * m}, newDelays(ten))
	// 11 delays: ranks 6 and 10.
	assert.Equal(t, Delays{N: 11, Median: 6 * m, P90: 10 * m}, newDelays(append(ten, 11*m)))
}
