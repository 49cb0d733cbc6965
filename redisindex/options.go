package redisindex

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/provenance"
)

// Option configures an [Index] or a [Store].
type Option func(*options)

type options struct {
	timeout  time.Duration
	hole     time.Duration
	capacity int
}

// WithTimeout bounds each call that takes no context (the methods of
// [dedup.Indexer] and [provenance.Store], and the constructors) to d, the
// whole call including the client's retries. 0, the default, sets no
// limit of its own: the client's dial, read and write timeouts (go-redis
// defaults: 5 s, 3 s, 3 s) and retries then bound each command. A call
// that runs out of time returns an error wrapping
// [context.DeadlineExceeded], or [os.ErrDeadlineExceeded] when a read or
// write on the network timed out; its outcome on the server is unknown.
//
// go-redis cuts a command that is waiting on the network short at the
// context's deadline only if the client was made with
// redis.Options.ContextTimeoutEnabled; without it such a command runs
// until the client's read or write timeout. The same holds for the
// Context methods.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithHoleTimeout sets how long a [Store]'s reader waits for a record
// number that was given out but not filled before it voids the number
// (default 2 s). Normally a number is filled within a round trip of its
// being given out; one never filled is left by an appender that died or
// stalled, and an appender stalled past the timeout appends again under
// a new number, so a short timeout costs nothing but numbers. The Index
// ignores it.
func WithHoleTimeout(d time.Duration) Option {
	return func(o *options) { o.hole = d }
}

// WithCapacity sizes a new [Store] for n records (default 2²⁰): its
// records' article IDs are spread over groups of about 48 IDs each at
// that size, which Redis keeps compactly. It matters only to the first
// NewStore on a prefix. The Index takes its capacity from
// dedup.IndexConfig.Capacity instead.
func WithCapacity(n int) Option {
	return func(o *options) { o.capacity = n }
}

func (o *options) holeTimeout() time.Duration {
	if o.hole > 0 {
		return o.hole
	}
	return defaultHoleTimeout
}

func newOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// context returns the context of a call that takes none.
func (o *options) context() (context.Context, context.CancelFunc) {
	if o.timeout > 0 {
		return context.WithTimeout(context.Background(), o.timeout)
	}
	return context.Background(), func() {}
}

// Errors returned by this package, wrapped with details; test them with
// errors.Is. Errors from the server or the network are wrapped as they
// come from the client.
var (
	// ErrDataLost is returned when the prefix's data is no longer in
	// Redis, or is older than what this Index or Store has seen: the
	// server restarted without persistence or from an older snapshot,
	// or the keys were deleted. The Index or Store cannot be used
	// again; make a new one (which starts from what is left).
	ErrDataLost = errors.New("redisindex: data gone from Redis")
	// ErrCorrupt is returned for data under the prefix that is not
	// what this package writes: a stored document, configuration or
	// marker that does not decode, or an ID whose document is missing.
	// Corrupt records of a Store wrap [provenance.ErrCorruptRecord]
	// instead.
	ErrCorrupt = errors.New("redisindex: corrupt data in Redis")
	// ErrClosed is returned by calls after Close.
	ErrClosed = errors.New("redisindex: closed")
)

// Error replies of the Lua scripts, turned into the errors above (and
// provenance.ErrDuplicateID).
const (
	replyLost = "REPRINT_LOST"
	replyDup  = "REPRINT_DUP"
)

// wrap turns an error of the client into one of this package: op says
// what failed.
func wrap(op string, err error) error {
	var rerr redis.Error
	if errors.As(err, &rerr) && strings.HasPrefix(rerr.Error(), replyLost) {
		return fmt.Errorf("%w: %s: %s", ErrDataLost, op, strings.TrimSpace(strings.TrimPrefix(rerr.Error(), replyLost)))
	}
	if errors.As(err, &rerr) && strings.HasPrefix(rerr.Error(), replyDup) {
		return fmt.Errorf("%w: %s: %s", provenance.ErrDuplicateID, op, strings.TrimSpace(strings.TrimPrefix(rerr.Error(), replyDup)))
	}
	return fmt.Errorf("redisindex: %s: %w", op, err)
}
