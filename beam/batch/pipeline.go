package batch

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"

	"github.com/reprintlab/reprint/dedup"
)

func init() {
	register.DoFn3x1[context.Context, Shard, func(Raw), error](&readFn{})
	register.DoFn5x1[context.Context, Raw, func(Article), func(uint64, Member), func(uint64), error](&signFn{})
	register.DoFn5x1[context.Context, uint64, func(*Member) bool, func(*uint64) bool, func(uint64, Candidate), error](&pairFn{})
	register.DoFn3x0[uint64, int, func(uint64)](&hotFn{})
	register.DoFn5x1[context.Context, uint64, func(*Article) bool, func(*Candidate) bool, func(Record), error](&verifyFn{})
	register.DoFn3x1[context.Context, int, func(*Record) bool, error](&attributeFn{})
	register.Function1x2(byOrder)
	register.Emitter2[uint64, Article]()
	register.Emitter1[Raw]()
	register.Emitter1[Article]()
	register.Emitter2[uint64, Member]()
	register.Emitter1[uint64]()
	register.Emitter2[uint64, Candidate]()
	register.Emitter1[Record]()
	register.Iter1[Member]()
	register.Iter1[Article]()
	register.Iter1[uint64]()
	register.Iter1[Candidate]()
	register.Iter1[Record]()
}

// Options configure the batch job.
type Options struct {
	// Shards are the input JSONL files, in input order (see [ListShards]).
	Shards []string
	// Output is where the verdicts go, one JSONL line per article in
	// input order, in the flagger's contract (-format jsonl
	// -passages=false).
	Output string
	// Graph, if set, is where the graph document goes
	// (provenance.Graph.WriteJSON's format, settings recorded).
	Graph string
	// Index sets the signature settings and the matching rule, as for a
	// provenance.Tracker; the zero value means the defaults.
	Index dedup.IndexConfig
	// ClockSkew is provenance.Config.ClockSkew: 0 means the default, a
	// negative value trusts times exactly.
	ClockSkew time.Duration
	// BucketCap is the most articles an article is paired with in one
	// band bucket (see [DefaultBucketCap]): 0 means the default, a
	// negative value no cap.
	BucketCap int
	// Reshuffle spreads the articles over the workers after reading and
	// before signing, at the cost of moving the texts once: for inputs
	// with fewer files than workers. Without it, a file is read and
	// signed by one worker.
	Reshuffle bool
	// MaxArticle bounds one JSONL line, in bytes, as the flagger's
	// -max-article does; 0 means its default.
	MaxArticle int64
}

// ListShards expands patterns (paths or globs, local or on any file
// system Beam has registered) into the input's files: each pattern's
// files in name order, patterns in the order given. It is an error for a
// pattern to match nothing, or for a file to be given twice.
func ListShards(ctx context.Context, patterns []string) ([]string, error) {
	var out []string
	for _, p := range patterns {
		fs, err := filesystem.New(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		files, err := fs.List(ctx, p)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no such file", p)
		}
		slices.Sort(files)
		out = append(out, files...)
	}
	seen := map[string]bool{}
	for _, f := range out {
		if seen[f] {
			return nil, fmt.Errorf("%s: given twice", f)
		}
		seen[f] = true
	}
	return out, nil
}

// Build adds the job to s: read → sign → band keys → group by band key
// → candidate pairs → verify → attribute → write. It returns an error
// for settings out of range, before anything runs.
func Build(s beam.Scope, opt Options) error {
	ix, err := dedup.NewIndex(opt.Index)
	if err != nil {
		return err
	}
	cfg := ix.Config() // defaults filled in, banding solved
	switch {
	case len(opt.Shards) == 0:
		return fmt.Errorf("no input")
	case len(opt.Shards) > 1<<(64-shardBits):
		return fmt.Errorf("%d input files, at most %d", len(opt.Shards), 1<<(64-shardBits))
	case strings.TrimSpace(opt.Output) == "":
		return fmt.Errorf("no output")
	}
	bucketCap := opt.BucketCap
	if bucketCap == 0 {
		bucketCap = DefaultBucketCap
	}
	shards := make([]Shard, len(opt.Shards))
	for i, p := range opt.Shards {
		shards[i] = Shard{Index: int64(i), Path: p}
	}

	raw := beam.ParDo(s.Scope("Read"), &readFn{MaxArticle: opt.MaxArticle}, beam.CreateList(s, shards))
	if opt.Reshuffle {
		raw = beam.Reshuffle(s, raw)
	}
	articles, bands, keys := beam.ParDo3(s.Scope("Sign"), &signFn{Index: cfg}, raw)
	keyed := beam.ParDo(s.Scope("KeyByOrder"), byOrder, articles)

	// The hot buckets' keys, for every bucket to know which of a pair's
	// shared bands emit it (see pairFn).
	hot := beam.ParDo(s.Scope("HotBuckets"), &hotFn{Cap: bucketCap}, stats.Count(s.Scope("BucketSizes"), keys))

	buckets := beam.GroupByKey(s.Scope("GroupByBand"), bands)
	cands := beam.ParDo(s.Scope("Pair"), &pairFn{Index: cfg, Cap: bucketCap}, buckets, beam.SideInput{Input: hot})

	byLater := beam.CoGroupByKey(s.Scope("JoinLater"), keyed, cands)
	records := beam.ParDo(s.Scope("Verify"), &verifyFn{Index: cfg}, byLater)

	all := beam.GroupByKey(s.Scope("Gather"), beam.AddFixedKey(s, records))
	beam.ParDo0(s.Scope("Attribute"), &attributeFn{Settings: cfg.Settings, MinContainment: cfg.MinContainment,
		ClockSkew: opt.ClockSkew, Output: opt.Output, Graph: opt.Graph, Shards: opt.Shards}, all)
	return nil
}

// byOrder keys an article by its order key.
func byOrder(a Article) (uint64, Article) { return a.Order, a }
