//go:build race

package provenance_test

// raceEnabled is true under the race detector, which makes the long,
// quadratic tests too slow to run at full size.
const raceEnabled = true
