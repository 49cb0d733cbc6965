package shingle

import (
	"syscall"
	"time"
)

// threadCPUTime returns the CPU time used so far by the calling thread
// (lock it with runtime.LockOSThread), or 0 where it is not known. Unlike
// the wall-clock time a benchmark reports, it does not count the time the
// thread waits for a core, so it stays meaningful on a loaded machine.
func threadCPUTime() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
