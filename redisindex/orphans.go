package redisindex

import (
	"context"
	"fmt"
)

// orphansPage is the number of IDs Orphans reads at once.
const orphansPage = 512

// Orphans returns the IDs indexed in ix that have no record in st:
// articles whose tracker indexed them and then never stored their
// record, because it died between the two writes or its Append failed
// and it did not retry. Other trackers' queries find such an article but
// no tracker's graph has it. To repair one, add the article again through
// a tracker on ix and st (its Add adopts the index entry and stores the
// record: see provenance.Config.Indexer), or, if the article is gone for
// good, take it out of the index with [Index.Remove].
//
// An Add in progress (between its index Add and its record's Append) is
// listed too: look again a little later before repairing anything.
// Orphans reads every indexed ID, orphansPage at a time (one HSCAN pass,
// not atomic: IDs added meanwhile may be missed). It returns an error
// wrapping [ErrClosed] or the client's. It is safe for concurrent use.
func (ix *Index) Orphans(ctx context.Context, st *Store) ([]string, error) {
	if ix.closed.Load() || st.closed.Load() {
		return nil, ErrClosed
	}
	var out []string
	seen := make(map[string]bool) // orphans listed: HSCAN may return an ID twice
	var cursor uint64
	for {
		// HSCAN returns field, value, field, value...
		kv, next, err := ix.client.HScan(ctx, ix.base[1], cursor, "", orphansPage).Result()
		if err != nil {
			return nil, wrap("listing the indexed IDs", err)
		}
		ids := make([]string, 0, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			ids = append(ids, kv[i])
		}
		if len(ids) > 0 {
			pos, err := st.client.HMGet(ctx, st.keys[2], ids...).Result()
			if err != nil {
				return nil, wrap(fmt.Sprintf("looking up %d records", len(ids)), err)
			}
			for i, p := range pos {
				if p == nil && !seen[ids[i]] {
					seen[ids[i]] = true
					out = append(out, ids[i])
				}
			}
		}
		if cursor = next; cursor == 0 {
			return out, nil
		}
	}
}
