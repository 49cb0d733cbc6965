package credit_test

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/credit"
	"github.com/reprintlab/reprint/internal/corpus"
)

// The trigger pass searches for its anchors instead of reading every
// word (issue 12). These tests check that Append finds exactly what the
// reference, the pass over every word (reference_test.go), finds.

// refCheck fails tb unless Append and the reference agree on text, both
// from scratch and appending to a slice that holds a credit already.
func refCheck(tb testing.TB, text string) {
	tb.Helper()
	got, want := credit.Extract(text), credit.AppendRef(nil, text)
	if !slices.Equal(got, want) {
		tb.Fatalf("Extract and the reference differ on %.300q:\n got  %v\n want %v", text, got, want)
	}
	prefix := []credit.Credit{{Name: "X", Kind: credit.Via, Start: 0, End: 1}}
	got = credit.Append(slices.Clip(prefix), text)
	want = credit.AppendRef(slices.Clip(prefix), text)
	if !slices.Equal(got, want) {
		tb.Fatalf("Append and the reference differ after a prefix on %.300q:\n got  %v\n want %v", text, got, want)
	}
}

// refTexts are texts dense in trigger words and marks, in every case and
// at the edges of words, lines and the text, and in other scripts.
var refTexts = []string{
	"",
	"files",
	"AP/",
	"via",
	" via ",
	"(c)",
	"©",
	"/TASS/",
	"all rights reserved",
	"All Rights Reserved.",
	"ALL RIGHTS RESERVED",
	"Acme Corp. All rights reserved.",
	"Acme Corp. all Rights reserved",
	"xall rights reserved",
	"PUBLISHED BY REUTERS",
	"THIS ARTICLE WAS FIRST PUBLISHED BY VPOST.",
	"This Article Was First PubLished By VPost.",
	"unpublished by VPost. republishedx by VPost. This story was republished by VPost",
	"This story was published2 by VPost. This story was published\u00e9 by VPost. This story was published\u00a0by VPost.",
	"Reuters contributed to this report. REUTERS CONTRIBUTED TO THIS REPORT. AP ContribUted to this report.",
	"(Reporting by Reuters; additional REPORTING BY AFP)\nWith files from The Canadian Press\nWITH FILES FROM AFP\nMaterial from Reuters was used. MATERIAL FROM AP",
	"Copyright 2024 Reuters\nCOPYRIGHT 2024 AFP\ncopyright 2024 AP\nCopyrights 2024 AP\nxCopyright 2024 AP",
	"Sputnik via Reuters\nPutin in 2019. Sputnik via Reuters\nPutin in 2019. Sputnik VIA Reuters\nPutin in 2019. Sputnik via\n",
	"REUTERS/Evelyn Hockstein\nReuters/Jane Doe\nreuters/x\nAP Photo/Evan Vucci\nAP  Photo/x\nXAP Photo/x\nAP Photos/x\nEPA-EFE/Jane Doe\nEPA/Jane\nAFP/Getty\nAFPX/Getty\n/AFP/",
	"MOSCOW, November 6. /TASS/. x\nMOSCOW, November 6. /ITAR-TASS/. y\n/TASS",
	"WASHINGTON (Reuters) - x\nLONDON, Nov 6 (Reuters) - y\n(AP) — z\n(c) 2024 Reuters\n(C) Reuters\n(",
	"The post Title appeared first on Valley Post.\nThe post Title APPEARED first on Valley Post.",
	"This article was first published by VPost.\xff\x00(Reuters)\xc2\xa9 2024 Reuters\xc2",
	// Other scripts around the trigger words.
	"پاکستان کی حکومت نے ۲۰۲۴ میں نئی پالیسی کا اعلان کیا\nThis article was first published by Dawn.\n© 2024 رائٹرز\nاسلام آباد (Reuters) - پاکستان\nReuters/عامر قریشی",
	"МОСКВА, 6 ноября. /ТАСС/. Текст\nThis article was first published by Медуза.\nВ публикации использованы материалы Reuters via Reuters\nФото: AP Photo/Иван",
	"北京 (新华社) — 文本\nPublished by 新华社\nCopyright 2024 新华社\nBEIJING (Xinhua) -- text\n中文published by Xinhua",
	"Ελληνικά published by Καθημερινή. Türkçe: Bu haber ilk olarak Anadolu tarafından yayınlandı. Reprinted from Cumhuriyet.",
}

func TestExtractMatchesReferenceSamples(t *testing.T) {
	for _, text := range refTexts {
		refCheck(t, text)
		// And in the places that count: the head, after a body, at the end.
		refCheck(t, text+"\n"+creditBody)
		refCheck(t, creditBody+"\n"+text)
		refCheck(t, creditBody+" "+text+"\n- Reuters")
	}
	for i := range creditSeedNames {
		refCheck(t, creditSeed(t, i))
	}
	for _, n := range []int{1 << 10, 5 << 10, 200 << 10} {
		refCheck(t, creditArticle(n))
	}
}

// TestExtractMatchesReferenceWindows compares the two on texts longer than
// 2*Window, read in two windows, with and without line breaks to cut the
// windows at: a window may then start or end inside a trigger word.
func TestExtractMatchesReferenceWindows(t *testing.T) {
	dense := strings.Join(refTexts, " ")
	flat := strings.ReplaceAll(dense, "\n", " ")
	for _, unit := range []string{dense, flat, "AP Photo/x all rights reserved ", "Xfiles from AFP. Copyright AP/"} {
		for _, pad := range []int{0, 1, 2, 3, 5, 8} {
			text := strings.Repeat("x", pad) + strings.Repeat(unit, 2*credit.Window/len(unit)+3)
			refCheck(t, text)
			refCheck(t, text[:2*credit.Window+1])
		}
	}
}

// TestExtractMatchesReferenceReuters compares the two on every story of
// Reuters-21578, and on each story with its lines joined, lower-cased and
// upper-cased.
func TestExtractMatchesReferenceReuters(t *testing.T) {
	stories, err := corpus.Reuters(1<<30, nil)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("SKIPPED: Reuters-21578 not found beside the project (../shared/corpora/reuters21578); the differential test on real text did not run:", err)
	}
	require.NoError(t, err)
	for _, s := range stories {
		refCheck(t, s.Text)
		refCheck(t, strings.ReplaceAll(s.Text, "\n", " "))
		refCheck(t, strings.ToLower(s.Text))
		refCheck(t, strings.ToUpper(s.Text))
	}
	t.Logf("%d stories compared", len(stories))
}

// FuzzExtractMatchesReference checks that Append finds, on any text,
// exactly what the reference trigger pass over every word finds.
//
//	go test -run '^$' -fuzz FuzzExtractMatchesReference ./credit
func FuzzExtractMatchesReference(f *testing.F) {
	for _, s := range refTexts {
		f.Add(s)
	}
	f.Add(creditArticle(5 << 10))
	f.Fuzz(func(t *testing.T, text string) {
		refCheck(t, text)
	})
}

// TestPhotoLabelsStartWithTheirGuard checks that every picture-credit
// label starts with a letter photoLabelLen lets through.
func TestPhotoLabelsStartWithTheirGuard(t *testing.T) {
	for _, l := range credit.PhotoLabels {
		if l[0] != 'P' && l[0] != 'I' && l[0] != 'C' {
			t.Errorf("photo label %q starts with %q, which photoLabelLen skips", l, l[0])
		}
	}
}
