package main

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startRedis starts n redis-server processes on loopback ports, killed
// at cleanup, and returns their addresses; with cluster, in cluster mode,
// joined by redis-cli --cluster create. Without redis-server (or
// redis-cli) the test is skipped.
func startRedis(t *testing.T, n int, cluster bool) []string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skipf("redis-server not found (%v): the -redis tests need it (apt-get install redis-server)", err)
	}
	if _, err := exec.LookPath("redis-cli"); err != nil && cluster {
		t.Skipf("redis-cli not found (%v): the -redis cluster test needs redis-tools", err)
	}
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
			"--dir", t.TempDir(), "--loglevel", "warning"}
		if cluster {
			args = append(args, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
		}
		cmd := exec.Command(bin, args...)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		waitFor(t, func() error {
			c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
			defer c.Close()
			return c.Ping(context.Background()).Err()
		})
		addrs = append(addrs, addr)
	}
	if cluster {
		out, err := exec.Command("redis-cli", append(append([]string{"--cluster", "create"}, addrs...), "--cluster-yes")...).CombinedOutput()
		require.NoError(t, err, "%s", out)
		for _, a := range addrs {
			waitFor(t, func() error {
				c := redis.NewClient(&redis.Options{Addr: a, MaxRetries: -1})
				defer c.Close()
				info, err := c.ClusterInfo(context.Background()).Result()
				if err == nil && !strings.Contains(info, "cluster_state:ok") {
					err = fmt.Errorf("cluster not ok: %.40q", info)
				}
				return err
			})
		}
	}
	return addrs
}

// waitFor calls f until it returns nil, for at most 20 s.
func waitFor(t *testing.T, f func() error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRedisSecondRun is the case on a shared index: a first
// flagger stores the seeds but 003; a second one, on another client,
// gets only 003 and reports it as a copy of 001, passages included; the
// same input again is reported as stored. On one server and on a
// three-node cluster.
func TestRedisSecondRun(t *testing.T) {
	for _, cluster := range []bool{false, true} {
		t.Run(fmt.Sprintf("cluster=%v", cluster), func(t *testing.T) {
			n := 1
			if cluster {
				n = 3
			}
			addrs := strings.Join(startRedis(t, n, cluster), ",")
			out, _, err := flagRun(t, "", "-redis", addrs, "-redis-prefix", "news", "-format", "jsonl", seedsExcept(t, "003"))
			require.NoError(t, err)
			require.Len(t, parse(t, out), 4)

			only003 := filepath.Join(seedsDir, "003_d897e868842ded34.txt")
			out, _, err = flagRun(t, "", "-redis", addrs, "-redis-prefix", "news", "-format", "jsonl", only003)
			require.NoError(t, err)
			lines := parse(t, out)
			require.Len(t, lines, 1, "only this run's article")
			l := lines[0]
			assert.Equal(t, "003_d897e868842ded34", l.ID)
			require.Len(t, l.Sources, 1)
			assert.Equal(t, "001_7cb3ead0d8dc3d74", l.Sources[0].ID)
			assert.Equal(t, "001_7cb3ead0d8dc3d74", l.Origin)
			assert.Contains(t, out, `"passages":[{`, "the source's text was shared")

			again, errOut, err := flagRun(t, "", "-redis", addrs, "-redis-prefix", "news", "-format", "jsonl", only003)
			require.NoError(t, err)
			assert.Equal(t, out, again)
			assert.Contains(t, errOut, "1 of 1 articles were stored by an earlier run")

			// Another prefix is another index: 003 has no source there.
			out, _, err = flagRun(t, "", "-redis", addrs, "-redis-prefix", "other", "-format", "jsonl", only003)
			require.NoError(t, err)
			assert.Empty(t, parse(t, out)[0].Sources)
			// Other signature settings are refused, naming both.
			_, _, err = flagRun(t, "", "-redis", addrs, "-redis-prefix", "news", "-shingle", "3", only003)
			require.ErrorContains(t, err, "words=3")
			_, _, err = flagRun(t, "", "-redis", addrs, "-index", t.TempDir(), only003)
			require.ErrorContains(t, err, "give one of them")
		})
	}
}

// TestRedisUnreachable: a server that does not answer is an error naming
// the address, after the input was read.
func TestRedisUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	_, _, err = flagRun(t, "", "-redis", addr, "-redis-timeout", "2s", filepath.Join(seedsDir, "003_d897e868842ded34.txt"))
	require.ErrorContains(t, err, "-redis "+addr)
}
