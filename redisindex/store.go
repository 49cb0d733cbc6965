package redisindex

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/provenance"
)

// Store is a [provenance.Store] kept in Redis under a key prefix: a list
// of records that many trackers, in many processes, append to and read.
// Give every tracker that shares an [Index] the Store of the same prefix
// (see provenance.Config.Indexer).
//
// A Store is safe for concurrent use by many goroutines and processes.
// Each Append is atomic, and records from several clients are kept in
// the order the server received them. A Store keeps at most one record
// per article ID, and appending the same record again changes nothing,
// so that an Append retried after an error converges (see
// [Store.AppendContext]). Create one with [NewStore]; the zero value is
// not usable.
type Store struct {
	client redis.UniversalClient
	keys   []string // marker, log, ids
	opts   options

	seen   atomic.Int64 // the longest log seen
	closed atomic.Bool

	waitMu  sync.Mutex
	noWait  bool // the server has no WAITAOF (Redis < 7.2) or no AOF
	waitErr string
}

// storeFormat is the value of the store's marker key: the records'
// list, and the hash of their positions by article ID.
const storeFormat = "reprint-record/2"

// storeFormatV1 is the marker of a store made before the hash of
// positions by article ID: NewStore upgrades it.
const storeFormatV1 = "reprint-record/1"

// upgradeRounds bounds the rounds of an upgrade from storeFormatV1 (see
// NewStore).
const upgradeRounds = 100

// recordsPage is the number of records Records reads at once.
const recordsPage = 256

// NewStore returns the store kept under prefix on client's server,
// creating its marker key if it is new.
//
// A store made by an earlier version of this package (marker
// "reprint-record/1", without the hash of positions by article ID) is
// upgraded: NewStore reads its records once, writes the hash, and sets
// the new marker, which versions before the upgrade refuse. Stop the
// workers of the earlier version first; while they go on appending, the
// upgrade fails after upgradeRounds rounds.
//
// NewStore returns an error wrapping [ErrCorrupt] when the marker holds
// something else, or the client's error. The store does not own client:
// Close leaves it open.
func NewStore(client redis.UniversalClient, prefix string, opts ...Option) (*Store, error) {
	kp, err := keyPrefix(prefix)
	if err != nil {
		return nil, err
	}
	s := &Store{client: client, keys: []string{kp + "log:format", kp + "log", kp + "log:ids"}, opts: newOptions(opts)}
	ctx, cancel := s.opts.context()
	defer cancel()
	if _, err := client.SetNX(ctx, s.keys[0], storeFormat, 0).Result(); err != nil {
		return nil, wrap("writing the store marker", err)
	}
	v, err := client.Get(ctx, s.keys[0]).Result()
	if err != nil {
		return nil, wrap("reading the store marker", err)
	}
	switch v {
	case storeFormat:
		return s, nil
	case storeFormatV1:
		if err := s.upgrade(); err != nil {
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("%w: the store marker %s holds %q, want %q", ErrCorrupt, s.keys[0], v, storeFormat)
}

// upgrade writes the hash of positions by article ID of a log of
// storeFormatV1, then sets the marker to storeFormat. A record that does
// not decode is left out of the hash (Records reports it). Of two records
// of one ID, the first is kept, as a tracker does.
func (s *Store) upgrade() error {
	done := 0
	for range upgradeRounds {
		for {
			page, err := s.page(done)
			if err != nil {
				return fmt.Errorf("redisindex: upgrading the store %s: %w", s.keys[1], err)
			}
			ctx, cancel := s.opts.context()
			pipe := s.client.Pipeline()
			for i, v := range page {
				str, _ := v.(string)
				var r provenance.Record
				if r.UnmarshalBinary([]byte(str)) == nil {
					pipe.HSetNX(ctx, s.keys[2], r.Article.ID, done+i+1)
				}
			}
			_, err = pipe.Exec(ctx)
			cancel()
			if err != nil {
				return wrap("upgrading the store "+s.keys[1], err)
			}
			done += len(page)
			if len(page) < recordsPage {
				break
			}
		}
		ctx, cancel := s.opts.context()
		ok, err := upgradeScript.Run(ctx, s.client, s.keys, storeFormatV1, storeFormat, done).Int()
		cancel()
		if err != nil {
			return wrap("upgrading the store "+s.keys[1], err)
		}
		if ok == 1 {
			return nil
		}
		// More records came meanwhile, from a worker of the earlier
		// version: index them too.
	}
	return fmt.Errorf("redisindex: upgrading the store %s: records kept coming in %d rounds; stop the workers of the earlier version of this package and try again",
		s.keys[1], upgradeRounds)
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

// AppendContext adds r at the end of the log, atomically, and returns
// its position (0 for the first record). The record is on the server when
// it returns nil; how durable it is there follows the server's
// persistence settings (see Commit).
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
	n, err := appendScript.Run(ctx, s.client, s.keys, data, r.Article.ID, s.seen.Load()).Int64()
	if err != nil {
		return 0, wrap(fmt.Sprintf("append %q", r.Article.ID), err)
	}
	if n < 0 { // stored already, by an earlier call
		n = -n
	}
	s.see(n)
	return int(n - 1), nil
}

// Commit waits until every record appended so far is durable, as far as
// the server can make it: on Redis 7.2 and later with the append-only file
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
	s.waitMu.Lock()
	noWait := s.noWait
	s.waitMu.Unlock()
	if !noWait {
		ms := 2000 // under go-redis's default read timeout, 3 s
		if s.opts.timeout > 0 {
			ms = max(1, int(s.opts.timeout.Milliseconds()))
		}
		n, err := s.client.Do(ctx, "WAITAOF", 1, 0, ms).Int64Slice()
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
	if err := s.client.Ping(ctx).Err(); err != nil {
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
// appended), in the order they were appended, reading recordsPage at a
// time, up to the end of the log when the last page is read: records
// appended meanwhile by other clients are included if they arrive in
// time. A record that does not decode ends the sequence with an error
// wrapping [provenance.ErrCorruptRecord] that names its position; the
// client's errors, [ErrDataLost] and [ErrClosed] end it too. The timeout
// of [WithTimeout] applies to each page.
func (s *Store) Records(from int) iter.Seq2[*provenance.Record, error] {
	return func(yield func(*provenance.Record, error) bool) {
		if from < 0 {
			yield(nil, fmt.Errorf("redisindex: records from %d", from))
			return
		}
		for pos := from; ; {
			page, err := s.page(pos)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, v := range page {
				str, _ := v.(string)
				r := new(provenance.Record)
				if err := r.UnmarshalBinary([]byte(str)); err != nil {
					yield(nil, fmt.Errorf("redisindex: record %d of %s: %w", pos, s.keys[1], err))
					return
				}
				if !yield(r, nil) {
					return
				}
				pos++
			}
			if len(page) < recordsPage {
				return
			}
		}
	}
}

// page returns the records from pos, at most recordsPage.
func (s *Store) page(pos int) ([]any, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	ctx, cancel := s.opts.context()
	defer cancel()
	res, err := rangeScript.Run(ctx, s.client, s.keys, pos, pos+recordsPage-1, s.seen.Load()).Slice()
	if err != nil {
		return nil, wrap(fmt.Sprintf("reading records from %d", pos), err)
	}
	if len(res) == 0 {
		return nil, fmt.Errorf("%w: empty reply reading records", ErrCorrupt)
	}
	n, _ := res[0].(int64)
	s.see(n)
	return res[1:], nil
}

// Len returns the number of records stored. The error wraps
// [ErrDataLost], [ErrClosed] or the client's.
func (s *Store) Len(ctx context.Context) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	n, err := storeLenScript.Run(ctx, s.client, s.keys, s.seen.Load()).Int64()
	if err != nil {
		return 0, wrap("len", err)
	}
	s.see(n)
	return int(n), nil
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

// see records that the log reached n records.
func (s *Store) see(n int64) {
	for {
		old := s.seen.Load()
		if n <= old || s.seen.CompareAndSwap(old, n) {
			return
		}
	}
}
