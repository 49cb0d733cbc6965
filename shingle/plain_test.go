package shingle

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// Tests of the fast path for plain words (plain.go): fillWords,
// plainWord, fillTwo and their hashes, against the reference
// implementation (reference_test.go) on every token, offset and shingle.

// plainTexts are multilingual texts whose words the plain-word path
// takes, and the runes that must stop it: mixed scripts in a word,
// combining marks, ZWJ/ZWNJ, soft hyphens, Arabic tatweel and vowel
// marks, final sigma, dotted and dotless I, Arabic-Indic digits,
// apostrophes, separators of two and three bytes, bytes that are not
// UTF-8, encoded surrogates, and words at the end of the text.
var plainTexts = []string{
	"Кремль заявил, что КРЕМЛЬ пока не поздравил нового президента США; ёлка у стен Кремля уже стоит.",
	"پاکستان کی حکومت نے ۲۰۲۴ میں نئی پالیسی کا اعلان کیا",
	"Ο λόγος του προέδρου ήταν προσεκτικός. ΟΔΟΣ οδος οδός ΣΑΣ σας",
	"שָׁלוֹם עולם, ירושלים 2024",
	"La república francesa y el café de Málaga: élection, naïve, Ünited, straße, ŒUVRE, Ångström, Łódź.",
	"Moskva\u0301 Кре\u0301мль е\u0308лка Кремль\u0301 ΐ ǅ ǰ",                        // combining marks, NFKC
	"می\u200cخواهم ذمہ\u200cداری Кремль\u200dы Крем\u00adль حکومت\u0640ی پاکـــستان", // ZWNJ, ZWJ, soft hyphen, tatweel
	"حُکومت ذمہ\u064eداری \u0670الله كتاب يمين ى ٢٠٢٤ ۱۲۳",                           // harakat, yeh and kaf, digits
	"İstanbul ISTANBUL ıstanbul İi Iı \u0130\u0307",                                  // Turkish I (lower-cased to one byte)
	"«Кремль» — “ДА”, Кремль’s Кремль's Кремльʼs 'Кремль' Кремль\u00a0заявил Кремль…",
	"Кремль中国 中Кремль Кремль2024 2024Кремль xКремль Кремльx Kremlin-Кремль Кремль_x",
	"Кремль\xd0 Кремль\xd0\xd0ы Крем\xc0\x80ль Кремль\xed\xa0\x80 Кремль\xff\xfe Кремль\xe4\xb8",
	"\u0301Кремль \u064eحکومت \u0640\u0640ی \u00adКремль \u200cы ʼКремль",
	"Кремль", "Кремль ", "Кремль\u200c", "Кремль\u0640", "Кремль\xd0", "café", "café\u0301", "é", "ё", "ς",
	strings.Repeat("Ы", 31) + " " + strings.Repeat("Ы", 32) + " " + strings.Repeat("ы", 33) + " " + strings.Repeat("жЖ", 40),
	strings.Repeat("é", 15) + "a " + strings.Repeat("aé", 21) + " " + strings.Repeat("x", 62) + "é " + strings.Repeat("é", 64),
}

// plainWords are the words that TestPlainBlockEdges moves across the
// edges of the blocks of fillTwo and the reach of plainWord.
var plainWords = []string{
	"ы", "Ж", "ёлка", "КРЕМЛЬ", "президента", "ΣΑΣ", "λόγος", "پاکستان", "ذمہ\u200cداری", "حکومت\u0640ی",
	"é", "café", "Ünited", "naïve", "straße", "re\u0301sistance", "Крем\u00adль",
	strings.Repeat("Ы", 15), strings.Repeat("Ы", 16), strings.Repeat("é", 31), strings.Repeat("aé", 21), strings.Repeat("Ж", 33),
}

// TestPlainTextsMatchReference compares the fast path with the reference
// on the plain-word texts, alone, repeated (so that fillTwo and fillWords
// see them at every distance from the end of the text) and after ASCII
// text (so that fillASCII hands them over).
func TestPlainTextsMatchReference(t *testing.T) {
	for _, cfg := range diffConfigs {
		s := newTestShingler(t, cfg)
		for _, text := range plainTexts {
			checkDiff(t, s, text)
			checkDiff(t, s, strings.Repeat(text+" ", 5))
			checkDiff(t, s, "the Kremlin said "+text+" and more words to follow here")
			checkDiff(t, s, strings.Repeat("word ", 20)+text)
		}
		checkDiff(t, s, strings.Join(plainTexts, "\n"))
	}
}

// TestPlainBlockEdges puts each plain word, followed by each kind of rune
// that ends it or not, at every offset from the start of a block of
// fillTwo, in Latin text with accents (which fillTwo takes) and in
// Cyrillic text (which fillWords takes word by word), and compares the
// shingles with the reference.
func TestPlainBlockEdges(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: not with -short")
	}
	s := newTestShingler(t, Config{WordSize: 2, CharSize: 2})
	after := []string{" ", ", ", "'", "'s ", "’", "’s ", "é ", "ы", "中", "\xff", "\xd0", "\u0301 ", "\u200d", "\u200c ", "\u0640", "\u064e ",
		"\u00a0", "«", "—", "٢ ", "x", "2 ", "",
		// Runes that start no word, and letters that are not plain, after
		// a space: fillTwo skips the first and leaves the others to fill.
		" \u0488ы ", " \u034f ", " \u07a6x ", " ٢ ", " İx ", " \u0301 ", " ’ "}
	// Latin text sparse enough in accents for fillTwo (see
	// maxTwoBlockRunes), and Cyrillic text.
	contexts := []string{"café and the words of naïve ones ", "Кремль заявил что "}
	for _, context := range contexts {
		for shift := range 81 {
			prefix := "é " + strings.Repeat("ab ", shift/3) + "xyz"[:shift%3]
			if context[0] != 'c' {
				prefix = "ы " + strings.Repeat("ж ", shift/2) + "ы"[:shift%2*2]
			}
			for wi, word := range plainWords {
				for ai, a := range after {
					if (wi*len(after)+ai+shift)%5 != 0 {
						continue // each pair at a fifth of the offsets
					}
					text := prefix + " " + word + a + context + word + a + strings.Repeat(context, 6)
					checkDiff(t, s, text)
					checkDiff(t, s, text[:len(text)-len(context)*6+3])
				}
			}
		}
	}
}

// TestPlainFoldingIsChecked makes sure the tests above would notice a
// wrong folding in the plain-word path: with one letter's entry in the
// two-byte table changed (Ж lower-cased to й), the fast path must differ
// from the reference on a text with that letter.
func TestPlainFoldingIsChecked(t *testing.T) {
	tab := twoByteRunes()
	saved := *tab
	defer func() { *tab = saved }()
	for _, r := range []rune{'Ж', 'é', 'Σ', 'ی'} {
		*tab = saved
		other := map[rune]rune{'Ж': 'й', 'é': 'è', 'Σ': 'τ', 'ی': 'ک'}[r]
		tab[r] = tab[r]&^twoLower | tab[other]&twoLower
		s := newTestShingler(t, Config{})
		text := "the " + string(r) + "x café naïve " + strings.Repeat("Кремль ЖЖЖ заявил, что é "+string(r)+" ", 8)
		if d := diff(s, text); d == "" {
			t.Errorf("%q folded as %q: the fast path still matches the reference", r, other)
		}
	}
}

// TestHashShortAndBytes15MatchXXHash compares the branch-free hashes of
// plain words with xxhash for every length they take, whatever bytes
// follow the word.
func TestHashShortAndBytes15MatchXXHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	var buf [foldCap]byte
	for n := 1; n < 32; n++ {
		for range 200 {
			for i := range buf {
				buf[i] = byte(rng.IntN(256))
			}
			want := xxhash.Sum64(buf[:n])
			if got := hashShort(&buf, n); got != want {
				t.Fatalf("hashShort(%x) = %#x, want %#x", buf[:n], got, want)
			}
			if n < 16 {
				if got := hashBytes15(load64(buf[:]), load64(buf[8:]), n); got != want {
					t.Fatalf("hashBytes15(%x) = %#x, want %#x", buf[:n], got, want)
				}
			}
		}
	}
}

// TestContMask checks the bitmap of continuation bytes for every byte
// value at every position of a block.
func TestContMask(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	block := make([]byte, 64)
	for c := range 256 {
		for k := range 64 {
			for i := range block {
				block[i] = byte(rng.IntN(256))
			}
			block[k] = byte(c)
			m := contMask(string(block))
			for i, b := range block {
				if got := m>>i&1 == 1; got != (b&0xC0 == 0x80) {
					t.Fatalf("byte %#x at %d: continuation bit %v", b, i, got)
				}
			}
		}
	}
}

// TestTwoByteTable checks the table of two-byte runes against the rune
// blocks it is built from.
func TestTwoByteTable(t *testing.T) {
	tab := twoByteRunes()
	for r := rune(0x80); r < 0x800; r++ {
		blk := blockOf(r)
		info, e := blk.info[r&0xff], tab[r]
		if got := class(e >> 16 & 7); got != class(info&infoClass) {
			t.Fatalf("%U: class %d, want %d", r, got, info&infoClass)
		}
		if got := e&twoPlain != 0; got != (info&infoPlain != 0) {
			t.Fatalf("%U: plain %v", r, got)
		}
		if info&infoPlain != 0 && uint16(e) != blk.lower2[r&0xff] {
			t.Fatalf("%U: lower2 %#x, want %#x", r, uint16(e), blk.lower2[r&0xff])
		}
		if u := string(r); len(u) != 2 || twoByteIndex(u[0], u[1]) != uint(r) {
			t.Fatalf("%U: not at its index", r)
		}
	}
}
