package batch

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/reprintlab/reprint/dedup"
)

// The elements that travel between the pipeline's stages. Their fields
// are exported so that Beam's schema coder can encode them; the types
// are not part of any contract.

// Shard is one input file and its place in the input order.
type Shard struct {
	Index int64
	Path  string
}

// shardBits is the room an order key leaves for an article's position in
// its shard: 2^40 articles per shard, 2^24 shards.
const shardBits = 40

// orderKey returns the global order key of the n-th article of shard:
// articles are ordered by shard, then by their place in the shard, as the
// flagger orders the files it is given.
func orderKey(shard int64, n uint64) uint64 { return uint64(shard)<<shardBits | n }

// Raw is one article as read, before signing.
type Raw struct {
	Order                        uint64
	ID, Text, Title, Source, URL string
	Published                    string // RFC 3339 as parsed (zone kept); "" when unknown
}

// Article is one signed article: its metadata, the outlets its text
// credits and its signature, never its text.
type Article struct {
	Order                  uint64
	ID, Title, Source, URL string
	Published              string // RFC 3339 as parsed (zone kept); "" when unknown
	At                     int64  // Published in Unix nanoseconds; noTime when unknown
	Credited               []string
	Shingles               int64  // distinct shingles; 0 when too short to fingerprint
	Sig                    []byte // slot values, 4 bytes each (little endian); nil when too short
}

// noTime is Article.At of an article without a time: after every time,
// as the Graph orders untimed articles after timed ones.
const noTime = int64(1<<63 - 1)

// Member is an article in a band bucket: its place in input and
// attribution order, the band of the bucket, and what a candidate needs
// (its ID and signature), so that pairs are scored in the bucket.
type Member struct {
	Order    uint64
	At       int64
	Band     int64
	ID       string
	Shingles int64
	Sig      []byte
}

// Candidate is an earlier article offered to a query's verification.
type Candidate struct {
	Order    uint64
	ID       string
	Shingles int64
	Sig      []byte
}

// Link is a verified match of an article with an earlier one (a
// dedup.Match).
type Link struct {
	ID                          string
	Shingles                    int64
	Jaccard, AInB, BInA, Shared float64
	Partial                     bool
}

// Record is what the attribution stage needs of one article: its
// metadata (echoed on its line of output, as the flagger does) and its
// verified links to earlier articles.
type Record struct {
	Order                  uint64
	ID, Title, Source, URL string
	Published              string
	Credited               []string
	Shingles               int64
	Links                  []Link
}

// packSig returns sig's slot values, 4 bytes each.
func packSig(sig *dedup.Signature, scratch []uint32) []byte {
	values := sig.AppendValues(scratch[:0])
	out := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// unpackSig rebuilds a signature made with settings from its packed slot
// values and shingle count.
func unpackSig(settings dedup.Settings, shingles int64, packed []byte) (*dedup.Signature, error) {
	if len(packed)%4 != 0 {
		return nil, fmt.Errorf("batch: a signature of %d bytes", len(packed))
	}
	values := make([]uint32, len(packed)/4)
	for i := range values {
		values[i] = binary.LittleEndian.Uint32(packed[4*i:])
	}
	return dedup.NewSignature(settings, int(shingles), values)
}

// parsePublished reads Article.Published back.
func parsePublished(s string) (time.Time, error) {
	var t time.Time
	if s == "" {
		return t, nil
	}
	err := t.UnmarshalText([]byte(s))
	return t, err
}
