//go:build race

package align_test

// raceEnabled is true under the race detector, which makes the tests on
// the whole corpus too slow to run at full size.
const raceEnabled = true
