//go:build !amd64 || !gc || purego

package dedup

// haveMinWise8 is false where there are no vector versions of the
// MinWise loops.
const haveMinWise8 = false

// minWiseHashes8 is minWiseHashesScalar where there is no vector version.
func minWiseHashes8(h1s, h2s, xs []uint64) { minWiseHashesScalar(h1s, h2s, xs) }

// minWiseBlock8 is minWiseBlockScalar where there is no vector version.
func minWiseBlock8(acc, h1s, h2s []uint64, first uint64) { minWiseBlockScalar(acc, h1s, h2s, first) }
