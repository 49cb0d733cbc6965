// Package align finds the passages two texts share with edits tolerated
// (words changed, added, dropped, sentences reordered) and grades what
// kind of reuse a link is: a verbatim copy, a partial copy, a rewrite, or
// an update holding a whole earlier item.
//
// # Pieces
//
//   - [DocFreq] counts, in bounded memory, in how many of the documents
//     seen so far each word occurs, and turns that into a rarity weight
//     in [0, 1]: a word never seen weighs 1, a word in every document 0.
//   - [Doc] is a text cut into words (package shingle's tokens and
//     normalisation), each kept as a 32-bit hash and, optionally, its byte
//     range.
//   - [Aligner] compares a later text (the copy) with an earlier one (the
//     possible source): shared words are chained into local alignments
//     (passages) that tolerate gaps on either side, each passage keeping
//     its words in order while passages may come in any order; the result
//     says how much of the copy, weighted by rarity, is aligned to the
//     source, and grades the link ([Kind]).
//   - [Index] is the streaming candidate layer for rewrites: each document
//     is indexed under its rarest words; a new document looks up all its
//     words and gets the earlier documents sharing the most rare weight
//     with it, to be verified by an Aligner.
//
// # Concurrency
//
// An [Aligner] is for one goroutine at a time. [DocFreq] and [Index] are
// safe for concurrent use. A [Result] is a value.
package align
