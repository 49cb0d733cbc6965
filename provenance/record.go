package provenance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/reprintlab/reprint/dedup"
)

// Record is what a [Store] keeps of one article: everything a [Tracker]
// needs to put the article back in its graph and index without reading
// or fingerprinting its text again.
type Record struct {
	// Article is the article. Its Text is empty unless the tracker keeps
	// texts (Config.KeepText).
	Article Article
	// Credited are the outlets its text credits (Verdict.Credited).
	Credited []string
	// Signature is its signature; nil when it was too short to
	// fingerprint.
	Signature *dedup.Signature
	// Links are the verified matches found when it was added, seen from
	// it (A is this article). With a shared index (Config.Indexer) they
	// may name articles whose records come later in the store.
	Links []Link
	// Boilerplate is Verdict.Boilerplate.
	Boilerplate int
}

// Store keeps a Tracker's records beyond its process: the tracker
// appends one record per article it adds, and [Open] replays them into a
// new tracker. [OpenDir] keeps them in a directory; package redisindex
// keeps them in Redis.
//
// Implementations say whether they are safe for concurrent use; a
// Tracker calls them under its own lock.
type Store interface {
	// Append adds r after the records already stored. It need not be
	// durable until Commit returns. r and its slices are lent for the
	// call only: a store that keeps them must copy them.
	Append(r *Record) error
	// Commit makes every record appended so far durable: once it
	// returns nil they survive a crash of the process (and, for a store
	// on disk, of the machine).
	Commit() error
	// Records returns the records from position from (0 is the first
	// appended), in the order they were appended. An error ends the
	// sequence.
	Records(from int) iter.Seq2[*Record, error]
	// Close commits and releases the store.
	Close() error
}

// RecordFormatVersion is the version of the binary form of a [Record],
// its first byte.
//
// Layout (integers are unsigned varints unless noted; a string is its
// byte length then its bytes; a time is a flag byte, 0 for the zero time,
// else 1 then Unix seconds as a signed varint and nanoseconds; times come
// back in UTC):
//
//	version (1 byte, 2)
//	id, text, source, url (strings)
//	published, seen (times)
//	boilerplate
//	number of credited outlets, then each (string)
//	signature length (0: none), then the signature's binary form (see dedup.Signature.MarshalBinary)
//	number of links, then each: id (string), shingles, flags (1 byte: 1 partial, 2 aligned),
//	  Jaccard, AInB, BInA, Shared (IEEE 754 float64 bits, 8 bytes little-endian each),
//	  kind (1 byte, see Kind), Score (8 bytes as above)
//
// Version 1, without kind and score, is read too: its links are
// verbatim (partial when flagged so) and scored by AInB, as links were
// before they had kinds. A record of version 2 may have links without a
// signature: links found by alignment, of an article too short to
// fingerprint.
const RecordFormatVersion = 2

// AppendBinary appends the binary form of r (see [RecordFormatVersion])
// to dst. It fails only for a signature that cannot be encoded.
func (r *Record) AppendBinary(dst []byte) ([]byte, error) {
	a := &r.Article
	dst = append(dst, RecordFormatVersion)
	for _, s := range []string{a.ID, a.Text, a.Source, a.URL} {
		dst = appendString(dst, s)
	}
	dst = appendTime(appendTime(dst, a.Published), a.Seen)
	dst = binary.AppendUvarint(dst, uint64(max(r.Boilerplate, 0)))
	dst = binary.AppendUvarint(dst, uint64(len(r.Credited)))
	for _, c := range r.Credited {
		dst = appendString(dst, c)
	}
	if r.Signature == nil || r.Signature.Len() == 0 {
		dst = binary.AppendUvarint(dst, 0)
	} else {
		// The signature is appended in place, then its length is put in
		// front of it: no copy of it is allocated.
		start := len(dst)
		var err error
		if dst, err = r.Signature.AppendBinary(dst); err != nil {
			return dst[:start], err
		}
		var length [binary.MaxVarintLen64]byte
		n := binary.PutUvarint(length[:], uint64(len(dst)-start))
		dst = append(dst, length[:n]...)
		copy(dst[start+n:], dst[start:len(dst)-n])
		copy(dst[start:], length[:n])
	}
	dst = binary.AppendUvarint(dst, uint64(len(r.Links)))
	for _, l := range r.Links {
		dst = appendString(dst, l.ID)
		dst = binary.AppendUvarint(dst, uint64(max(l.Shingles, 0)))
		flags := byte(0)
		if l.Partial {
			flags |= 1
		}
		if l.Aligned {
			flags |= 2
		}
		dst = append(dst, flags)
		for _, f := range []float64{l.Jaccard, l.AInB, l.BInA, l.Shared} {
			dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
		}
		dst = append(dst, byte(kindOf(l.Kind, l.Partial)))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(linkScore(l)))
	}
	return dst, nil
}

// MarshalBinary returns the binary form of r (see [RecordFormatVersion]).
func (r *Record) MarshalBinary() ([]byte, error) { return r.AppendBinary(nil) }

// UnmarshalBinary sets r from its binary form. It checks everything
// (lengths, the signature, scores in range, links only with a signature
// and never to itself, no trailing bytes) before changing r; strings are
// taken as they are, UTF-8 or not, and IDs are not held to [CheckID], so
// that records written before it stay readable. It returns an error wrapping
// [ErrCorruptRecord] for malformed data; r is then unchanged.
func (r *Record) UnmarshalBinary(data []byte) error {
	d := decoder{buf: data}
	version := d.byte()
	if version != RecordFormatVersion && version != 1 {
		if d.err != nil {
			return d.err
		}
		return fmt.Errorf("%w: version %d, want %d or 1", ErrCorruptRecord, version, RecordFormatVersion)
	}
	linkSize := 1 + 1 + 1 + 32
	if version >= 2 {
		linkSize += 1 + 8
	}
	var n Record
	a := &n.Article
	a.ID, a.Text, a.Source, a.URL = d.string(), d.string(), d.string(), d.string()
	a.Published, a.Seen = d.time(), d.time()
	n.Boilerplate = d.int()
	if c := d.count(1); c > 0 {
		n.Credited = make([]string, c)
		for i := range n.Credited {
			n.Credited[i] = d.string()
		}
	}
	if sig := d.bytes(); d.err == nil && len(sig) > 0 {
		n.Signature = new(dedup.Signature)
		if err := n.Signature.UnmarshalBinary(sig); err != nil {
			return fmt.Errorf("%w: signature: %w", ErrCorruptRecord, err)
		}
	}
	if c := d.count(linkSize); c > 0 {
		n.Links = make([]Link, c)
		for i := range n.Links {
			l := &n.Links[i]
			l.ID, l.Shingles = d.string(), d.int()
			switch f := d.byte(); {
			case f <= 1 || version >= 2 && f <= 3:
				l.Partial, l.Aligned = f&1 != 0, f&2 != 0
			default:
				d.fail("link flags %#x", f)
			}
			l.Jaccard, l.AInB, l.BInA, l.Shared = d.float(), d.float(), d.float(), d.float()
			l.Kind, l.Score = kindOf(0, l.Partial), l.AInB
			if version >= 2 {
				if k := Kind(d.byte()); k.valid() {
					l.Kind = k
				} else {
					d.fail("link %q kind %d", l.ID, k)
				}
				l.Score = d.float()
			}
			if d.err == nil && !(l.Jaccard <= 1 && l.AInB <= 1 && l.BInA <= 1 && l.Shared >= 0 &&
				l.Jaccard >= 0 && l.AInB >= 0 && l.BInA >= 0 && !math.IsInf(l.Shared, 0) && l.Score >= 0 && l.Score <= 1) {
				d.fail("link %q scores out of range", l.ID)
			}
			if d.err == nil && l.ID == "" {
				d.fail("link without id")
			}
		}
	}
	switch {
	case d.err != nil:
		return d.err
	case len(d.buf) > 0:
		return fmt.Errorf("%w: %d trailing bytes", ErrCorruptRecord, len(d.buf))
	case a.ID == "":
		return fmt.Errorf("%w: %w", ErrCorruptRecord, ErrEmptyID)
	case version == 1 && len(n.Links) > 0 && n.Signature == nil:
		return fmt.Errorf("%w: %q has links but no signature", ErrCorruptRecord, a.ID)
	}
	for _, l := range n.Links {
		if l.ID == a.ID {
			return fmt.Errorf("%w: %q links to itself", ErrCorruptRecord, a.ID)
		}
	}
	*r = n
	return nil
}

// ErrCorruptRecord is returned for a record or store whose bytes are not
// what was written: truncated, altered or of an unknown version.
var ErrCorruptRecord = errors.New("provenance: corrupt record")

func appendString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

func appendTime(dst []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(dst, 0)
	}
	dst = binary.AppendVarint(append(dst, 1), t.Unix())
	return binary.AppendUvarint(dst, uint64(t.Nanosecond()))
}

// decoder reads a record's fields, remembering the first error.
type decoder struct {
	buf []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrCorruptRecord}, args...)...)
	}
	d.buf = nil
}

func (d *decoder) byte() byte {
	if len(d.buf) == 0 {
		d.fail("truncated")
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail("truncated or overlong number")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

// int reads a count or size that must fit an int32.
func (d *decoder) int() int {
	v := d.uvarint()
	if v > math.MaxInt32 {
		d.fail("number %d out of range", v)
		return 0
	}
	return int(v)
}

// count reads a number of items of at least minSize bytes each, checked
// against the bytes left so that garbage cannot make it allocate much.
func (d *decoder) count(minSize int) int {
	c := d.int()
	if c > len(d.buf)/minSize {
		d.fail("%d items in %d bytes", c, len(d.buf))
		return 0
	}
	return c
}

func (d *decoder) bytes() []byte {
	n := d.int()
	if n > len(d.buf) {
		d.fail("%d bytes wanted, %d left", n, len(d.buf))
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) string() string { return string(d.bytes()) }

func (d *decoder) time() time.Time {
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
	default:
		d.fail("time flag")
		return time.Time{}
	}
	sec, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail("truncated time")
		return time.Time{}
	}
	d.buf = d.buf[n:]
	nsec := d.uvarint()
	if nsec >= 1e9 {
		d.fail("nanoseconds %d", nsec)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *decoder) float() float64 {
	if len(d.buf) < 8 {
		d.fail("truncated score")
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
	d.buf = d.buf[8:]
	if math.IsNaN(f) {
		d.fail("NaN score")
	}
	return f
}
