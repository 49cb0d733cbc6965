package batch

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// Counters returns the job's counters by name, summed over steps:
// articles, too_short, bucket_pairs (pairs scored in band buckets),
// candidates (pairs sent to verification), hot_buckets,
// hot_bucket_members, verified_links, and the payload bytes put into each
// shuffle (shuffle_bytes_articles, _bands, _band_keys, _candidates,
// _records; payload only, before the runner's encoding). Runners that report no metrics
// give an empty map.
func Counters(res beam.PipelineResult) map[string]int64 {
	out := map[string]int64{}
	if res == nil {
		return out
	}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Key.Namespace == "reprint" {
			out[c.Key.Name] += c.Result()
		}
	}
	return out
}

// WriteCounters writes the job's counters, one "name value" a line, and
// the shuffled payload per article.
func WriteCounters(w io.Writer, res beam.PipelineResult) {
	c := Counters(res)
	for _, name := range slices.Sorted(maps.Keys(c)) {
		fmt.Fprintf(w, "%s %d\n", name, c[name])
	}
	if n := c["articles"]; n > 0 {
		total := c["shuffle_bytes_articles"] + c["shuffle_bytes_bands"] + c["shuffle_bytes_band_keys"] + c["shuffle_bytes_candidates"] + c["shuffle_bytes_records"]
		fmt.Fprintf(w, "shuffle_bytes_per_article %.0f\n", float64(total)/float64(n))
	}
}
