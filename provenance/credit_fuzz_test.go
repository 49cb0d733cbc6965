package provenance_test

import (
	"testing"

	"github.com/reprintlab/reprint/provenance"
)

// FuzzExtractCredits checks that any text is handled without panicking,
// and the invariants of creditCheck: ranges inside the text, names inside
// their claims and valid UTF-8, valid kinds, text order, no repeats, the
// same result twice. It also feeds the names and the text to
// NormalizeOutlet, SameOutlet and CreditsOutlet.
//
//	go test -run '^$' -fuzz FuzzExtractCredits ./provenance
func FuzzExtractCredits(f *testing.F) {
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
		cs := provenance.ExtractCredits(text)
		provenance.CreditsOutlet(cs, source, url)
		provenance.CreditsOutlet(cs, text, text)
		provenance.SameOutlet(source, url)
		if k := provenance.NormalizeOutlet(source); k != "" && !provenance.SameOutlet(source, source) {
			t.Fatalf("%q is not the same outlet as itself (key %q)", source, k)
		}
	})
}
