// Package redisindex keeps a reprint signature index ([Index], a
// [dedup.Indexer]) and a tracker's record log ([Store], a
// [provenance.Store]) in Redis, so that workers in several processes, on
// several machines, share one index and one log: the datasketch pattern.
//
//	client := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	ix, err := redisindex.New(client, "news", dedup.IndexConfig{})
//	...
//	st, err := redisindex.NewStore(client, "news")
//	...
//	tracker, err := provenance.Open(provenance.Config{Indexer: ix}, st)
//
// # Key layout
//
// Every key starts with the prefix between braces, a Redis Cluster hash
// tag, so that all the keys of one prefix live in one hash slot and the
// Lua scripts that change several of them at once also work on a
// cluster (where the prefix's data then lives on one node). For the
// prefix p:
//
//	{p}:config            string: the index's configuration, JSON (see below)
//	{p}:seq               string: the last document number given out (INCR)
//	{p}:id                hash: document ID → its document number (decimal)
//	{p}:sig               hash: document number → the ID's length (uvarint), the ID,
//	                      and the signature (dedup.Signature.MarshalBinary)
//	{p}:b:{band}:{key}    set: the numbers of the documents whose band number band
//	                      (decimal) has LSH key key (16 lower-case hex digits,
//	                      dedup.Banding.AppendKeys); an empty set vanishes
//	{p}:log               list: the store's records, oldest first
//	                      (provenance.Record.MarshalBinary)
//	{p}:log:ids           hash: article ID → the position of its record in {p}:log
//	                      (decimal, 1 for the first)
//	{p}:log:format        string: the store's marker, "reprint-record/2"
//	                      ("reprint-record/1": made before {p}:log:ids; NewStore
//	                      upgrades it)
//
// Band buckets hold document numbers rather than IDs because Redis keeps
// small sets of integers compactly (intsets): with the default banding
// (28 bands) that halves the server's memory, to about 3.3 KB per document
// in all (measured by BenchmarkQuery; about 8 KB with IDs in the
// buckets). Numbers are never reused, so they also give the insertion
// order.
//
// The configuration is a JSON object with the layout's format
// ("reprint-redisindex/1"), the signature settings (their description
// and ID) and every rule of the normalised [dedup.IndexConfig] except
// Capacity: MinContainment, MinShare, MinLengthRatio, Threshold,
// FalsePositiveWeight and the banding. The first [New] on a prefix writes
// it; every later one checks it.
//
// # Consistency
//
// Add, Remove, a query's candidate lookup, and Store.Append are each one
// Lua script, so each is atomic: other clients see all of it or none of
// it, and a query never sees half an Add. A query reads every candidate's
// signature in the same script as the band buckets, so Verify always gets
// a consistent snapshot. Candidates are verified in insertion order, as
// the in-memory index does (until it reuses the slots of removed
// documents), so a Redis index and a [dedup.Index] fed the same
// documents in the same order return the same matches, down to which of
// two equally good sources of a stitched copy is named.
//
// The server must run Lua scripts (EVALSHA); the package is tested with
// Redis 7.0.
//
// # Lost data
//
// Nothing is lost silently. A call that fails on the network returns an
// error wrapping the client's; its outcome is then unknown (the server may
// have applied it before the connection broke, or apply it later: a
// server that stalled runs the commands it had received once it goes
// on). Both writes are idempotent, so that the caller can simply retry:
// an Add of an ID already indexed with the same signature, and an Append
// of a record the store holds already, change nothing and return nil;
// with another signature, or another record for the article's ID, they
// return an error wrapping [dedup.ErrDuplicateID] or
// [provenance.ErrDuplicateID]. The go-redis client reconnects by itself:
// once the server is back, the same Index and Store work again.
//
// A tracker on the Index and the Store (provenance.Config.Indexer) writes
// the index first and the record second, and never takes a write back:
// after a failure in doubt it returns provenance.ErrOutcomeUnknown, and
// adding the same article again settles it, with one index entry and one
// record. An article indexed without a record (its tracker died between
// the two writes) is an orphan: [Index.Orphans] lists them, and adding
// the article again through any tracker adopts the entry.
//
// If the server comes back without the data (it restarted without
// persistence, or the keys were deleted), every later call returns an
// error wrapping [ErrDataLost] instead of carrying on with an empty index:
// the scripts check that the configuration (or the store's marker) is
// still there, and that the document counter (or the log's length) has
// not gone below what this Index (or Store) has already seen, which also
// catches a server that came back from an older snapshot. Durability
// follows the server's persistence settings (see [Store.Commit]);
// appendonly yes with appendfsync always makes every call that returned
// nil durable.
//
// # Concurrency
//
// Index and Store are safe for concurrent use by many goroutines and by
// many processes sharing the server and prefix. They do not own the
// client: Close does not close it.
//
// # Timeouts
//
// The methods of [dedup.Indexer] and [provenance.Store] take no context.
// Each call runs under [WithTimeout]'s limit, if set, and otherwise under
// the client's own dial, read and write timeouts. The Index methods with a
// Context suffix take a context instead.
package redisindex
