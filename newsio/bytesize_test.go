package newsio

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int64{
		"16MiB": 16 << 20, "16mib": 16 << 20, "500KB": 500_000, "1000000": 1_000_000, "7B": 7, "2GiB": 2 << 30, "3gb": 3e9,
	} {
		var b ByteSize
		require.NoError(t, b.Set(in), in)
		assert.Equal(t, want, int64(b), in)
	}
	for _, bad := range []string{"", "0", "-1", "MiB", "1.5MiB", "12XB", "16 Mi", "9999999999GiB", "1e6"} {
		var b ByteSize
		assert.Error(t, b.Set(bad), bad)
	}
	for b, want := range map[ByteSize]string{16 << 20: "16MiB", 1019: "1019B", 2_000_000: "2MB", 1024: "1KiB", 0: "0B"} {
		assert.Equal(t, want, b.String())
	}
}
