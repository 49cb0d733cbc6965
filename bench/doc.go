// Package bench compares reprint with its peers side by side in one
// `go test -bench` run. It is a separate module, so its peers
// (github.com/ekzhu/minhash-lsh) never enter the library's go.mod; it
// builds against the library in the parent directory through a replace
// directive.
//
// Everything lives in the test files: compare_test.go has the
// benchmarks, peers_test.go the peer adapters, the synthetic signatures
// and the corpus loaders, guard_test.go the tests that keep the adapters
// honest. README.md explains how to run them and lists measured results.
package bench
