// Package bench compares reprint with its peers side by side in one
// `go test -bench` run. It is a separate module, so its peers
// (github.com/ekzhu/minhash-lsh, and the embedded stores go.etcd.io/bbolt
// and github.com/cockroachdb/pebble) never enter the library's go.mod; it
// builds against the library in the parent directory through a replace
// directive.
//
// Everything lives in the test files: compare_test.go has the
// benchmarks, peers_test.go the peer adapters, the synthetic signatures
// and the corpus loaders, guard_test.go the tests that keep the adapters
// honest; store_test.go has the embedded-store benchmarks (an append-only
// log, bbolt, pebble and dedup index snapshots) and their round-trip
// tests. README.md explains how to run them and lists measured results.
package bench
