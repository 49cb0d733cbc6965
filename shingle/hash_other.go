//go:build !amd64 || !gc || purego

package shingle

// haveSliding8 is false where there is no vector version of hashSliding8.
const haveSliding8 = false

// hashSliding8 is hashSlidingScalar where there is no vector version.
func hashSliding8(out, ws []uint64, n int) { hashSlidingScalar(out, ws, n) }
