package redisindex

import (
	"context"
	"strconv"
)

// DocPlace returns the key and field of id's document, for tests that
// corrupt it; ok is false when id is not indexed.
func DocPlace(ctx context.Context, ix *Index, id string) (key, field string, ok bool, err error) {
	num, ok, err := ix.num(ctx, id)
	if err != nil || !ok {
		return "", "", ok, err
	}
	return ix.docKey(num), strconv.FormatUint(num, 10), true, nil
}

// RecordPlace returns the key and field of record number n (1 for the
// first) of st.
func RecordPlace(st *Store, n int64) (key, field string) {
	_, key = st.chunk(n)
	return key, strconv.FormatInt(n, 10)
}

// ShardMarkers returns the marker keys of prefix's shards.
func ShardMarkers(prefix string) []string {
	var tags [numShards]string
	shardTags(prefix, &tags)
	out := make([]string, numShards)
	for i, t := range tags {
		out[i] = t + "m"
	}
	return out
}

// ShardTag returns the hash tag of shard s of prefix.
func ShardTag(prefix string, s int) string {
	var tags [numShards]string
	shardTags(prefix, &tags)
	return tags[s]
}

// NumShards is numShards.
const NumShards = numShards

// PackDoc and UnpackDoc are packDoc and unpackDoc.
var (
	PackDoc   = packDoc
	UnpackDoc = unpackDoc
)

// Script hashes, for tests that stall one step of a write.
var (
	SeqHash       = seqScript.Hash()
	ClaimHash     = claimScript.Hash()
	BucketAddHash = bucketAddScript.Hash()
	LogSeqHash    = logSeqScript.Hash()
	LogClaimHash  = logClaimScript.Hash()
	LogPutHash    = logPutScript.Hash()
)

// BucketsHolding returns how many of id's band buckets hold its document,
// and how many buckets it has.
func BucketsHolding(ctx context.Context, ix *Index, id string) (holding, of int, err error) {
	num, ok, err := ix.num(ctx, id)
	if err != nil || !ok {
		return 0, 0, err
	}
	v, err := ix.doc(ctx, num)
	if err != nil {
		return 0, 0, err
	}
	d, err := ix.decode(num, v)
	if err != nil {
		return 0, 0, err
	}
	buckets, err := ix.buckets(d.Signature)
	if err != nil {
		return 0, 0, err
	}
	want := strconv.FormatUint(num, 10)
	for _, b := range buckets {
		res, err := ix.l.run(ctx, ix.bucketCalls(bucketGetScript, []bucket{b}))
		if err != nil {
			return 0, 0, err
		}
		a, _ := res[0].([]any)
		for _, m := range a {
			if m == want {
				holding++
				break
			}
		}
	}
	return holding, len(buckets), nil
}

// DropBuckets takes id's document out of every every-th of its band
// buckets, as an Add that died while writing them leaves it, and returns
// how many.
func DropBuckets(ctx context.Context, ix *Index, id string, every int) (int, error) {
	num, ok, err := ix.num(ctx, id)
	if err != nil || !ok {
		return 0, err
	}
	v, err := ix.doc(ctx, num)
	if err != nil {
		return 0, err
	}
	d, err := ix.decode(num, v)
	if err != nil {
		return 0, err
	}
	buckets, err := ix.buckets(d.Signature)
	if err != nil {
		return 0, err
	}
	var drop []bucket
	for i, b := range buckets {
		if i%every == 0 {
			drop = append(drop, b)
		}
	}
	return len(drop), ix.writeBuckets(ctx, bucketRemoveScript, id, num, drop)
}
