// Package synth builds deterministic synthetic syndication corpora with
// known truth from real news text: who copied whom, how, and when.
//
// A [Source] holds real stories read from a JSONL file (one object per
// line with at least "id" and "text", and optionally "date" or
// "published", "title" and "dateline"). A [Generator] turns it into a
// stream of [Article] values: every usable story appears once as an
// "original" (or as an unrelated "distractor"), and syndicated copies of
// it are made by one edit each (verbatim reprints, truncations,
// extensions with local paragraphs, boilerplate-wrapped pages, re-flowed
// text, credit lines, word swaps, dropped sentences, typos, OCR noise,
// and copies stitched from two stories). Each copy records the article it
// was made from (DerivedFrom), the story it belongs to (Cluster, the ID of
// the story's original) and its edit class (Label), so the output can be
// used to measure a near-duplicate and provenance detector class by
// class.
//
// # Rewrites
//
// With [Config.Rewrites] (syndicate -rewrites), half of the copies are
// made by rewrite classes, whose words change and whose copies record an
// [Intensity] (light, medium or heavy): synonyms (from WordNet, read at
// run time, see [LoadWordNet], and a built-in newswire table), reordered
// paragraphs and sentences, merged and split sentences, a rewritten
// lede built from the story's own names and numbers, sentences dropped
// and added from another real story of the same day, rewording around
// quotations kept verbatim, partial copies (passages of the story in an
// otherwise original article), and a combined rewrite; rewrite.go
// tabulates what each intensity does. Stories are then also set aside
// as material (hosts of partial copies and donors of added sentences,
// never published), and same-topic negatives are drawn: real stories of
// the same day and topic as another story, sharing little text with any
// story ([SameTopicMaxContainment]), labelled [SameTopic] with the ID of
// that story's original in NegativeFor, so that a detector's precision
// against hard negatives can be measured. Without Rewrites the output is
// that of earlier versions, byte for byte.
//
// # Truth hygiene
//
// Before stories are used, those with fewer than [Config.MinWords] words
// are dropped, and so is every story whose set of 5-word shingles (fixed,
// whatever the library default) has a containment of at least 0.5 in an
// already kept story, or the other way round, taking stories in file
// order. The real corpus's own re-sends and near-duplicates therefore
// never become unlabelled links between two "different" stories.
//
// # Time
//
// An original is published at its source date (a date without a zone is
// UTC), or at a synthetic time when it has none. A copy follows the
// article it was made from by a log-uniform delay between 2 minutes and 3
// days; some copies carry clock skew (a published time up to 4 minutes
// earlier than their true time) and a few have no published time at all.
// Articles are delivered in the order they are seen: true time plus a
// small arrival jitter, so a few arrive out of order.
//
// # Scale
//
// Output is streamed: only the articles still waiting for their arrival
// time (a few days of the timeline) are held in memory, so millions of
// articles can be generated in bounded memory. When more stories are
// needed than the source has, synthetic originals are generated after the
// real ones in time with an order-2 word Markov model trained on the kept
// stories. The model never emits a run of 5 words that occurs in a
// training story, so synthetic stories are not near-duplicates of real
// ones.
//
// # Determinism
//
// All randomness comes from PCG generators seeded from [Config.Seed]. The
// same source, configuration and seed give byte-identical output on every
// machine.
package synth
