//go:build amd64 && gc && !purego

package shingle

import "golang.org/x/sys/cpu"

// haveSliding8 tells whether hashSliding8 runs in vector registers: it
// needs AVX-512 F (64-bit rotates) and DQ (64-bit multiplies), which the
// operating system must have enabled too.
var haveSliding8 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// sliding8Consts are the constants of hashSliding8: XXH64's primes 1 to
// 4, the four lane seeds of ShingleSeed, and the start of a hash of fewer
// than 4 words.
var sliding8Consts = func() [9]uint64 {
	seed := ShingleSeed // a variable, so that the sums wrap around
	return [9]uint64{prime1, prime2, prime3, prime4,
		seed + prime1 + prime2, seed + prime2, seed, seed - prime1, seed + prime5}
}()

// hashSliding8 sets out[i] to hashWords(ws[i:i+n]) for every i <
// len(out), computing eight windows at a time in the lanes of AVX-512
// registers, with the same arithmetic as hashWords. len(out) must be a
// multiple of 8 and len(ws) at least len(out)+n-1, n >= 1: the
// assembly checks neither (hashSliding slices its arguments so). Call it
// only when haveSliding8 is true.
//
//go:noescape
func hashSliding8(out, ws []uint64, n int)
