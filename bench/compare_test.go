package bench

// The comparison benchmarks. Run them all in one process:
//
//	cd bench && go test -run '^$' -bench . -count 3     # figures for README.md
//	cd bench && go test -run '^$' -bench . -benchtime 1x # CI smoke run, every row once
//
// Rows of one comparison sit next to each other, peers first, so that
// the reprint row after them can report its ratio to each peer measured
// in the same process: a metric "reprint/PEER" is reprint's figure
// divided by the peer's (below 1: reprint is faster, or smaller for
// "mem-reprint/PEER"). With -count N each row runs N times in a row and
// the ratios use the peers' last run.
//
// BenchmarkFingerprint: tokenise + shingle + sign one real news article
// (seed 001 of testdata/seeds, extended with seed 000), 1, 5 and 64 KB,
// k = 128. Rows:
//   - go-minhash: plain github.com/dgryski/go-minhash MinWise with the two
//     seeded XXH64 functions reprint uses, fed reprint's shingle hashes
//     (shingle.Shingler.AppendHashes, a map for distinct hashes, one Push
//     of 8 little-endian bytes each, a new MinWise per document). Its
//     slots equal reprint-minwise's (TestGoMinhashAdapterAgrees).
//   - go-minhash-push-only: only the Push calls over pre-computed distinct
//     hashes, the floor of the classic path.
//   - reprint-minwise: dedup.Signer with Method MinWise (the classic path).
//   - reprint-oph: dedup.Signer with Method OnePermutation (the fast path).
//
// BenchmarkIndex: insert and query at 100k and 1M synthetic signatures
// (see synth: 1% near-copies, half the queries hit). Each index is built
// once per row run and kept for the query rows (package-level cache, so
// -benchtime 1x builds each 1M index once). One op is one insert or one
// query: ns/op, B/op and allocs/op are reported per document or per
// query. Rows:
//   - Insert/ekzhu: github.com/ekzhu/minhash-lsh NewMinhashLSH32 with the
//     threshold that makes its own parameter search pick reprint's
//     banding (28x2 at k = 128; it has no constructor taking bands and
//     rows), initSize n, int keys, Add for every document then Index()
//     (ekzhu sorts its band tables; keys are not searchable before).
//     sort-ns/doc is the Index() part of ns/op.
//     store-ns/doc and store-bytes/doc are a second, separately timed
//     step: a copy of every signature, which ekzhu does not keep and
//     verification needs. The ratios name ekzhu+store the sum of both.
//   - Insert/reprint: dedup.Index with its default IndexConfig (no
//     Capacity hint), Add. It keeps the signatures, and each document is
//     searchable as soon as it is added.
//   - Insert/reprint-presized: the same with IndexConfig.Capacity = n,
//     the counterpart of ekzhu's initSize.
//   - bytes/doc: heap retained per document by the structure built
//     (runtime.GC, then the HeapAlloc delta over n).
//   - Query/ekzhu-unverified: ekzhu's Query, which returns band
//     candidates without verifying them (results/query counts
//     candidates). Not the same work as reprint: shown for reference.
//   - Query/ekzhu+verify: ekzhu's candidates, each scored with
//     dedup.Compare against the stored copy, kept when at least
//     MinContainment of one side is in the other, sorted best first: the
//     work reprint's Query does (less its stitched-copy rule, which never
//     fires on these signatures; TestEkzhuAgreesWithReprint checks that
//     the two return the same matches).
//   - Query/reprint: dedup.Index.AppendQuery, verified, best first.
//   - p50-ns, p99-ns: latency percentiles of single queries, each timed
//     with time.Now (its ~30 ns is in every query row's ns/op too).
//
// BenchmarkStream: every Reuters-21578 story in file order (21.5 MB,
// 20,841 stories; skipped when the corpus is absent) signed, queried
// against and then added to one growing reprint Index, by 1 and 2
// goroutines (one Signer each, one shared Index). One op is one pass over
// the stream; articles/s and copies (stories with a match) are per pass.
// ekzhu has no row here: its keys are searchable only after Index()
// re-sorts every table, and it is not safe for concurrent use.

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reprintlab/reprint/dedup"
)

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		// The testing package prints goos, goarch, pkg and cpu.
		fmt.Printf("gomaxprocs: %d\n", runtime.GOMAXPROCS(0))
		fmt.Printf("go: %s\n", runtime.Version())
	}
	os.Exit(m.Run())
}

// rowResults holds each row's last figure, for the ratios of the rows
// after it. Benchmarks run one at a time, but the map is cheap to guard.
var rowResults sync.Map // string → float64

func record(key string, v float64) { rowResults.Store(key, v) }

// reportRatios reports v divided by each peer's recorded figure under
// group, as unit prefix+"reprint/"+peer.
func reportRatios(b *testing.B, group string, v float64, prefix string, peers ...string) {
	for _, p := range peers {
		if x, ok := rowResults.Load(group + "/" + p); ok && x.(float64) > 0 {
			b.ReportMetric(v/x.(float64), prefix+"reprint/"+p)
		}
	}
}

// ---------------------------------------------------------------------

func BenchmarkFingerprint(b *testing.B) {
	var peers []string
	for _, c := range signerCases {
		if c.peer {
			peers = append(peers, c.name)
		}
	}
	for _, size := range []int{1 << 10, 5 << 10, 64 << 10} {
		text := article(b, size)
		group := fmt.Sprintf("%dKB", size>>10)
		for _, c := range signerCases {
			b.Run(group+"/"+c.name, func(b *testing.B) {
				run := c.prepare(b, text)
				if err := run(); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					if err := run(); err != nil {
						b.Fatal(err)
					}
					n++
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(n)
				b.ReportMetric(1e9/ns, "docs/s")
				record("sign/"+group+"/"+c.name, ns)
				if !c.peer {
					reportRatios(b, "sign/"+group, ns, "", peers...)
				}
			})
		}
	}
}

// ---------------------------------------------------------------------

// indexSizes are the index sizes compared.
var indexSizes = []int{100_000, 1_000_000}

func sizeName(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

// indexCache holds one size's signatures and the indexes built from them,
// so the query rows reuse what the insert rows built. Benchmarks run one
// at a time, so it needs no lock.
type indexCache struct {
	data    *synth
	reprint *dedup.Index
	ekzhu   *ekzhuIndex
}

var indexCaches = map[int]*indexCache{}

func cacheFor(n int) *indexCache {
	c := indexCaches[n]
	if c == nil {
		c = &indexCache{data: newSynth(n, numQueries)}
		indexCaches[n] = c
	}
	return c
}

func buildReprint(tb testing.TB, d *synth) *dedup.Index {
	return buildReprintWith(tb, d, dedup.IndexConfig{})
}

func buildReprintWith(tb testing.TB, d *synth, cfg dedup.IndexConfig) *dedup.Index {
	ix, err := dedup.NewIndex(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	for i, sig := range d.sigs {
		if err := ix.Add(d.ids[i], sig); err != nil {
			tb.Fatal(err)
		}
	}
	return ix
}

// buildEkzhu adds every document to a new ekzhu index and sorts it; the
// store of signatures is left to keep.
func buildEkzhu(d *synth) *ekzhuIndex {
	e := newEkzhuIndex(len(d.sigs))
	for i, sig := range d.sigs {
		e.add(i, sig)
	}
	e.build()
	return e
}

func (c *indexCache) getReprint(tb testing.TB) *dedup.Index {
	if c.reprint == nil {
		c.reprint = buildReprint(tb, c.data)
	}
	return c.reprint
}

func (c *indexCache) getEkzhu() *ekzhuIndex {
	if c.ekzhu == nil || c.ekzhu.store == nil {
		c.ekzhu = nil
		runtime.GC()
		c.ekzhu = buildEkzhu(c.data)
		c.ekzhu.keep(c.data.sigs)
	}
	return c.ekzhu
}

// insertStats are per-document figures of an insert row.
type insertStats struct {
	ns, retained float64 // the build
	// extraNs and extraRetained are those of the extra step, if any.
	extraNs, extraRetained float64
}

// benchInsert times build, which indexes every document of c and keeps
// the result in c, once per b.Loop iteration. drop releases the
// previous result first, so one size never holds two copies of an index.
// extra, if not nil, runs after each build, outside the benchmark timer,
// timed and measured on its own. It reports per document: ns/op, B/op
// and allocs/op during the build, and bytes/doc retained after it.
func benchInsert(b *testing.B, c *indexCache, drop, build, extra func()) insertStats {
	n := float64(len(c.data.sigs))
	b.ReportAllocs()
	var m0, m1, m2, m3 runtime.MemStats
	var st insertStats
	iters := 0
	for b.Loop() {
		b.StopTimer()
		drop()
		runtime.GC()
		runtime.ReadMemStats(&m0)
		b.StartTimer()
		build()
		b.StopTimer()
		runtime.ReadMemStats(&m1)
		runtime.GC()
		runtime.ReadMemStats(&m2)
		if extra != nil {
			t := time.Now()
			extra()
			st.extraNs = float64(time.Since(t).Nanoseconds()) / n
			runtime.GC()
			runtime.ReadMemStats(&m3)
			st.extraRetained = (float64(m3.HeapAlloc) - float64(m2.HeapAlloc)) / n
		}
		b.StartTimer()
		iters++
	}
	st.ns = float64(b.Elapsed().Nanoseconds()) / (float64(iters) * n)
	st.retained = (float64(m2.HeapAlloc) - float64(m0.HeapAlloc)) / n
	b.ReportMetric(st.ns, "ns/op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/n, "B/op")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/n, "allocs/op")
	b.ReportMetric(st.retained, "bytes/doc")
	b.ReportMetric(1e9/st.ns, "docs/s")
	return st
}

// latencyPasses is how many passes over the queries keep their single
// latencies for the percentiles.
const latencyPasses = 4

// benchQuery times passes over c's queries; query runs one and returns
// its number of results. It reports per query: ns/op, B/op, allocs/op,
// the p50 and p99 latency and results/query.
func benchQuery(b *testing.B, c *indexCache, key string, query func(*dedup.Signature) int) float64 {
	qs := c.data.queries
	lat := make([]time.Duration, latencyPasses*len(qs))
	results, passes := 0, 0
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	b.ReportAllocs()
	for b.Loop() {
		l := lat[(passes%latencyPasses)*len(qs):]
		t := time.Now()
		for i, q := range qs {
			results += query(q)
			now := time.Now()
			l[i] = now.Sub(t)
			t = now
		}
		passes++
	}
	runtime.ReadMemStats(&m1)
	nq := float64(passes * len(qs))
	lat = lat[:min(passes, latencyPasses)*len(qs)]
	slices.Sort(lat)
	ns := float64(b.Elapsed().Nanoseconds()) / nq
	b.ReportMetric(ns, "ns/op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/nq, "B/op")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/nq, "allocs/op")
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(results)/nq, "results/query")
	record("query/"+key, ns)
	return ns
}

func BenchmarkIndex(b *testing.B) {
	for _, n := range indexSizes {
		name := sizeName(n)
		b.Run(name+"/Insert/ekzhu", func(b *testing.B) {
			c := cacheFor(n)
			_ = ekzhuParams()
			st := benchInsert(b, c,
				func() { c.ekzhu = nil },
				func() { c.ekzhu = buildEkzhu(c.data) },
				func() { c.ekzhu.keep(c.data.sigs) })
			b.ReportMetric(float64(c.ekzhu.sortTime.Nanoseconds())/float64(n), "sort-ns/doc")
			b.ReportMetric(st.extraNs, "store-ns/doc")
			b.ReportMetric(st.extraRetained, "store-bytes/doc")
			record("insert/"+name+"/ekzhu", st.ns)
			record("mem/"+name+"/ekzhu", st.retained)
			record("insert/"+name+"/ekzhu+store", st.ns+st.extraNs)
			record("mem/"+name+"/ekzhu+store", st.retained+st.extraRetained)
		})
		b.Run(name+"/Insert/reprint", func(b *testing.B) {
			c := cacheFor(n)
			st := benchInsert(b, c,
				func() { c.reprint = nil },
				func() { c.reprint = buildReprint(b, c.data) },
				nil)
			reportRatios(b, "insert/"+name, st.ns, "", "ekzhu", "ekzhu+store")
			reportRatios(b, "mem/"+name, st.retained, "mem-", "ekzhu", "ekzhu+store")
		})
		b.Run(name+"/Insert/reprint-presized", func(b *testing.B) {
			// IndexConfig.Capacity = n, as ekzhu gets initSize = n. Not
			// kept: the query rows use the default index.
			c := cacheFor(n)
			var ix *dedup.Index
			st := benchInsert(b, c,
				func() { ix = nil },
				func() { ix = buildReprintWith(b, c.data, dedup.IndexConfig{Capacity: n}) },
				nil)
			if ix.Len() != n {
				b.Fatalf("%d documents indexed, want %d", ix.Len(), n)
			}
			ix = nil
			reportRatios(b, "insert/"+name, st.ns, "", "ekzhu", "ekzhu+store")
			reportRatios(b, "mem/"+name, st.retained, "mem-", "ekzhu", "ekzhu+store")
		})
		b.Run(name+"/Query/ekzhu-unverified", func(b *testing.B) {
			c := cacheFor(n)
			e := c.getEkzhu()
			benchQuery(b, c, name+"/ekzhu-unverified", func(q *dedup.Signature) int { return len(e.candidates(q)) })
		})
		b.Run(name+"/Query/ekzhu+verify", func(b *testing.B) {
			c := cacheFor(n)
			e := c.getEkzhu()
			var dst []ekzhuMatch
			benchQuery(b, c, name+"/ekzhu+verify", func(q *dedup.Signature) int {
				dst = e.verified(dst[:0], q)
				return len(dst)
			})
		})
		b.Run(name+"/Query/reprint", func(b *testing.B) {
			c := cacheFor(n)
			ix := c.getReprint(b)
			dst := make([]dedup.Match, 0, 16)
			ns := benchQuery(b, c, name+"/reprint", func(q *dedup.Signature) int {
				var err error
				if dst, err = ix.AppendQuery(dst[:0], q); err != nil {
					b.Fatal(err)
				}
				return len(dst)
			})
			reportRatios(b, "query/"+name, ns, "", "ekzhu-unverified", "ekzhu+verify")
		})
		// Release this size before the next one is built.
		delete(indexCaches, n)
		runtime.GC()
	}
}

// ---------------------------------------------------------------------

// streamPass signs, queries and adds every story with g goroutines (one
// Signer each) on one new Index, and returns the number of stories that
// matched an earlier one.
func streamPass(stories []story, method dedup.Method, g int) (int, error) {
	settings := dedup.Settings{Method: method}
	ix, err := dedup.NewIndex(dedup.IndexConfig{Settings: settings})
	if err != nil {
		return 0, err
	}
	var next, copies atomic.Int64
	errs := make([]error, g)
	var wg sync.WaitGroup
	for w := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := dedup.NewSigner(settings)
			if err != nil {
				errs[w] = err
				return
			}
			sig := new(dedup.Signature)
			dst := make([]dedup.Match, 0, 16)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(stories) {
					return
				}
				if err := s.SignTo(sig, stories[i].Text); errors.Is(err, dedup.ErrTooShort) {
					continue
				} else if err != nil {
					errs[w] = err
					return
				}
				if dst, err = ix.AppendQuery(dst[:0], sig); err != nil {
					errs[w] = err
					return
				}
				if len(dst) > 0 {
					copies.Add(1)
				}
				if err := ix.Add(stories[i].ID, sig); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return int(copies.Load()), errors.Join(errs...)
}

func BenchmarkStream(b *testing.B) {
	for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		for _, g := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/g%d", m, g), func(b *testing.B) {
				c := reutersStories(b)
				b.SetBytes(c.bytes)
				b.ReportAllocs()
				copies, iters := 0, 0
				for b.Loop() {
					var err error
					if copies, err = streamPass(c.stories, m, g); err != nil {
						b.Fatal(err)
					}
					iters++
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(iters*len(c.stories))
				b.ReportMetric(1e9/ns, "articles/s")
				b.ReportMetric(float64(copies), "copies")
				key := fmt.Sprintf("stream/%s/g", m)
				record(fmt.Sprint(key, g), ns)
				if x, ok := rowResults.Load(key + "1"); ok && g > 1 {
					b.ReportMetric(x.(float64)/ns, "speedup-vs-g1")
				}
			})
		}
	}
}
