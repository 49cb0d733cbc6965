//go:build amd64 && gc && !purego

package dedup

import "golang.org/x/sys/cpu"

// haveMinWise8 tells whether minWiseHashes8 and minWiseBlock8 run in
// vector registers: they need AVX-512 F (64-bit rotates, unsigned 64-bit
// minima) and DQ (64-bit multiplies), which the operating system must
// have enabled too.
var haveMinWise8 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// minWiseConsts are the constants of the vector MinWise loops: XXH64's
// primes 1 to 4, the starts of h1 and h2 (seed + prime5 + 8, the hashed
// input being 8 bytes), and MinWiseMixer.
var minWiseConsts = func() [7]uint64 {
	seed1, seed2 := MinHashSeed1, MinHashSeed2 // variables, so that the sums wrap around
	return [7]uint64{xxhPrime1, xxhPrime2, xxhPrime3, xxhPrime4,
		seed1 + xxhPrime5 + 8, seed2 + xxhPrime5 + 8, MinWiseMixer}
}()

// minWiseLanes are the lane numbers of a vector of 8 slots.
var minWiseLanes = [8]uint64{0, 1, 2, 3, 4, 5, 6, 7}

// minWiseHashes8 is minWiseHashesScalar computing eight shingles at a
// time in the lanes of AVX-512 registers, with xxh64Word's arithmetic.
// len(xs) must be a multiple of 8 and h1s and h2s at least as long: the
// assembly checks neither. Call it only when haveMinWise8 is true.
//
//go:noescape
func minWiseHashes8(h1s, h2s, xs []uint64)

// minWiseBlock8 is minWiseBlockScalar computing eight slots at a time in
// the lanes of AVX-512 registers. len(acc) must be a multiple of 8, at
// most minWiseBlockSlots, and h2s at least as long as h1s: the assembly
// checks neither. Call it only when haveMinWise8 is true.
//
//go:noescape
func minWiseBlock8(acc, h1s, h2s []uint64, first uint64)
