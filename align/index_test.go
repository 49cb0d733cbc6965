package align

import (
	"errors"
	"fmt"
	"testing"
)

func TestIndexFindsRewriteNotNeighbours(t *testing.T) {
	ix := NewIndex(IndexConfig{}, weigh(background...))
	var tz Tokenizer
	add := func(id, text string) {
		t.Helper()
		if err := ix.Add(id, tz.Doc(&Doc{}, text, false), true); err != nil {
			t.Fatal(err)
		}
	}
	add("source", source)
	for i, b := range background {
		add("bg"+string(rune('a'+i)), b)
	}
	rewrite := `Copper production in Zambia dropped 12 pct during the twelve months to March, state miner ZCCM announced Tuesday, citing floods at the Nchanga open pit as well as a lack of spare parts.
Speaking in Lusaka, managing director Francis Kaunda said output should climb back to 560,000 tonnes when the Konkola shaft is pumped dry, likely by September.
ZCCM has requested 35 mln dlrs from the World Bank for new trucks and pumps, its head said.`
	copyDoc := tz.Doc(&Doc{}, rewrite, true)
	links := ix.Query(copyDoc, "")
	if len(links) != 1 || links[0].ID != "source" || links[0].Result.Kind != Rewrite {
		t.Fatalf("links %+v, want one rewrite link to source", links)
	}
	if p := links[0].Result.Passages; len(p) == 0 || p[0].Copy[1] == 0 {
		t.Errorf("passages %+v, want byte ranges in the copy", p)
	}
	if links := ix.Query(copyDoc, "source"); len(links) != 0 {
		t.Errorf("links %+v with source excepted", links)
	}
	if err := ix.Add("source", copyDoc, true); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("Add of a duplicate ID: %v", err)
	}
	if !ix.Remove("source") || ix.Remove("source") {
		t.Error("Remove: want true then false")
	}
	if links := ix.Query(copyDoc, ""); len(links) != 0 {
		t.Errorf("links %+v after the source was removed", links)
	}
	add("source", source) // the slot is reused
	if links := ix.Query(copyDoc, ""); len(links) != 1 {
		t.Errorf("links %+v after the source came back", links)
	}
	if ix.Len() != len(background)+1 {
		t.Errorf("Len %d", ix.Len())
	}
}

func TestIndexConcurrentQueriesAndAdds(t *testing.T) {
	ix := NewIndex(IndexConfig{}, weigh(background...))
	var tz Tokenizer
	if err := ix.Add("source", tz.Doc(&Doc{}, source, false), true); err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	for g := range 4 {
		go func() {
			var tz Tokenizer
			d := tz.Doc(&Doc{}, source+" Later paragraph about Nchanga.", false)
			found := 0
			for range 50 {
				if links := ix.Query(d, ""); len(links) > 0 && links[0].ID == "source" {
					found++
				}
			}
			if g == 0 {
				// Adds while the others query: articles on other subjects,
				// so that the source stays the best link whatever the
				// interleaving (copies of d would rightly outrank it).
				for k := range 20 {
					var tz Tokenizer
					extra := tz.Doc(&Doc{}, background[k%len(background)], false)
					_ = ix.Add("extra"+string(rune('a'+k)), extra, true)
				}
			}
			done <- found
		}()
	}
	for range 4 {
		if found := <-done; found == 0 {
			t.Error("a goroutine never found the source")
		}
	}
}

func TestIndexSizedFromCapacity(t *testing.T) {
	// Capacity sizes the documents' slots up front; the index still
	// grows past it.
	ix := NewIndex(IndexConfig{Capacity: 100}, nil)
	if cap(ix.docs) < 100 {
		t.Fatalf("slots sized for %d documents, want 100", cap(ix.docs))
	}
	var tz Tokenizer
	for i := range 150 {
		if err := ix.Add(fmt.Sprint("d", i), tz.Doc(&Doc{}, fmt.Sprintf("wheat exports %d rose sharply", i), false), true); err != nil {
			t.Fatal(err)
		}
	}
	if ix.Len() != 150 {
		t.Fatalf("Len %d, want 150", ix.Len())
	}
}
