package redisindex

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/dedup"
)

// Index is a [dedup.Indexer] kept in Redis under a key prefix: an LSH
// index of signatures that many processes share. It finds what a
// [dedup.Index] with the same configuration finds, verified by
// [dedup.IndexConfig.Verify].
//
// An Index is safe for concurrent use by many goroutines, and by many
// processes that open the same prefix on the same server. Add and
// Remove are atomic (one Lua script each), and so is a query's reading of
// its candidates; verification then runs in the calling process. Create
// one with [New]; the zero value is not usable.
type Index struct {
	client redis.UniversalClient
	prefix string // "{p}:"
	cfg    dedup.IndexConfig
	id     dedup.SettingsID
	opts   options
	base   []string // the keys config, id, seq, sig

	seen   atomic.Int64 // highest document number seen
	closed atomic.Bool
}

// configFormat names the layout of the keys, recorded in the
// configuration.
const configFormat = "reprint-redisindex/1"

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
}

func newStoredConfig(c dedup.IndexConfig) storedConfig {
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
	return d
}

// New returns the index kept under prefix (any non-empty string) on
// client's server, with
// configuration cfg (zero fields mean the defaults, as for
// [dedup.NewIndex]; Capacity is ignored). The first New on a prefix
// records the configuration in Redis; later ones, in any process, check
// that theirs is the same, defaults filled in and banding solved.
//
// New returns an error wrapping [dedup.ErrInvalidSettings] (or
// shingle.ErrInvalidConfig) for a config out of range,
// [dedup.ErrSettingsMismatch] naming the differing fields when the prefix
// holds an index of another configuration (also wrapping
// [dedup.ErrRetiredFamily] for one made with the MinWise family of
// earlier builds, which must be rebuilt), [ErrCorrupt] when its recorded
// configuration does not decode, or the client's error when the server
// cannot be reached. The index does not own client: Close leaves it open.
func New(client redis.UniversalClient, prefix string, cfg dedup.IndexConfig, opts ...Option) (*Index, error) {
	kp, err := keyPrefix(prefix)
	if err != nil {
		return nil, err
	}
	cfg.Capacity = 0
	norm, err := dedup.NewIndex(cfg) // fills in defaults, solves the banding
	if err != nil {
		return nil, err
	}
	ix := &Index{
		client: client,
		prefix: kp,
		cfg:    norm.Config(),
		opts:   newOptions(opts),
		base:   []string{kp + "config", kp + "id", kp + "seq", kp + "sig"},
	}
	ix.id = ix.cfg.Settings.ID()
	want := newStoredConfig(ix.cfg)
	data, err := json.Marshal(want)
	if err != nil {
		return nil, err
	}
	ctx, cancel := ix.opts.context()
	defer cancel()
	created, err := client.SetNX(ctx, ix.base[0], data, 0).Result()
	if err != nil {
		return nil, wrap("writing the index configuration", err)
	}
	if created {
		return ix, nil
	}
	old, err := client.Get(ctx, ix.base[0]).Bytes()
	if err != nil {
		return nil, wrap("reading the index configuration", err)
	}
	var have storedConfig
	if err := json.Unmarshal(old, &have); err != nil {
		return nil, fmt.Errorf("%w: the index configuration %s: %w", ErrCorrupt, ix.base[0], err)
	}
	if d := have.diff(want); len(d) > 0 {
		if err := dedup.CheckRetired(have.Settings); err != nil {
			return nil, fmt.Errorf("the Redis index %s: %w", ix.base[0], err)
		}
		return nil, fmt.Errorf("%w: the Redis index %s was made with another configuration: %s",
			dedup.ErrSettingsMismatch, ix.base[0], strings.Join(d, "; "))
	}
	return ix, nil
}

// Config returns the index's configuration with every default filled in
// and the banding solved; Capacity is 0.
func (ix *Index) Config() dedup.IndexConfig { return ix.cfg }

// Prefix returns the key prefix the index was made with.
func (ix *Index) Prefix() string { return ix.prefix[1 : len(ix.prefix)-2] }

// Add indexes sig under id. It is AddContext under the timeout of
// [WithTimeout].
func (ix *Index) Add(id string, sig *dedup.Signature) error {
	ctx, cancel := ix.opts.context()
	defer cancel()
	return ix.AddContext(ctx, id, sig)
}

// AddContext indexes sig under id, atomically: the signature and every
// band bucket at once, or nothing.
//
// Add is idempotent: if id is indexed already (by any process) with the
// same signature, AddContext changes nothing and returns nil. So an Add
// that failed on the network (after which it may or may not have been
// applied) can be retried with the same signature: the index then holds
// id once. (This differs from [dedup.Index.Add], whose calls cannot end
// in doubt.) If id is indexed with another signature, AddContext returns
// an error wrapping [dedup.ErrDuplicateID]. It also returns errors
// wrapping [dedup.ErrEmptySignature] for an empty signature,
// [dedup.ErrSettingsMismatch] for one made with other settings than the
// index's, [ErrDataLost], [ErrClosed], or the client's.
func (ix *Index) AddContext(ctx context.Context, id string, sig *dedup.Signature) error {
	if err := ix.check(sig); err != nil {
		return err
	}
	value := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(id)+24+4*sig.Len()), uint64(len(id)))
	value, err := sig.AppendBinary(append(value, id...))
	if err != nil {
		return err
	}
	keys, err := ix.keys(sig)
	if err != nil {
		return err
	}
	seq, err := addScript.Run(ctx, ix.client, keys, id, value, ix.seen.Load()).Int64()
	if err != nil {
		return wrap(fmt.Sprintf("add %q", id), err)
	}
	if seq == 0 {
		return fmt.Errorf("%w: %q is indexed with another signature", dedup.ErrDuplicateID, id)
	}
	if seq < 0 { // indexed already, with this signature
		seq = -seq
	}
	ix.see(seq)
	return nil
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
// copies included): the documents sharing a band with sig, read with
// their signatures in one atomic step and verified in insertion order. It
// returns dst unchanged and an error wrapping [dedup.ErrEmptySignature],
// [dedup.ErrSettingsMismatch], [ErrCorrupt] for a stored signature that
// does not decode, [ErrDataLost], [ErrClosed], or the client's error.
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
	keys, err := ix.keys(sig)
	if err != nil {
		return dst, err
	}
	res, err := queryScript.Run(ctx, ix.client, keys, ix.seen.Load()).Slice()
	if err != nil {
		return dst, wrap("query", err)
	}
	if len(res)%2 != 1 {
		return dst, fmt.Errorf("%w: query reply of %d items", ErrCorrupt, len(res))
	}
	last, _ := res[0].(int64)
	ix.see(last)
	cands := make([]stored, 0, len(res)/2)
	for i := 1; i < len(res); i += 2 {
		c, err := ix.decode(res[i], res[i+1])
		if err != nil {
			return dst, err
		}
		if !exclude || c.ID != except {
			cands = append(cands, c)
		}
	}
	slices.SortFunc(cands, func(a, b stored) int { return cmp.Compare(a.num, b.num) })
	list := make([]dedup.Candidate, len(cands))
	for i, c := range cands {
		list[i] = c.Candidate
	}
	out, err := ix.cfg.Verify(dst, sig, list)
	if err != nil {
		return dst, fmt.Errorf("redisindex: verifying the candidates of a query: %w", err)
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

// RemoveContext deletes id from the index, atomically (its signature
// and every band bucket at once), and reports whether it was there. It
// returns an error wrapping [ErrCorrupt] when id's stored signature does
// not decode (the document then stays), [ErrDataLost], [ErrClosed], or
// the client's error.
func (ix *Index) RemoveContext(ctx context.Context, id string) (bool, error) {
	for {
		doc, ok, err := ix.get(ctx, id)
		if err != nil || !ok {
			return false, err
		}
		keys, err := ix.keys(doc.Signature)
		if err != nil {
			return false, fmt.Errorf("%w: document %d (%q) in %s: %w", ErrCorrupt, doc.num, id, ix.base[3], err)
		}
		n, err := removeScript.Run(ctx, ix.client, keys, id, doc.num, ix.seen.Load()).Int64()
		if err != nil {
			return false, wrap(fmt.Sprintf("remove %q", id), err)
		}
		if n >= 0 {
			return n == 1, nil
		}
		// Removed and added again by another client since get: again.
	}
}

// Contains reports whether id is indexed. Errors are those of
// RemoveContext.
func (ix *Index) Contains(ctx context.Context, id string) (bool, error) {
	_, ok, err := ix.get(ctx, id)
	return ok, err
}

// Len returns the number of indexed documents. The error wraps
// [ErrDataLost], [ErrClosed] or the client's.
func (ix *Index) Len(ctx context.Context) (int, error) {
	if ix.closed.Load() {
		return 0, ErrClosed
	}
	n, err := lenScript.Run(ctx, ix.client, ix.base, ix.seen.Load()).Int()
	if err != nil {
		return 0, wrap("len", err)
	}
	return n, nil
}

// Close makes later calls return [ErrClosed]. It does not close the
// client or delete anything from Redis. It returns nil.
func (ix *Index) Close() error {
	ix.closed.Store(true)
	return nil
}

// stored is an indexed document as read from Redis.
type stored struct {
	dedup.Candidate
	num uint64 // its document number: the insertion order
}

// get returns id's document.
func (ix *Index) get(ctx context.Context, id string) (doc stored, ok bool, err error) {
	if ix.closed.Load() {
		return doc, false, ErrClosed
	}
	res, err := getScript.Run(ctx, ix.client, ix.base, id, ix.seen.Load()).Slice()
	if err != nil {
		return doc, false, wrap(fmt.Sprintf("get %q", id), err)
	}
	if len(res) == 0 {
		return doc, false, fmt.Errorf("%w: empty reply", ErrCorrupt)
	}
	last, _ := res[0].(int64)
	ix.see(last)
	switch {
	case len(res) == 1:
		return doc, false, nil
	case len(res) == 2 || res[2] == nil:
		return doc, false, fmt.Errorf("%w: %q is document %v in %s, which is not in %s", ErrCorrupt, id, res[1], ix.base[1], ix.base[3])
	}
	doc, err = ix.decode(res[1], res[2])
	if err == nil && doc.ID != id {
		err = fmt.Errorf("%w: %q is document %d in %s, which is %q in %s", ErrCorrupt, id, doc.num, ix.base[1], doc.ID, ix.base[3])
	}
	return doc, err == nil, err
}

// decode reads a document's number and stored value, as replied by a
// script: uvarint length of the ID, the ID, the signature's binary form.
func (ix *Index) decode(num, value any) (stored, error) {
	var doc stored
	ns, _ := num.(string)
	n, err := strconv.ParseUint(ns, 10, 64)
	if err != nil {
		return doc, fmt.Errorf("%w: document number %q in %s", ErrCorrupt, ns, ix.base[3])
	}
	v, _ := value.(string)
	l, w := binary.Uvarint([]byte(v[:min(len(v), binary.MaxVarintLen64)]))
	if w <= 0 || l > uint64(len(v)-w) {
		return doc, fmt.Errorf("%w: document %d in %s: malformed ID", ErrCorrupt, n, ix.base[3])
	}
	id := v[w : w+int(l)]
	sig := new(dedup.Signature)
	if err := sig.UnmarshalBinary([]byte(v[w+int(l):])); err != nil {
		return doc, fmt.Errorf("%w: document %d (%q) in %s: %w", ErrCorrupt, n, id, ix.base[3], err)
	}
	return stored{dedup.Candidate{ID: id, Signature: sig}, n}, nil
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

// keys returns the keys a script on sig takes: config, id, seq, sig,
// then sig's band buckets.
func (ix *Index) keys(sig *dedup.Signature) ([]string, error) {
	var buf [64]uint64
	bk, err := ix.cfg.Banding.AppendKeys(buf[:0], sig)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(ix.base)+len(bk))
	keys = append(keys, ix.base...)
	b := make([]byte, 0, len(ix.prefix)+32)
	for band, k := range bk {
		b = append(append(b[:0], ix.prefix...), "b:"...)
		b = append(strconv.AppendInt(b, int64(band), 10), ':')
		b = appendHex(b, k)
		keys = append(keys, string(b))
	}
	return keys, nil
}

// see records that the document counter reached seq.
func (ix *Index) see(seq int64) {
	for {
		old := ix.seen.Load()
		if seq <= old || ix.seen.CompareAndSwap(old, seq) {
			return
		}
	}
}

// appendHex appends k as 16 lower-case hex digits.
func appendHex(b []byte, k uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[k>>uint(shift)&0xf])
	}
	return b
}
