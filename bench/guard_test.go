package bench

// Guards: a benchmark of a broken adapter measures nothing. These tests
// check that every peer adapter computes what its row claims and finds a
// planted duplicate.

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"testing"

	minhash "github.com/dgryski/go-minhash"

	"github.com/reprintlab/reprint/dedup"
)

// TestGoMinhashAdapterAgrees checks that the go-minhash row computes
// what reprint's MinWise signature is made of: the same shingles, and
// go-minhash's slot values h1 + i·h2 for each of them, which reprint
// mixes per slot (dedup.MinWiseMixer) before taking each slot's minimum.
// So the row times go-minhash's own work, and reprint's signature is
// rebuilt here from go-minhash's per-shingle values and must be equal.
func TestGoMinhashAdapterAgrees(t *testing.T) {
	g := newGoMinhash(t)
	s, err := dedup.NewSigner(dedup.Settings{Method: dedup.MinWise})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{article(t, 1<<10), article(t, 5<<10), article(t, 64<<10)}
	for i := range seedNames {
		texts = append(texts, seed(t, i))
	}
	for i, text := range texts {
		want, err := s.Sign(text)
		if err != nil {
			t.Fatal(err)
		}
		_, n := g.sign(text)
		got := mixedFromGoMinhash(g)
		if !slices.Equal(got, want.AppendValues(nil)) || n != want.Shingles() {
			t.Errorf("text %d: go-minhash adapter gives %d shingles and other slots than reprint's MinWise (%d shingles)",
				i, n, want.Shingles())
		}
	}
}

// mixedFromGoMinhash rebuilds reprint's MinWise signature of the text g
// signed last: each distinct shingle pushed alone into a go-minhash
// MinWise, its slot values mixed as reprint mixes them, the minimum kept.
func mixedFromGoMinhash(g *goMinhash) []uint32 {
	out := make([]uint32, numHashes)
	for i := range out {
		out[i] = math.MaxUint32
	}
	var key [8]byte
	for h := range g.seen {
		mw := minhash.NewMinWise(g.h1, g.h2, numHashes)
		binary.LittleEndian.PutUint64(key[:], h)
		mw.Push(key[:])
		for i, v := range mw.Signature() {
			out[i] = min(out[i], uint32((v^v>>32)*dedup.MinWiseMixer>>32))
		}
	}
	return out
}

// TestSignersFindPlantedDuplicate checks every fingerprinting row on the
// seed pair: 003 is a truncated, re-flowed copy of 001 (99.5% of it is
// in 001), 000 is unrelated.
func TestSignersFindPlantedDuplicate(t *testing.T) {
	mw := dedup.Settings{Method: dedup.MinWise}
	g := newGoMinhash(t)
	viaGoMinhash := func(text string) *dedup.Signature {
		slots, n := g.sign(text)
		sig, err := dedup.NewSignature(mw, n, slots)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	viaReprint := func(m dedup.Method) func(string) *dedup.Signature {
		s, err := dedup.NewSigner(dedup.Settings{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		return func(text string) *dedup.Signature {
			sig, err := s.Sign(text)
			if err != nil {
				t.Fatal(err)
			}
			return sig
		}
	}
	signers := map[string]func(string) *dedup.Signature{
		"go-minhash":      viaGoMinhash,
		"reprint-minwise": viaReprint(dedup.MinWise),
		"reprint-oph":     viaReprint(dedup.OnePermutation),
	}
	for name, sign := range signers {
		src, cp, other := sign(seed(t, 1)), sign(seed(t, 3)), sign(seed(t, 0))
		s, err := dedup.Compare(cp, src)
		if err != nil {
			t.Fatal(err)
		}
		if s.AInB < 0.8 {
			t.Errorf("%s: %.2f of seed 003 found in 001, want at least 0.8", name, s.AInB)
		}
		if s, _ := dedup.Compare(other, src); s.MaxContainment() > 0.1 {
			t.Errorf("%s: seeds 000 and 001 share %.2f, want about 0", name, s.MaxContainment())
		}
	}
}

// TestEkzhuAgreesWithReprint checks the index rows on 20k synthetic
// documents: ekzhu is configured to reprint's banding, its candidates
// include every planted duplicate, and ekzhu+verify returns exactly
// reprint's matches for every query, so the two query rows do the same
// work.
func TestEkzhuAgreesWithReprint(t *testing.T) {
	p := ekzhuParams()
	if !p.matches {
		t.Fatalf("ekzhu cannot be given reprint's banding %s (it chose %s at threshold %.3f): the index rows compare different LSH parameters",
			reprintConfig().Banding, p.banding, p.threshold)
	}
	d := newSynth(20_000, 2_000)
	ix := buildReprint(t, d)
	e := buildEkzhu(d)
	e.keep(d.sigs)

	// Planted duplicates among the indexed documents.
	for _, pair := range d.copyPairs {
		cands := e.candidates(d.sigs[pair[0]])
		if !slices.Contains(cands, any(pair[1])) {
			t.Errorf("ekzhu: document %d, a copy of %d, does not find it among %d candidates", pair[0], pair[1], len(cands))
		}
		ms, err := ix.Query(d.sigs[pair[0]])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ms, func(m dedup.Match) bool { return m.ID == d.ids[pair[1]] }) {
			t.Errorf("reprint: document %d, a copy of %d, does not find it", pair[0], pair[1])
		}
	}
	if len(d.copyPairs) < 150 {
		t.Errorf("%d planted copies among 20,000 documents, want about 200", len(d.copyPairs))
	}

	hits := 0
	for i, q := range d.queries {
		want, err := ix.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		var wantIDs []string
		for _, m := range want {
			if !m.Partial {
				wantIDs = append(wantIDs, m.ID)
			}
		}
		var gotIDs []string
		for _, m := range e.verified(nil, q) {
			gotIDs = append(gotIDs, strconv.Itoa(m.key))
		}
		slices.Sort(wantIDs)
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("query %d: ekzhu+verify finds %v, reprint %v", i, gotIDs, wantIDs)
		}
		if src := d.hitOf[i]; src >= 0 {
			if !slices.Contains(wantIDs, d.ids[src]) {
				t.Errorf("query %d: a copy of document %d does not find it", i, src)
			}
			hits++
		} else if len(wantIDs) > 0 {
			t.Errorf("query %d: a random signature matches %v", i, wantIDs)
		}
	}
	if hits != len(d.queries)/2 {
		t.Errorf("%d of %d queries are planted copies, want half", hits, len(d.queries))
	}
}

// TestStreamFindsCopies checks the streaming rows on Reuters: both
// methods, one and two goroutines, find the corpus's copies.
func TestStreamFindsCopies(t *testing.T) {
	c := reutersStories(t)
	for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		for _, g := range []int{1, 2} {
			copies, err := streamPass(c.stories, m, g)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s, %d goroutines: %d of %d stories match an earlier one", m, g, copies, len(c.stories))
			if copies < 300 || copies > 3000 {
				t.Errorf("%s, %d goroutines: %d stories match an earlier one, want several hundred", m, g, copies)
			}
		}
	}
}
