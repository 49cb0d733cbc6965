// Package newsio reads news articles and writes what a
// [provenance.Tracker] says of them: the input and output of the
// flagger (examples/flag), for programs that use the library directly.
//
// Reading: [Reader] reads articles from folders of text files, JSON Lines
// and CSV exports, one at a time, checking IDs and bounding each article.
//
// Writing: [WriteJSONL] writes the flagger's JSONL output, a contract
// that later versions only add fields to; [WriteText], [WriteHTML] and
// [WriteDOT] write reports for people (text, a self-contained web page,
// a Graphviz graph).
package newsio
