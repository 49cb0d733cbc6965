//go:build !race

package provenance_test

const raceEnabled = false
