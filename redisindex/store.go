package redisindex

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/provenance"
)

// Store is a [provenance.Store] kept in Redis under a key prefix: a log
// of records that many trackers, in many processes, append to and read,
// spread over the prefix's shards (see the package documentation). Give
// every tracker that shares an [Index] the Store of the same prefix (see
// provenance.Config.Indexer).
//
// Every record gets a number from one counter, which is the log's order:
// all readers see the records in that order. A Store keeps at most one
// record per article ID, and appending the same record again changes
// nothing, so that an Append retried after an error converges (see
// [Store.AppendContext]).
//
// A Store is safe for concurrent use by many goroutines and processes.
// Create one with [NewStore]; the zero value is not usable.
type Store struct {
	client redis.UniversalClient
	l      *layout
	keys   []string // format, counter, voided
	opts   options
	ids    int // ID groups per shard

	seen   atomic.Int64 // the highest record number seen
	closed atomic.Bool

	voidMu sync.Mutex
	voided []int64 // voided numbers known, ascending

	waitMu  sync.Mutex
	noWait  bool // the server has no WAITAOF (Redis < 7.2) or no AOF
	waitErr string
}

// storeFormat starts the value of the store's marker key, {p}:log:format;
// the rest is "id_groups=N". The earlier formats kept the log in one
// hash slot, as one list.
const (
	storeFormat   = "reprint-log/3"
	storeFormatV1 = "reprint-record/1"
	storeFormatV2 = "reprint-record/2"
)

// chunkSize is the number of consecutive record numbers kept in one
// chunk, a hash in the shard chunk mod numShards.
const chunkSize = 256

// recordsPage is the number of record numbers Records reads at once.
const recordsPage = 4 * chunkSize

// defaultHoleTimeout is how long a reader waits for a record number
// given out but not filled before it voids it (see WithHoleTimeout).
const defaultHoleTimeout = 2 * time.Second

// NewStore returns the store kept under prefix on client's server or
// cluster, making it if it is new.
//
// A store made by an earlier version of this package (marker
// "reprint-record/1" or "/2", one list in one hash slot) is refused with
// an error wrapping [ErrCorrupt] that says how to copy it (see
// [Migrate]). NewStore returns an error wrapping [ErrCorrupt] when the
// marker holds something else, [ErrDataLost] when shards of the prefix
// are gone, or the client's error. The store does not own client: Close
// leaves it open.
func NewStore(client redis.UniversalClient, prefix string, opts ...Option) (*Store, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	kp := "{" + prefix + "}:"
	s := &Store{client: client, keys: []string{kp + "log:format", kp + "log:seq", kp + "log:void"}, opts: newOptions(opts)}
	ctx, cancel := s.opts.context()
	defer cancel()
	want := fmt.Sprintf("%s id_groups=%d", storeFormat, groupsFor(s.opts.capacity, 0).IDs)
	if _, err := client.SetNX(ctx, s.keys[0], want, 0).Result(); err != nil {
		return nil, wrap("writing the store marker", err)
	}
	v, err := client.Get(ctx, s.keys[0]).Result()
	if err != nil {
		return nil, wrap("reading the store marker", err)
	}
	f := strings.Fields(v)
	switch {
	case v == storeFormatV1 || v == storeFormatV2:
		return nil, fmt.Errorf("%w: the store %s was made by an earlier version of redisindex (%s), which keeps the log in one hash slot; copy it to a new prefix with redisindex.Migrate",
			ErrCorrupt, s.keys[0], v)
	case len(f) != 2 || f[0] != storeFormat || !strings.HasPrefix(f[1], "id_groups="):
		return nil, fmt.Errorf("%w: the store marker %s holds %q, want %q", ErrCorrupt, s.keys[0], v, want)
	}
	s.ids, err = strconv.Atoi(strings.TrimPrefix(f[1], "id_groups="))
	if err != nil || s.ids < 1 || s.ids > 1<<22 || s.ids&(s.ids-1) != 0 {
		return nil, fmt.Errorf("%w: the store marker %s holds %q", ErrCorrupt, s.keys[0], v)
	}
	if s.l, err = openLayout(ctx, client, prefix); err != nil {
		return nil, err
	}
	return s, nil
}

// Append adds r after the records already stored (by any client),
// right away, unless the store holds it already: it is AppendContext
// under the timeout of [WithTimeout].
func (s *Store) Append(r *provenance.Record) error {
	ctx, cancel := s.opts.context()
	defer cancel()
	_, err := s.AppendContext(ctx, r)
	return err
}

// AppendContext adds r at the end of the log and returns its position
// (0 for the first record). It takes the next record number from the
// prefix's counter, claims it for r's article ID in the ID's shard, and
// stores r under it in the number's chunk; each step is atomic. Readers
// read the records in the order of their numbers. The record is on the
// server when it returns nil; how durable it is there follows the
// server's persistence settings (see Commit).
//
// A number given out but never filled (its appender died, or stalled
// past the hole timeout of [WithHoleTimeout]) is voided by the first
// reader that waits for it that long, or by an Append of the same
// article: positions skip voided numbers, so the position returned
// counts the numbers voided so far below it and is lowered if numbers
// below it are voided later.
//
// Append is idempotent: if the store holds a record of r's article ID
// already and it is r, byte for byte, AppendContext changes nothing and
// returns that record's position. So an Append that failed on the
// network (after which the record may or may not have been appended) can
// be retried with the same record: the log then holds it once. If the
// article's record is another, it returns an error wrapping
// [provenance.ErrDuplicateID]. It also returns errors wrapping
// [ErrDataLost], [ErrClosed], the encoding's, or the client's.
func (s *Store) AppendContext(ctx context.Context, r *provenance.Record) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	data, err := r.MarshalBinary()
	if err != nil {
		return 0, fmt.Errorf("redisindex: encoding record %q: %w", r.Article.ID, err)
	}
	id := r.Article.ID
	shard, idKey := s.idKey(id)
	expected := ""
	for range maxRounds {
		n, err := logSeqScript.Run(ctx, s.client, s.keys[:2], s.seen.Load()).Int64()
		if err != nil {
			return 0, wrap(fmt.Sprintf("append %q: taking a record number", id), err)
		}
		s.see(n)
		res, err := s.l.run(ctx, []call{{logClaimScript, []string{s.l.marker(shard), idKey}, []any{s.l.gen, id, n, expected}}})
		if err != nil {
			return 0, wrap(fmt.Sprintf("append %q", id), err)
		}
		if c, ok := res[0].(int64); ok && c == 0 {
			held, err := s.put(ctx, n, string(data))
			if err != nil {
				return 0, wrap(fmt.Sprintf("append %q", id), err)
			}
			if held == string(data) {
				return s.position(n), nil
			}
			// Voided by a reader that waited too long: again, replacing
			// the claim.
			expected = strconv.FormatInt(n, 10)
			continue
		}
		// The article has a number already: the same Append again,
		// another record, or a number never filled.
		cur, _ := res[0].(string)
		had, err := strconv.ParseInt(cur, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: article %q has record number %q in %s", ErrCorrupt, id, cur, idKey)
		}
		if err := s.void(ctx, n); err != nil { // ours, unused
			return 0, err
		}
		held, err := s.get(ctx, had)
		if err != nil {
			return 0, err
		}
		if held == nil { // given out, never filled (yet): void it
			v, err := s.put(ctx, had, "")
			if err != nil {
				return 0, wrap(fmt.Sprintf("append %q", id), err)
			}
			held = &v
		}
		switch *held {
		case string(data):
			return s.position(had), nil
		case "":
			if err := s.voidedAdd(ctx, had); err != nil {
				return 0, err
			}
			expected = cur
			continue
		}
		return 0, fmt.Errorf("%w: append %q: the article has another record, number %d", provenance.ErrDuplicateID, id, had)
	}
	return 0, fmt.Errorf("redisindex: append %q: the article's record number kept changing in %d rounds", id, maxRounds)
}

// idKey returns the shard of article id and the key of its ID group.
func (s *Store) idKey(id string) (int, string) {
	h := hashString(id)
	sh := int(h % numShards)
	return sh, s.l.key(sh, "r", (h/numShards)&uint64(s.ids-1))
}

// chunk returns the shard and key of record number n's chunk.
func (s *Store) chunk(n int64) (int, string) {
	c := uint64(n-1) / chunkSize
	sh := int(c % numShards)
	return sh, s.l.key(sh, "L", c)
}

// put stores v under number n unless n holds something, and returns
// what n holds.
func (s *Store) put(ctx context.Context, n int64, v string) (string, error) {
	sh, key := s.chunk(n)
	res, err := s.l.run(ctx, []call{{logPutScript, []string{s.l.marker(sh), key}, []any{s.l.gen, n, v}}})
	if err != nil {
		return "", err
	}
	held, _ := res[0].(string)
	return held, nil
}

// get returns what number n holds, nil when empty.
func (s *Store) get(ctx context.Context, n int64) (*string, error) {
	sh, key := s.chunk(n)
	res, err := s.l.run(ctx, []call{{logGetScript, []string{s.l.marker(sh), key}, []any{s.l.gen, n}}})
	if err != nil {
		return nil, wrap(fmt.Sprintf("reading record %d", n), err)
	}
	a, _ := res[0].([]any)
	if len(a) != 1 {
		return nil, fmt.Errorf("%w: reply %v reading record %d", ErrCorrupt, res[0], n)
	}
	if v, ok := a[0].(string); ok {
		return &v, nil
	}
	return nil, nil
}

// void voids number n, unused: it must be empty or void.
func (s *Store) void(ctx context.Context, n int64) error {
	held, err := s.put(ctx, n, "")
	if err != nil {
		return wrap(fmt.Sprintf("voiding record number %d", n), err)
	}
	if held != "" {
		return fmt.Errorf("%w: record number %d, given to no article, holds a record", ErrCorrupt, n)
	}
	return s.voidedAdd(ctx, n)
}

// voidedAdd records that n is voided, in the prefix's voided set (which
// readers take positions from) and in s's copy.
func (s *Store) voidedAdd(ctx context.Context, n int64) error {
	if err := logVoidedScript.Run(ctx, s.client, []string{s.keys[0], s.keys[2]}, n).Err(); err != nil {
		return wrap(fmt.Sprintf("voiding record number %d", n), err)
	}
	s.voidMu.Lock()
	defer s.voidMu.Unlock()
	if i, found := slices.BinarySearch(s.voided, n); !found {
		s.voided = slices.Insert(s.voided, i, n)
	}
	return nil
}

// position returns the position of record number n: n−1 less the
// numbers known to be voided below it.
func (s *Store) position(n int64) int {
	s.voidMu.Lock()
	defer s.voidMu.Unlock()
	i, _ := slices.BinarySearch(s.voided, n)
	return int(n-1) - i
}

// top reads the last number given out and the voided numbers.
func (s *Store) top(ctx context.Context) (int64, error) {
	res, err := logTopScript.Run(ctx, s.client, s.keys, s.seen.Load()).Slice()
	if err != nil {
		return 0, wrap("reading the log's length", err)
	}
	if len(res) == 0 {
		return 0, fmt.Errorf("%w: empty reply reading the log's length", ErrCorrupt)
	}
	n, _ := res[0].(int64)
	voided := make([]int64, 0, len(res)-1)
	for _, v := range res[1:] {
		str, _ := v.(string)
		x, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: voided record number %q in %s", ErrCorrupt, str, s.keys[2])
		}
		voided = append(voided, x)
	}
	s.voidMu.Lock()
	for _, x := range voided {
		if i, found := slices.BinarySearch(s.voided, x); !found {
			s.voided = slices.Insert(s.voided, i, x)
		}
	}
	s.voidMu.Unlock()
	s.see(n)
	return n, nil
}

// Commit waits until every record appended so far is durable, as far as
// the server (on a cluster, every master) can make it: on Redis 7.2 and later with the append-only file
// on, it issues WAITAOF 1 0, waiting at most the timeout of [WithTimeout]
// or else 2 s (the records are then fsynced to the server's append-only
// file when it returns nil). Without an append-only file, or before Redis
// 7.2, records are as durable as the server's persistence settings make
// them (with appendonly yes and appendfsync always, every Append that
// returned nil already is; with no persistence, none), and Commit only
// checks that the server answers. It returns an error wrapping
// [ErrClosed] or the client's, or one saying the file was not fsynced in
// time.
func (s *Store) Commit() error {
	if s.closed.Load() {
		return ErrClosed
	}
	return s.commit()
}

func (s *Store) commit() error {
	ctx, cancel := s.opts.context()
	defer cancel()
	if cc, ok := s.client.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return s.commitOn(ctx, c) })
	}
	return s.commitOn(ctx, s.client)
}

// commitOn commits on one server: the only one, or a cluster's master.
func (s *Store) commitOn(ctx context.Context, c interface {
	Do(ctx context.Context, args ...any) *redis.Cmd
	Ping(ctx context.Context) *redis.StatusCmd
}) error {
	s.waitMu.Lock()
	noWait := s.noWait
	s.waitMu.Unlock()
	if !noWait {
		ms := 2000 // under go-redis's default read timeout, 3 s
		if s.opts.timeout > 0 {
			ms = max(1, int(s.opts.timeout.Milliseconds()))
		}
		n, err := c.Do(ctx, "WAITAOF", 1, 0, ms).Int64Slice()
		switch {
		case err == nil && len(n) > 0 && n[0] >= 1:
			return nil
		case err == nil:
			return fmt.Errorf("redisindex: commit: the server's append-only file was not fsynced within %d ms (WAITAOF returned %v)", ms, n)
		case isNoAOF(err):
			s.waitMu.Lock()
			s.noWait, s.waitErr = true, err.Error()
			s.waitMu.Unlock()
		default:
			return wrap("commit", err)
		}
	}
	if err := c.Ping(ctx).Err(); err != nil {
		return wrap("commit", err)
	}
	return nil
}

// isNoAOF reports whether err says that the server cannot WAITAOF: too
// old, or no append-only file.
func isNoAOF(err error) bool {
	var rerr redis.Error
	if !errors.As(err, &rerr) {
		return false
	}
	msg := strings.ToLower(rerr.Error())
	return strings.Contains(msg, "unknown command") || strings.Contains(msg, "appendonly")
}

// Records returns the records from position from (0 is the first
// appended), in the order of their numbers, up to the end of the log
// when the last page is read: records appended meanwhile by other
// clients are included if they arrive in time. A number given out but not
// filled yet is waited for, up to the hole timeout of [WithHoleTimeout],
// and then voided (its appender, if alive, appends again under a new
// number). A record that does not decode ends the sequence with an error
// wrapping [provenance.ErrCorruptRecord] that names its position; the
// client's errors, [ErrDataLost] and [ErrClosed] end it too. The timeout
// of [WithTimeout] applies to each page.
func (s *Store) Records(from int) iter.Seq2[*provenance.Record, error] {
	return func(yield func(*provenance.Record, error) bool) {
		if from < 0 {
			yield(nil, fmt.Errorf("redisindex: records from %d", from))
			return
		}
		if s.closed.Load() {
			yield(nil, ErrClosed)
			return
		}
		ctx, cancel := s.opts.context()
		last, err := s.top(ctx)
		cancel()
		if err != nil {
			yield(nil, err)
			return
		}
		// The number of position from: skip the voided numbers below.
		n := int64(from) + 1
		s.voidMu.Lock()
		for _, v := range s.voided {
			if v > n {
				break
			}
			n++
		}
		s.voidMu.Unlock()
		pos := from
		for n <= last {
			end := min(n+recordsPage-1, last)
			page, err := s.page(n, end)
			if err != nil {
				yield(nil, err)
				return
			}
			for i, held := range page {
				num := n + int64(i)
				if held == nil {
					if held, err = s.waitHole(num); err != nil {
						yield(nil, err)
						return
					}
				}
				if *held == "" {
					ctx, cancel := s.opts.context()
					err := s.voidedAdd(ctx, num)
					cancel()
					if err != nil {
						yield(nil, err)
						return
					}
					continue
				}
				r := new(provenance.Record)
				if err := r.UnmarshalBinary([]byte(*held)); err != nil {
					yield(nil, fmt.Errorf("redisindex: record %d (number %d) of %s: %w", pos, num, s.keys[0], err))
					return
				}
				if !yield(r, nil) {
					return
				}
				pos++
			}
			n = end + 1
			if n > last {
				ctx, cancel := s.opts.context()
				last, err = s.top(ctx)
				cancel()
				if err != nil {
					yield(nil, err)
					return
				}
			}
		}
	}
}

// waitHole waits for number n, given out, to be filled, up to the hole
// timeout, then voids it; it returns what n holds then.
func (s *Store) waitHole(n int64) (*string, error) {
	deadline := time.Now().Add(s.opts.holeTimeout())
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		ctx, cancel := s.opts.context()
		held, err := s.get(ctx, n)
		cancel()
		if err != nil || held != nil {
			return held, err
		}
		if s.closed.Load() {
			return nil, ErrClosed
		}
		if time.Now().After(deadline) {
			ctx, cancel := s.opts.context()
			v, err := s.put(ctx, n, "")
			cancel()
			if err != nil {
				return nil, wrap(fmt.Sprintf("voiding record number %d", n), err)
			}
			return &v, nil
		}
		time.Sleep(wait)
	}
}

// page returns what numbers from to to hold, nil for those empty.
func (s *Store) page(from, to int64) ([]*string, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	byKey := make(map[string][]int64)
	var order []string
	for n := from; n <= to; n++ {
		_, k := s.chunk(n)
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], n)
	}
	calls := make([]call, len(order))
	for i, k := range order {
		ns := byKey[k]
		sh, _ := s.chunk(ns[0])
		args := make([]any, 0, 1+len(ns))
		args = append(args, s.l.gen)
		for _, n := range ns {
			args = append(args, n)
		}
		calls[i] = call{logGetScript, []string{s.l.marker(sh), k}, args}
	}
	ctx, cancel := s.opts.context()
	defer cancel()
	res, err := s.l.run(ctx, calls)
	if err != nil {
		return nil, wrap(fmt.Sprintf("reading records %d to %d", from, to), err)
	}
	out := make([]*string, 0, to-from+1)
	for i, k := range order {
		a, _ := res[i].([]any)
		if len(a) != len(byKey[k]) {
			return nil, fmt.Errorf("%w: %d values for %d record numbers from %s", ErrCorrupt, len(a), len(byKey[k]), k)
		}
		for _, v := range a {
			if str, ok := v.(string); ok {
				out = append(out, &str)
			} else {
				out = append(out, nil)
			}
		}
	}
	return out, nil
}

// Len returns the number of records stored: the record numbers given
// out, less those voided (appends in progress are counted). The error
// wraps [ErrDataLost], [ErrClosed] or the client's.
func (s *Store) Len(ctx context.Context) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	n, err := s.top(ctx)
	if err != nil {
		return 0, err
	}
	s.voidMu.Lock()
	defer s.voidMu.Unlock()
	return int(n) - len(s.voided), nil
}

// Close commits (see Commit), returning its error, and makes later calls
// return [ErrClosed].
// It does not close the client or delete anything from Redis.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.commit()
}

// see records that the counter reached n.
func (s *Store) see(n int64) {
	for {
		old := s.seen.Load()
		if n <= old || s.seen.CompareAndSwap(old, n) {
			return
		}
	}
}
