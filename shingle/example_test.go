package shingle_test

import (
	"fmt"

	"github.com/reprintlab/reprint/shingle"
)

func Example() {
	s, err := shingle.New(shingle.Config{WordSize: 3})
	if err != nil {
		panic(err)
	}
	text := "Moscow believes that Trump’s return\ncould give Russia a boost."
	for sh := range s.Shingles(text) {
		fmt.Printf("%q\n", text[sh.Start:sh.End])
	}
	// Output:
	// "Moscow believes that"
	// "believes that Trump’s"
	// "that Trump’s return"
	// "Trump’s return\ncould"
	// "return\ncould give"
	// "could give Russia"
	// "give Russia a"
	// "Russia a boost"
}

func ExampleShingler_Tokens() {
	s, err := shingle.New(shingle.Config{})
	if err != nil {
		panic(err)
	}
	text := "Trump’s re-election — “cautious optimism”"
	for tok := range s.Tokens(text) {
		fmt.Printf("%d:%d %s -> %s\n", tok.Start, tok.End, text[tok.Start:tok.End],
			s.AppendNormalized(nil, text[tok.Start:tok.End]))
	}
	// Output:
	// 0:9 Trump’s -> trumps
	// 10:12 re -> re
	// 13:21 election -> election
	// 29:37 cautious -> cautious
	// 38:46 optimism -> optimism
}

func ExampleShingler_AppendHashes() {
	s, err := shingle.New(shingle.Config{})
	if err != nil {
		panic(err)
	}
	a := s.AppendHashes(nil, "Moscow believes that Trump’s return could give Russia a boost")
	b := s.AppendHashes(nil, "MOSCOW believes that\n“Trump's return” could give Russia a boost!")
	fmt.Println(len(a), len(b))
	fmt.Println(fmt.Sprint(a) == fmt.Sprint(b))
	// Output:
	// 7 7
	// true
}
