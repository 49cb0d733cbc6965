package redisindex

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/dedup"
)

// Index is a [dedup.Indexer] kept in Redis under a key prefix: an LSH
// index of signatures that many processes share, spread over the shards
// of the prefix (see the package documentation's key layout), so that it
// grows with a Redis Cluster. It finds what a [dedup.Index] with the same
// configuration finds, verified by [dedup.IndexConfig.Verify].
//
// An Index is safe for concurrent use by many goroutines, and by many
// processes that open the same prefix on the same server or cluster.
// Each step of an Add, a query or a Remove is atomic on its shard; how
// the steps make a whole is in the documentation of each method. Create
// one with [New]; the zero value is not usable.
type Index struct {
	client redis.UniversalClient
	l      *layout
	cfg    dedup.IndexConfig
	id     dedup.SettingsID
	opts   options
	groups groups
	base   []string // the keys config and seq, in the prefix's own slot

	seen   atomic.Int64 // highest document counter seen
	closed atomic.Bool
}

// groups is the number of groups of each kind in every shard, fixed when
// the index is made (from its capacity) and recorded in its
// configuration.
type groups struct {
	Buckets int `json:"bucket_groups"`
	IDs     int `json:"id_groups"`
	Docs    int `json:"doc_groups"`
}

// defaultCapacity is the capacity of an index made with Capacity 0.
const defaultCapacity = 1 << 20

// groupsFor sizes the groups for capacity documents of bands bands: about
// 64 band buckets or 48 IDs per group, which Redis keeps as a compact hash
// (a listpack, up to 128 fields of up to 64 bytes by default), and about
// 1024 documents per document group.
func groupsFor(capacity, bands int) groups {
	if capacity <= 0 {
		capacity = defaultCapacity
	}
	pow2 := func(n int) int {
		p := 1
		for p < n && p < 1<<22 {
			p <<= 1
		}
		return p
	}
	return groups{
		Buckets: pow2(capacity * bands / (64 * numShards)),
		IDs:     pow2(capacity / (48 * numShards)),
		Docs:    pow2(capacity / (1024 * numShards)),
	}
}

// configFormat names the layout of the keys, recorded in the
// configuration. reprint-redisindex/1 kept a prefix in one hash slot.
const (
	configFormat   = "reprint-redisindex/2"
	configFormatV1 = "reprint-redisindex/1"
)

// storedConfig is the JSON form of {p}:config.
type storedConfig struct {
	Format              string  `json:"format"`
	Settings            string  `json:"settings"`
	SettingsID          string  `json:"settings_id"`
	NumHashes           int     `json:"num_hashes"`
	MinContainment      float64 `json:"min_containment"`
	MinShare            float64 `json:"min_share"`
	MinLengthRatio      float64 `json:"min_length_ratio"`
	Threshold           float64 `json:"threshold"`
	FalsePositiveWeight float64 `json:"false_positive_weight"`
	Bands               int     `json:"bands"`
	Rows                int     `json:"rows"`
	Shards              int     `json:"shards"`
	Capacity            int     `json:"capacity"`
	groups
}

func newStoredConfig(c dedup.IndexConfig, capacity int) storedConfig {
	if capacity <= 0 {
		capacity = defaultCapacity
	}
	return storedConfig{
		Format:              configFormat,
		Settings:            c.Settings.String(),
		SettingsID:          c.Settings.ID().String(),
		NumHashes:           c.Settings.NumHashes,
		MinContainment:      c.MinContainment,
		MinShare:            c.MinShare,
		MinLengthRatio:      c.MinLengthRatio,
		Threshold:           c.Threshold,
		FalsePositiveWeight: c.FalsePositiveWeight,
		Bands:               c.Banding.Bands,
		Rows:                c.Banding.Rows,
		Shards:              numShards,
		Capacity:            capacity,
		groups:              groupsFor(capacity, c.Banding.Bands),
	}
}

// diff lists the fields in which s and o differ, for an error message.
func (s storedConfig) diff(o storedConfig) []string {
	var d []string
	add := func(name string, a, b any) {
		if a != b {
			d = append(d, fmt.Sprintf("%s %v (stored) ≠ %v", name, a, b))
		}
	}
	add("format", s.Format, o.Format)
	if s.SettingsID != o.SettingsID {
		d = append(d, fmt.Sprintf("signature settings %q (ID %s, stored) ≠ %q (ID %s)", s.Settings, s.SettingsID, o.Settings, o.SettingsID))
	}
	add("NumHashes", s.NumHashes, o.NumHashes)
	add("MinContainment", s.MinContainment, o.MinContainment)
	add("MinShare", s.MinShare, o.MinShare)
	add("MinLengthRatio", s.MinLengthRatio, o.MinLengthRatio)
	add("Threshold", s.Threshold, o.Threshold)
	add("FalsePositiveWeight", s.FalsePositiveWeight, o.FalsePositiveWeight)
	add("banding", fmt.Sprintf("%dx%d", s.Bands, s.Rows), fmt.Sprintf("%dx%d", o.Bands, o.Rows))
	add("shards", s.Shards, o.Shards)
	return d
}

// New returns the index kept under prefix (any non-empty string without
// braces) on client's server or cluster, with configuration cfg (zero
// fields mean the defaults, as for [dedup.NewIndex]). The first New on a
// prefix records the configuration in Redis and makes the prefix's
// shards; later ones, in any process, check that theirs is the same,
// defaults filled in and banding solved. cfg.Capacity, the number of
// documents the index is sized for (0: 2²⁰), is taken from the first New
// only: it sets how many groups the band buckets and IDs are spread over,
// and the server's memory per document is least between about a third of
// it and three times it (see the package documentation).
//
// New returns an error wrapping [dedup.ErrInvalidSettings] (or
// shingle.ErrInvalidConfig) for a config out of range,
// [dedup.ErrSettingsMismatch] naming the differing fields when the prefix
// holds an index of another configuration (also wrapping
// [dedup.ErrRetiredFamily] for one made with the MinWise family of
// earlier builds, which must be rebuilt; an index of an earlier version
// of this package, which kept a prefix in one hash slot, is refused so
// too: see [Migrate]), [ErrCorrupt] when its recorded configuration does
// not decode, [ErrDataLost] when shards of the prefix are gone, or the
// client's error when the server cannot be reached. The index does not
// own client: Close leaves it open.
func New(client redis.UniversalClient, prefix string, cfg dedup.IndexConfig, opts ...Option) (*Index, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	capacity := cfg.Capacity
	cfg.Capacity = 0
	norm, err := dedup.NewIndex(cfg) // fills in defaults, solves the banding
	if err != nil {
		return nil, err
	}
	ix := &Index{
		client: client,
		cfg:    norm.Config(),
		opts:   newOptions(opts),
	}
	ix.id = ix.cfg.Settings.ID()
	ctx, cancel := ix.opts.context()
	defer cancel()
	want := newStoredConfig(ix.cfg, capacity)
	kp := "{" + prefix + "}:"
	ix.base = []string{kp + "config", kp + "seq"}
	if err := ix.checkConfig(ctx, want); err != nil {
		return nil, err
	}
	if ix.l, err = openLayout(ctx, client, prefix); err != nil {
		return nil, err
	}
	return ix, nil
}

// checkConfig writes the configuration if the prefix has none, else
// checks it and takes its groups.
func (ix *Index) checkConfig(ctx context.Context, want storedConfig) error {
	data, err := json.Marshal(want)
	if err != nil {
		return err
	}
	created, err := ix.client.SetNX(ctx, ix.base[0], data, 0).Result()
	if err != nil {
		return wrap("writing the index configuration", err)
	}
	if created {
		ix.groups = want.groups
		return nil
	}
	old, err := ix.client.Get(ctx, ix.base[0]).Bytes()
	if err != nil {
		return wrap("reading the index configuration", err)
	}
	var have storedConfig
	if err := json.Unmarshal(old, &have); err != nil {
		return fmt.Errorf("%w: the index configuration %s: %w", ErrCorrupt, ix.base[0], err)
	}
	if have.Format == configFormatV1 {
		return fmt.Errorf("%w: the Redis index %s was made by an earlier version of redisindex (%s), which keeps a prefix in one hash slot; copy it to a new prefix with redisindex.Migrate",
			dedup.ErrSettingsMismatch, ix.base[0], configFormatV1)
	}
	if d := have.diff(want); len(d) > 0 {
		if err := dedup.CheckRetired(have.Settings); err != nil {
			return fmt.Errorf("the Redis index %s: %w", ix.base[0], err)
		}
		return fmt.Errorf("%w: the Redis index %s was made with another configuration: %s",
			dedup.ErrSettingsMismatch, ix.base[0], strings.Join(d, "; "))
	}
	g := have.groups
	for _, n := range []int{g.Buckets, g.IDs, g.Docs} {
		if n < 1 || n > 1<<22 || n&(n-1) != 0 {
			return fmt.Errorf("%w: the index configuration %s: groups %+v", ErrCorrupt, ix.base[0], g)
		}
	}
	ix.groups = g
	return nil
}

// Config returns the index's configuration with every default filled in
// and the banding solved; Capacity is 0.
func (ix *Index) Config() dedup.IndexConfig { return ix.cfg }

// Prefix returns the key prefix the index was made with.
func (ix *Index) Prefix() string { return ix.l.prefix }

// Add indexes sig under id. It is AddContext under the timeout of
// [WithTimeout].
func (ix *Index) Add(id string, sig *dedup.Signature) error {
	ctx, cancel := ix.opts.context()
	defer cancel()
	return ix.AddContext(ctx, id, sig)
}

// maxRounds bounds the rounds of an Add, Remove or Append that meets
// concurrent changes to the same ID.
const maxRounds = 8

// AddContext indexes sig under id, in three steps: it takes a document
// number from the prefix's counter; stores the ID's number and the
// signature in the ID's shard, atomically; then adds the number to the
// band buckets, each atomically in its shard. A query made after
// AddContext returned finds the document; one made meanwhile may find it
// through some bands only, or not at all. A query verifies the
// signatures it reads, so a bucket never yields a document that is not
// (or no longer) indexed.
//
// Add is idempotent: if id is indexed already (by any process) with the
// same signature, AddContext only adds it to the band buckets again (an
// Add that stopped halfway is so completed) and returns nil. So an Add
// that failed on the network (after which it may have been applied in
// part, or in full) can be retried with the same signature. (This
// differs from [dedup.Index.Add], whose calls cannot end in doubt.) If
// id is indexed with another signature, AddContext completes that
// document's band buckets (its Add may have stopped halfway) and returns
// an error wrapping [dedup.ErrDuplicateID]. If id is being removed, AddContext
// finishes the removal first. It also returns errors wrapping
// [dedup.ErrEmptySignature] for an empty signature,
// [dedup.ErrSettingsMismatch] for one made with other settings than the
// index's, [ErrCorrupt], [ErrDataLost], [ErrClosed], or the client's.
func (ix *Index) AddContext(ctx context.Context, id string, sig *dedup.Signature) error {
	if err := ix.check(sig); err != nil {
		return err
	}
	var scratch [dedup.DefaultNumHashes]uint32
	value := packDoc(nil, flagIndexed, id, sig, scratch[:0])
	buckets, err := ix.buckets(sig)
	if err != nil {
		return err
	}
	shard, idKey := ix.idKey(id)
	for range maxRounds {
		n, err := seqScript.Run(ctx, ix.client, ix.base, ix.seen.Load()).Int64()
		if err != nil {
			return wrap(fmt.Sprintf("add %q: taking a document number", id), err)
		}
		ix.see(n)
		num := uint64(n)*numShards + uint64(shard)
		res, err := ix.l.run(ctx, []call{{claimScript,
			[]string{ix.l.marker(shard), idKey, ix.docKey(num), ix.l.tags[shard] + "n"},
			[]any{ix.l.gen, id, num, value}}})
		if err != nil {
			return wrap(fmt.Sprintf("add %q", id), err)
		}
		claimed, had, err := claimReply(res[0])
		if err != nil {
			return err
		}
		if claimed {
			return ix.writeBuckets(ctx, bucketAddScript, id, num, buckets)
		}
		// Indexed already: the same Add again, another signature, or a
		// removal in progress.
		doc, err := ix.doc(ctx, had)
		switch {
		case err != nil:
			return err
		case doc == "":
			return fmt.Errorf("%w: %q is document %d, which is missing from %s", ErrCorrupt, id, had, ix.docKey(had))
		case doc == string(value):
			return ix.writeBuckets(ctx, bucketAddScript, id, had, buckets)
		case doc[0] == flagRemoving:
			if _, err := ix.finishRemove(ctx, id, had, doc); err != nil {
				return err
			}
			continue
		}
		// Another signature. Its Add may have stopped halfway: complete
		// its band buckets (a tracker may adopt the entry).
		stored, err := ix.decode(had, doc)
		if err != nil {
			return err
		}
		theirs, err := ix.buckets(stored.Signature)
		if err != nil {
			return fmt.Errorf("%w: document %d (%q): %w", ErrCorrupt, had, id, err)
		}
		if err := ix.writeBuckets(ctx, bucketAddScript, id, had, theirs); err != nil {
			return err
		}
		return fmt.Errorf("%w: %q is indexed with another signature", dedup.ErrDuplicateID, id)
	}
	return fmt.Errorf("redisindex: add %q: the ID kept changing in %d rounds", id, maxRounds)
}

// claimReply decodes claimScript's reply.
func claimReply(v any) (claimed bool, num uint64, err error) {
	a, _ := v.([]any)
	if len(a) == 2 {
		flag, _ := a[0].(int64)
		s, _ := a[1].(string)
		if num, err = strconv.ParseUint(s, 10, 64); err == nil {
			return flag == 1, num, nil
		}
	}
	return false, 0, fmt.Errorf("%w: claim reply %v", ErrCorrupt, v)
}

// bucket is a band bucket's place: its shard, group and field.
type bucket struct {
	shard int
	group uint64
	field string
}

// buckets returns the places of sig's band buckets. A bucket is named by
// its LSH key: the top 10 bits choose the shard, bits 32 and up the group,
// and the low 16 bits are the field (a small integer, which Redis keeps
// in 4 bytes). Two buckets of a group that share a field by chance (one
// pair in 2¹⁶: a query meets such a merged bucket about once in 50) are
// merged, which only adds candidates that verification then drops.
func (ix *Index) buckets(sig *dedup.Signature) ([]bucket, error) {
	var buf [64]uint64
	keys, err := ix.cfg.Banding.AppendKeys(buf[:0], sig)
	if err != nil {
		return nil, err
	}
	out := make([]bucket, len(keys))
	for i, k := range keys {
		out[i] = bucket{
			shard: int(k >> 54),
			group: (k >> 32) & uint64(ix.groups.Buckets-1),
			field: strconv.FormatUint(k&0xffff, 10),
		}
	}
	return out, nil
}

// bucketCalls returns the calls of script (bucketAddScript,
// bucketRemoveScript or bucketGetScript) on the buckets, one per shard;
// num is the document's number, or none for bucketGetScript.
func (ix *Index) bucketCalls(script *redis.Script, buckets []bucket, num ...any) []call {
	byShard := make(map[int][]bucket, len(buckets))
	order := make([]int, 0, len(buckets))
	for _, b := range buckets {
		if _, ok := byShard[b.shard]; !ok {
			order = append(order, b.shard)
		}
		byShard[b.shard] = append(byShard[b.shard], b)
	}
	calls := make([]call, 0, len(order))
	for _, s := range order {
		bs := byShard[s]
		keys := make([]string, 0, 1+2*len(bs))
		keys = append(keys, ix.l.marker(s))
		args := make([]any, 0, 2+len(bs))
		args = append(append(args, ix.l.gen), num...)
		for _, b := range bs {
			g := ix.l.key(s, "b", b.group)
			keys = append(keys, g, g+"."+b.field)
			args = append(args, b.field)
		}
		calls = append(calls, call{script, keys, args})
	}
	return calls
}

// writeBuckets adds document num to (or removes it from) the buckets.
func (ix *Index) writeBuckets(ctx context.Context, script *redis.Script, id string, num uint64, buckets []bucket) error {
	if _, err := ix.l.run(ctx, ix.bucketCalls(script, buckets, num)); err != nil {
		return wrap(fmt.Sprintf("%q's band buckets", id), err)
	}
	return nil
}

// idKey returns the shard of id and the key of its ID group.
func (ix *Index) idKey(id string) (int, string) {
	h := hashString(id)
	s := int(h % numShards)
	return s, ix.l.key(s, "i", (h/numShards)&uint64(ix.groups.IDs-1))
}

// docKey returns the key of document num's group: the document lives in
// its ID's shard, num mod numShards.
func (ix *Index) docKey(num uint64) string {
	return ix.l.key(int(num%numShards), "d", (num/numShards)&uint64(ix.groups.Docs-1))
}

// doc returns the stored value of document num, "" when it is missing.
func (ix *Index) doc(ctx context.Context, num uint64) (string, error) {
	s := int(num % numShards)
	res, err := ix.l.run(ctx, []call{{docsScript, []string{ix.l.marker(s), ix.docKey(num)}, []any{ix.l.gen, num}}})
	if err != nil {
		return "", wrap(fmt.Sprintf("reading document %d", num), err)
	}
	a, _ := res[0].([]any)
	if len(a) != 1 {
		return "", fmt.Errorf("%w: reply %v reading document %d", ErrCorrupt, res[0], num)
	}
	v, _ := a[0].(string)
	return v, nil
}

// AppendQuery appends the indexed documents that match sig to dst. It is
// AppendQueryContext under the timeout of [WithTimeout].
func (ix *Index) AppendQuery(dst []dedup.Match, sig *dedup.Signature) ([]dedup.Match, error) {
	ctx, cancel := ix.opts.context()
	defer cancel()
	return ix.AppendQueryContext(ctx, dst, sig)
}

// Query returns the indexed documents that match sig, best first, like
// [dedup.Index.Query]. It is AppendQuery with no dst.
func (ix *Index) Query(sig *dedup.Signature) ([]dedup.Match, error) {
	return ix.AppendQuery(nil, sig)
}

// AppendQueryContext appends the indexed documents that match sig to
// dst, best first, by the rules of [dedup.IndexConfig.Verify] (stitched
// copies included): the documents sharing a band with sig (read from
// every bucket's shard at once), then their signatures (read from their
// shards at once), verified in insertion order. A document whose
// signature is gone, or being removed, by the time it is read is left
// out. It returns dst unchanged and an error wrapping
// [dedup.ErrEmptySignature], [dedup.ErrSettingsMismatch], [ErrCorrupt]
// for a stored signature that does not decode, [ErrDataLost],
// [ErrClosed], or the client's error.
func (ix *Index) AppendQueryContext(ctx context.Context, dst []dedup.Match, sig *dedup.Signature) ([]dedup.Match, error) {
	return ix.appendQuery(ctx, dst, sig, "", false)
}

// AppendQueryExcept is AppendQuery as if document except were not
// indexed: it is left out of the candidates before they are verified.
// A caller that adds a document before querying it (as a tracker on a
// shared index does, so that two documents added at once find each
// other) gets the matches of a query made before the Add, stitched
// copies' partial sources included: with the document itself among the
// candidates, it covers the query alone and no partial source is found.
// Errors are those of AppendQueryContext; the timeout of [WithTimeout]
// applies.
func (ix *Index) AppendQueryExcept(dst []dedup.Match, sig *dedup.Signature, except string) ([]dedup.Match, error) {
	ctx, cancel := ix.opts.context()
	defer cancel()
	return ix.appendQuery(ctx, dst, sig, except, true)
}

func (ix *Index) appendQuery(ctx context.Context, dst []dedup.Match, sig *dedup.Signature, except string, exclude bool) ([]dedup.Match, error) {
	if err := ix.check(sig); err != nil {
		return dst, err
	}
	buckets, err := ix.buckets(sig)
	if err != nil {
		return dst, err
	}
	res, err := ix.l.run(ctx, ix.bucketCalls(bucketGetScript, buckets))
	if err != nil {
		return dst, wrap("query: reading the band buckets", err)
	}
	nums := make(map[uint64]bool)
	for _, r := range res {
		a, _ := r.([]any)
		for _, v := range a {
			s, _ := v.(string)
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return dst, fmt.Errorf("%w: document number %q in a band bucket", ErrCorrupt, s)
			}
			nums[n] = true
		}
	}
	cands, err := ix.docs(ctx, slices.Sorted(maps.Keys(nums)))
	if err != nil {
		return dst, err
	}
	list := make([]dedup.Candidate, 0, len(cands))
	for _, c := range cands {
		if c.flag == flagIndexed && (!exclude || c.ID != except) {
			list = append(list, c.Candidate)
		}
	}
	out, err := ix.cfg.Verify(dst, sig, list)
	if err != nil {
		return dst, fmt.Errorf("redisindex: verifying the candidates of a query: %w", err)
	}
	return out, nil
}

// stored is an indexed document as read from Redis.
type stored struct {
	dedup.Candidate
	num  uint64 // its document number: the insertion order
	flag byte
}

// docs reads the documents nums (sorted), one call per document group,
// and returns those still there, in the order of nums.
func (ix *Index) docs(ctx context.Context, nums []uint64) ([]stored, error) {
	if len(nums) == 0 {
		return nil, nil
	}
	byKey := make(map[string][]uint64)
	var order []string
	for _, n := range nums {
		k := ix.docKey(n)
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], n)
	}
	calls := make([]call, len(order))
	for i, k := range order {
		ns := byKey[k]
		args := make([]any, 0, 1+len(ns))
		args = append(args, ix.l.gen)
		for _, n := range ns {
			args = append(args, n)
		}
		calls[i] = call{docsScript, []string{ix.l.marker(int(ns[0] % numShards)), k}, args}
	}
	res, err := ix.l.run(ctx, calls)
	if err != nil {
		return nil, wrap("query: reading the candidates' signatures", err)
	}
	found := make(map[uint64]string, len(nums))
	for i, k := range order {
		a, _ := res[i].([]any)
		ns := byKey[k]
		if len(a) != len(ns) {
			return nil, fmt.Errorf("%w: %d values for %d documents from %s", ErrCorrupt, len(a), len(ns), k)
		}
		for j, v := range a {
			if s, ok := v.(string); ok {
				found[ns[j]] = s
			}
		}
	}
	out := make([]stored, 0, len(found))
	for _, n := range nums {
		v, ok := found[n]
		if !ok {
			continue // removed, or a bucket of a number never stored
		}
		doc, err := ix.decode(n, v)
		if err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, nil
}

// Remove deletes id from the index and reports whether it was there. It
// is RemoveContext under the timeout of [WithTimeout].
func (ix *Index) Remove(id string) (bool, error) {
	ctx, cancel := ix.opts.context()
	defer cancel()
	return ix.RemoveContext(ctx, id)
}

// RemoveContext deletes id from the index and reports whether it was
// there. It first marks the document as being removed, atomically, after
// which no query returns it; then it takes it out of the band buckets;
// then it deletes the ID and the document, atomically. A removal that
// stops halfway (an error) leaves the document marked, invisible to
// queries: RemoveContext again, or an Add of the ID, finishes it. It
// returns an error wrapping [ErrCorrupt] when id's stored signature does
// not decode (the document then stays), [ErrDataLost], [ErrClosed], or
// the client's error.
func (ix *Index) RemoveContext(ctx context.Context, id string) (bool, error) {
	if ix.closed.Load() {
		return false, ErrClosed
	}
	shard, idKey := ix.idKey(id)
	for range maxRounds {
		num, ok, err := ix.num(ctx, id)
		if err != nil || !ok {
			return false, err
		}
		res, err := ix.l.run(ctx, []call{{tombScript, []string{ix.l.marker(shard), idKey, ix.docKey(num)}, []any{ix.l.gen, id, num}}})
		if err != nil {
			return false, wrap(fmt.Sprintf("remove %q", id), err)
		}
		doc, ok := res[0].(string)
		if !ok {
			continue // removed, or removed and added again, meanwhile
		}
		return ix.finishRemove(ctx, id, num, doc)
	}
	return false, fmt.Errorf("redisindex: remove %q: the ID kept changing in %d rounds", id, maxRounds)
}

// finishRemove takes document num of id, marked as being removed, out of
// its band buckets and deletes it.
func (ix *Index) finishRemove(ctx context.Context, id string, num uint64, doc string) (bool, error) {
	d, err := ix.decode(num, doc)
	if err != nil {
		return false, err
	}
	buckets, err := ix.buckets(d.Signature)
	if err != nil {
		return false, fmt.Errorf("%w: document %d (%q): %w", ErrCorrupt, num, id, err)
	}
	if err := ix.writeBuckets(ctx, bucketRemoveScript, id, num, buckets); err != nil {
		return false, err
	}
	shard, idKey := ix.idKey(id)
	res, err := ix.l.run(ctx, []call{{deleteScript,
		[]string{ix.l.marker(shard), idKey, ix.docKey(num), ix.l.tags[shard] + "n"}, []any{ix.l.gen, id, num}}})
	if err != nil {
		return false, wrap(fmt.Sprintf("remove %q", id), err)
	}
	n, _ := res[0].(int64)
	return n == 1, nil
}

// num returns id's document number.
func (ix *Index) num(ctx context.Context, id string) (uint64, bool, error) {
	shard, idKey := ix.idKey(id)
	res, err := ix.l.run(ctx, []call{{idScript, []string{ix.l.marker(shard), idKey}, []any{ix.l.gen, id}}})
	if err != nil {
		return 0, false, wrap(fmt.Sprintf("get %q", id), err)
	}
	s, ok := res[0].(string)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n%numShards != uint64(shard) {
		return 0, false, fmt.Errorf("%w: %q has document number %q in %s", ErrCorrupt, id, s, idKey)
	}
	return n, true, nil
}

// Contains reports whether id is indexed (and not being removed). Errors
// are those of RemoveContext.
func (ix *Index) Contains(ctx context.Context, id string) (bool, error) {
	if ix.closed.Load() {
		return false, ErrClosed
	}
	num, ok, err := ix.num(ctx, id)
	if err != nil || !ok {
		return false, err
	}
	v, err := ix.doc(ctx, num)
	if err != nil {
		return false, err
	}
	if v == "" {
		return false, fmt.Errorf("%w: %q is document %d, which is missing from %s", ErrCorrupt, id, num, ix.docKey(num))
	}
	d, err := ix.decode(num, v)
	if err != nil {
		return false, err
	}
	if d.ID != id {
		return false, fmt.Errorf("%w: %q is document %d in %s, which is %q", ErrCorrupt, id, num, ix.docKey(num), d.ID)
	}
	return d.flag == flagIndexed, nil
}

// Len returns the number of indexed documents (those being removed
// included): the sum of every shard's count. The error wraps
// [ErrDataLost], [ErrClosed] or the client's.
func (ix *Index) Len(ctx context.Context) (int, error) {
	if ix.closed.Load() {
		return 0, ErrClosed
	}
	calls := make([]call, numShards)
	for s := range calls {
		calls[s] = call{countScript, []string{ix.l.marker(s), ix.l.tags[s] + "n"}, []any{ix.l.gen}}
	}
	res, err := ix.l.run(ctx, calls)
	if err != nil {
		return 0, wrap("len", err)
	}
	n := 0
	for _, r := range res {
		c, _ := r.(int64)
		n += int(c)
	}
	return n, nil
}

// Close makes later calls return [ErrClosed]. It does not close the
// client or delete anything from Redis. It returns nil.
func (ix *Index) Close() error {
	ix.closed.Store(true)
	return nil
}

// decode reads document num's stored value.
func (ix *Index) decode(num uint64, v string) (stored, error) {
	flag, id, sig, err := unpackDoc(v, ix.cfg.Settings)
	if err != nil {
		return stored{}, fmt.Errorf("%w: document %d in %s: %w", ErrCorrupt, num, ix.docKey(num), err)
	}
	return stored{dedup.Candidate{ID: id, Signature: sig}, num, flag}, nil
}

// check refuses signatures the index cannot hold, and calls after Close.
func (ix *Index) check(sig *dedup.Signature) error {
	if ix.closed.Load() {
		return ErrClosed
	}
	if sig == nil || sig.Len() == 0 {
		return dedup.ErrEmptySignature
	}
	if sig.SettingsID() != ix.id || sig.Len() != ix.cfg.Settings.NumHashes {
		return fmt.Errorf("%w: signature %s with %d slots, index %s with %d",
			dedup.ErrSettingsMismatch, sig.SettingsID(), sig.Len(), ix.id, ix.cfg.Settings.NumHashes)
	}
	return nil
}

// see records that the document counter reached n.
func (ix *Index) see(n int64) {
	for {
		old := ix.seen.Load()
		if n <= old || ix.seen.CompareAndSwap(old, n) {
			return
		}
	}
}
