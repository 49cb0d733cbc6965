//go:build race

package shingle

// raceEnabled is true when the race detector is on: the slowest
// differential tests then sample their inputs.
const raceEnabled = true
