package newsio

import (
	"errors"
	"strconv"
	"strings"
)

// ByteSize is a number of bytes, as a flag: a whole number with an
// optional unit, B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers
// of 1024), in any case: "16MiB", "500000", "2GB". It must be positive.
type ByteSize int64

// byteUnits are the units ByteSize accepts, largest first, so that
// String uses the largest that divides the size exactly.
var byteUnits = []struct {
	name string
	size int64
}{
	{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3}, {"B", 1},
}

// String formats b with the largest unit that divides it, as "16MiB" or
// "1019B".
func (b ByteSize) String() string {
	for _, u := range byteUnits {
		if b != 0 && int64(b)%u.size == 0 {
			return strconv.FormatInt(int64(b)/u.size, 10) + u.name
		}
	}
	return "0B"
}

// Set parses s, as the flag package calls it.
func (b *ByteSize) Set(s string) error {
	digits := strings.TrimRight(s, "BbIiKkMmGg")
	unit := s[len(digits):]
	n, err := strconv.ParseInt(strings.TrimSpace(digits), 10, 64)
	if err != nil || n <= 0 {
		return errors.New("want a positive whole number of bytes, such as 16MiB, 500KB or 1000000")
	}
	size := int64(1)
	if unit != "" {
		size = 0
		for _, u := range byteUnits {
			if strings.EqualFold(unit, u.name) {
				size = u.size
			}
		}
		if size == 0 {
			return errors.New("unit " + strconv.Quote(unit) + ": want B, KB, MB, GB, KiB, MiB or GiB")
		}
	}
	if n > (1<<62)/size {
		return errors.New("too large")
	}
	*b = ByteSize(n * size)
	return nil
}
