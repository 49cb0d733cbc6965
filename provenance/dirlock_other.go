//go:build !unix

package provenance

import "os"

// noFollow is 0 where open has no such flag: the store still checks
// each file with Lstat before it opens it.
const noFollow = 0

// lockFile does nothing where advisory locks are not available: do not
// open one store from two processes there (one process is still
// refused a second OpenDir of a store it has open).
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
