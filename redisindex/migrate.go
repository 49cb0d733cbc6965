package redisindex

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// Migrate copies the index and the record log that an earlier version of
// this package kept under prefix from (format reprint-redisindex/1 and
// reprint-record/1 or /2, every key in the hash slot of {from}) to a new
// Index and Store under prefix to, made with cfg and opts: the documents
// in the order they were added, then the records in the order of the
// log. The old keys are left as they were; delete them (every key
// matching "{from}:*") once the new prefix serves. Stop the workers of the
// earlier version first: what they write meanwhile is not copied.
//
// It returns the numbers of documents and records copied, and an error
// wrapping [ErrCorrupt] for old data that does not decode, or those of
// [New], [NewStore], [Index.Add] and [Store.Append]. A Migrate that
// failed can be run again: the Adds and Appends already done are no-ops.
func Migrate(ctx context.Context, client redis.UniversalClient, from, to string, cfg dedup.IndexConfig, opts ...Option) (docs, records int, err error) {
	old := "{" + from + "}:"
	ix, err := New(client, to, cfg, opts...)
	if err != nil {
		return 0, 0, err
	}
	st, err := NewStore(client, to, opts...)
	if err != nil {
		return 0, 0, err
	}
	// The documents: {from}:sig, number → uvarint ID length, ID, signature.
	type doc struct {
		num uint64
		id  string
		sig *dedup.Signature
	}
	var list []doc
	var cursor uint64
	for {
		kv, next, err := client.HScan(ctx, old+"sig", cursor, "", 512).Result()
		if err != nil {
			return 0, 0, wrap("reading "+old+"sig", err)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			num, err := strconv.ParseUint(kv[i], 10, 64)
			v := kv[i+1]
			l, w := binary.Uvarint([]byte(v[:min(len(v), binary.MaxVarintLen64)]))
			if err != nil || w <= 0 || l > uint64(len(v)-w) {
				return 0, 0, fmt.Errorf("%w: document %q in %ssig", ErrCorrupt, kv[i], old)
			}
			sig := new(dedup.Signature)
			if err := sig.UnmarshalBinary([]byte(v[w+int(l):])); err != nil {
				return 0, 0, fmt.Errorf("%w: document %q in %ssig: %w", ErrCorrupt, kv[i], old, err)
			}
			list = append(list, doc{num, v[w : w+int(l)], sig})
		}
		if cursor = next; cursor == 0 {
			break
		}
	}
	slices.SortFunc(list, func(a, b doc) int { return cmp.Compare(a.num, b.num) })
	seen := make(map[string]bool, len(list)) // HSCAN may return a field twice
	for _, d := range list {
		if seen[d.id] {
			continue
		}
		seen[d.id] = true
		if err := ix.AddContext(ctx, d.id, d.sig); err != nil {
			return docs, 0, err
		}
		docs++
	}
	// The records: {from}:log, a list; the first record of an ID wins.
	kept := make(map[string]bool)
	for pos := int64(0); ; pos += recordsPage {
		page, err := client.LRange(ctx, old+"log", pos, pos+recordsPage-1).Result()
		if err != nil {
			return docs, records, wrap("reading "+old+"log", err)
		}
		for i, v := range page {
			r := new(provenance.Record)
			if err := r.UnmarshalBinary([]byte(v)); err != nil {
				return docs, records, fmt.Errorf("redisindex: record %d of %slog: %w", pos+int64(i), old, err)
			}
			if kept[r.Article.ID] {
				continue
			}
			kept[r.Article.ID] = true
			if _, err := st.AppendContext(ctx, r); err != nil {
				return docs, records, err
			}
			records++
		}
		if len(page) < recordsPage {
			return docs, records, nil
		}
	}
}
