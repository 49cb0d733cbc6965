package credit_test

import (
	"fmt"

	"github.com/reprintlab/reprint/credit"
)

func ExampleExtract() {
	text := `LONDON, Nov 6 (Reuters) - The Kremlin said on Wednesday it would judge the next U.S. administration by its actions.
Russia's relations with Washington are at their lowest point in decades, a spokesman told reporters.
This article was first published by VPost.`
	for _, c := range credit.Extract(text) {
		fmt.Printf("%s %q in %q\n", c.Kind, c.Name, text[c.Start:c.End])
	}
	// Output:
	// dateline "Reuters" in "LONDON, Nov 6 (Reuters) -"
	// first-published "VPost" in "This article was first published by VPost"
}

// Mentions of an outlet in running prose are not credits.
func ExampleExtract_mentions() {
	text := `The minister told Reuters on Tuesday that talks would resume, according to AP.
Reuters reported last week that the deal had stalled.`
	fmt.Println(len(credit.Extract(text)), "credits")
	// Output:
	// 0 credits
}

// Outlets are written many ways: names, source tags, links.
func ExampleSameOutlet() {
	fmt.Println(credit.SameOutlet("The Associated Press", "https://apnews.com/article/x"))
	fmt.Println(credit.SameOutlet("VPost", "site:valley-post"))
	fmt.Println(credit.SameOutlet("The Moscow Times", "themoscowtimes.com"))
	fmt.Println(credit.SameOutlet("The Times", "The New York Times"))
	// Output:
	// true
	// true
	// true
	// false
}

func ExampleNormalizeOutlet() {
	for _, name := range []string{"The Guardian", "REUTER", "wire:reuters", "Agence France-Presse", "https://www.bbc.co.uk/news/x"} {
		fmt.Printf("%q\n", credit.NormalizeOutlet(name))
	}
	// Output:
	// "guardian"
	// "reuters"
	// "reuters"
	// "agence france presse"
	// "bbc"
}

// An Outlet holds a name's forms, to compare one name with many without
// recomputing them.
func ExampleOutlet() {
	credited := credit.NewOutlet("VPost")
	for _, source := range []string{"The Moscow Times", "site:valley-post", "https://vpost.media/2024/11/06/x"} {
		fmt.Println(source, credited.Same(credit.NewOutlet(source)))
	}
	// Output:
	// The Moscow Times false
	// site:valley-post true
	// https://vpost.media/2024/11/06/x true
}

// Credited tells whether a text credits the outlet an article came from;
// a picture credit does not count.
func ExampleCredited() {
	text := `Trump and Putin meet in 2019. Sputnik via Reuters
The Kremlin said it would wait for the new administration's actions.
This article was first published by VPost.`
	credits := credit.Extract(text)
	fmt.Println(credit.Credited(credits, "site:valley-post", ""))
	fmt.Println(credit.Credited(credits, "wire:reuters", "https://www.reuters.com/world/"))
	// Output:
	// true
	// false
}
