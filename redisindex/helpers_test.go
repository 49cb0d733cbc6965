package redisindex_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// envAddr names a Redis server the tests use instead of starting their
// own. They only add keys under random prefixes, and delete them.
const envAddr = "REPRINT_REDIS_ADDR"

// server is a redis-server process started by a test, or the server at
// REPRINT_REDIS_ADDR (cmd nil).
type server struct {
	t    testing.TB
	addr string
	args []string
	dir  string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// startServer returns a server for the test: its own redis-server on a
// free loopback port, killed at cleanup, or the one at
// REPRINT_REDIS_ADDR. extra are redis-server arguments; they need a
// server of the test's own. Without either the test is skipped.
func startServer(tb testing.TB, extra ...string) *server {
	tb.Helper()
	if addr := os.Getenv(envAddr); addr != "" && len(extra) == 0 {
		s := &server{t: tb, addr: addr}
		if err := ping(addr, 2*time.Second); err != nil {
			tb.Fatalf("%s=%s: %v", envAddr, addr, err)
		}
		return s
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if len(extra) > 0 {
			tb.Skipf("redis-server not found (%v): this test needs a server of its own", err)
		}
		tb.Skipf("redis-server not found and %s unset: %v (install redis-server, or point %s at a server)", envAddr, err, envAddr)
	}
	port, err := freePort()
	if err != nil {
		tb.Skipf("no free loopback port for redis-server: %v", err)
	}
	s := &server{t: tb, addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: tb.TempDir()}
	s.args = append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--daemonize", "no", "--dir", s.dir, "--loglevel", "warning"}, extra...)
	s.args = append([]string{bin}, s.args...)
	if err := s.start(); err != nil {
		tb.Skipf("redis-server would not start: %v", err)
	}
	tb.Cleanup(s.kill)
	return s
}

// own reports whether the test started the server itself.
func (s *server) own() bool { return len(s.args) > 0 }

func (s *server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := exec.Command(s.args[0], s.args[1:]...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := ping(s.addr, 200*time.Millisecond)
		if err == nil {
			s.cmd = cmd
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("redis-server exited: %s", strings.TrimSpace(out.String()))
		default:
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			return fmt.Errorf("redis-server did not answer on %s: %v", s.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill kills the server at once (SIGKILL), as a crash would, and waits
// until its port is closed.
func (s *server) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	for range 500 {
		if c, err := net.DialTimeout("tcp", s.addr, 50*time.Millisecond); err != nil {
			break
		} else {
			c.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.cmd = nil
}

// restart starts the server again on the same port, with the same
// arguments and directory.
func (s *server) restart() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("restarting redis-server: %v", err)
	}
}

// client returns a client of the server, closed at cleanup, that gives up
// quickly when the server is gone.
func (s *server) client(tb testing.TB) *redis.Client {
	c := redis.NewClient(&redis.Options{
		Addr:         s.addr,
		DialTimeout:  time.Second,
		ReadTimeout:  5 * time.Second,
		WriteTimeout: 5 * time.Second,
		MaxRetries:   1,
		// Fail fast while the server is down (the default is 5 dials 100
		// ms apart for each command).
		DialerRetries:      1,
		DialerRetryTimeout: 10 * time.Millisecond,
	})
	tb.Cleanup(func() { c.Close() })
	return c
}

// prefix returns a fresh key prefix whose keys are deleted at cleanup.
func (s *server) prefix(tb testing.TB) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	p := "reprint-test-" + hex.EncodeToString(b[:])
	tb.Cleanup(func() {
		c := redis.NewClient(&redis.Options{Addr: s.addr, MaxRetries: -1})
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		iter := c.Scan(ctx, 0, "{"+p+"*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			if keys = append(keys, iter.Val()); len(keys) == 1000 {
				c.Unlink(ctx, keys...)
				keys = keys[:0]
			}
		}
		if len(keys) > 0 {
			c.Unlink(ctx, keys...)
		}
	})
	return p
}

// quietLogger drops go-redis's log lines (failed dials while a test's
// server is down) unless the tests run with -v.
type quietLogger struct{}

func (quietLogger) Printf(_ context.Context, format string, v ...any) {
	if testing.Verbose() {
		log.Printf(format, v...)
	}
}

func TestMain(m *testing.M) {
	redis.SetLogger(quietLogger{})
	os.Exit(m.Run())
}

func ping(addr string, timeout time.Duration) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: timeout, ReadTimeout: timeout, MaxRetries: -1})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.Ping(ctx).Err()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// seeds returns the bundled seed articles, by ID.
func seeds(tb testing.TB) map[string]string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no seed articles: %v", err)
	}
	out := make(map[string]string)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".txt")] = string(b)
	}
	return out
}

// skipNoCorpus skips the test when err says the corpus is absent.
func skipNoCorpus(tb testing.TB, err error) {
	tb.Helper()
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("Reuters-21578 corpus not found beside the checkout (../shared/corpora/reuters21578): %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
}
