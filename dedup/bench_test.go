package dedup_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	minhash "github.com/dgryski/go-minhash"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

// article returns the first n bytes of seed 001, cut at a rune boundary.
func article(b *testing.B, n int) string {
	text := seed(b, 1)
	for len(text) < n {
		text += "\n" + seed(b, 0)
	}
	text = text[:n]
	for !utf8.ValidString(text) {
		text = text[:len(text)-1]
	}
	return text
}

// BenchmarkSign times tokenising, shingling and signing with each method,
// against raw go-minhash fed the same shingle hashes (the floor of the
// classic path).
func BenchmarkSign(b *testing.B) {
	for _, size := range []int{1 << 10, 5 << 10, 64 << 10} {
		text := article(b, size)
		for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
			b.Run(fmt.Sprintf("reprint-%s/%dKB", m, size>>10), func(b *testing.B) {
				s := newSigner(b, dedup.Settings{Method: m})
				sig := sign(b, s, text)
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					if err := s.SignTo(sig, text); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("go-minhash/%dKB", size>>10), func(b *testing.B) {
			// Shingling is done once, outside the loop: this is only
			// the 128 Push calls per distinct shingle.
			sh, _ := shingle.New(shingle.Config{})
			seen := map[uint64]bool{}
			var keys [][]byte
			for _, h := range sh.AppendHashes(nil, text) {
				if !seen[h] {
					seen[h] = true
					keys = append(keys, binary.LittleEndian.AppendUint64(nil, h))
				}
			}
			h1 := func(b []byte) uint64 { return xxhash.Sum64(b) }
			h2 := func(b []byte) uint64 { d := xxhash.NewWithSeed(1); d.Write(b); return d.Sum64() }
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				mw := minhash.NewMinWise(h1, h2, 128)
				for _, k := range keys {
					mw.Push(k)
				}
			}
		})
	}
}

// benchIndex builds an index of n random signatures; one in 100 has a
// near-copy (60% equal slots) among the queries.
func benchIndex(b *testing.B, n int) (*dedup.Index, []*dedup.Signature) {
	ix := newIndex(b, dedup.IndexConfig{})
	id := ix.Config().Settings
	r := rand.New(rand.NewPCG(1, 2))
	var queries []*dedup.Signature
	for i := range n {
		sig := randomSignature(b, r, id, nil, 0)
		if err := ix.Add(fmt.Sprint(i), sig); err != nil {
			b.Fatal(err)
		}
		if i%100 == 0 {
			queries = append(queries, randomSignature(b, r, id, sig.AppendValues(nil), 77))
		} else if i%100 == 1 {
			queries = append(queries, randomSignature(b, r, id, nil, 0))
		}
	}
	return ix, queries
}

func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("Query/%dk", n/1000), func(b *testing.B) {
			ix, queries := benchIndex(b, n)
			dst := make([]dedup.Match, 0, 16)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var err error
				if dst, err = ix.AppendQuery(dst[:0], queries[i%len(queries)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("Add/%dk", n/1000), func(b *testing.B) {
			// Adds n documents per iteration to a fresh index; reports
			// the time and heap bytes per document.
			r := rand.New(rand.NewPCG(3, 4))
			id := dedup.Settings{}
			sigs := make([]*dedup.Signature, n)
			names := make([]string, n)
			for i := range sigs {
				sigs[i] = randomSignature(b, r, id, nil, 0)
				names[i] = fmt.Sprint(i)
			}
			b.ReportAllocs()
			var perDoc float64
			for b.Loop() {
				// Only the adds are timed, not the collections around
				// them that measure the index's heap.
				b.StopTimer()
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				ix := newIndex(b, dedup.IndexConfig{})
				for i, sig := range sigs {
					if err := ix.Add(names[i], sig); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				perDoc = float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
				runtime.KeepAlive(ix)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
			b.ReportMetric(perDoc, "bytes/doc")
		})
	}
}

// BenchmarkSignReuters signs the first 2,000 Reuters stories of 50 words
// or more with each method, tokenising included; SetBytes counts their
// text.
func BenchmarkSignReuters(b *testing.B) {
	stories := reuters(b, 2000, 50)
	var total int64
	for _, s := range stories {
		total += int64(len(s.Text))
	}
	for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		b.Run(m.String(), func(b *testing.B) {
			s := newSigner(b, dedup.Settings{Method: m})
			sig := new(dedup.Signature)
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				for _, st := range stories {
					if err := s.SignTo(sig, st.Text); err != nil && !errors.Is(err, dedup.ErrTooShort) {
						b.Fatal(err)
					}
				}
			}
		})
	}
	b.Run("minwise-vs-oph", func(b *testing.B) {
		// Both methods on each story in turn, timed apart: their ratio
		// holds on a loaded machine, where separate runs vary.
		signers := []*dedup.Signer{newSigner(b, dedup.Settings{Method: dedup.MinWise}), newSigner(b, dedup.Settings{Method: dedup.OnePermutation})}
		sig := new(dedup.Signature)
		var took [2]time.Duration
		b.SetBytes(2 * total)
		b.ReportAllocs()
		for b.Loop() {
			for _, st := range stories {
				for i, s := range signers {
					start := time.Now()
					if err := s.SignTo(sig, st.Text); err != nil && !errors.Is(err, dedup.ErrTooShort) {
						b.Fatal(err)
					}
					took[i] += time.Since(start)
				}
			}
		}
		mbps := func(d time.Duration) float64 { return float64(total) * float64(b.N) / d.Seconds() / 1e6 }
		b.ReportMetric(mbps(took[0]), "minwise-MB/s")
		b.ReportMetric(mbps(took[1]), "oph-MB/s")
		b.ReportMetric(float64(took[0])/float64(took[1]), "minwise/oph")
	})
}
