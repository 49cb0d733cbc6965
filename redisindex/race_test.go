//go:build race

package redisindex_test

// raceEnabled is true under the race detector, which makes signing about
// ten times slower: tests then use fewer articles.
const raceEnabled = true
