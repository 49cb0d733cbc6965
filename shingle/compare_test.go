package shingle

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Texts of the side-by-side benchmark, as in bench_test.go (which is in
// package shingle_test and cannot be shared).
const (
	cmpRussian  = "Кремль заявил, что КРЕМЛЬ пока не поздравил нового президента США; ёлка у стен Кремля уже стоит."
	cmpUrdu     = "پاکستان کی حکومت نے ۲۰۲۴ میں نئی پالیسی کا اعلان کیا"
	cmpChinese  = "中国政府今天发布新规。"
	cmpJapanese = "東京でニュースが発表された。"
)

// cmpSized returns text repeated (separated by a newline) and cut to at
// most n bytes, on a rune boundary.
func cmpSized(text string, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(text)
		b.WriteByte('\n')
	}
	out := b.String()[:n]
	for len(out) > 0 && !utf8.ValidString(out) {
		out = out[:len(out)-1]
	}
	return out
}

// shuffledWords returns n bytes of the seeds' words in a random order: a
// text whose branches a CPU cannot learn by heart from run to run, unlike
// one short text hashed again and again.
func shuffledWords(seeds []string, n int) string {
	var words []string
	for _, s := range seeds {
		words = append(words, strings.Fields(s)...)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(words[rng.IntN(len(words))])
		b.WriteByte(' ')
	}
	return strings.ToValidUTF8(b.String()[:n], "")
}

// accented returns text with one vowel in five accented, like Latin-script
// text in most European languages.
func accented(text string) string {
	var b strings.Builder
	n := 0
	for _, r := range text {
		if i := strings.IndexRune("aeiou", r); i >= 0 {
			if n++; n%5 == 0 {
				r = []rune("áéíóü")[i]
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

type cmpInput struct{ name, text string }

func cmpInputs(tb testing.TB) []cmpInput {
	seeds := readSeeds(tb)
	seed := seeds[1] // 001, as in bench_test.go
	inputs := []cmpInput{
		{"seed001/256B", cmpSized(seed, 1<<8)},
		{"seed001/1KB", cmpSized(seed, 1<<10)},
		{"seed001/5KB", cmpSized(seed, 5<<10)},
		{"seed001/64KB", cmpSized(seed, 64<<10)},
		{"shuffled/64KB", shuffledWords(seeds, 64<<10)},
		{"accented/5KB", cmpSized(accented(seed), 5<<10)},
		{"ru+ur/5KB", cmpSized(cmpRussian+"\n"+cmpUrdu+"\n", 5<<10)},
		{"ru+ur/64KB", cmpSized(cmpRussian+"\n"+cmpUrdu+"\n", 64<<10)},
		{"zh/5KB", cmpSized(cmpChinese+cmpJapanese, 5<<10)},
		{"zh/64KB", cmpSized(cmpChinese+cmpJapanese, 64<<10)},
		// The same words in a random order: text whose branches the
		// processor cannot learn by heart, as news is.
		{"ru+ur-shuffled/64KB", shuffledWords([]string{cmpRussian, cmpUrdu}, 64<<10)},
		{"accented-shuffled/64KB", shuffledWords([]string{accented(seed)}, 64<<10)},
	}
	if text, ok := reutersText(tb, 1<<20); ok {
		inputs = append(inputs, cmpInput{"reuters/64KB", text[:64<<10]}, cmpInput{"reuters/1MB", text})
	}
	return inputs
}

// reutersPath is the Reuters-21578 corpus beside the checkout, for
// research use only: its text is read at run time, never copied into the
// repository.
const reutersPath = "../../shared/corpora/reuters21578/reuters21578.jsonl"

// reutersText returns the first n bytes (or fewer, on a rune boundary) of
// the corpus's article texts, one after the other: news that is not one
// short text repeated, whose branches a processor cannot learn by heart.
// Without the corpus it logs so and returns false.
func reutersText(tb testing.TB, n int) (string, bool) {
	f, err := os.Open(reutersPath)
	if err != nil {
		tb.Logf("no reuters inputs: the Reuters-21578 corpus is not beside the checkout (%v)", err)
		return "", false
	}
	defer f.Close()
	var b strings.Builder
	dec := json.NewDecoder(f)
	for b.Len() < n {
		var article struct{ Text string }
		if err := dec.Decode(&article); err != nil {
			tb.Fatalf("reading %s: %v", reutersPath, err)
		}
		b.WriteString(article.Text)
		b.WriteByte('\n')
	}
	return strings.ToValidUTF8(b.String()[:n], ""), true
}

// BenchmarkReferenceVsFast runs AppendHashes of the original
// implementation (reference_test.go) and of the package side by side:
//
//	go test -run '^$' -bench ReferenceVsFast ./shingle
func BenchmarkReferenceVsFast(b *testing.B) {
	for _, in := range cmpInputs(b) {
		for _, impl := range []string{"reference", "fast"} {
			b.Run(in.name+"/"+impl, func(b *testing.B) {
				run := newTestShingler(b, Config{}).AppendHashes
				if impl == "reference" {
					run = newRefShingler(Config{}).appendHashes
				}
				dst := run(nil, in.text)
				if len(dst) == 0 {
					b.Fatal("no shingles")
				}
				b.SetBytes(int64(len(in.text)))
				b.ReportAllocs()
				for b.Loop() {
					dst = run(dst[:0], in.text)
				}
			})
		}
	}
}

// BenchmarkTokeniserVsBaseline runs the tokeniser alone (fill: tokens and
// their hashes, no window hashes) of the package and of the tokeniser as
// it was before issue 12 item 3 (baseline_test.go) side by side.
// cpu-MB/s counts the thread's CPU time only, and stays meaningful on a
// loaded machine:
//
//	go test -run '^$' -bench TokeniserVsBaseline ./shingle
func BenchmarkTokeniserVsBaseline(b *testing.B) {
	for _, in := range cmpInputs(b) {
		for _, impl := range []string{"baseline", "new"} {
			b.Run(in.name+"/"+impl, func(b *testing.B) {
				s := newTestShingler(b, Config{})
				base := impl == "baseline"
				// Fill the rune tables first, out of the loop measured.
				if len(s.AppendTokens(nil, in.text)) == 0 {
					b.Fatal("no tokens")
				}
				b.SetBytes(int64(len(in.text)))
				b.ReportAllocs()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu := threadCPUTime()
				for b.Loop() {
					s.tokenise(in.text, base)
				}
				reportCPUThroughput(b, len(in.text), threadCPUTime()-cpu)
			})
		}
	}
}

// BenchmarkShinglesVsBaseline is BenchmarkReferenceVsFast with the
// tokeniser and window hash before issue 12 item 3 (baseline_test.go) as
// the other side. The xxhash row hashes the same bytes once with
// github.com/cespare/xxhash/v2 (Sum64String, assembly on amd64), a yardstick
// of what one pass of XXH64 over the text costs on the same machine in the
// same run:
//
//	go test -run '^$' -bench ShinglesVsBaseline ./shingle
func BenchmarkShinglesVsBaseline(b *testing.B) {
	for _, in := range cmpInputs(b) {
		for _, impl := range []string{"baseline", "new", "xxhash"} {
			b.Run(in.name+"/"+impl, func(b *testing.B) {
				s := newTestShingler(b, Config{})
				run := s.AppendHashes
				switch impl {
				case "baseline":
					run = s.baseAppendHashes
				case "xxhash":
					run = func(dst []uint64, text string) []uint64 {
						return append(dst, xxhash.Sum64String(text))
					}
				}
				dst := run(nil, in.text)
				if len(dst) == 0 {
					b.Fatal("no shingles")
				}
				b.SetBytes(int64(len(in.text)))
				b.ReportAllocs()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu := threadCPUTime()
				for b.Loop() {
					dst = run(dst[:0], in.text)
				}
				reportCPUThroughput(b, len(in.text), threadCPUTime()-cpu)
			})
		}
	}
}

// reportCPUThroughput reports the throughput in MB/s of CPU time, as
// "cpu-MB/s": on a machine shared with other work, the wall-clock MB/s
// of the benchmark counts the time spent waiting for a core as well.
func reportCPUThroughput(b *testing.B, size int, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
}

func TestCompareInputsMatchReference(t *testing.T) {
	s := newTestShingler(t, Config{})
	for _, in := range cmpInputs(t) {
		checkDiff(t, s, in.text)
		// The baseline does the same work, or the benchmarks compare
		// nothing.
		got, base := s.AppendHashes(nil, in.text), s.baseAppendHashes(nil, in.text)
		if !slices.Equal(got, base) || s.tokenise(in.text, false) != s.tokenise(in.text, true) {
			t.Fatalf("%s: the baseline tokeniser gives other hashes", in.name)
		}
	}
}

// TestConcurrentShinglers has Shinglers in several goroutines fill the
// shared rune tables at once (run with -race).
func TestConcurrentShinglers(t *testing.T) {
	texts := append(append([]string(nil), trickyTexts...), readSeeds(t)...)
	// One letter or digit from each block of plane 1, most of them blocks
	// no other test has looked up yet (unless TestFastPathEveryRune ran).
	var b strings.Builder
	for hi := rune(0x100); hi < 0x200; hi++ {
		for lo := range rune(256) {
			if r := hi<<8 | lo; unicode.IsLetter(r) || unicode.IsNumber(r) {
				b.WriteRune(r)
				b.WriteByte(' ')
				break
			}
		}
	}
	texts = append(texts, b.String())
	want := make([][]uint64, len(texts))
	for i, text := range texts {
		want[i] = newRefShingler(Config{}).appendHashes(nil, text)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newTestShingler(t, Config{})
			for k := range texts {
				i := (k + g*7) % len(texts)
				got := s.AppendHashes(nil, texts[i])
				if len(got) != len(want[i]) {
					t.Errorf("text %d: %d hashes, want %d", i, len(got), len(want[i]))
					continue
				}
				for j := range got {
					if got[j] != want[i][j] {
						t.Errorf("text %d: hash %d differs", i, j)
						break
					}
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkHashSliding times the window hash alone on a full window
// buffer, in plain Go and in vector registers (where the processor has
// them), for the default window sizes of words (4) and characters (8).
// Bytes are the buffer's token hashes, 8 per token.
func BenchmarkHashSliding(b *testing.B) {
	rng := rand.New(rand.NewPCG(17, 18))
	ws := make([]uint64, windowLen)
	for i := range ws {
		ws[i] = rng.Uint64()
	}
	out := make([]uint64, windowLen)
	for _, n := range []int{DefaultWordSize, DefaultCharSize} {
		for _, impl := range []string{"scalar", "vector"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, impl), func(b *testing.B) {
				if impl == "vector" && !haveSliding8 {
					b.Skip("no vector hashSliding8 on this machine")
				}
				m := (windowLen - n + 1) &^ 7
				b.SetBytes(int64(8 * m))
				b.ReportAllocs()
				for b.Loop() {
					if impl == "vector" {
						hashSliding8(out[:m], ws[:m+n-1], n)
					} else {
						hashSlidingScalar(out[:m], ws[:m+n-1], n)
					}
				}
			})
		}
	}
}

// BenchmarkInterleavedVsBaseline times the baseline (baseline_test.go) and
// the package one call after the other, many times, and reports the best
// time of each as base-MB/s and new-MB/s, and their ratio as speedup: on a
// shared, loaded machine the best of many interleaved calls is steadier
// than whole benchmark runs one after the other, as other work only ever
// makes a call slower. Run it for a few seconds per input:
//
//	go test -run '^$' -bench InterleavedVsBaseline -benchtime 3s ./shingle
//
// A short text hashed again and again is one the processor's branch
// predictor learns by heart, which flatters code that branches on every
// byte: the reuters/1MB input (when the corpus is there) is the one to
// read for news.
func BenchmarkInterleavedVsBaseline(b *testing.B) {
	for _, in := range cmpInputs(b) {
		for _, what := range []string{"tokeniser", "shingles"} {
			b.Run(in.name+"/"+what, func(b *testing.B) {
				s := newTestShingler(b, Config{})
				var dst []uint64
				run := func(base bool) {
					switch {
					case what == "tokeniser":
						s.tokenise(in.text, base)
					case base:
						dst = s.baseAppendHashes(dst[:0], in.text)
					default:
						dst = s.AppendHashes(dst[:0], in.text)
					}
				}
				run(true) // fills the rune tables and dst
				reps := max(1, (64<<10)/len(in.text))
				b.SetBytes(int64(2 * reps * len(in.text)))
				b.ReportAllocs()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				var best [2]time.Duration
				for b.Loop() {
					for k, base := range []bool{true, false} {
						start := time.Now()
						for range reps {
							run(base)
						}
						if d := time.Since(start); best[k] == 0 || d < best[k] {
							best[k] = d
						}
					}
				}
				size := float64(reps * len(in.text))
				b.ReportMetric(size/1e6/best[0].Seconds(), "base-MB/s")
				b.ReportMetric(size/1e6/best[1].Seconds(), "new-MB/s")
				b.ReportMetric(float64(best[0])/float64(best[1]), "speedup")
			})
		}
	}
}
