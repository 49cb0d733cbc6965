package provenance_test

import (
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/reprintlab/reprint/provenance"
)

// wire is a made-up wire story; the examples reprint parts of it.
const wire = `The city council voted on Tuesday to close the old river bridge to cars from next month,
after engineers found that two of its supports had cracked during the spring floods.
Buses and cyclists will still be allowed to cross while repairs continue, the council said in a statement.
The mayor said the repairs would cost about four million euros and take at least a year to finish.
Shop owners on both banks warned that the closure would cut the number of customers during the busy summer season.`

func Example() {
	tracker, err := provenance.New(provenance.Config{})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tracker.Add(provenance.Article{ID: "wire-1", Text: wire, Source: "City Wire"}); err != nil {
		log.Fatal(err)
	}
	// A local site runs the first half of the story under its own banner.
	half := strings.Join(strings.Fields(wire)[:40], " ")
	v, err := tracker.Add(provenance.Article{ID: "local-7", Text: "LOCAL NEWS | " + half + " Share this story."})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("copy:", v.IsCopy(), "origin:", v.Origin, "story:", v.Story)
	for _, e := range v.Sources {
		fmt.Printf("source %s: %.0f%% of the copy found there\n", e.Source, 100*e.Containment)
	}
	// Output:
	// copy: true origin: wire-1 story: wire-1
	// source wire-1: 85% of the copy found there
}

// An article published earlier than the one seen first takes over as the
// story's origin.
func ExampleTracker_Add_reattribution() {
	tracker, err := provenance.New(provenance.Config{})
	if err != nil {
		log.Fatal(err)
	}
	nine := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	reprint := provenance.Article{ID: "reprint", Text: "From our partners: " + wire, Published: nine.Add(2 * time.Hour)}
	original := provenance.Article{ID: "original", Text: wire, Published: nine}
	for _, a := range []provenance.Article{reprint, original} {
		if _, err := tracker.Add(a); err != nil {
			log.Fatal(err)
		}
	}
	v, _ := tracker.Verdict("reprint")
	fmt.Println("origin:", v.Origin, "source:", v.Sources[0].Source, "story:", v.Story)
	// Output:
	// origin: original source: original story: reprint
}

func ExampleTracker_Stories() {
	tracker, err := provenance.New(provenance.Config{})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range []provenance.Article{
		{ID: "a", Text: wire},
		{ID: "b", Text: "Weather: sunny spells and light winds are expected across the region until the weekend, forecasters said on Monday morning."},
		{ID: "c", Text: wire + "\nRead more local news on our website."},
	} {
		if _, err := tracker.Add(a); err != nil {
			log.Fatal(err)
		}
	}
	for s := range tracker.Stories() {
		fmt.Println(s.ID, "origin", s.Origin, "articles", s.Articles)
	}
	// Output:
	// a origin a articles [a c]
	// b origin b articles [b]
}
