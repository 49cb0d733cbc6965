package bench

// Peer adapters, synthetic signatures and corpus loaders shared by the
// benchmarks and the guard tests.

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	minhash "github.com/dgryski/go-minhash"
	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

// numHashes is k, the signature length of every row.
const numHashes = dedup.DefaultNumHashes

// ---------------------------------------------------------------------
// Fingerprinting: the signers under test.

// signerCase is one fingerprinting row. prepare does the per-text set-up
// (outside the timed loop) and returns the work of one iteration.
type signerCase struct {
	name    string
	peer    bool // a peer row: reprint rows report their ratio to it
	prepare func(tb testing.TB, text string) func() error
}

// signerCases are the fingerprinting rows, peers first so that the
// reprint rows can report their ratio to them. A new signing method of
// package dedup is one more reprintSigner line.
var signerCases = []signerCase{
	{"go-minhash", true, goMinhashPipeline},
	{"go-minhash-push-only", true, goMinhashPushOnly},
	{"reprint-minwise", false, reprintSigner(dedup.Settings{Method: dedup.MinWise})},
	{"reprint-oph", false, reprintSigner(dedup.Settings{Method: dedup.OnePermutation})},
}

// reprintSigner is dedup.Signer.SignTo: tokenise, normalise, shingle,
// drop repeated shingles and sign, into a reused Signature.
func reprintSigner(settings dedup.Settings) func(testing.TB, string) func() error {
	return func(tb testing.TB, text string) func() error {
		s, err := dedup.NewSigner(settings)
		if err != nil {
			tb.Fatal(err)
		}
		sig := new(dedup.Signature)
		return func() error { return s.SignTo(sig, text) }
	}
}

// seededXXH64 is the go-minhash hash function reprint's MinWise method
// uses: XXH64 with a fixed seed.
func seededXXH64(seed uint64) minhash.Hash64 {
	return func(b []byte) uint64 {
		var d xxhash.Digest
		d.ResetWithSeed(seed)
		_, _ = d.Write(b)
		return d.Sum64()
	}
}

// goMinhash is plain go-minhash fed with reprint's shingle hashes: the
// pipeline a user of go-minhash would write around package shingle.
type goMinhash struct {
	sh     *shingle.Shingler
	h1, h2 minhash.Hash64
	hashes []uint64
	seen   map[uint64]struct{}
	out    []uint32
}

func newGoMinhash(tb testing.TB) *goMinhash {
	sh, err := shingle.New(shingle.Config{})
	if err != nil {
		tb.Fatal(err)
	}
	return &goMinhash{
		sh: sh, h1: seededXXH64(dedup.MinHashSeed1), h2: seededXXH64(dedup.MinHashSeed2),
		seen: make(map[uint64]struct{}),
	}
}

// sign shingles text with shingle.Shingler.AppendHashes, pushes every
// distinct hash as 8 little-endian bytes into a new go-minhash MinWise
// and keeps the high 32 bits of each slot (reprint mixes each slot
// value first: see mixedFromGoMinhash in guard_test.go). It returns
// the slots and the number of distinct shingles.
func (g *goMinhash) sign(text string) ([]uint32, int) {
	g.hashes = g.sh.AppendHashes(g.hashes[:0], text)
	clear(g.seen)
	mw := minhash.NewMinWise(g.h1, g.h2, numHashes)
	var key [8]byte
	for _, h := range g.hashes {
		if _, dup := g.seen[h]; dup {
			continue
		}
		g.seen[h] = struct{}{}
		binary.LittleEndian.PutUint64(key[:], h)
		mw.Push(key[:])
	}
	g.out = g.out[:0]
	for _, m := range mw.Signature() {
		g.out = append(g.out, uint32(m>>32))
	}
	return g.out, len(g.seen)
}

// goMinhashPipeline times goMinhash.sign: shingling, the distinct set
// and the Push calls.
func goMinhashPipeline(tb testing.TB, text string) func() error {
	g := newGoMinhash(tb)
	return func() error {
		if _, n := g.sign(text); n == 0 {
			return errors.New("no shingles")
		}
		return nil
	}
}

// goMinhashPushOnly is the floor of the classic path: the distinct
// shingle hashes are computed once, outside the loop, and each iteration
// is only a new MinWise and one Push per distinct shingle.
func goMinhashPushOnly(tb testing.TB, text string) func() error {
	g := newGoMinhash(tb)
	var keys [][]byte
	seen := map[uint64]bool{}
	for _, h := range g.sh.AppendHashes(nil, text) {
		if !seen[h] {
			seen[h] = true
			keys = append(keys, binary.LittleEndian.AppendUint64(nil, h))
		}
	}
	return func() error {
		mw := minhash.NewMinWise(g.h1, g.h2, numHashes)
		for _, k := range keys {
			mw.Push(k)
		}
		return nil
	}
}

// ---------------------------------------------------------------------
// Indexes: reprint's dedup.Index and ekzhu/minhash-lsh.

// ekzhuThreshold returns the threshold for which ekzhu/minhash-lsh's own
// parameter search (optimalKL, equal weights, no way to pass bands and
// rows directly) chooses banding want, scanning 0.005..0.995. ok is false
// when no threshold gives it; the threshold returned is then want's
// Jaccard threshold and its banding is ekzhu's own choice.
func ekzhuThreshold(want dedup.Banding, fallback float64) (t float64, got dedup.Banding, ok bool) {
	for i := 5; i < 1000; i += 5 {
		t := float64(i) / 1000
		rows, bands := minhashlsh.NewMinhashLSH32(numHashes, t, 0).Params()
		if (dedup.Banding{Bands: bands, Rows: rows}) == want {
			return t, want, true
		}
	}
	rows, bands := minhashlsh.NewMinhashLSH32(numHashes, fallback, 0).Params()
	return fallback, dedup.Banding{Bands: bands, Rows: rows}, false
}

// reprintConfig is the configuration of reprint's index in every index
// row: the default IndexConfig, its banding solved.
var reprintConfig = sync.OnceValue(func() dedup.IndexConfig {
	ix, err := dedup.NewIndex(dedup.IndexConfig{})
	if err != nil {
		panic(err)
	}
	return ix.Config()
})

// ekzhuParams is the threshold given to ekzhu's NewMinhashLSH32, chosen
// so that its banding equals reprint's.
var ekzhuParams = sync.OnceValue(func() ekzhuSetup {
	cfg := reprintConfig()
	t, got, ok := ekzhuThreshold(cfg.Banding, cfg.BandingThreshold)
	if ok {
		fmt.Printf("ekzhu-banding: NewMinhashLSH32(numHash=%d, threshold=%.3f, initSize=n) -> %s, as reprint's IndexConfig{} (%s)\n",
			numHashes, t, got, cfg.Banding)
	} else {
		fmt.Printf("ekzhu-banding: MISMATCH: no threshold makes ekzhu choose %s; NewMinhashLSH32(numHash=%d, threshold=%.3f) -> %s\n",
			cfg.Banding, numHashes, t, got)
	}
	return ekzhuSetup{threshold: t, banding: got, matches: ok}
})

type ekzhuSetup struct {
	threshold float64
	banding   dedup.Banding
	matches   bool
}

// ekzhuIndex is ekzhu/minhash-lsh with int keys (document numbers: the
// cheapest key for it, no string per document) and, when built for
// verification, a store of signature copies indexed by key. ekzhu keeps
// no signatures: its Query returns unverified band candidates.
type ekzhuIndex struct {
	lsh   *minhashlsh.MinhashLSH
	store []*dedup.Signature // copies of the indexed signatures, by key (see keep)
	wide  []uint64           // scratch: a signature widened to ekzhu's []uint64
	slots []uint32
	minC  float64

	sortTime time.Duration // of the last build
}

// widen converts sig to the []uint64 ekzhu wants. Its 32-bit hash tables
// (NewMinhashLSH32) key bands on the low 32 bits of each value, which are
// exactly reprint's slots. The copy costs about 0.1 µs per signature.
func (e *ekzhuIndex) widen(sig *dedup.Signature) []uint64 {
	e.slots = sig.AppendValues(e.slots[:0])
	e.wide = e.wide[:0]
	for _, v := range e.slots {
		e.wide = append(e.wide, uint64(v))
	}
	return e.wide
}

func newEkzhuIndex(n int) *ekzhuIndex {
	return &ekzhuIndex{
		lsh:  minhashlsh.NewMinhashLSH32(numHashes, ekzhuParams().threshold, n),
		minC: reprintConfig().MinContainment,
	}
}

// add indexes sig under key i. Keys are searchable only after build.
func (e *ekzhuIndex) add(i int, sig *dedup.Signature) { e.lsh.Add(i, e.widen(sig)) }

// keep stores a copy of every signature, which ekzhu does not keep and
// verification needs.
func (e *ekzhuIndex) keep(sigs []*dedup.Signature) {
	e.store = make([]*dedup.Signature, len(sigs))
	for i, sig := range sigs {
		c, err := dedup.NewSignature(sig.Settings(), sig.Shingles(), sig.AppendValues(e.slots[:0]))
		if err != nil {
			panic(err)
		}
		e.store[i] = c
	}
}

// build is ekzhu's Index: it sorts every band table. Its time is kept in
// sortTime.
func (e *ekzhuIndex) build() {
	t := time.Now()
	e.lsh.Index()
	e.sortTime = time.Since(t)
}

// candidates returns ekzhu's unverified candidates for q.
func (e *ekzhuIndex) candidates(q *dedup.Signature) []any { return e.lsh.Query(e.widen(q)) }

// ekzhuMatch is a verified ekzhu candidate.
type ekzhuMatch struct {
	key int
	dedup.Scores
}

// verified returns ekzhu's candidates that pass reprint's one-to-one
// rule (at least MinContainment of one side found in the other, scored
// with dedup.Compare), best first: the work reprint's Query does, less
// its rule for stitched copies, which synthetic signatures never trigger.
func (e *ekzhuIndex) verified(dst []ekzhuMatch, q *dedup.Signature) []ekzhuMatch {
	for _, c := range e.candidates(q) {
		key := c.(int)
		s, err := dedup.Compare(q, e.store[key])
		if err != nil {
			panic(err)
		}
		if s.MaxContainment() >= e.minC {
			dst = append(dst, ekzhuMatch{key, s})
		}
	}
	slices.SortFunc(dst, func(a, b ekzhuMatch) int {
		if c := cmp.Compare(b.MaxContainment(), a.MaxContainment()); c != 0 {
			return c
		}
		return cmp.Compare(b.Jaccard, a.Jaccard)
	})
	return dst
}

// ---------------------------------------------------------------------
// Synthetic signatures.

// synth is a deterministic set of n indexed signatures and their queries.
// Values are uniform random 32-bit slots (what MinHash slots of unrelated
// documents look like), distinct-shingle counts uniform in 100..999. One
// document in 100 is a copy of an earlier one with 10–30% of its slots
// changed (Jaccard ≈ 0.7–0.9, containment ≈ 0.82–0.95 both ways: a
// verified match). Queries alternate: even ones are such copies of a
// random indexed document (true hits, often with that document's own
// copies as extra candidates), odd ones are fresh random signatures.
type synth struct {
	sigs      []*dedup.Signature
	ids       []string // reprint's IDs: the decimal document number
	queries   []*dedup.Signature
	hitOf     []int // for even queries, the indexed document it copies; -1 for misses
	copies    int   // near-copies among the indexed documents
	copyPairs [][2]int
}

const numQueries = 10_000

func newSynth(n, nq int) *synth {
	id := reprintConfig().Settings
	r := rand.New(rand.NewPCG(uint64(n), 0x7265_7072_696e_7431))
	s := &synth{sigs: make([]*dedup.Signature, n), ids: make([]string, n)}
	vals := make([]uint32, numHashes)
	var perm [numHashes]int
	for i := range perm {
		perm[i] = i
	}
	// mutate changes 13..38 distinct slots (10–30% of 128).
	mutate := func() {
		c := 13 + r.IntN(26)
		for j := range c {
			k := j + r.IntN(numHashes-j)
			perm[j], perm[k] = perm[k], perm[j]
			vals[perm[j]] = r.Uint32()
		}
	}
	random := func() int {
		for j := range vals {
			vals[j] = r.Uint32()
		}
		return 100 + r.IntN(900)
	}
	mk := func(shingles int) *dedup.Signature {
		sig, err := dedup.NewSignature(id, shingles, vals)
		if err != nil {
			panic(err)
		}
		return sig
	}
	for i := range n {
		s.ids[i] = strconv.Itoa(i)
		if i > 0 && r.IntN(100) == 0 {
			src := r.IntN(i)
			vals = s.sigs[src].AppendValues(vals[:0])
			mutate()
			s.sigs[i] = mk(s.sigs[src].Shingles())
			s.copies++
			s.copyPairs = append(s.copyPairs, [2]int{i, src})
			continue
		}
		s.sigs[i] = mk(random())
	}
	for q := range nq {
		if q%2 == 0 {
			src := r.IntN(n)
			vals = s.sigs[src].AppendValues(vals[:0])
			mutate()
			s.queries = append(s.queries, mk(s.sigs[src].Shingles()))
			s.hitOf = append(s.hitOf, src)
		} else {
			s.queries = append(s.queries, mk(random()))
			s.hitOf = append(s.hitOf, -1)
		}
	}
	return s
}

// ---------------------------------------------------------------------
// Real text.

// seedNames are the bundled seed articles (testdata/seeds of the
// library), in the order seen; 003 is a truncated, re-flowed copy of 001.
var seedNames = []string{
	"000_468044057261e0d6", "001_7cb3ead0d8dc3d74", "002_8116756d16084da1",
	"003_d897e868842ded34", "004_c866b469c61a0d9e",
}

func seed(tb testing.TB, i int) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", seedNames[i]+".txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// article returns a real news text of n bytes: seed 001, then seed 000
// as often as needed, cut at a rune boundary. It is the input of
// dedup's own BenchmarkSign, so the figures can be checked against it.
func article(tb testing.TB, n int) string {
	text := seed(tb, 1)
	for len(text) < n {
		text += "\n" + seed(tb, 0)
	}
	text = text[:n]
	for !utf8.ValidString(text) {
		text = text[:len(text)-1]
	}
	return text
}

// story is one Reuters-21578 record.
type story struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// reutersPath is the research corpus beside the checkout (read in place,
// never copied into the repository); REPRINT_REUTERS overrides it.
func reutersPath() string {
	if p := os.Getenv("REPRINT_REUTERS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "corpora", "reuters21578", "reuters21578.jsonl")
}

type reutersCorpus struct {
	stories []story
	bytes   int64
	err     error
}

// reuters reads the corpus once per process.
var reuters = sync.OnceValue(func() reutersCorpus {
	f, err := os.Open(reutersPath())
	if err != nil {
		return reutersCorpus{err: err}
	}
	defer f.Close()
	var c reutersCorpus
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		var s story
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return reutersCorpus{err: fmt.Errorf("%s line %d: %w", reutersPath(), line, err)}
		}
		c.stories = append(c.stories, s)
		c.bytes += int64(len(s.Text))
	}
	c.err = sc.Err()
	return c
})

// reutersStories returns the corpus, or skips when it is absent.
func reutersStories(tb testing.TB) reutersCorpus {
	tb.Helper()
	c := reuters()
	if errors.Is(c.err, fs.ErrNotExist) {
		tb.Skipf("Reuters corpus not available (%v)", c.err)
	}
	if c.err != nil {
		tb.Fatal(c.err)
	}
	return c
}
