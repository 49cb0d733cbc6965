package redisindex_test

import (
	"fmt"
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// Workers on several machines share one index and one record log: each
// opens a tracker on them and adds the articles it sees. Every tracker
// on the store tells the same stories.
func Example() {
	client := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer client.Close()
	ix, err := redisindex.New(client, "news", dedup.IndexConfig{}, redisindex.WithTimeout(10*time.Second))
	if err != nil {
		log.Fatal(err) // the server is unreachable, or "news" holds an index of other settings
	}
	st, err := redisindex.NewStore(client, "news", redisindex.WithTimeout(10*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	tracker, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	if err != nil {
		log.Fatal(err)
	}
	defer tracker.Close()
	v, err := tracker.Add(provenance.Article{ID: "wire-1", Text: "...", Source: "Wire"})
	if err != nil {
		log.Fatal(err) // a duplicate ID, or Redis failed
	}
	fmt.Println(v.Story, v.Origin)
}
