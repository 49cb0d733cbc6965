package redisindex

import (
	"encoding/binary"
	"errors"
	"math/bits"

	"github.com/reprintlab/reprint/dedup"
)

// Document values, the field values of the {p:x}d groups:
//
//	flag      1 byte: '+' indexed, '-' being removed (see Index.Remove)
//	ID        uvarint length, then the bytes
//	shingles  uvarint: the document's distinct shingles
//	rice      1 byte, 0..31: the Rice parameter r of the values
//	values    the k slot values, each Rice-coded: v>>r in unary (that
//	          many 1 bits, then a 0), then the low r bits of v; bits
//	          are packed from the least significant bit of each byte
//
// A MinHash slot is the least of the document's shingle hashes, so its
// values are small and about exponentially distributed (mean 2³²/s for s
// shingles): Rice coding keeps them in about 26 bits each for a
// 300-shingle document instead of 32, losslessly. r is chosen for the
// shortest code. The signature's settings are those of the index's
// configuration and are not repeated.
const (
	flagIndexed  = '+'
	flagRemoving = '-'
)

// riceBits returns the bits of values Rice-coded with parameter r.
func riceBits(values []uint32, r int) int {
	n := 0
	for _, v := range values {
		n += int(v>>r) + 1 + r
	}
	return n
}

// packDoc appends id's document value with sig to dst.
func packDoc(dst []byte, flag byte, id string, sig *dedup.Signature, scratch []uint32) []byte {
	values := sig.AppendValues(scratch[:0])
	var or uint32
	for _, v := range values {
		or |= v
	}
	// The best r is near log2 of the mean; try those up to the widest.
	best, bestBits := 31, riceBits(values, 31)
	for r := max(0, bits.Len32(or)-8); r < 31; r++ {
		if b := riceBits(values, r); b < bestBits {
			best, bestBits = r, b
		}
	}
	dst = append(dst, flag)
	dst = binary.AppendUvarint(dst, uint64(len(id)))
	dst = append(dst, id...)
	dst = binary.AppendUvarint(dst, uint64(sig.Shingles()))
	dst = append(dst, byte(best))
	var w bitWriter
	w.buf = dst
	for _, v := range values {
		for q := v >> best; q > 0; q-- {
			w.write(1, 1)
		}
		w.write(0, 1)
		w.write(uint64(v)&(1<<best-1), best)
	}
	return w.flush()
}

// bitWriter appends bits to buf, least significant first.
type bitWriter struct {
	buf []byte
	acc uint64
	n   int
}

func (w *bitWriter) write(v uint64, bits int) {
	w.acc |= v << w.n
	w.n += bits
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.buf = append(w.buf, byte(w.acc))
	}
	return w.buf
}

var errMalformed = errors.New("malformed document value")

// unpackDoc decodes a document value made with settings s (k slots).
func unpackDoc(v string, s dedup.Settings) (flag byte, id string, sig *dedup.Signature, err error) {
	if len(v) < 1 || (v[0] != flagIndexed && v[0] != flagRemoving) {
		return 0, "", nil, errMalformed
	}
	flag, v = v[0], v[1:]
	l, w := binary.Uvarint([]byte(v[:min(len(v), binary.MaxVarintLen64)]))
	if w <= 0 || l > uint64(len(v)-w) {
		return 0, "", nil, errMalformed
	}
	id, v = v[w:w+int(l)], v[w+int(l):]
	shingles, w := binary.Uvarint([]byte(v[:min(len(v), binary.MaxVarintLen64)]))
	if w <= 0 || shingles == 0 || shingles > 1<<40 || len(v) < w+1 {
		return 0, "", nil, errMalformed
	}
	r, v := int(v[w]), v[w+1:]
	if r > 31 {
		return 0, "", nil, errMalformed
	}
	values := make([]uint32, s.NumHashes)
	pos := 0 // in bits
	bit := func() (uint64, bool) {
		if pos >= 8*len(v) {
			return 0, false
		}
		b := uint64(v[pos/8]>>(pos%8)) & 1
		pos++
		return b, true
	}
	for i := range values {
		var q uint64
		for {
			b, ok := bit()
			if !ok || q > 1<<32 {
				return 0, "", nil, errMalformed
			}
			if b == 0 {
				break
			}
			q++
		}
		var low uint64
		for j := range r {
			b, ok := bit()
			if !ok {
				return 0, "", nil, errMalformed
			}
			low |= b << j
		}
		x := q<<r | low
		if x > 1<<32-1 {
			return 0, "", nil, errMalformed
		}
		values[i] = uint32(x)
	}
	if (pos+7)/8 != len(v) || (pos%8 != 0 && v[len(v)-1]>>(pos%8) != 0) {
		return 0, "", nil, errMalformed // trailing bytes or bits
	}
	sig, err = dedup.NewSignature(s, int(shingles), values)
	if err != nil {
		return 0, "", nil, err
	}
	return flag, id, sig, nil
}
