package dedup_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/reprintlab/reprint/dedup"
)

// The core path: sign each article with a Signer, add the signatures to an
// Index, query the index with a new article's signature, and compare. The
// articles are the project's seeds (testdata/seeds): 003 is a scrape of
// 001 that stops after about half of it, so most of 003 is found in 001
// but not the other way round.
func Example() {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name+".txt"))
		if err != nil {
			log.Fatal(err)
		}
		return string(b)
	}
	signer, err := dedup.NewSigner(dedup.Settings{}) // the defaults
	if err != nil {
		log.Fatal(err)
	}
	index, err := dedup.NewIndex(dedup.IndexConfig{Settings: signer.Settings()})
	if err != nil {
		log.Fatal(err)
	}
	seen := map[string]*dedup.Signature{}
	for _, name := range []string{"000_468044057261e0d6", "001_7cb3ead0d8dc3d74", "002_8116756d16084da1", "004_c866b469c61a0d9e"} {
		sig, err := signer.Sign(read(name))
		if err != nil {
			log.Fatal(err)
		}
		if err := index.Add(name[:3], sig); err != nil {
			log.Fatal(err)
		}
		seen[name[:3]] = sig
	}

	scrape, err := signer.Sign(read("003_d897e868842ded34"))
	if err != nil {
		log.Fatal(err)
	}
	matches, err := index.Query(scrape)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range matches {
		fmt.Printf("003 matches %s: %.0f%% of 003 is in %s, %.0f%% of %s is in 003\n", m.ID, 100*m.AInB, m.ID, 100*m.BInA, m.ID)
	}

	// Compare scores any two signatures of the same settings, indexed or
	// not. A Jaccard threshold of 0.8, usual in MinHash tools, would miss
	// this pair; containment finds it.
	scores, err := dedup.Compare(scrape, seen["001"])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Jaccard %.2f, containment %.2f\n", scores.Jaccard, scores.MaxContainment())
	// Output:
	// 003 matches 001: 98% of 003 is in 001, 55% of 001 is in 003
	// Jaccard 0.55, containment 0.98
}

// Compare estimates how much two texts share from their signatures: a
// reprint that adds a banner and a footer to a wire story is found
// almost whole in it.
func ExampleCompare() {
	const wire = `The city council voted on Tuesday to close the old river bridge to cars from next month,
after engineers found that two of its supports had cracked during the spring floods.
Buses and cyclists will still be allowed to cross while repairs continue, the council said in a statement.
The mayor said the repairs would cost about four million euros and take at least a year to finish.`
	const reprint = "LOCAL NEWS | Subscribe for updates\n" + wire +
		"\nShop owners on both banks warned that the closure would cut the number of customers in the summer." +
		"\nRead more local news on our website, and follow us for the latest from the city and the region."
	signer, err := dedup.NewSigner(dedup.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	a, err := signer.Sign(wire)
	if err != nil {
		log.Fatal(err)
	}
	b, err := signer.Sign(reprint)
	if err != nil {
		log.Fatal(err)
	}
	s, err := dedup.Compare(a, b)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wire: %d shingles, reprint: %d shingles\n", a.Shingles(), b.Shingles())
	fmt.Printf("wire in reprint %.2f, reprint in wire %.2f, Jaccard %.2f\n", s.AInB, s.BInA, s.Jaccard)
	// Output:
	// wire: 65 shingles, reprint: 107 shingles
	// wire in reprint 1.00, reprint in wire 0.61, Jaccard 0.66
}
