// Package provenance tells who copied whom: it keeps a graph of articles
// and the text they share, gives every copy directed edges to its most
// likely earlier sources with the evidence (containment both ways,
// Jaccard), groups articles into stories and attributes each story to one
// origin.
//
// [Tracker] is the one entry point: add articles in the order they are
// seen and read each one's [Verdict]. It wires package shingle and package
// dedup together; [Graph] is the underlying structure for callers who
// find the links themselves. The rules for ordering, clock skew, sources,
// stories and origins are documented at [Graph].
package provenance
