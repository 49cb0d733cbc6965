package newsio

import "unsafe"

// stringArena hands out strings that lie side by side in blocks of
// arenaBlock bytes: a million articles' IDs, URLs and headlines are a few
// thousand heap objects for the collector to mark instead of millions,
// each mark a cache miss once the heap outgrows the cache. A block's
// bytes are never written again once handed out, so the strings are as
// immutable as any; a block stays in memory while any of its strings is
// in use. The zero value is ready to use; it is not safe for concurrent
// use (each parser has its own).
type stringArena struct {
	block []byte // the current block: its length is what is handed out
}

const (
	// arenaBlock is the size of one block.
	arenaBlock = 64 << 10
	// arenaMaxString is the longest string placed in a block; a longer
	// one gets memory of its own, so that blocks stay mostly full.
	arenaMaxString = 1 << 10
)

// pack returns a string with the bytes of s.
func pack[T string | []byte](a *stringArena, s T) string {
	switch {
	case len(s) == 0:
		return ""
	case len(s) > arenaMaxString:
		return string(s)
	case cap(a.block)-len(a.block) < len(s):
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[start], len(s))
}
