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
	timeout time.Duration
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

// keyPrefix returns "{prefix}:", the start of every key of prefix.
func keyPrefix(prefix string) (string, error) {
	if prefix == "" {
		return "", errors.New("redisindex: empty prefix")
	}
	return "{" + prefix + "}:", nil
}
