// Command reprint-beam runs reprint's batch job on Apache Beam: it reads
// JSONL articles (one file or many shards), finds who copied whom by the
// same rules as the flagger's Tracker, and writes the verdicts in the
// flagger's JSONL contract and, with -graph, the graph document.
//
// Usage:
//
//	reprint-beam -input 'IN-*.jsonl' -output OUT.jsonl [-graph G.json] [flags]
//
// By default the job runs in this process on Beam's prism runner; no
// service is needed. -runner flink, spark or universal submit it to a
// cluster's Beam job service, with the SDK's usual flags (-endpoint,
// -environment_type, -environment_config). Dataflow's runner, and the
// gs:// and s3:// file systems, are not compiled in: they pull in their
// cloud SDKs. See the package documentation of
// github.com/reprintlab/reprint/beam/batch.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/reprintlab/reprint/beam/batch"
	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// runners maps -runner to the runners this binary carries.
var runners = map[string]func(context.Context, *beam.Pipeline) (beam.PipelineResult, error){
	"prism":     prism.Execute,
	"direct":    direct.Execute,
	"universal": universal.Execute,
	"flink":     universal.Execute, // a Flink job service (flink-job-server) speaks the portable API
	"spark":     universal.Execute, // likewise a Spark job service
}

var (
	input      = flag.String("input", "", "input JSONL: a file, a glob, or a comma-separated list of them, in input order (local paths, or any file system this binary carries)")
	output     = flag.String("output", "", "verdicts, one JSONL line per article in input order (the flagger's -format jsonl -passages=false)")
	graphOut   = flag.String("graph", "", "also write the graph document (provenance JSON) here")
	runnerName = flag.String("runner", "prism", "Beam runner: prism (in this process), direct (in this process, leaner), or flink, spark, universal (a portable job service at -endpoint)")
	bucketCap  = flag.Int("bucket-cap", batch.DefaultBucketCap, "most earlier articles an article is paired with in one band bucket (negative: no cap)")
	reshuffle  = flag.Bool("reshuffle", false, "spread articles over workers before signing (for fewer input files than workers)")
	maxArticle = flag.Int64("max-article", 16<<20, "most bytes one JSONL line may have")

	method      = flag.String("method", dedup.DefaultMethod.String(), "signing method: minwise or oph")
	containment = flag.Float64("containment", dedup.DefaultMinContainment, "share of one article that must be found in another for a link (0..1]")
	ratio       = flag.Float64("min-length-ratio", dedup.DefaultMinLengthRatio, "shortest copy, relative to its source, the bands are built to find (0..1]")
	words       = flag.Int("shingle", shingle.DefaultWordSize, "words per shingle")
	chars       = flag.Int("char-shingle", shingle.DefaultCharSize, "characters per shingle in scripts without spaces")
	hashes      = flag.Int("hashes", dedup.DefaultNumHashes, "MinHash signature length")
	minShingles = flag.Int("min-shingles", dedup.DefaultMinShingles, "fewest distinct shingles an article needs to be fingerprinted")
	cpuProfile  = flag.String("cpuprofile", "", "write a CPU profile of the whole run (all stages, on prism or direct) to this file")
	skew        = flag.Duration("skew", provenance.DefaultClockSkew, "clock skew between outlets (0: none; negative: trust times exactly)")
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: reprint-beam -input IN.jsonl -output OUT.jsonl [flags]\n\nflags (and the Beam SDK's own):")
		flag.PrintDefaults()
	}
	flag.Parse()
	beam.Init() // on a cluster, this binary is also the worker
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "reprint-beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	if *input == "" || *output == "" {
		flag.Usage()
		return errors.New("give -input and -output")
	}
	execute, ok := runners[*runnerName]
	if !ok {
		return fmt.Errorf("-runner %q: want prism, direct, flink, spark or universal", *runnerName)
	}
	m, err := dedup.ParseMethod(*method)
	if err != nil {
		return fmt.Errorf("-method %q: want minwise or oph", *method)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"containment", *containment}, {"min-length-ratio", *ratio}, {"shingle", float64(*words)},
		{"char-shingle", float64(*chars)}, {"hashes", float64(*hashes)}, {"min-shingles", float64(*minShingles)},
		{"max-article", float64(*maxArticle)}} {
		if f.v <= 0 {
			return fmt.Errorf("-%s %v: must be positive", f.name, f.v)
		}
	}
	clockSkew := *skew
	if clockSkew == 0 {
		clockSkew = -1 // 0 on the command line means none, as for the flagger
	}
	shards, err := batch.ListShards(ctx, strings.Split(*input, ","))
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	err = batch.Build(s, batch.Options{
		Shards: shards, Output: *output, Graph: *graphOut, ClockSkew: clockSkew,
		BucketCap: *bucketCap, Reshuffle: *reshuffle, MaxArticle: *maxArticle,
		Index: dedup.IndexConfig{
			Settings: dedup.Settings{Shingle: shingle.Config{WordSize: *words, CharSize: *chars},
				Method: m, NumHashes: *hashes, MinShingles: *minShingles},
			MinContainment: *containment, MinLengthRatio: *ratio,
		},
	})
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	res, err := execute(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "reprint-beam: done in %s\n", time.Since(start).Round(time.Millisecond))
	if res != nil {
		batch.WriteCounters(os.Stderr, res)
	}
	return nil
}
