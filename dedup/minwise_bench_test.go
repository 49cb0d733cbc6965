package dedup

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// minWiseBenchSizes are the distinct-shingle counts and signature
// lengths the per-shingle benchmarks sweep.
var (
	minWiseBenchShingles = []int{100, 1000, 10000}
	minWiseBenchK        = []int{64, 128, 256}
)

// signOPH is the OnePermutation work for a set of distinct shingles:
// one push each and the densification.
func signOPH(o *oph, dst []uint32, xs []uint64) []uint32 {
	o.reset()
	for _, x := range xs {
		o.push(x)
	}
	return o.densify(dst[:0])
}

func randomShingles(n int) []uint64 {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	xs := make([]uint64, n)
	for i := range xs {
		xs[i] = r.Uint64()
	}
	return xs
}

// BenchmarkMinWisePerShingle times the signing of a set of n distinct
// shingle hashes into k slots, without tokenising or deduplication: the
// reference MinWise loop, and OnePermutation. SetBytes counts the 8 bytes
// of each shingle hash.
func BenchmarkMinWisePerShingle(b *testing.B) {
	for _, k := range minWiseBenchK {
		for _, n := range minWiseBenchShingles {
			xs := randomShingles(n)
			mins := make([]uint32, k)
			o := newOPH(k)
			run := func(name string, sign func()) {
				b.Run(fmt.Sprintf("k=%d/n=%d/%s", k, n, name), func(b *testing.B) {
					b.SetBytes(int64(8 * n))
					b.ReportAllocs()
					for b.Loop() {
						sign()
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/shingle")
				})
			}
			m := newMinWiseSigner(k)
			run("minwise-reference", func() { signMinWiseReference(mins, xs) })
			run("minwise-go", func() { mins = m.appendSignatureOn(mins[:0], xs, false) })
			if haveMinWise8 {
				run("minwise-vector", func() { mins = m.appendSignature(mins[:0], xs) })
			}
			run("oph", func() { mins = signOPH(o, mins, xs) })
		}
	}
}

// BenchmarkMinWiseVsOPH runs the MinWise paths and OnePermutation on the
// same sets in turn, each iteration, and reports their ratios per
// shingle, so that one run gives comparable figures on a loaded machine.
func BenchmarkMinWiseVsOPH(b *testing.B) {
	for _, k := range minWiseBenchK {
		for _, n := range minWiseBenchShingles {
			b.Run(fmt.Sprintf("k=%d/n=%d", k, n), func(b *testing.B) {
				xs := randomShingles(n)
				mins := make([]uint32, k)
				o := newOPH(k)
				m := newMinWiseSigner(k)
				var ref, goTime, fast, ophTime time.Duration
				b.ReportAllocs()
				for b.Loop() {
					t0 := time.Now()
					signMinWiseReference(mins, xs)
					t1 := time.Now()
					mins = m.appendSignatureOn(mins[:0], xs, false)
					t2 := time.Now()
					mins = m.appendSignature(mins[:0], xs) // the vector loops where the CPU has them
					t3 := time.Now()
					mins = signOPH(o, mins, xs)
					t4 := time.Now()
					ref += t1.Sub(t0)
					goTime += t2.Sub(t1)
					fast += t3.Sub(t2)
					ophTime += t4.Sub(t3)
				}
				per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
				b.ReportMetric(per(ref), "reference-ns/shingle")
				b.ReportMetric(per(goTime), "go-ns/shingle")
				b.ReportMetric(per(fast), "fast-ns/shingle")
				b.ReportMetric(per(ophTime), "oph-ns/shingle")
				b.ReportMetric(float64(ref)/float64(ophTime), "reference/oph")
				b.ReportMetric(float64(goTime)/float64(ophTime), "go/oph")
				b.ReportMetric(float64(fast)/float64(ophTime), "fast/oph")
				b.ReportMetric(float64(ref)/float64(fast), "reference/fast")
			})
		}
	}
}
