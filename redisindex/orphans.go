package redisindex

import (
	"context"
	"fmt"
)

// orphansBatch is the number of ID groups Orphans reads at once.
const orphansBatch = 256

// Orphans returns the IDs indexed in ix that have no record in st:
// articles whose tracker indexed them and then never stored their
// record, because it died between the two writes (or in the middle of
// the index Add, which then may have reached only some band buckets) or
// its Append failed and it did not retry. Other trackers' queries find
// such an article but no tracker's graph has it. To repair one, add the
// article again through a tracker on ix and st (its Add completes the
// index entry, or adopts it, and stores the record: see
// provenance.Config.Indexer), or, if the article is gone for good, take
// it out of the index with [Index.Remove].
//
// An Add in progress (between its index Add and its record's Append) is
// listed too: look again a little later before repairing anything.
// Orphans reads every ID group of every shard, orphansBatch groups at a
// time (not atomic: IDs added meanwhile may be missed). It returns an
// error wrapping [ErrClosed], [ErrDataLost] or the client's. It is safe
// for concurrent use.
func (ix *Index) Orphans(ctx context.Context, st *Store) ([]string, error) {
	if ix.closed.Load() || st.closed.Load() {
		return nil, ErrClosed
	}
	type group struct {
		shard int
		n     uint64
	}
	all := make([]group, 0, numShards*ix.groups.IDs)
	for s := range numShards {
		for g := range ix.groups.IDs {
			all = append(all, group{s, uint64(g)})
		}
	}
	var out []string
	for len(all) > 0 {
		batch := all[:min(len(all), orphansBatch)]
		all = all[len(batch):]
		calls := make([]call, len(batch))
		for i, g := range batch {
			calls[i] = call{idsScript, []string{ix.l.marker(g.shard), ix.l.key(g.shard, "i", g.n)}, []any{ix.l.gen}}
		}
		res, err := ix.l.run(ctx, calls)
		if err != nil {
			return nil, wrap("listing the indexed IDs", err)
		}
		var ids []string
		for _, r := range res {
			a, _ := r.([]any)
			for _, v := range a {
				if id, ok := v.(string); ok {
					ids = append(ids, id)
				}
			}
		}
		missing, err := st.missing(ctx, ids)
		if err != nil {
			return nil, err
		}
		out = append(out, missing...)
	}
	return out, nil
}

// missing returns the ids that have no record number in s.
func (s *Store) missing(ctx context.Context, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byKey := make(map[string][]string)
	var order []string
	shardOf := make(map[string]int)
	for _, id := range ids {
		sh, k := s.idKey(id)
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
			shardOf[k] = sh
		}
		byKey[k] = append(byKey[k], id)
	}
	calls := make([]call, len(order))
	for i, k := range order {
		args := []any{s.l.gen}
		for _, id := range byKey[k] {
			args = append(args, id)
		}
		calls[i] = call{logIDsScript, []string{s.l.marker(shardOf[k]), k}, args}
	}
	res, err := s.l.run(ctx, calls)
	if err != nil {
		return nil, wrap(fmt.Sprintf("looking up %d records", len(ids)), err)
	}
	var out []string
	for i, k := range order {
		a, _ := res[i].([]any)
		for j, id := range byKey[k] {
			if j >= len(a) || a[j] == nil {
				out = append(out, id)
			}
		}
	}
	return out, nil
}
