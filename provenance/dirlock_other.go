//go:build !unix

package provenance

import "os"

// lockFile does nothing where advisory locks are not available: do not
// open one store from two processes there.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
