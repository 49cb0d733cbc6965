//go:build !linux

package shingle

import "time"

// threadCPUTime is not known here; see cputime_linux_test.go.
func threadCPUTime() time.Duration { return 0 }
