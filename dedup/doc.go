// Package dedup fingerprints documents with MinHash, finds the ones that
// share much of their text with an LSH index, and verifies every
// candidate.
//
// # Signatures
//
// A [Signer] cuts a text into shingles (package shingle) and computes a
// k-slot MinHash [Signature]: by default ([MinWise]) each slot is the
// minimum of its own hash of the shingles, github.com/dgryski/go-minhash
// MinWise's h1 + i·h2 mixed per slot, with two XXH64 functions of fixed
// seeds ([MinHashSeed1], [MinHashSeed2]), so signatures are comparable
// across processes and machines. Each signature also records the exact number of distinct
// shingles of its document and the ID of the [Settings] it was made with;
// [Compare] refuses signatures of different settings
// ([ErrSettingsMismatch]) instead of returning a meaningless number. Texts
// with fewer than [Settings.MinShingles] distinct shingles are not
// fingerprinted ([ErrTooShort]): two empty or near-empty documents are
// not "100% similar", they are not comparable.
//
// # Containment
//
// Syndicated copies are truncated, extended and wrapped in boilerplate, so
// the Jaccard similarity of a copy and its source is often low (0.56 for
// the bundled seed pair) while almost all of the copy is found in the
// source (0.995). [Scores] therefore carries containment both ways,
// |A∩B|/|A| and |A∩B|/|B|, estimated from the Jaccard estimate J and the
// exact set sizes: |A∩B| = J(|A|+|B|)/(1+J).
//
// # Index
//
// An [Index] bands signatures (LSH). Its banding is solved by
// [OptimalBanding] for the lowest Jaccard similarity a match can have: a
// copy a third as long as its source ([IndexConfig.MinLengthRatio]) with
// 80% of it found there ([IndexConfig.MinContainment]) has Jaccard 0.25,
// which with recall-leaning weights gives 28 bands of 2 rows at k=128.
// Every candidate is verified on its full signature; [Index.Query] returns
// only those where at least MinContainment of one side is found in the
// other, with their scores, best first. With [IndexConfig.Saturation], a
// query stops scanning a band bucket crowded with near-whole copies of it,
// so that a story copied n times costs time linear in n, not quadratic;
// [Saturation] says exactly which matches it then leaves out.
//
// # Concurrency
//
// [Signer] is for one goroutine at a time. [Index] is safe for concurrent
// use. [Signature] values are immutable.
package dedup
