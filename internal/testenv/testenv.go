// Package testenv tells the project's tests what they may do beyond the
// quick default run. It is for tests only.
package testenv

import "os"

// LongVar is the environment variable that turns on long tests: soaks,
// capacity runs and full-size differential tests. CI sets it (see
// .ci/run); the README's test command leaves it unset so that the suite
// finishes in about two minutes on two cores.
const LongVar = "REPRINT_LONG"

// Long reports whether long tests should run (REPRINT_LONG=1). Safe for
// concurrent use.
func Long() bool { return os.Getenv(LongVar) == "1" }
