package shingle_test

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/shingle"
)

// seedNames are the bundled seed articles, in the order they were seen.
var seedNames = []string{
	"000_468044057261e0d6.txt",
	"001_7cb3ead0d8dc3d74.txt",
	"002_8116756d16084da1.txt",
	"003_d897e868842ded34.txt",
	"004_c866b469c61a0d9e.txt",
}

// Short news-like sentences written for these tests, one per script.
const (
	// "The Kremlin said that the KREMLIN has not yet congratulated the
	// new US president; the fir tree by the Kremlin walls is already up."
	russianText = "Кремль заявил, что КРЕМЛЬ пока не поздравил нового президента США; ёлка у стен Кремля уже стоит."
	// "In 2024 the government of Pakistan announced a new policy", written
	// with the Farsi yeh (U+06CC), keheh (U+06A9) and Extended
	// Arabic-Indic digits that Urdu keyboards produce.
	urduText = "پاکستان کی حکومت نے ۲۰۲۴ میں نئی پالیسی کا اعلان کیا"
	// "The government published new rules today." (10 Han characters).
	chineseText = "中国政府今天发布新规。"
	// "The news was announced in Tokyo." (kanji, hiragana and katakana).
	japaneseText = "東京でニュースが発表された。"
	// "The government that announced the new policy."
	thaiText = "รัฐบาลที่ประกาศนโยบายใหม่"
	// "The president's speech was cautious."
	greekText = "Ο λόγος του προέδρου ήταν προσεκτικός."
	// A mix of everything above, with Latin words in between.
	mixedText = "Tokyo東京: Кремль said «ДА»; پاکستان\u200cی حکومت — 中国政府 ที่ ΛΌΓΟΣ 2024 ٢٠٢٤ re-election, Trump’s "
)

// multilingualTexts are the non-seed texts that the offset checks run on.
var multilingualTexts = []string{
	russianText, urduText, chineseText, japaneseText, thaiText, greekText, mixedText,
	"ذمہ\u200cداری کا احساس، حُکومت کی پاکـــستان میں",
	"Le café de la re\u0301sistance a fermé; ＴＲＵＭＰ ﬁnance",
	"naïve co\u00adoperation\u200d, don't 'quote' ’90s O’Neill",
}

func readSeed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
	require.NoError(tb, err)
	require.NotEmpty(tb, b)
	return string(b)
}

func newShingler(tb testing.TB, cfg shingle.Config) *shingle.Shingler {
	tb.Helper()
	s, err := shingle.New(cfg)
	require.NoError(tb, err)
	return s
}

func tokenTexts(s *shingle.Shingler, text string) []string {
	var out []string
	for _, tok := range s.AppendTokens(nil, text) {
		out = append(out, text[tok.Start:tok.End])
	}
	return out
}

func tokenHashes(s *shingle.Shingler, text string) []uint64 {
	var out []uint64
	for _, tok := range s.AppendTokens(nil, text) {
		out = append(out, tok.Hash)
	}
	return out
}

// tokenHash is the hash of the single token of text; it fails the test if
// text is not exactly one token.
func tokenHash(tb testing.TB, s *shingle.Shingler, text string) uint64 {
	tb.Helper()
	toks := s.AppendTokens(nil, text)
	require.Len(tb, toks, 1, "%q should be exactly one token, got %q", text, tokenTexts(s, text))
	return toks[0].Hash
}

func hashSet(hashes []uint64) map[uint64]struct{} {
	set := make(map[uint64]struct{}, len(hashes))
	for _, h := range hashes {
		set[h] = struct{}{}
	}
	return set
}

func intersection(a, b map[uint64]struct{}) int {
	n := 0
	for h := range a {
		if _, ok := b[h]; ok {
			n++
		}
	}
	return n
}

// shingleSeed is the documented value of shingle.ShingleSeed ("reprint1"),
// written out so that a change of the constant is caught.
const shingleSeed uint64 = 0x72657072696e7431

// refShingles computes the shingles of a token sequence straight from the
// package documentation: each window is the shortest run of tokens ending
// at a token whose weight (a word weighs CharSize, a character WordSize)
// reaches WordSize × CharSize, and its hash is XXH64, seeded with
// "reprint1", of the token hashes as little-endian uint64s.
func refShingles(cfg shingle.Config, toks []shingle.Token) []shingle.Shingle {
	cfg = cfg.Normalized()
	threshold := cfg.WordSize * cfg.CharSize
	var out []shingle.Shingle
	for j := range toks {
		sum := 0
		for i := j; i >= 0; i-- {
			if toks[i].Kind == shingle.Char {
				sum += cfg.WordSize
			} else {
				sum += cfg.CharSize
			}
			if sum < threshold {
				continue
			}
			var b []byte
			for _, t := range toks[i : j+1] {
				b = binary.LittleEndian.AppendUint64(b, t.Hash)
			}
			d := xxhash.NewWithSeed(shingleSeed)
			_, _ = d.Write(b)
			out = append(out, shingle.Shingle{Hash: d.Sum64(), Start: toks[i].Start, End: toks[j].End})
			break
		}
	}
	return out
}

// checkOffsets asserts the offset contract of tokens and shingles on text.
func checkOffsets(t *testing.T, s *shingle.Shingler, text string) {
	t.Helper()
	toks := s.AppendTokens(nil, text)
	prevStart, prevEnd := -1, 0
	for i, tok := range toks {
		require.True(t, 0 <= tok.Start && tok.Start < tok.End && tok.End <= len(text),
			"token %d [%d:%d] out of bounds (len %d)", i, tok.Start, tok.End, len(text))
		require.Greater(t, tok.Start, prevStart, "token %d start does not increase", i)
		require.GreaterOrEqual(t, tok.Start, prevEnd, "token %d overlaps the previous one", i)
		prevStart, prevEnd = tok.Start, tok.End

		word := text[tok.Start:tok.End]
		require.True(t, utf8.ValidString(word), "token %d %q is not valid UTF-8", i, word)
		first, _ := utf8.DecodeRuneInString(word)
		assert.True(t, unicode.IsLetter(first) || unicode.IsNumber(first),
			"token %d %q does not start with a letter or digit", i, word)
		last, _ := utf8.DecodeLastRuneInString(word)
		assert.True(t, unicode.IsLetter(last) || unicode.IsNumber(last) || unicode.IsMark(last),
			"token %d %q ends with %U", i, word, last)
		assert.Contains(t, []shingle.Kind{shingle.Word, shingle.Char}, tok.Kind)
		if tok.Kind == shingle.Char {
			// A character token is one base character and its marks.
			for _, r := range word[utf8.RuneLen(first):] {
				assert.True(t, unicode.IsMark(r) || unicode.Is(unicode.Cf, r),
					"char token %d %q holds more than one character", i, word)
			}
		}
	}

	shingles := s.AppendShingles(nil, text)
	require.Equal(t, refShingles(s.Config(), toks), shingles)
	// The windows must also be in text order and begin and end with tokens.
	starts := make(map[int]shingle.Token, len(toks))
	ends := make(map[int]shingle.Token, len(toks))
	for _, tok := range toks {
		starts[tok.Start] = tok
		ends[tok.End] = tok
	}
	for i, sh := range shingles {
		require.True(t, 0 <= sh.Start && sh.Start < sh.End && sh.End <= len(text),
			"shingle %d [%d:%d] out of bounds", i, sh.Start, sh.End)
		first, ok := starts[sh.Start]
		require.True(t, ok, "shingle %d does not start at a token", i)
		last, ok := ends[sh.End]
		require.True(t, ok, "shingle %d does not end at a token", i)
		span := text[sh.Start:sh.End]
		assert.True(t, strings.HasPrefix(span, text[first.Start:first.End]))
		assert.True(t, strings.HasSuffix(span, text[last.Start:last.End]))
		if i > 0 {
			assert.Greater(t, sh.End, shingles[i-1].End)
			assert.GreaterOrEqual(t, sh.Start, shingles[i-1].Start)
		}
	}
}

func TestSeedSimilarity(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	sets := make([]map[uint64]struct{}, len(seedNames))
	for i, name := range seedNames {
		sets[i] = hashSet(s.AppendHashes(nil, readSeed(t, name)))
		require.Greater(t, len(sets[i]), 300, "%s has too few shingles", name)
	}

	const a, b = 1, 3 // 001 and its truncated, re-flowed copy 003
	inter := intersection(sets[a], sets[b])
	jaccard := float64(inter) / float64(len(sets[a])+len(sets[b])-inter)
	assert.InDelta(t, 0.556, jaccard, 0.01, "Jaccard(001, 003)")
	assert.InDelta(t, 0.995, float64(inter)/float64(len(sets[b])), 0.01, "containment of 003 in 001")
	assert.InDelta(t, 0.556, float64(inter)/float64(len(sets[a])), 0.01, "containment of 001 in 003")

	for i := range sets {
		for j := range sets {
			if i == j || (i == a && j == b) || (i == b && j == a) {
				continue
			}
			c := float64(intersection(sets[i], sets[j])) / float64(len(sets[i]))
			assert.LessOrEqual(t, c, 0.01, "containment of %s in %s", seedNames[i], seedNames[j])
		}
	}
}

func TestSeedReflowKeepsHashes(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	orig := readSeed(t, seedNames[1])
	reflowed := readSeed(t, seedNames[3])

	// spanTokens returns the tokens and the shingles lying entirely inside
	// the first occurrence of part in text.
	span := func(text, part string) ([]shingle.Token, []shingle.Shingle) {
		t.Helper()
		at := strings.Index(text, part)
		require.GreaterOrEqual(t, at, 0, "%q not found", part)
		end := at + len(part)
		var toks []shingle.Token
		for tok := range s.Tokens(text) {
			if tok.Start >= at && tok.End <= end {
				toks = append(toks, tok)
			}
		}
		var shs []shingle.Shingle
		for sh := range s.Shingles(text) {
			if sh.Start >= at && sh.End <= end {
				shs = append(shs, sh)
			}
		}
		return toks, shs
	}
	hashesOf := func(toks []shingle.Token) []uint64 {
		out := make([]uint64, len(toks))
		for i, tok := range toks {
			out[i] = tok.Hash
		}
		return out
	}

	const sentence = "Moscow believes that Trump’s return to the presidency could give Russia a boost"
	ot, osh := span(orig, sentence)
	ct, csh := span(reflowed, sentence)
	require.Len(t, ot, 13)
	require.Len(t, osh, 13-shingle.DefaultWordSize+1)
	assert.Equal(t, hashesOf(ot), hashesOf(ct))
	hs := func(shs []shingle.Shingle) []uint64 {
		out := make([]uint64, len(shs))
		for i, sh := range shs {
			out[i] = sh.Hash
		}
		return out
	}
	assert.Equal(t, hs(osh), hs(csh))

	// Across the paragraph break that 003 re-flowed into a space: 001 has
	// "private.\nMoscow", 003 has "private. Moscow", and the shingles
	// spanning the break are still the same.
	origBreak := "cautious optimism in private.\nMoscow believes that Trump’s return"
	copyBreak := "cautious optimism in private. Moscow believes that Trump’s return"
	_, ob := span(orig, origBreak)
	_, cb := span(reflowed, copyBreak)
	require.Len(t, ob, 9-shingle.DefaultWordSize+1)
	assert.Equal(t, hs(ob), hs(cb))
	crossing := 0
	for i := range ob {
		if strings.Contains(orig[ob[i].Start:ob[i].End], "\n") {
			crossing++
			assert.NotContains(t, reflowed[cb[i].Start:cb[i].End], "\n")
		}
	}
	assert.Equal(t, shingle.DefaultWordSize-1, crossing, "shingles spanning the paragraph break")
}

func TestNormalisationEquivalences(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	cases := []struct{ name, a, b string }{
		{"curly vs straight apostrophe",
			"Moscow believes that Trump’s return could help Russia",
			"Moscow believes that Trump's return could help Russia"},
		{"other apostrophes",
			"Trump‘s Trumpʼs Trump＇s Trump′s O’Neill rock’n’roll",
			"Trumps Trumps Trumps Trumps ONeill rocknroll"},
		{"curly vs straight quotes",
			"officials said “we will keep advancing” in Ukraine",
			"officials said \"we will keep advancing\" in Ukraine"},
		{"case",
			"MOSCOW BELIEVES THAT TRUMP'S RETURN COULD HELP",
			"moscow believes that trump's return could help"},
		{"full-width Latin and digits (NFKC)",
			"ＴＲＵＭＰ ＷＯＮ ＴＨＥ ２０２４ ＥＬＥＣＴＩＯＮ",
			"Trump won the 2024 election"},
		{"fi ligature",
			"ﬁnancial ﬁrms ﬁnd ﬁve ﬁxes for proﬁts",
			"financial firms find five fixes for profits"},
		{"decomposed vs precomposed accents",
			"Le cafe\u0301 de la re\u0301sistance a ferme\u0301 hier",
			"Le caf\u00e9 de la r\u00e9sistance a ferm\u00e9 hier"},
		{"runs of white space",
			"  While\tPresident \n\n Vladimir\r\nPutin   has \t\v\f yet  ",
			"While President Vladimir Putin has yet"},
		{"dashes, ellipsis and punctuation",
			"Trump — the winner – said… “yes”! (Really?) [sic], /no/; ok.",
			"Trump the winner said yes Really sic no ok"},
		{"no-break and other Unicode spaces",
			"President\u00a0Vladimir\u2009Putin\u3000has\u202fyet",
			"President Vladimir Putin has yet"},
		{"soft hyphen and zero-width joiner inside words",
			"officials wanted to congrat\u00adulate the Krem\u200dlin to\u200bday",
			"officials wanted to congratulate the Kremlin to day"},
		{"direction marks and byte order mark",
			"\ufeffthe \u200eKremlin\u200f said it\u2060s ready",
			"the Kremlin said its ready"},
		{"invisible characters at token edges",
			"\u200dthe\u00ad Kremlin\u200c said \u00adit was ready",
			"the Kremlin said it was ready"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NotEqual(t, tc.a, tc.b)
			ha, hb := tokenHashes(s, tc.a), tokenHashes(s, tc.b)
			require.NotEmpty(t, ha)
			assert.Equal(t, hb, ha, "token hashes of %q and %q", tc.a, tc.b)
			assert.Equal(t, s.AppendHashes(nil, tc.b), s.AppendHashes(nil, tc.a))
		})
	}

	// The normalised forms themselves.
	norm := func(tok string) string { return string(s.AppendNormalized(nil, tok)) }
	assert.Equal(t, "trumps", norm("Trump’s"))
	assert.Equal(t, "trumps", norm("Trump's"))
	assert.Equal(t, "trump", norm("ＴＲＵＭＰ"))
	assert.Equal(t, "finance", norm("ﬁnance"))
	assert.Equal(t, "r\u00e9sistance", norm("Re\u0301sistance"))
	assert.Equal(t, "kremlin", norm("Krem\u200dlin"))
	assert.Equal(t, "congratulate", norm("congrat\u00adulate"))
	assert.Equal(t, []byte("prefix:kremlin"), s.AppendNormalized([]byte("prefix:"), "KREMLIN"))

	// Accents are kept.
	assert.NotEqual(t, tokenHash(t, s, "resume"), tokenHash(t, s, "résumé"))
	assert.NotEqual(t, tokenHash(t, s, "resume"), tokenHash(t, s, "resumé"))
	assert.Equal(t, tokenHash(t, s, "résumé"), tokenHash(t, s, "RÉSUMÉ"))
	assert.Equal(t, "résumé", norm("RÉSUMÉ"))
	// Distinct words stay distinct.
	assert.NotEqual(t, tokenHash(t, s, "Trump"), tokenHash(t, s, "Trumps"))
	assert.NotEqual(t, tokenHashes(s, "re-election"), tokenHashes(s, "reelection"))
}

func TestOffsetsSeeds(t *testing.T) {
	for _, name := range seedNames {
		t.Run(name, func(t *testing.T) {
			s := newShingler(t, shingle.Config{})
			text := readSeed(t, name)
			checkOffsets(t, s, text)
			require.Greater(t, len(s.AppendTokens(nil, text)), 400)
		})
	}
}

func TestOffsetsMultilingual(t *testing.T) {
	configs := []shingle.Config{{}, {WordSize: 1, CharSize: 1}, {WordSize: 2, CharSize: 3}, {WordSize: 3, CharSize: 2}}
	for _, cfg := range configs {
		s := newShingler(t, cfg)
		for _, text := range multilingualTexts {
			t.Run(cfg.String()+"/"+text[:min(len(text), 12)], func(t *testing.T) {
				checkOffsets(t, s, text)
			})
		}
	}

	s := newShingler(t, shingle.Config{WordSize: 2, CharSize: 3})
	assert.NotEmpty(t, s.AppendShingles(nil, mixedText))
	// Tokens as written keep their apostrophes, marks and invisible
	// characters; everything between tokens is left out.
	assert.Equal(t, []string{"naïve", "co\u00adoperation", "don't", "quote", "90s", "O’Neill"},
		tokenTexts(s, "naïve co\u00adoperation\u200d, don't 'quote' ’90s O’Neill"))
}

func TestRussian(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	assert.Equal(t, []string{
		"Кремль", "заявил", "что", "КРЕМЛЬ", "пока", "не", "поздравил", "нового",
		"президента", "США", "ёлка", "у", "стен", "Кремля", "уже", "стоит",
	}, tokenTexts(s, russianText))
	for _, tok := range s.AppendTokens(nil, russianText) {
		assert.Equal(t, shingle.Word, tok.Kind)
	}
	hashes := tokenHashes(s, russianText)
	assert.Equal(t, hashes[0], hashes[3], "Кремль and КРЕМЛЬ")
	assert.NotEqual(t, hashes[0], hashes[13], "Кремль and Кремля")
	assert.Len(t, s.AppendHashes(nil, russianText), 16-shingle.DefaultWordSize+1)

	// ё is its own letter: it is neither dropped nor folded to е.
	assert.Equal(t, "ёлка", string(s.AppendNormalized(nil, "Ёлка")))
	assert.Equal(t, tokenHash(t, s, "ёлка"), tokenHash(t, s, "ЁЛКА"))
	assert.Equal(t, tokenHash(t, s, "ёлка"), tokenHash(t, s, "е\u0308лка"), "decomposed ё")
	assert.NotEqual(t, tokenHash(t, s, "ёлка"), tokenHash(t, s, "елка"))

	// The same sentence in upper case, with different punctuation and
	// spacing, gives the same shingles.
	assert.Equal(t, s.AppendHashes(nil, russianText), s.AppendHashes(nil,
		"КРЕМЛЬ ЗАЯВИЛ — ЧТО КРЕМЛЬ ПОКА НЕ ПОЗДРАВИЛ НОВОГО ПРЕЗИДЕНТА США...\nЁЛКА У СТЕН КРЕМЛЯ УЖЕ СТОИТ"))
}

func TestUrdu(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	words := strings.Fields(urduText)
	require.Len(t, words, 11)
	assert.Equal(t, words, tokenTexts(s, urduText), "Urdu words are split on spaces")
	assert.Len(t, s.AppendHashes(nil, urduText), 11-shingle.DefaultWordSize+1)

	// Arabic yeh and kaf typed instead of the Farsi yeh and keheh.
	require.True(t, strings.ContainsRune(urduText, '\u06CC') && strings.ContainsRune(urduText, '\u06A9'))
	arabic := strings.NewReplacer("\u06CC", "\u064A", "\u06A9", "\u0643").Replace(urduText)
	require.NotEqual(t, urduText, arabic)
	assert.Equal(t, tokenHashes(s, urduText), tokenHashes(s, arabic))
	assert.Equal(t, s.AppendHashes(nil, urduText), s.AppendHashes(nil, arabic))
	assert.Equal(t, tokenHash(t, s, "\u06CC"), tokenHash(t, s, "\u064A"), "yeh")
	assert.Equal(t, tokenHash(t, s, "\u06CC"), tokenHash(t, s, "\u0649"), "alef maksura")
	assert.Equal(t, tokenHash(t, s, "\u06A9"), tokenHash(t, s, "\u0643"), "kaf")

	// ZWNJ inside a word keeps it one token, and is not hashed.
	const zwnj = "ذمہ\u200cداری"
	assert.Equal(t, []string{zwnj, "کا", "احساس"}, tokenTexts(s, zwnj+" کا احساس"))
	assert.Equal(t, tokenHash(t, s, "ذمہداری"), tokenHash(t, s, zwnj))
	assert.NotEqual(t, tokenHashes(s, "ذمہ داری"), tokenHashes(s, zwnj))
	assert.Equal(t, []string{"می\u200cخواهم"}, tokenTexts(s, "می\u200cخواهم"))

	// Tatweel and harakat are ignored.
	assert.Equal(t, tokenHash(t, s, "پاکستان"), tokenHash(t, s, "پاکـــستان"))
	assert.Equal(t, tokenHash(t, s, "نئی"), tokenHash(t, s, "نَئی"))
	assert.Equal(t, tokenHash(t, s, "حکومت"), tokenHash(t, s, "حُکُومَت"))
	assert.Equal(t, tokenHash(t, s, "کتاب"), tokenHash(t, s, "کِتٰاب"), "superscript alef U+0670")
	assert.NotEqual(t, tokenHash(t, s, "حکومت"), tokenHash(t, s, "حکمت"))

	// Arabic-Indic and Extended Arabic-Indic digits are ASCII digits.
	assert.Equal(t, tokenHash(t, s, "2024"), tokenHash(t, s, "٢٠٢٤"))
	assert.Equal(t, tokenHash(t, s, "2024"), tokenHash(t, s, "۲۰۲۴"))
	assert.NotEqual(t, tokenHash(t, s, "2024"), tokenHash(t, s, "۲۰۲۵"))
	assert.Equal(t, s.AppendHashes(nil, urduText),
		s.AppendHashes(nil, strings.Replace(urduText, "۲۰۲۴", "2024", 1)))
}

func TestUnspacedScripts(t *testing.T) {
	s := newShingler(t, shingle.Config{WordSize: 5}) // frozen at the 5-word size these figures were taken with

	t.Run("Chinese", func(t *testing.T) {
		toks := s.AppendTokens(nil, chineseText)
		require.Len(t, toks, 10)
		want := []rune(strings.TrimSuffix(chineseText, "。"))
		for i, tok := range toks {
			assert.Equal(t, shingle.Char, tok.Kind)
			assert.Equal(t, string(want[i]), chineseText[tok.Start:tok.End])
		}
		shs := s.AppendShingles(nil, chineseText)
		require.Len(t, shs, 10-shingle.DefaultCharSize+1)
		assert.Equal(t, "中国政府今天发布", chineseText[shs[0].Start:shs[0].End])
		assert.Equal(t, "国政府今天发布新", chineseText[shs[1].Start:shs[1].End])
		assert.Equal(t, "政府今天发布新规", chineseText[shs[2].Start:shs[2].End])

		s3 := newShingler(t, shingle.Config{CharSize: 3})
		assert.Len(t, s3.AppendShingles(nil, chineseText), 10-3+1)
		// Spaces and full-width forms do not matter between characters.
		assert.Equal(t, s.AppendHashes(nil, chineseText), s.AppendHashes(nil, "中国 政府，今天\n发布 新规"))
	})

	t.Run("Japanese", func(t *testing.T) {
		toks := s.AppendTokens(nil, japaneseText)
		want := []rune(strings.TrimSuffix(japaneseText, "。"))
		require.Len(t, toks, len(want))
		for i, tok := range toks {
			assert.Equal(t, shingle.Char, tok.Kind, "%q", japaneseText[tok.Start:tok.End])
			assert.Equal(t, string(want[i]), japaneseText[tok.Start:tok.End])
		}
		assert.Len(t, s.AppendHashes(nil, japaneseText), len(want)-shingle.DefaultCharSize+1)
		// Kana with a combining voiced mark is the precomposed kana.
		assert.Equal(t, tokenHash(t, s, "ガ"), tokenHash(t, s, "カ\u3099"))
	})

	t.Run("Thai", func(t *testing.T) {
		const thi = "\u0E17\u0E35\u0E48" // ที่
		toks := s.AppendTokens(nil, thi)
		require.Len(t, toks, 1)
		assert.Equal(t, shingle.Char, toks[0].Kind)
		assert.Equal(t, thi, thi[toks[0].Start:toks[0].End])

		toks = s.AppendTokens(nil, thaiText)
		bases := 0
		for _, r := range thaiText {
			if !unicode.IsMark(r) {
				bases++
			}
		}
		assert.Len(t, toks, bases)
		got := tokenTexts(s, thaiText)
		assert.Equal(t, thaiText, strings.Join(got, ""), "Thai tokens cover the text")
		assert.Contains(t, got, thi)
		for _, tok := range toks {
			assert.Equal(t, shingle.Char, tok.Kind)
		}
	})

	t.Run("mixed", func(t *testing.T) {
		toks := s.AppendTokens(nil, "Tokyo東京")
		require.Len(t, toks, 3)
		assert.Equal(t, []string{"Tokyo", "東", "京"}, tokenTexts(s, "Tokyo東京"))
		assert.Equal(t, []shingle.Kind{shingle.Word, shingle.Char, shingle.Char},
			[]shingle.Kind{toks[0].Kind, toks[1].Kind, toks[2].Kind})
		assert.Equal(t, []string{"2024", "年", "東", "京"}, tokenTexts(s, "2024年東京"))

		// A word weighs CharSize and a character WordSize: 4 words (32)
		// and 2 characters (10) reach 40, 4 words and 1 character do not.
		assert.Empty(t, s.AppendShingles(nil, "one two three four 東"))
		text := "one two three four 東京"
		shs := s.AppendShingles(nil, text)
		require.Len(t, shs, 1)
		assert.Equal(t, text, text[shs[0].Start:shs[0].End])
	})

	t.Run("Greek", func(t *testing.T) {
		assert.Equal(t, tokenHash(t, s, "λόγος"), tokenHash(t, s, "λόγοσ"))
		assert.Equal(t, tokenHash(t, s, "λόγος"), tokenHash(t, s, "ΛΌΓΟΣ"))
		assert.Equal(t, "λόγοσ", string(s.AppendNormalized(nil, "λόγος")))
		assert.NotEqual(t, tokenHash(t, s, "λόγος"), tokenHash(t, s, "λογος"), "tonos is kept")
		assert.Equal(t, []string{"Ο", "λόγος", "του", "προέδρου", "ήταν", "προσεκτικός"}, tokenTexts(s, greekText))
	})
}

func TestEdgeCases(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	for _, text := range []string{"", " ", "\n\t \r\n\u00a0\u3000", "— … “” «» ! ? . , ; : - ( ) [ ] ' ’", "\x00\x00", "\xff\xfe\xfd", "'''", "\u200d\u00ad\ufeff", "\u0301\u0308"} {
		assert.Empty(t, s.AppendTokens(nil, text), "%q", text)
		assert.Empty(t, s.AppendShingles(nil, text), "%q", text)
		assert.Empty(t, s.AppendHashes(nil, text), "%q", text)
	}

	words := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu")
	for _, cfg := range []shingle.Config{{}, {WordSize: 1}, {WordSize: 3}, {WordSize: 12}, {WordSize: 13}} {
		size := cfg.Normalized().WordSize
		s := newShingler(t, cfg)
		for n := 0; n <= len(words); n++ {
			text := strings.Join(words[:n], " ")
			require.Len(t, s.AppendTokens(nil, text), n)
			shs := s.AppendShingles(nil, text)
			require.Len(t, shs, max(0, n-size+1), "%d words, size %d", n, size)
			if n == size {
				assert.Equal(t, shingle.Shingle{Hash: shs[0].Hash, Start: 0, End: len(text)}, shs[0])
			}
			for i, sh := range shs {
				assert.Equal(t, strings.Join(words[i:i+size], " "), text[sh.Start:sh.End])
			}
		}
	}

	// Invalid UTF-8 and NUL bytes separate tokens.
	want := tokenHashes(s, "abc def")
	for _, text := range []string{"abc\x00def", "abc\xffdef", "abc\xc0\x80def", "abc\xed\xa0\x80def", "abc\xe4\xb8def", "\xffabc\x00\x00def\xfe"} {
		assert.Equal(t, []string{"abc", "def"}, tokenTexts(s, text), "%q", text)
		assert.Equal(t, want, tokenHashes(s, text), "%q", text)
	}
	// A lone apostrophe at the end of a word, or a doubled one, does not join.
	assert.Equal(t, []string{"Russians", "x", "y"}, tokenTexts(s, "Russians' x''y"))
	assert.Equal(t, []string{"don't"}, tokenTexts(s, "don't"))
	// Never panic on odd input, whatever the config.
	for _, cfg := range []shingle.Config{{}, {WordSize: 1, CharSize: 1}, {WordSize: shingle.MaxSize, CharSize: shingle.MaxSize}} {
		s := newShingler(t, cfg)
		for _, text := range []string{"\xf4\x90\x80\x80a", "a\xe2\x80", "a'", "’a", "\u0301a\u0301", strings.Repeat("東 a ", 100), strings.Repeat("\x00a", 100)} {
			assert.NotPanics(t, func() {
				s.AppendShingles(nil, text)
				checkOffsets(t, s, text)
			})
		}
	}
}

func TestConfig(t *testing.T) {
	s, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	assert.Equal(t, shingle.Config{WordSize: 4, CharSize: 8}, s.Config())
	assert.Equal(t, "words=4,chars=8,norm=1", shingle.Config{}.String())
	assert.Equal(t, "words=3,chars=2,norm=1", shingle.Config{WordSize: 3, CharSize: 2}.String())
	assert.Equal(t, "words=4,chars=4,norm=1", shingle.Config{CharSize: 4}.String())
	assert.Equal(t, shingle.Config{WordSize: 7, CharSize: 8}, shingle.Config{WordSize: 7}.Normalized())
	assert.Equal(t, 1, shingle.NormalizationVersion)

	s, err = shingle.New(shingle.Config{WordSize: 0, CharSize: 3})
	require.NoError(t, err)
	assert.Equal(t, shingle.DefaultWordSize, s.Config().WordSize)
	s, err = shingle.New(shingle.Config{WordSize: shingle.MaxSize, CharSize: shingle.MaxSize})
	require.NoError(t, err)
	assert.Equal(t, shingle.Config{WordSize: 32, CharSize: 32}, s.Config())

	for _, cfg := range []shingle.Config{
		{WordSize: -1}, {WordSize: shingle.MaxSize + 1}, {CharSize: -3},
		{CharSize: shingle.MaxSize + 1}, {WordSize: -1 << 40, CharSize: 1 << 40},
	} {
		s, err := shingle.New(cfg)
		require.Error(t, err, "%+v", cfg)
		assert.Nil(t, s)
		assert.True(t, errors.Is(err, shingle.ErrInvalidConfig), "%v", err)
		assert.ErrorIs(t, cfg.Validate(), shingle.ErrInvalidConfig)
	}
	assert.NoError(t, shingle.Config{}.Validate())
	assert.NoError(t, shingle.Config{WordSize: 1, CharSize: 1}.Validate())
}

// goldenSentence is shingled by TestGoldenHashes with the default config.
const goldenSentence = "Moscow believes that Trump’s return to the presidency could give Russia a boost"

func TestGoldenHashes(t *testing.T) {
	require.Equal(t, uint64(0), shingle.TokenSeed)
	require.Equal(t, shingleSeed, shingle.ShingleSeed)

	s := newShingler(t, shingle.Config{WordSize: 5}) // frozen at the 5-word size these figures were taken with
	// Frozen: these values must not change without bumping
	// NormalizationVersion, since they are stored in signatures.
	assert.Equal(t, []uint64{
		0x3c61ea14d735e0d4, // Moscow
		0xff76ecf470df2d18, // believes
		0xbae77f42ac4f1155, // that
		0xe8916d76dc2c6725, // Trump’s
		0x99494d7d2baa5cdf, // return
		0x0ca5b25930438908, // to
		0x4b1b03a21f8b5f26, // the
		0x8b6dc3a827bbb10b, // presidency
		0x1cf0ab7be42189ed, // could
		0x8f80aadc7526d433, // give
		0xc2f58067d951665e, // Russia
		0xd24ec4f1a98c6e5b, // a
		0x22492a462519c485, // boost
	}, tokenHashes(s, goldenSentence))
	assert.Equal(t, []uint64{
		0x03b48ba681056c39,
		0xf7600c4427a156c2,
		0x281905928051e10e,
		0xd5c83a13457e2764,
		0x0886042318c13ce8,
		0x65d467af8b63486a,
		0xef355db12a72a9c1,
		0xab0280f58dc0a383,
		0xf510792e092cb166,
	}, s.AppendHashes(nil, goldenSentence))

	// Recompute the first shingle from the documented definition alone:
	// XXH64 (seed 0) of each normalised word, then XXH64 (seed "reprint1")
	// of those hashes as 8-byte little-endian words.
	var buf []byte
	for _, w := range []string{"moscow", "believes", "that", "trumps", "return"} {
		buf = binary.LittleEndian.AppendUint64(buf, xxhash.Sum64String(w))
	}
	d := xxhash.NewWithSeed(0x72657072696e7431)
	_, _ = d.Write(buf)
	assert.Equal(t, d.Sum64(), s.AppendHashes(nil, goldenSentence)[0])

	// Every token hash is the seed-0 XXH64 of its normalised form, and
	// every shingle the documented hash of its tokens.
	for _, text := range append([]string{goldenSentence}, multilingualTexts...) {
		toks := s.AppendTokens(nil, text)
		for _, tok := range toks {
			assert.Equal(t, xxhash.Sum64(s.AppendNormalized(nil, text[tok.Start:tok.End])), tok.Hash)
		}
		assert.Equal(t, refShingles(s.Config(), toks), s.AppendShingles(nil, text))
	}
	assert.Equal(t, xxhash.Sum64String("кремль"), tokenHash(t, s, "КРЕМЛЬ"))
	assert.Equal(t, xxhash.Sum64String("\u06cc"), tokenHash(t, s, "\u064a"))

	// A fresh Shingler, and one that has already seen other text, agree.
	other := newShingler(t, shingle.Config{WordSize: 5}) // frozen at the 5-word size these figures were taken with
	other.AppendHashes(nil, mixedText)
	assert.Equal(t, s.AppendHashes(nil, goldenSentence), other.AppendHashes(nil, goldenSentence))
}

func TestAPIsAgree(t *testing.T) {
	texts := append([]string{readSeed(t, seedNames[3]), goldenSentence}, multilingualTexts...)
	for _, cfg := range []shingle.Config{{}, {WordSize: 2, CharSize: 3}} {
		s := newShingler(t, cfg)
		for _, text := range texts {
			toks := s.AppendTokens(nil, text)
			var iterToks []shingle.Token
			for tok := range s.Tokens(text) {
				iterToks = append(iterToks, tok)
			}
			assert.Equal(t, toks, iterToks)

			shs := s.AppendShingles(nil, text)
			var iterShs []shingle.Shingle
			for sh := range s.Shingles(text) {
				iterShs = append(iterShs, sh)
			}
			assert.Equal(t, shs, iterShs)
			hashes := s.AppendHashes(nil, text)
			require.Len(t, hashes, len(shs))
			for i, sh := range shs {
				assert.Equal(t, sh.Hash, hashes[i])
			}

			// Append* extend dst without touching what is there.
			prefix := []uint64{1, 2, 3}
			assert.Equal(t, append([]uint64{1, 2, 3}, hashes...), s.AppendHashes(prefix, text))
			sentinel := shingle.Token{Start: -1}
			assert.Equal(t, append([]shingle.Token{sentinel}, toks...), s.AppendTokens([]shingle.Token{sentinel}, text))
			shSentinel := shingle.Shingle{Hash: 42}
			assert.Equal(t, append([]shingle.Shingle{shSentinel}, shs...), s.AppendShingles([]shingle.Shingle{shSentinel}, text))
		}
	}

	// Breaking out of the iterators early.
	s := newShingler(t, shingle.Config{})
	text := readSeed(t, seedNames[1])
	all := s.AppendShingles(nil, text)
	allToks := s.AppendTokens(nil, text)
	require.Greater(t, len(all), 3)

	var first []shingle.Shingle
	for sh := range s.Shingles(text) {
		first = append(first, sh)
		if len(first) == 3 {
			break
		}
	}
	assert.Equal(t, all[:3], first)

	var firstToks []shingle.Token
	for tok := range s.Tokens(text) {
		firstToks = append(firstToks, tok)
		if len(firstToks) == 2 {
			break
		}
	}
	assert.Equal(t, allToks[:2], firstToks)

	// The Shingler is still usable, and an iterator can be run twice.
	seq := s.Shingles(text)
	var again []shingle.Shingle
	for sh := range seq {
		again = append(again, sh)
	}
	assert.Equal(t, all, again)
	n := 0
	for range seq {
		n++
	}
	assert.Equal(t, len(all), n)
}

func TestZeroAllocs(t *testing.T) {
	s := newShingler(t, shingle.Config{})
	// The non-ASCII texts are already in NFKC: a token that NFKC changes
	// (decomposed accents, full-width forms, ligatures) currently costs one
	// allocation inside golang.org/x/text/unicode/norm.
	texts := map[string]string{
		"seed 001": readSeed(t, seedNames[1]),
		"multilingual": strings.Repeat(strings.Join([]string{
			russianText, urduText, chineseText, japaneseText, thaiText, greekText, mixedText,
		}, " "), 10),
	}
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			hashes := s.AppendHashes(nil, text) // warm-up: grows the scratch buffers
			toks := s.AppendTokens(nil, text)
			require.NotEmpty(t, hashes)

			dst := make([]uint64, 0, len(hashes))
			allocs := testing.AllocsPerRun(20, func() { dst = s.AppendHashes(dst[:0], text) })
			assert.Zero(t, allocs, "AppendHashes")
			assert.Equal(t, hashes, dst)

			tdst := make([]shingle.Token, 0, len(toks))
			allocs = testing.AllocsPerRun(20, func() { tdst = s.AppendTokens(tdst[:0], text) })
			assert.Zero(t, allocs, "AppendTokens")
			assert.Equal(t, toks, tdst)

			n := 0
			allocs = testing.AllocsPerRun(20, func() {
				for range s.Shingles(text) {
					n++
				}
			})
			assert.Zero(t, allocs, "Shingles iterator")
		})
	}
}
