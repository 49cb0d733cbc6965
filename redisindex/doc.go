// Package redisindex keeps a reprint signature index ([Index], a
// [dedup.Indexer]) and a tracker's record log ([Store], a
// [provenance.Store]) in Redis or a Redis Cluster, so that workers in
// several processes, on several machines, share one index and one log:
// the datasketch pattern. Both are spread over the cluster's nodes.
//
//	client := redis.NewClusterClient(&redis.ClusterOptions{
//		Addrs: []string{"node1:6379", "node2:6379", "node3:6379"},
//		ContextTimeoutEnabled: true,
//	}) // or redis.NewClient for one server
//	ix, err := redisindex.New(client, "news", dedup.IndexConfig{})
//	...
//	st, err := redisindex.NewStore(client, "news")
//	...
//	tracker, err := provenance.Open(provenance.Config{Indexer: ix}, st)
//
// # Key layout
//
// A prefix's data is spread over 1024 shards, each a hash tag {p:x}
// (x in base 36) chosen so that shard s falls in the Redis Cluster slots
// [16s, 16s+16): on a cluster whose nodes serve ranges of slots (as
// redis-cli --cluster create makes them) every node holds an equal share
// of the shards, and resharding moves whole shards. Every script touches
// keys of one shard only, so no operation needs keys of two slots; a
// single server holds the same keys. For the prefix p (which may not
// hold braces):
//
//	{p}:layout           string: "reprint-layout/1 shards=1024 gen=G ready"
//	{p}:config           string: the index's configuration, JSON (see below)
//	{p}:seq              string: the last document counter given out (INCR)
//	{p}:log:format       string: "reprint-log/3 id_groups=N", the store's marker
//	{p}:log:seq          string: the last record number given out (INCR)
//	{p}:log:void         sorted set: record numbers given out and never
//	                     filled, voided (see Store.AppendContext)
//	{p:x}m               string: G, the shard's marker
//	{p:x}n               string: the number of documents of the shard
//	{p:x}i<g>            hash: article ID → its document number, for the IDs
//	                     hashed (FNV-1a) to shard x and group g
//	{p:x}d<g>            hash: document number → the document's value: a
//	                     flag, the ID and the signature, Rice-coded (see
//	                     pack.go); document n·1024+x is in group n mod groups
//	{p:x}b<g>            hash: band bucket → the numbers of its documents,
//	                     comma-separated, or * when they are in the set
//	                     {p:x}b<g>.<field>; a bucket's shard, group and field
//	                     are bits of its LSH key (dedup.Banding.AppendKeys)
//	{p:x}r<g>            hash: article ID → its record's number
//	{p:x}L<c>            hash: record number → the record
//	                     (provenance.Record.MarshalBinary), or "" when voided,
//	                     for numbers 256c+1 to 256c+256, in shard c mod 1024
//
// A document's number is its ID's shard plus 1024 times a counter taken
// from {p}:seq, so numbers give the insertion order, and the document
// lives in its ID's shard: the ID's entry and the signature are written
// together. The groups' numbers are fixed when the index is made, from
// dedup.IndexConfig.Capacity (default 2²⁰ documents): about 64 buckets
// and 48 IDs per group at capacity, so that Redis keeps each group as a
// compact hash (a listpack: up to 128 fields of up to 64 bytes, the
// defaults of hash-max-listpack-entries and -value). A bucket with more
// documents than fit 48 bytes moves to its own set. Measured on a
// three-node cluster with distinct documents (the worst case: no bucket
// shared) and Reuters-sized signatures, the servers keep 969 bytes per
// document at 100,000 documents in an index of that capacity (about 375
// for the band buckets, 540 for the signatures, 23 for the IDs). Far
// below capacity the groups hold few fields and the keys' own overhead
// dominates; far above it the groups outgrow the compact encoding: both
// cost memory, not correctness.
//
// The configuration is a JSON object with the layout's format
// ("reprint-redisindex/2"), the signature settings (their description
// and ID), every rule of the normalised [dedup.IndexConfig] except
// Capacity (MinContainment, MinShare, MinLengthRatio, Threshold,
// FalsePositiveWeight and the banding), the shards, the capacity and the
// groups. The first [New] on a prefix writes it; every later one checks
// the rules and takes the groups.
//
// Data of the earlier, single-slot layout (reprint-redisindex/1,
// reprint-record/1 and /2) is refused with an error that names [Migrate],
// which copies it to a new prefix.
//
// # Consistency
//
// No operation is one atomic step any more; each is a few steps, each
// atomic on its shard, ordered so that what others see is always whole:
//
//   - An Add takes a counter, writes the ID's entry and the signature
//     (one step), then the band buckets (one step per shard, sent at once).
//     A query finds a document once its signature is written and through
//     the buckets written so far; after Add returns, through all of them.
//     Of two documents added at once by two workers, the later query
//     finds the earlier document.
//   - A query reads the buckets, then the signatures of their documents,
//     and verifies only what it read: a bucket member whose signature is
//     gone or marked as being removed is left out. Candidates are verified
//     in insertion order, as the in-memory index does (until it reuses the
//     slots of removed documents), so a Redis index and a [dedup.Index]
//     fed the same documents in the same order return the same matches,
//     down to which of two equally good sources of a stitched copy is
//     named.
//   - A Remove marks the document as being removed (one step: no query
//     returns it after that), takes it out of the buckets, then deletes
//     it. One that stops halfway leaves a marked document, invisible, that
//     the next Remove or Add of the ID finishes.
//   - An Append takes a record number from one counter ({p}:log:seq),
//     claims it for the article's ID, then writes the record under it.
//     Readers read the numbers in order: all see the records in the same
//     order. A number given out and never filled (its appender died) is
//     voided by the reader that waited for it longer than the hole timeout
//     ([WithHoleTimeout]); positions skip voided numbers.
//
// The server must run Lua scripts (EVALSHA); the package is tested with
// Redis 7.0, on one server and on a three-node cluster (a node killed and
// restarted, slots resharded while workers write).
//
// # Lost data
//
// Nothing is lost silently. A call that fails on the network returns an
// error wrapping the client's; its outcome is then unknown (the server may
// have applied it before the connection broke, or apply it later: a
// server that stalled runs the commands it had received once it goes
// on), or applied in part (some of its steps). Both writes are
// idempotent, so that the caller can simply retry: an Add of an ID
// already indexed with the same signature (which completes the band
// buckets of an Add that stopped halfway), and an Append of a record the
// store holds already, change nothing more and return nil;
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
// If a server or a cluster node comes back without its data (it
// restarted without persistence, or the keys were deleted), every later
// call that reaches it returns an error wrapping [ErrDataLost] instead of
// carrying on with a partly empty index: every script on a shard checks
// the shard's marker (written once, with a generation chosen when the
// prefix is made), the counters' scripts check that the configuration
// (or the store's marker) is still there and that the counter has not
// gone back below what this Index (or Store) has seen, which also
// catches a server that came back from an older snapshot; New and
// NewStore check every shard's marker. Durability follows the servers'
// persistence settings (see [Store.Commit]); appendonly yes with
// appendfsync always makes every call that returned nil durable on one
// server, or on a cluster without replicas. With replicas, Redis Cluster
// replicates asynchronously: a failover can lose the last writes a master
// acknowledged, which no check here can see.
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
