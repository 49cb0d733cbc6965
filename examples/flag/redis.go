package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// redisFlags are the flags of a run on a shared Redis index (-redis).
type redisFlags struct {
	addrs   *string
	prefix  *string
	timeout *time.Duration
}

func addRedisFlags(fs *flag.FlagSet) redisFlags {
	return redisFlags{
		addrs: fs.String("redis", "", "share the index and the provenance graph with other flaggers through Redis at host:port "+
			"(several, comma-separated: the nodes of a Redis Cluster), and report on this run's articles"),
		prefix:  fs.String("redis-prefix", "reprint", "with -redis: the key prefix of the shared index (flaggers sharing one give the same)"),
		timeout: fs.Duration("redis-timeout", 10*time.Second, "with -redis: the longest one call to Redis may take"),
	}
}

// addRetries bounds the retries of an article whose Add ended in doubt
// (provenance.ErrOutcomeUnknown: a write to Redis failed or timed out).
const addRetries = 5

// runRedis is a run with -redis: like a run with -index, on an index and
// a log in Redis that flaggers on other machines share. The input is read
// and checked in full first, so that bad input changes nothing; the
// articles that no flagger has stored yet are added, and the report
// covers this run's articles and the stored ones it changed. Articles
// are written to Redis as they are added: a run that fails keeps those
// added before the failure, and running it again with the same input
// reports them as stored.
func runRedis(rf redisFlags, indexDir string, cfg provenance.Config, reader newsio.Reader, paths []string, out output, dates dateChecker, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	if indexDir != "" {
		return errors.New("-redis and -index both keep the index: give one of them")
	}
	inputs, err := readAll(reader, paths, stdin, out, dates, stderr)
	if err != nil {
		return err
	}
	where := "-redis " + *rf.addrs
	client, err := redisClient(*rf.addrs, *rf.timeout)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	defer client.Close()
	opts := []redisindex.Option{redisindex.WithTimeout(*rf.timeout)}
	ix, err := redisindex.New(client, *rf.prefix, cfg.Index, opts...)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	st, err := redisindex.NewStore(client, *rf.prefix, opts...)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	cfg.Indexer = ix
	tracker, err := provenance.Open(cfg, st)
	if err != nil {
		st.Close()
		return fmt.Errorf("%s: %w", where, err)
	}
	defer func() {
		if cerr := tracker.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("%s: %w", where, cerr)
		}
	}()
	return addRun(tracker, inputs, paths, func(a provenance.Article) (bool, error) { return addShared(tracker, a) }, where, out, stdout, stderr)
}

// addShared adds a to a tracker on the shared index, retrying an Add
// that ended in doubt, and reports false when another flagger had stored
// a already (it is then reported as it stands).
func addShared(t *provenance.Tracker, a provenance.Article) (bool, error) {
	wait := 100 * time.Millisecond
	for try := 0; ; try++ {
		_, err := t.Add(a)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, provenance.ErrDuplicateID):
			if _, ok := t.Verdict(a.ID); ok {
				return false, nil
			}
			return false, err
		case errors.Is(err, provenance.ErrOutcomeUnknown) && try < addRetries:
			time.Sleep(wait)
			wait *= 2
			continue
		}
		return false, err
	}
}

// redisClient returns a client of the server at addrs, or of the Redis
// Cluster whose nodes (some of them) are addrs, comma-separated.
func redisClient(addrs string, timeout time.Duration) (redis.UniversalClient, error) {
	var list []string
	for _, a := range strings.Split(addrs, ",") {
		if a = strings.TrimSpace(a); a != "" {
			list = append(list, a)
		}
	}
	if len(list) == 0 {
		return nil, errors.New("no address: give host:port, or several comma-separated for a cluster")
	}
	if len(list) == 1 {
		return redis.NewClient(&redis.Options{Addr: list[0], ContextTimeoutEnabled: true, DialTimeout: timeout}), nil
	}
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: list, ContextTimeoutEnabled: true, DialTimeout: timeout}), nil
}
