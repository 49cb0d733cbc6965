//go:build !race

package redisindex_test

const raceEnabled = false
