//go:build race

package dedup

// raceEnabled: the race detector is on, and sync.Pool drops items at
// random (see TestScratchBitmapsOutliveGrowth).
const raceEnabled = true
