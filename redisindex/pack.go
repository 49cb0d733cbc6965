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
//	width     1 byte, 1..32: the bits of each slot value
//	values    the k slot values, width bits each, packed little-endian
//
// The slot values are packed losslessly to the width of the largest: a
// MinHash slot is the least of the document's shingle hashes, so its top
// bits are mostly zero (about 27 bits each for a 300-shingle document
// instead of 32). The signature's settings are those of the index's
// configuration and are not repeated.
const (
	flagIndexed  = '+'
	flagRemoving = '-'
)

// packDoc appends id's document value with sig to dst.
func packDoc(dst []byte, flag byte, id string, sig *dedup.Signature, scratch []uint32) []byte {
	values := sig.AppendValues(scratch[:0])
	var or uint32
	for _, v := range values {
		or |= v
	}
	width := max(1, bits.Len32(or))
	dst = append(dst, flag)
	dst = binary.AppendUvarint(dst, uint64(len(id)))
	dst = append(dst, id...)
	dst = binary.AppendUvarint(dst, uint64(sig.Shingles()))
	dst = append(dst, byte(width))
	var acc uint64
	n := 0
	for _, v := range values {
		acc |= uint64(v) << n
		n += width
		for n >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	if n > 0 {
		dst = append(dst, byte(acc))
	}
	return dst
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
	width, v := int(v[w]), v[w+1:]
	k := s.NumHashes
	if width < 1 || width > 32 || len(v) != (k*width+7)/8 {
		return 0, "", nil, errMalformed
	}
	values := make([]uint32, k)
	var acc uint64
	n, j := 0, 0
	mask := uint64(1)<<width - 1
	for i := range values {
		for n < width {
			acc |= uint64(v[j]) << n
			j++
			n += 8
		}
		values[i] = uint32(acc & mask)
		acc >>= width
		n -= width
	}
	sig, err = dedup.NewSignature(s, int(shingles), values)
	if err != nil {
		return 0, "", nil, err
	}
	return flag, id, sig, nil
}
