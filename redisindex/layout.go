package redisindex

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// numShards is the number of shards a prefix's data is spread over: each
// is a hash tag, placed so that shard s hashes to a slot in
// [s·slotsPerShard, (s+1)·slotsPerShard), and a cluster whose nodes serve
// ranges of slots (as redis-cli --cluster create makes them) holds an
// equal share of the shards on every node.
const (
	numShards     = 1024
	clusterSlots  = 16384
	slotsPerShard = clusterSlots / numShards
)

// layoutFormat is the value's start of {p}:layout, the key that says the
// prefix's shards are made; the rest is "shards=N gen=HEX state".
const layoutFormat = "reprint-layout/1"

// layout is the spread of one prefix's keys over the shards, shared by
// an Index and a Store on the prefix.
type layout struct {
	client redis.UniversalClient
	prefix string            // p
	global string            // "{p}:": the keys in the prefix's own slot
	tags   [numShards]string // "{p:x}": the hash tag of each shard
	gen    string            // the generation written in every shard's marker
}

// crc16 is the CRC-16/XMODEM of Redis Cluster's key slots.
func crc16(s string) uint16 {
	var crc uint16
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// shardTags returns the hash tags of prefix's shards: "{p:x}" for the
// first x (base 36) whose slot falls in the shard's range. The search is
// deterministic, so every process finds the same tags.
func shardTags(prefix string, tags *[numShards]string) {
	left := numShards
	for x := 0; left > 0; x++ {
		t := prefix + ":" + strconv.FormatInt(int64(x), 36)
		s := int(crc16(t)%clusterSlots) / slotsPerShard
		if tags[s] == "" {
			tags[s] = "{" + t + "}"
			left--
		}
	}
}

// checkPrefix refuses prefixes that would break the hash tags.
func checkPrefix(prefix string) error {
	switch {
	case prefix == "":
		return errors.New("redisindex: empty prefix")
	case strings.ContainsAny(prefix, "{}"):
		return fmt.Errorf("redisindex: prefix %q: braces are not allowed (they would change the keys' hash tags)", prefix)
	}
	return nil
}

// hashString is the 64-bit FNV-1a hash of s: it places article IDs in
// shards and groups.
func hashString(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// openLayout returns prefix's layout, making its shards' markers if the
// prefix is new. A prefix whose {p}:layout is gone while its shards still
// hold markers lost data (ErrDataLost); one whose markers are not all
// there lost the data of some nodes (ErrDataLost too).
func openLayout(ctx context.Context, client redis.UniversalClient, prefix string) (*layout, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	l := &layout{client: client, prefix: prefix, global: "{" + prefix + "}:"}
	shardTags(prefix, &l.tags)
	key := l.global + "layout"
	for range 3 {
		v, err := client.Get(ctx, key).Result()
		switch {
		case errors.Is(err, redis.Nil):
			if err := l.create(ctx, key); err != nil {
				return nil, err
			}
			continue
		case err != nil:
			return nil, wrap("reading "+key, err)
		}
		f := strings.Fields(v)
		if len(f) != 4 || f[0] != layoutFormat || f[1] != "shards="+strconv.Itoa(numShards) || !strings.HasPrefix(f[2], "gen=") {
			return nil, fmt.Errorf("%w: %s holds %q, not a layout of this version (%s with %d shards)", ErrCorrupt, key, v, layoutFormat, numShards)
		}
		l.gen = strings.TrimPrefix(f[2], "gen=")
		if f[3] == "pending" {
			// Made by a process that may have died before writing every
			// marker: write them (the same values) and finish.
			if err := l.writeMarkers(ctx); err != nil {
				return nil, err
			}
			if err := client.Set(ctx, key, strings.Join(append(f[:3], "ready"), " "), 0).Err(); err != nil {
				return nil, wrap("writing "+key, err)
			}
		}
		if err := l.checkMarkers(ctx); err != nil {
			return nil, err
		}
		return l, nil
	}
	return nil, fmt.Errorf("redisindex: %s keeps changing", key)
}

// create makes a new layout: {p}:layout pending, every shard's marker,
// then {p}:layout ready. Another process may do it at the same time: the
// one whose SETNX wins names the generation.
func (l *layout) create(ctx context.Context, key string) error {
	// Markers without {p}:layout: the node holding {p} lost its data.
	pipe := l.client.Pipeline()
	cmds := make([]*redis.IntCmd, numShards)
	for s := range numShards {
		cmds[s] = pipe.Exists(ctx, l.tags[s]+"m")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return wrap("reading the shard markers", err)
	}
	for s, c := range cmds {
		if c.Val() > 0 {
			// Another process may have made the layout since it was
			// read as missing: it writes {p}:layout before any marker.
			n, err := l.client.Exists(ctx, key).Result()
			if err != nil {
				return wrap("reading "+key, err)
			}
			if n > 0 {
				return nil // openLayout reads it back
			}
			return fmt.Errorf("%w: %s is missing but shard %d (%sm) holds data: the node holding %s lost its data", ErrDataLost, key, s, l.tags[s], key)
		}
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	v := fmt.Sprintf("%s shards=%d gen=%s pending", layoutFormat, numShards, hex.EncodeToString(b[:]))
	if err := l.client.SetNX(ctx, key, v, 0).Err(); err != nil {
		return wrap("writing "+key, err)
	}
	return nil // openLayout reads it back and finishes it
}

// writeMarkers sets every shard's marker to the layout's generation.
func (l *layout) writeMarkers(ctx context.Context) error {
	pipe := l.client.Pipeline()
	for s := range numShards {
		pipe.Set(ctx, l.tags[s]+"m", l.gen, 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return wrap("writing the shard markers", err)
	}
	return nil
}

// checkMarkers returns an error wrapping ErrDataLost naming the shards
// whose marker is not the layout's generation.
func (l *layout) checkMarkers(ctx context.Context) error {
	pipe := l.client.Pipeline()
	cmds := make([]*redis.StringCmd, numShards)
	for s := range numShards {
		cmds[s] = pipe.Get(ctx, l.tags[s]+"m")
	}
	_, err := pipe.Exec(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		return wrap("reading the shard markers", err)
	}
	var lost []string
	for s, c := range cmds {
		if c.Val() != l.gen {
			lost = append(lost, strconv.Itoa(s))
		}
	}
	if len(lost) > 0 {
		if len(lost) > 8 {
			lost = append(lost[:8], "…")
		}
		return fmt.Errorf("%w: the markers of shards %s of prefix %q are gone (a node restarted without its data?)",
			ErrDataLost, strings.Join(lost, ", "), l.prefix)
	}
	return nil
}

// marker returns shard s's marker key; every script on a shard takes it
// as KEYS[1] and checks it (see checkShard).
func (l *layout) marker(s int) string { return l.tags[s] + "m" }

// key returns the key kind+n in shard s: "{p:x}" kind n.
func (l *layout) key(s int, kind string, n uint64) string {
	return l.tags[s] + kind + strconv.FormatUint(n, 10)
}

// call is one script call in a batch.
type call struct {
	script *redis.Script
	keys   []string
	args   []any
}

// run runs calls in one pipeline (on a cluster, one round trip to each
// node, in parallel) and returns their replies, or the first error. A
// call that fails with NOSCRIPT (the node restarted, or a new node) is
// run again on its own with EVAL: it was not run.
func (l *layout) run(ctx context.Context, calls []call) ([]any, error) {
	out := make([]any, len(calls))
	if len(calls) == 1 {
		c := calls[0]
		v, err := c.script.Run(ctx, l.client, c.keys, c.args...).Result()
		if errors.Is(err, redis.Nil) {
			v, err = nil, nil
		}
		out[0] = v
		return out, err
	}
	pipe := l.client.Pipeline()
	cmds := make([]*redis.Cmd, len(calls))
	for i, c := range calls {
		cmds[i] = c.script.EvalSha(ctx, pipe, c.keys, c.args...)
	}
	_, _ = pipe.Exec(ctx)
	for i, cmd := range cmds {
		v, err := cmd.Result()
		if err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
			c := calls[i]
			v, err = c.script.Run(ctx, l.client, c.keys, c.args...).Result()
		}
		if errors.Is(err, redis.Nil) {
			v, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// checkShard fails a script on a shard whose marker (KEYS[1]) is not the
// layout's generation (ARGV[1]): the shard's data was lost.
const checkShard = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('REPRINT_LOST the shard marker ' .. KEYS[1] .. ' is gone')
end
`
