package credit_test

import (
	"testing"

	"github.com/reprintlab/reprint/credit"
)

// FuzzExtract checks that any text is handled without panicking,
// and the invariants of creditCheck: ranges inside the text, names inside
// their claims and valid UTF-8, valid kinds, text order, no repeats, the
// same result twice. It also feeds the names and the text to
// NormalizeOutlet, SameOutlet, Credited and Outlet.
//
//	go test -run '^$' -fuzz FuzzExtract ./credit
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		creditBody,
		"WASHINGTON (Reuters) - " + creditBody + "\nThis article was first published by VPost.\n- Reuters",
		"LONDON, Nov 6 (Reuters) - x\nBy Jane Doe, Associated Press\n(AP) — y",
		"MOSCOW, November 6. /TASS/. x\nSources:\nIzvestia, TASS\nvia Reuters\nCourtesy of X",
		"© 2024 Reuters\nCopyright 2024 The Associated Press. All rights reserved.\n(c) Copyright Thomson Reuters 2024.",
		"Trump and Putin meet in 2019. Sputnik via Reuters\nREUTERS/Evelyn Hockstein\nAP Photo/Evan Vucci\nPhoto: Jane Doe/AFP",
		"The Associated Press contributed to this report.\n(Additional reporting by Reuters)\nWith files from The Canadian Press",
		"The post Title appeared first on Valley Post.\nSAO SIMAO NIL. REUTER",
		"\xff\xfe(\x00Reuters)\xc2 -",
	} {
		f.Add(s, "site:valley-post", "https://www.themoscowtimes.com/x")
	}
	f.Fuzz(func(t *testing.T, text, source, url string) {
		creditCheck(t, text)
		cs := credit.Extract(text)
		credit.Credited(cs, source, url)
		credit.Credited(cs, text, text)
		if credit.SameOutlet(source, url) != credit.NewOutlet(source).Same(credit.NewOutlet(url)) {
			t.Fatalf("SameOutlet(%q, %q) and Outlet.Same disagree", source, url)
		}
		if k := credit.NormalizeOutlet(source); k != "" && !credit.SameOutlet(source, source) {
			t.Fatalf("%q is not the same outlet as itself (key %q)", source, k)
		}
	})
}
