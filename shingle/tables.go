package shingle

import (
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Look-up tables for the fast path. They are derived from classify,
// elided and fold (classify.go) and from the NFKC tables, so they cannot
// disagree with the rules; they only save recomputing them.

// isWordByte tells the ASCII letters and digits, the bytes that make up
// most words. Every other byte, including every byte >= 0x80, is false.
var isWordByte = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = asciiClass[c] == classWord
	}
	return t
}()

// Bits of a rune's info byte.
const (
	infoClass  uint8 = 0x07   // the rune's class
	infoElided uint8 = 1 << 3 // elided(r): dropped from the normalised token
	infoInert  uint8 = 1 << 4 // a run of inert runes is its own NFKC form
	// infoPlain marks the runes that slowToken's fast loop takes: two
	// bytes of UTF-8, a letter, digit or mark of a spaced script (class
	// Word or Mark), inert, not elided, with a lower-cased, folded form
	// of two bytes too (lower2). Most of Cyrillic, Greek, Arabic, Hebrew
	// and accented Latin is plain.
	infoPlain uint8 = 1 << 5
)

// runeBlock holds the info bytes, lower-cased and folded forms and hashes
// of 256 consecutive runes.
type runeBlock struct {
	info  [256]uint8
	lower [256]rune   // fold(unicode.ToLower(r))
	hash  [256]uint64 // of the token made of r alone, if r is inert
	// lower2 is the UTF-8 of lower, first byte in the low byte, for the
	// runes marked infoPlain.
	lower2 [256]uint16
}

// runeBlocks are filled on first use, one block at a time, so a program
// pays only for the scripts it sees (a block takes 50 to 100 µs). Shinglers
// in different goroutines may fill the same block at once; they compute
// the same values, and the atomic pointer publishes a complete block.
// The array has a power-of-two length so that indexing it needs no bounds
// check; the blocks past unicode.MaxRune are never used.
var runeBlocks [8192]atomic.Pointer[runeBlock]

// blockOf returns the block of r, 0 <= r <= unicode.MaxRune.
func blockOf(r rune) *runeBlock {
	if b := runeBlocks[uint32(r)>>8%uint32(len(runeBlocks))].Load(); b != nil {
		return b
	}
	return fillBlock(r >> 8)
}

func fillBlock(hi rune) *runeBlock {
	b := new(runeBlock)
	for lo := range rune(256) {
		r := hi<<8 | lo
		b.info[lo] = runeInfo(r)
		b.lower[lo] = fold(unicode.ToLower(r))
		if lw := b.lower[lo]; isPlain(r, b.info[lo], lw) {
			b.info[lo] |= infoPlain
			b.lower2[lo] = uint16(0xC0|lw>>6) | uint16(0x80|lw&0x3F)<<8
		}
		if b.info[lo]&infoInert != 0 {
			var buf [utf8.UTFMax]byte
			b.hash[lo] = hashLower(utf8.AppendRune(buf[:0], b.lower[lo]), 0)
		}
	}
	runeBlocks[hi].Store(b)
	return b
}

// isPlain reports whether r, with info byte info and lower-cased, folded
// form lower, is plain (see infoPlain).
func isPlain(r rune, info uint8, lower rune) bool {
	c := class(info & infoClass)
	return 0x80 <= r && r < 0x800 && 0x80 <= lower && lower < 0x800 &&
		(c == classWord || c == classMark) && info&infoInert != 0 && info&infoElided == 0
}

// runeInfo computes the info byte of r, but for infoPlain.
func runeInfo(r rune) uint8 {
	info := uint8(classify(r))
	if elided(r) {
		info |= infoElided
	}
	if nfkcInert(r) {
		info |= infoInert
	}
	return info
}

// nfkcInert reports whether r is a starter (canonical combining class 0)
// that NFKC leaves alone (quick check Yes) and that cannot combine with a
// rune before it (not quick check Maybe). NFKC changes a string only by
// decomposing runes whose quick check is No, reordering marks of non-zero
// combining class and composing a rune whose quick check is Maybe with a
// starter before it, so a string made of such runes only is its own NFKC
// form. Most letters of most scripts are inert, precomposed accented
// letters included; combining marks and compatibility characters are not.
func nfkcInert(r rune) bool {
	if r < utf8.RuneSelf {
		return true
	}
	if r >= 0xD800 && r <= 0xDFFF || r > unicode.MaxRune {
		return false // not encodable; never decoded from a text
	}
	var buf [utf8.UTFMax]byte
	b := utf8.AppendRune(buf[:0], r)
	p := norm.NFKC.Properties(b)
	return norm.NFKC.QuickSpan(b) == len(b) && p.BoundaryBefore() && p.CCC() == 0 && p.LeadCCC() == 0
}
