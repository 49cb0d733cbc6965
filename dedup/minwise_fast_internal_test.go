package dedup

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
)

// The fast MinWise code (minWiseSigner: vector loops where the CPU has
// AVX-512, plain Go elsewhere) must give every slot bit for bit the value
// of the reference, pushMinWise applied to each shingle, which
// TestMinWiseFollowsGoMinhash ties to go-minhash: signatures are stored
// and compared with signatures made by other builds and machines.

// minWisePaths are the ways the fast code can run on this machine: the
// vector loops (where the CPU has them) and the plain Go ones, which
// other machines and purego builds use.
func minWisePaths() []string {
	if haveMinWise8 {
		return []string{"vector", "go"}
	}
	return []string{"go"}
}

// signMinWiseFast is minWiseSigner.appendSignature on the given path.
func signMinWiseFast(path string, k int, xs []uint64) []uint32 {
	return newMinWiseSigner(k).appendSignatureOn(nil, xs, path == "vector")
}

// pushMinWise and mixSlot are the per-shingle MinWise loop that signed
// texts before minWiseSigner, unchanged: the reference.

// pushMinWise lowers each of mins (one per slot) to the shingle's slot
// value, if smaller. Pushing a shingle twice changes nothing. Four slots
// are done per step: the values only need v to advance by 4·h2.
func pushMinWise(mins []uint32, x uint64) {
	v, step := xxh64Word(x, MinHashSeed1), xxh64Word(x, MinHashSeed2)
	for len(mins) >= 4 {
		if s := mixSlot(v); s < mins[0] {
			mins[0] = s
		}
		if s := mixSlot(v + step); s < mins[1] {
			mins[1] = s
		}
		if s := mixSlot(v + 2*step); s < mins[2] {
			mins[2] = s
		}
		if s := mixSlot(v + 3*step); s < mins[3] {
			mins[3] = s
		}
		mins = mins[4:]
		v += 4 * step
	}
	for i := range mins {
		if s := mixSlot(v); s < mins[i] {
			mins[i] = s
		}
		v += step
	}
}

// mixSlot is the mixing step of the MinWise family: the high 32 bits of
// MinWiseMixer · (v ⊕ (v ≫ 32)).
func mixSlot(v uint64) uint32 {
	return uint32((v ^ v>>32) * MinWiseMixer >> 32)
}

// signMinWiseReference is the plain per-shingle loop the faster paths
// must match bit for bit: every slot of mins starts at MaxUint32 and
// pushMinWise lowers it for each shingle.
func signMinWiseReference(mins []uint32, xs []uint64) {
	for i := range mins {
		mins[i] = math.MaxUint32
	}
	for _, x := range xs {
		pushMinWise(mins, x)
	}
}

// checkMinWiseFast fails t unless every path signs xs into k slots as
// the reference does.
func checkMinWiseFast(t *testing.T, k int, xs []uint64, what string) {
	t.Helper()
	want := make([]uint32, k)
	signMinWiseReference(want, xs)
	for _, path := range minWisePaths() {
		got := signMinWiseFast(path, k, xs)
		if !slicesEqual(got, want) {
			i := 0
			for got[i] == want[i] {
				i++
			}
			t.Fatalf("%s, k=%d, %d shingles: %s path slot %d is %#x, reference %#x", what, k, len(xs), path, i, got[i], want[i])
		}
	}
}

func slicesEqual(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// minWiseTestK are signature lengths covering both vector loops (16
// vectors of 8 slots in registers; fewer, in memory), partial vectors
// and blocks, and the limits of Settings.
var minWiseTestK = []int{1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 100, 120, 127, 128, 129, 130,
	136, 200, 255, 256, 257, 383, 384, 385, 500, 512, 1000, 1023, MaxNumHashes}

func TestMinWiseFastMatchesReferenceOnRandomSets(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, k := range minWiseTestK {
		for _, n := range []int{0, 1, 2, 7, 8, 9, 15, 16, 17, 33, 100, minWiseChunk - 1, minWiseChunk, minWiseChunk + 1, 1001, 4099} {
			if n > 1001 && k > 256 && testing.Short() {
				continue
			}
			xs := make([]uint64, n)
			for i := range xs {
				xs[i] = r.Uint64()
			}
			checkMinWiseFast(t, k, xs, "random set")
		}
	}
}

func TestMinWiseFastMatchesReferenceOnEdgeValues(t *testing.T) {
	// Hashes at the edges of uint64, small steps and repeats: the lanes'
	// v wraps around, the xorshift meets all-ones halves, and a repeated
	// shingle must change nothing.
	edges := []uint64{0, 1, 2, 1 << 31, 1 << 32, 1<<32 - 1, 1 << 63, 1<<63 - 1, math.MaxUint64, math.MaxUint64 - 1,
		0x5555_5555_5555_5555, 0xaaaa_aaaa_aaaa_aaaa, 0xffff_ffff_0000_0000, 0x0000_0000_ffff_ffff}
	for _, k := range minWiseTestK {
		checkMinWiseFast(t, k, edges, "edge values")
		checkMinWiseFast(t, k, append(append([]uint64{}, edges...), edges...), "edge values twice")
		for i := range edges {
			checkMinWiseFast(t, k, edges[i:i+1], "one edge value")
		}
	}
}

// distinctHashes returns the distinct values of hs in first-seen order.
func distinctHashes(hs []uint64) []uint64 {
	seen := map[uint64]bool{}
	var out []uint64
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// checkSignerMatchesReference signs each text with a Signer of k slots
// and requires its values to be the reference's for the text's distinct
// shingles, and each path's.
func checkSignerMatchesReference(t *testing.T, texts []string, ks []int) {
	t.Helper()
	for _, k := range ks {
		s, err := NewSigner(Settings{NumHashes: k, MinShingles: 1})
		require.NoError(t, err)
		sig := new(Signature)
		signed := 0
		for i, text := range texts {
			if err := s.SignTo(sig, text); errors.Is(err, ErrTooShort) {
				continue
			} else if err != nil {
				t.Fatalf("text %d: %v", i, err)
			}
			signed++
			xs := distinctHashes(s.Hashes())
			want := make([]uint32, k)
			signMinWiseReference(want, xs)
			if !slicesEqual(sig.values, want) {
				t.Fatalf("k=%d: the Signer's signature of text %d (%d distinct shingles) differs from the reference", k, i, len(xs))
			}
			if len(texts) < 50 || i%25 == 0 {
				checkMinWiseFast(t, k, xs, "text")
			}
		}
		require.NotZero(t, signed, "no text long enough to sign")
	}
}

func TestSignerMinWiseMatchesReferenceOnSeeds(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "the bundled seed articles are missing")
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		texts = append(texts, string(b))
		texts = append(texts, string(b[:len(b)/7])) // a short text too
	}
	checkSignerMatchesReference(t, texts, minWiseTestK)
}

func TestSignerMinWiseMatchesReferenceOnReuters(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	stories, err := corpus.Reuters(n, nil)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("SKIPPED: Reuters corpus not available at %s (%v): the MinWise fast path is checked on random sets and the bundled seeds only", corpus.ReutersPath(), err)
	}
	require.NoError(t, err)
	texts := make([]string, len(stories))
	for i, s := range stories {
		texts[i] = s.Text
	}
	ks := []int{DefaultNumHashes, 64, 100, 256}
	if !testing.Short() {
		ks = append(ks, 1, 17, 129, 1000)
	}
	checkSignerMatchesReference(t, texts, ks)
}

func TestSignerMinWiseSkipAndReuse(t *testing.T) {
	// A signer reused across texts, with some shingles skipped, gives
	// the reference's signature of the rest: the distinct set is rebuilt
	// for each text and skipped shingles stay out of it.
	s, err := NewSigner(Settings{})
	require.NoError(t, err)
	text := strings.Repeat("the quick brown fox jumps over the lazy dog and runs away again ", 20) +
		"a few more words here that are not repeated anywhere else at all"
	for round := range 3 {
		sig := new(Signature)
		skipped, err := s.SignToExcept(sig, text, func(h uint64) bool { return h%3 == uint64(round) })
		require.NoError(t, err)
		require.NotZero(t, skipped)
		var kept []uint64
		for _, h := range distinctHashes(s.Hashes()) {
			if h%3 != uint64(round) {
				kept = append(kept, h)
			}
		}
		want := make([]uint32, DefaultNumHashes)
		signMinWiseReference(want, kept)
		require.Equal(t, want, sig.values, "round %d", round)
		require.Equal(t, len(kept), sig.shingles)
	}
}

func FuzzMinWiseFastMatchesReference(f *testing.F) {
	f.Add([]byte{}, uint16(128))
	f.Add([]byte("0123456789abcdef"), uint16(7))
	f.Add(make([]byte, 8*20), uint16(1024))
	r := rand.New(rand.NewPCG(41, 42))
	for range 20 {
		b := make([]byte, 8*r.IntN(70))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		f.Add(b, uint16(r.IntN(MaxNumHashes+1)))
	}
	f.Fuzz(func(t *testing.T, data []byte, k uint16) {
		// data is the shingle hashes, 8 little-endian bytes each (a
		// short tail padded with zeros); k is taken into 1..MaxNumHashes.
		xs := make([]uint64, 0, (len(data)+7)/8)
		for len(data) > 0 {
			var word [8]byte
			data = data[copy(word[:], data):]
			xs = append(xs, binary.LittleEndian.Uint64(word[:]))
		}
		checkMinWiseFast(t, 1+int(k)%MaxNumHashes, xs, "fuzz input")
	})
}
