package shingle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"
)

// Differential tests: the fast path (scan.go, window.go, hash.go,
// tables.go) against the original implementation kept in
// reference_test.go, on every token, normalised form, shingle and hash.

// diffConfigs are the configs the differential tests run with.
var diffConfigs = []Config{
	{}, {WordSize: 1, CharSize: 1}, {WordSize: 2, CharSize: 3}, {WordSize: 3, CharSize: 2},
	{WordSize: 4, CharSize: 4}, {WordSize: 7, CharSize: 1}, {WordSize: MaxSize, CharSize: MaxSize},
	{WordSize: 1, CharSize: MaxSize},
}

// trickyTexts are texts that exercise the corners of the rules: the test
// strings of shingle_test.go, the FuzzShingles seeds and more.
var trickyTexts = []string{
	"", " ", "a", "A", "'", "a'", "'a", "a'b", "a''b", "a' b", "a'\u200db", "a\u200d'b", "a'\xff", "a’", "a’b", "a‘b", "aʼb", "a＇b", "a′b",
	"Moscow believes that Trump’s return to the presidency could give Russia a boost",
	"Кремль заявил, что КРЕМЛЬ пока не поздравил нового президента США; ёлка у стен Кремля уже стоит.",
	"پاکستان کی حکومت نے ۲۰۲۴ میں نئی پالیسی کا اعلان کیا",
	"中国政府今天发布新规。", "東京でニュースが発表された。", "รัฐบาลที่ประกาศนโยบายใหม่",
	"Ο λόγος του προέδρου ήταν προσεκτικός.",
	"Tokyo東京: Кремль said «ДА»; پاکستان\u200cی حکومت — 中国政府 ที่ ΛΌΓΟΣ 2024 ٢٠٢٤ re-election, Trump’s ",
	"ذمہ\u200cداری کا احساس، حُکومت کی پاکـــستان میں",
	"Le café de la re\u0301sistance a fermé; ＴＲＵＭＰ ﬁnance",
	"naïve co\u00adoperation\u200d, don't 'quote' ’90s O’Neill",
	"Trump’s re-election — “cautious optimism”",
	"abc\x00def", "abc\xffdef", "\xff\xfe\xfd", "\x00\x00\x00", "abc\xc0\x80def", "abc\xed\xa0\x80def", "abc\xe4\xb8def",
	"a\xc0\x80b", "a\xed\xa0\x80b", "\xe4\xb8", "\xf4\x90\x80\x80", "\xf4\x90\x80\x80a", "a\xe2\x80", "a\xe2\x80\x99", "a\xe2\x80\x99b",
	"don't 'x' y'' ’’z", "\u200d\u00ad\ufeff word\u200c", "\u0301\u0308a\u0301",
	"Tokyo東京2024年ที่ ΛΌΓΟΣ ۲۰۲۴ ـ ﷲ ｶﾞ ½",
	"one two three four 東京 five six 中国政府今天发布新规",
	"ガス パン カー ｶﾞｽ ﾊﾟﾝ ｶｰ", "Moscow believes ـ that Trump won", "Moscow believes ـَ that Trump won",
	"re\u0301sistance ＴＲＵＭＰ ﬁnance e\u0308 ½ ﷲ résumé and more words to fill a window",
	"Trump‘s Trumpʼs Trump＇s Trump′s O’Neill rock’n’roll",
	"  While\tPresident \n\n Vladimir\r\nPutin   has \t\v\f yet  ",
	"officials wanted to congrat\u00adulate the Krem\u200dlin to\u200bday",
	"\ufeffthe \u200eKremlin\u200f said it\u2060s ready", "\u200dthe\u00ad Kremlin\u200c said \u00adit was ready",
	"е\u0308лка ЁЛКА λόγος λόγοσ ΛΌΓΟΣ ΣΑΣ", "\u0E17\u0E35\u0E48", "カ\u3099 ガ", "한국어 가\u11a8 \u1100\u1161\u11a8",
	"ﾊﾟﾝﾞﾞﾞ", "a\uFF9Eb", "x\u0F73y \u0344a", "\U0001D400\U0001D401 𝐀𝐁 \U00020000\U00020001 😀a😀",
	"\uF900\uF901 \u2126 \u212B \u1E9B\u0323", "Ǆǅǆ ǰ ß ẞ İstanbul ΐ", "\u0130\u0131", "a\u034f\u0301b",
	"a" + strings.Repeat("\u0301", 40) + "b", "a" + strings.Repeat("\u0316\u0301", 20) + " x",
	"\u0660\u0661 \u06f0\u06f1 \u064a\u0649\u0643 \u0670\u064b", "a\ufffdb \ufffd", "a\u200bb", "\u30fc\uff70 ー",
	"\u093f\u0915\u093c\u094d\u0937 हिन्दी क़ानून", "שָׁלוֹם", "\u0627\u0653 \u0622 \u06c1\u0654",
	strings.Repeat("東 a ", 100), strings.Repeat("\x00a", 100), strings.Repeat("word ", 200),
	// The loops for plain two-byte runes (slowToken) and for characters
	// of unspaced scripts (fillChars): their ends, and runes that stop
	// them in the middle of a token.
	"кремль", "Кремль", "КРЕМЛЬ's", "Кремль’s", "Кремль\u0301ы", "Кре\u0301мль", "Кремль\u200dы", "Кремль'ы", "Кремльx", "xКремль",
	"Кремль\xd0", "Кремль\xd0 ы", "Кремль\xd0\xd0ы", "Крем\xc0\x80ль", "Кремль\u4e2d", "Кремль\U0001D400", "ΣΑΣ ς",
	"ذمہ\u064eداری", "حکومت\u0640ی", "حکومت\u200cی", "\u0130stanbul \u023a\u023e", "ǅǆ İİ", "ёЁ\u0308",
	"中国", "中国\u3099", "中\u3099国", "中\u200d国", "中\u00ad国", "中\xe4\xb8", "中\xff国", "中a国", "中\u0301", "中ー\uff70ｶﾞ",
	"中。国", "ที่ไทย", "中Кремль国", strings.Repeat("中", 300), strings.Repeat("Кремль ", 300), strings.Repeat("中\u3099", 150),
	strings.Repeat("x", 100) + " " + strings.Repeat("Y", 33) + " " + strings.Repeat("z9", 16),
}

// fragments are pieces the random texts are made of.
var fragments = []string{
	"the", "The", "THE", "Kremlin", "Trump", "2024", "U", "S", "a", "x9", "élection", "naïve", "Ünited", "straße",
	"Кремль", "ёлка", "СТЕН", "λόγος", "ΣΑΣ", "پاکستان", "حُکومت", "ی", "ي", "ك", "۲۰", "٢", "שלום",
	"中", "国", "東京", "でニュース", "ｶﾞ", "ﾞ", "ー", "ที่", "ก", "\u0e38", "한국", "가", "\u11a8", "\u1100", "\u1161",
	"ＴＲＵＭＰ", "ﬁ", "½", "ﷲ", "Ⅻ", "\u2126", "\uf900", "𝐀", "\U00020000", "😀", "\u0301", "\u0308", "\u0316",
	"\u0654", "\u064e", "\u0670", "\u093c", "\u094d", "\u3099", "\u034f", "\u0344", "\u0f73",
	"'", "’", "‘", "ʼ", "＇", "′", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u200e", "\u2060", "\u0640", "\u200b",
	" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u3000", ",", ".", "—", "“", "”", "«", "-", "(", "…", "!",
	"\x00", "\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\x80", "\xf4\x90\x80\x80", "\ufffd",
}

// randomText returns a random mix of fragments, sometimes with random
// bytes or cut at a random byte.
func randomText(rng *rand.Rand) string {
	var b strings.Builder
	n := rng.IntN(60)
	for range n {
		switch rng.IntN(20) {
		case 0:
			b.WriteByte(byte(rng.IntN(256)))
		case 1:
			b.WriteRune(rune(rng.IntN(0x3000)))
		case 2:
			b.WriteRune(rune(rng.IntN(unicode.MaxRune + 1)))
		default:
			b.WriteString(fragments[rng.IntN(len(fragments))])
		}
	}
	text := b.String()
	if len(text) > 0 && rng.IntN(4) == 0 {
		text = text[rng.IntN(len(text)):]
	}
	return text
}

// diff reports the first difference between the fast path of s and the
// reference on text, or "" if there is none.
func diff(s *Shingler, text string) string {
	ref := newRefShingler(s.Config())
	wantToks := ref.appendTokens(nil, text)
	gotToks := s.AppendTokens(nil, text)
	if len(gotToks) != len(wantToks) {
		return fmt.Sprintf("%d tokens, want %d:\n got %+v\nwant %+v", len(gotToks), len(wantToks), gotToks, wantToks)
	}
	for i := range wantToks {
		if gotToks[i] != wantToks[i] {
			w := wantToks[i]
			return fmt.Sprintf("token %d = %+v, want %+v (%q)", i, gotToks[i], w, text[w.Start:w.End])
		}
		tok := text[wantToks[i].Start:wantToks[i].End]
		want := ref.normalize(tok)
		if got := s.AppendNormalized(nil, tok); !bytes.Equal(got, want) {
			return fmt.Sprintf("AppendNormalized(%q) = %q, want %q", tok, got, want)
		}
	}
	n := 0
	for tok := range s.Tokens(text) {
		if n >= len(wantToks) || tok != wantToks[n] {
			return fmt.Sprintf("Tokens: token %d = %+v", n, tok)
		}
		n++
	}
	if n != len(wantToks) {
		return fmt.Sprintf("Tokens: %d tokens, want %d", n, len(wantToks))
	}

	var wantShs []Shingle
	ref.shingles(text, func(sh Shingle) bool {
		wantShs = append(wantShs, sh)
		return true
	})
	gotShs := s.AppendShingles(nil, text)
	if len(gotShs) != len(wantShs) {
		return fmt.Sprintf("%d shingles, want %d", len(gotShs), len(wantShs))
	}
	for i := range wantShs {
		if gotShs[i] != wantShs[i] {
			return fmt.Sprintf("shingle %d = %+v, want %+v", i, gotShs[i], wantShs[i])
		}
	}
	n = 0
	for sh := range s.Shingles(text) {
		if n >= len(wantShs) || sh != wantShs[n] {
			return fmt.Sprintf("Shingles: shingle %d = %+v", n, sh)
		}
		n++
	}
	if n != len(wantShs) {
		return fmt.Sprintf("Shingles: %d shingles, want %d", n, len(wantShs))
	}
	hashes := s.AppendHashes([]uint64{42}, text)
	if len(hashes) != len(wantShs)+1 || hashes[0] != 42 {
		return fmt.Sprintf("AppendHashes: %d hashes, want 1+%d", len(hashes), len(wantShs))
	}
	for i, h := range hashes[1:] {
		if h != wantShs[i].Hash {
			return fmt.Sprintf("AppendHashes: hash %d = %#x, want %#x", i, h, wantShs[i].Hash)
		}
	}
	return ""
}

func checkDiff(t *testing.T, s *Shingler, text string) {
	t.Helper()
	if d := diff(s, text); d != "" {
		t.Fatalf("config %v, text %q:\n%s", s.Config(), text, d)
	}
}

func readSeeds(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no seeds: %v", err)
	}
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func newTestShingler(tb testing.TB, cfg Config) *Shingler {
	tb.Helper()
	s, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestFastPathMatchesReference(t *testing.T) {
	seeds := readSeeds(t)
	rng := rand.New(rand.NewPCG(1, 2))
	random := 3000
	if testing.Short() || raceEnabled {
		random = 300
	}
	for _, cfg := range diffConfigs {
		t.Run(cfg.String(), func(t *testing.T) {
			s := newTestShingler(t, cfg)
			for _, text := range seeds {
				checkDiff(t, s, text)
				// Cut anywhere, mid-rune included.
				for range 5 {
					i, j := rng.IntN(len(text)), rng.IntN(len(text))
					checkDiff(t, s, text[min(i, j):max(i, j)])
				}
				// Upper-cased, so every word hashes differently from the
				// seed but equally in both paths.
				checkDiff(t, s, strings.ToUpper(text))
			}
			for _, text := range trickyTexts {
				checkDiff(t, s, text)
				checkDiff(t, s, text+" "+text)
			}
			for range random {
				checkDiff(t, s, randomText(rng))
			}
			// Seeds with random fragments spliced in.
			for _, seed := range seeds {
				for range 20 {
					i := rng.IntN(len(seed))
					checkDiff(t, s, seed[:i]+randomText(rng)+seed[i:])
				}
			}
		})
	}
}

// TestFastPathEveryRune puts every rune in contexts that exercise the
// tables (classes, elision, NFKC inertness, case) and compares both paths.
// Planes 2 and 3 (Han only) and 4 to 16 but 14 (unassigned or private
// use) are sampled.
func TestFastPathEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: not with -short")
	}
	s := newTestShingler(t, Config{WordSize: 2, CharSize: 2})
	contexts := []string{"a%cb", "%c%c", "é%c", "Ж%cж", "ا%c", "x'%c", "%c’s", "%c\u0301", "%c\u0654", "e\u0301%c", "中%c", "가%c", "%c\u200dx"}
	var b strings.Builder
	for hi := rune(0); hi <= unicode.MaxRune>>8; hi++ {
		switch plane := hi >> 8; {
		case raceEnabled && hi%16 != 0:
			continue // the race detector makes every rune too slow
		case plane == 2 || plane == 3:
			if hi%8 != 0 {
				continue
			}
		case plane >= 4 && plane != 14:
			if hi%64 != 0 {
				continue
			}
		}
		b.Reset()
		for lo := range rune(256) {
			r := hi<<8 | lo
			for _, c := range contexts {
				b.WriteString(strings.ReplaceAll(c, "%c", string(r)))
				b.WriteByte(' ')
			}
		}
		checkDiff(t, s, b.String())
	}
}

func TestHashLowerAndWordMatchXXHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for n := range 200 {
		for range 20 {
			raw := make([]byte, n)
			for i := range raw {
				raw[i] = byte(rng.IntN(256))
			}
			if got, want := hashLower(raw, 0), xxhash.Sum64(raw); got != want {
				t.Fatalf("hashLower(%x, 0) = %#x, want %#x", raw, got, want)
			}
			if got, want := hashLower(string(raw), 0), xxhash.Sum64(raw); got != want {
				t.Fatalf("hashLower(%q, 0) = %#x, want %#x", raw, got, want)
			}
			for i := range raw {
				raw[i] = alnum[rng.IntN(len(alnum))]
			}
			lower := bytes.ToLower(raw)
			if got, want := hashLower(string(raw), lowerMask), xxhash.Sum64(lower); got != want {
				t.Fatalf("hashLower(%q, lowerMask) = %#x, want %#x", raw, got, want)
			}
			if got, want := hashWord(string(raw)), xxhash.Sum64(lower); got != want {
				t.Fatalf("hashWord(%q) = %#x, want %#x", raw, got, want)
			}
		}
	}
}

func TestHashWordsMatchesXXHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 3 * MaxSize {
		for range 20 {
			ws := make([]uint64, n)
			var b []byte
			for i := range ws {
				w := rng.Uint64()
				b = binary.LittleEndian.AppendUint64(b, w)
				ws[i] = w * prime2
			}
			d := xxhash.NewWithSeed(ShingleSeed)
			_, _ = d.Write(b)
			if got, want := hashWords(ws), d.Sum64(); got != want {
				t.Fatalf("hashWords(%x) = %#x, want %#x", ws, got, want)
			}
			var out [1]uint64
			if m := hashSliding(out[:], ws, n); n > 0 && (m != 1 || out[0] != d.Sum64()) {
				t.Fatalf("hashSliding(%x) = %d, %#x, want 1, %#x", ws, m, out[0], d.Sum64())
			}
		}
	}
}

func TestHashSlidingMatchesHashWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	ws := make([]uint64, windowLen)
	for i := range ws {
		ws[i] = rng.Uint64()
	}
	out := make([]uint64, windowLen)
	for n := 1; n <= MaxSize; n++ {
		for _, l := range []int{0, 1, n - 1, n, n + 1, n + 7, windowLen} {
			m := hashSliding(out, ws[:l], n)
			if m != max(0, l-n+1) {
				t.Fatalf("hashSliding(%d words, %d) = %d windows", l, n, m)
			}
			for i := range m {
				if out[i] != hashWords(ws[i:i+n]) {
					t.Fatalf("hashSliding(%d words, %d): window %d differs", l, n, i)
				}
			}
		}
	}
}

// TestRuneTables checks the tables against the functions they cache, and
// what the fast path assumes of them: a rune that starts a token is never
// elided, and ASCII is inert.
func TestRuneTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		blk := blockOf(r)
		info := blk.info[r&0xff]
		c := class(info & infoClass)
		if c != classify(r) || (info&infoElided != 0) != elided(r) || (info&infoInert != 0) != nfkcInert(r) {
			t.Fatalf("%U: info %#x", r, info)
		}
		if (c == classWord || c == classChar) && info&infoElided != 0 {
			t.Fatalf("%U starts tokens but is elided", r)
		}
		if blk.lower[r&0xff] != fold(unicode.ToLower(r)) {
			t.Fatalf("%U: lower %U", r, blk.lower[r&0xff])
		}
		if plain := info&infoPlain != 0; plain != isPlain(r, info, blk.lower[r&0xff]) {
			t.Fatalf("%U: info %#x, plain %v", r, info, plain)
		} else if l2 := blk.lower2[r&0xff]; plain && string([]byte{byte(l2), byte(l2 >> 8)}) != string(blk.lower[r&0xff]) {
			t.Fatalf("%U: lower2 %#x, want %q", r, l2, blk.lower[r&0xff])
		}
		if r < utf8.RuneSelf && (info&infoInert == 0 || asciiClass[r] != c || isWordByte[r] != (c == classWord)) {
			t.Fatalf("ASCII %q: info %#x", r, info)
		}
	}
}

// TestNFKCInertRunes checks the claim behind infoInert on the BMP: an
// inert rune is its own NFKC form next to other inert runes, and a
// rune that NFKC changes is never inert.
func TestNFKCInertRunes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: not with -short")
	}
	var inert []rune
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if nfkcInert(r) {
			inert = append(inert, r)
		} else if r < utf8.RuneSelf {
			t.Fatalf("%U is ASCII but not inert", r)
		}
	}
	if len(inert) < 30000 {
		t.Fatalf("only %d inert runes", len(inert))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, r := range inert {
		for range 4 {
			x, y := inert[rng.IntN(len(inert))], inert[rng.IntN(len(inert))]
			s := string([]rune{x, r, y, r})
			if got := nfkcString(s); got != s || !norm.NFKC.IsNormalString(s) {
				t.Fatalf("NFKC(%+q) = %+q", s, got)
			}
		}
	}
}

// TestPlainRunes checks the runes that slowToken's fast loop takes on
// the scripts it is for, and those it must leave to the general loop.
func TestPlainRunes(t *testing.T) {
	plain := func(r rune) bool { return blockOf(r).info[r&0xff]&infoPlain != 0 }
	// Letters of Cyrillic, Greek, Arabic and Urdu (the Arabic yeh and kaf
	// fold to other two-byte letters), Hebrew and accented Latin.
	for _, r := range "АБВЯабвяЁёЀѐΑΩαωάςابپچکگیےہيكאבגשתéüßÉ" {
		if !plain(r) {
			t.Errorf("%U %q is not plain", r, r)
		}
	}
	for _, r := range []rune{
		'a', '\u0301', '\u0308', // ASCII; marks that NFKC may compose
		'\u064e', '\u0670', '\u0640', // elided
		'\u0660', '\u06f0', '\u0130', '\u023a', // lower-cased or folded to one or three bytes
		'\u01c5', '\u0149', // NFKC changes them
		'\u2019', '\u200c', '\u00ad', '\u00a0', '\u06d4', // joiners, invisible, separators
		'中', 'ー', '\u0e17', // unspaced scripts, three bytes
	} {
		if plain(r) {
			t.Errorf("%U %q is plain", r, r)
		}
	}
}

// nfkcString is NFKC as normalize computes it, with norm.Iter.
func nfkcString(s string) string {
	var it norm.Iter
	var out []byte
	it.InitString(norm.NFKC, s)
	for !it.Done() {
		out = append(out, it.Next()...)
	}
	return string(out)
}

func FuzzFastPathMatchesReference(f *testing.F) {
	for _, text := range readSeeds(f) {
		f.Add(text[:min(len(text), 2048)], uint8(0), uint8(0))
	}
	for i, text := range trickyTexts {
		f.Add(text, uint8(i), uint8(i/3))
	}
	for i, text := range plainTexts {
		f.Add(text, uint8(i), uint8(i/2))
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 50 {
		f.Add(randomText(rng), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
	}
	shinglers := map[Config]*Shingler{}
	f.Fuzz(func(t *testing.T, text string, ws, cs uint8) {
		cfg := Config{WordSize: int(ws) % (MaxSize + 1), CharSize: int(cs) % (MaxSize + 1)}
		for _, cfg := range []Config{{}, cfg} {
			s := shinglers[cfg]
			if s == nil {
				s = newTestShingler(t, cfg)
				shinglers[cfg] = s
			}
			checkDiff(t, s, text)
		}
	})
}

// TestReferenceGolden anchors the reference itself: it gives the hashes
// that TestGoldenHashes freezes.
func TestReferenceGolden(t *testing.T) {
	const sentence = "Moscow believes that Trump’s return to the presidency could give Russia a boost"
	toks := referenceTokens(sentence)
	if len(toks) != 13 || toks[0].Hash != 0x3c61ea14d735e0d4 || toks[3].Hash != 0xe8916d76dc2c6725 {
		t.Fatalf("reference tokens %+v", toks)
	}
	if got := string(referenceNormalize(sentence[toks[3].Start:toks[3].End])); got != "trumps" {
		t.Fatalf("reference normalises Trump’s to %q", got)
	}
	want := []uint64{
		0x03b48ba681056c39, 0xf7600c4427a156c2, 0x281905928051e10e,
		0xd5c83a13457e2764, 0x0886042318c13ce8, 0x65d467af8b63486a,
		0xef355db12a72a9c1, 0xab0280f58dc0a383, 0xf510792e092cb166,
	}
	shs := referenceShingles(Config{WordSize: 5}, sentence)
	if len(shs) != len(want) {
		t.Fatalf("%d reference shingles, want %d", len(shs), len(want))
	}
	for i, sh := range shs {
		if sh.Hash != want[i] {
			t.Fatalf("reference shingle %d = %#x, want %#x", i, sh.Hash, want[i])
		}
	}
}

// TestHashSliding8MatchesScalar compares the vector window hash (where
// the processor has it) with the plain Go one for every window size and
// for runs of windows around multiples of the eight lanes.
func TestHashSliding8MatchesScalar(t *testing.T) {
	if !haveSliding8 {
		t.Log("no vector hashSliding8 on this machine: hashSliding8 is hashSlidingScalar")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	ws := make([]uint64, 3*windowLen)
	for i := range ws {
		ws[i] = rng.Uint64()
	}
	got, want := make([]uint64, len(ws)), make([]uint64, len(ws))
	for n := 1; n <= MaxSize; n++ {
		for _, m := range []int{8, 16, 24, 32, 40, 56, 64, 96, 120, windowLen, 2 * windowLen} {
			for _, off := range []int{0, 1, 3} { // unaligned starts
				words := ws[off : off+m+n-1]
				clear(got)
				hashSliding8(got[:m], words, n)
				hashSlidingScalar(want[:m], words, n)
				for i := range m {
					if got[i] != want[i] {
						t.Fatalf("n=%d, %d windows from word %d: window %d is %#x, want %#x",
							n, m, off, i, got[i], want[i])
					}
				}
				if got[m] != 0 {
					t.Fatalf("n=%d, %d windows: wrote past the last window", n, m)
				}
			}
		}
	}
}

// TestASCIIMasks checks the bitmaps of fillASCII against isWordByte for
// every byte value at every position of a block.
func TestASCIIMasks(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	block := make([]byte, 64)
	for c := range 256 {
		for k := range 64 {
			for i := range block {
				block[i] = byte(rng.IntN(256))
			}
			block[k] = byte(c)
			words, nonASCII := asciiMasks(string(block))
			for i, b := range block {
				if got := words>>i&1 == 1; got != isWordByte[b] {
					t.Fatalf("byte %#x at %d: word bit %v, want %v", b, i, got, isWordByte[b])
				}
				if got := nonASCII>>i&1 == 1; got != (b >= utf8.RuneSelf) {
					t.Fatalf("byte %#x at %d: non-ASCII bit %v", b, i, got)
				}
			}
		}
	}
}

// TestHashWord15MatchesHashWord compares the branch-free hash of
// fillASCII with hashWord for every length it takes, whatever bytes
// follow the word.
func TestHashWord15MatchesHashWord(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	buf := make([]byte, 16)
	for n := 1; n < 16; n++ {
		for range 200 {
			for i := range buf {
				buf[i] = byte(rng.IntN(256))
			}
			for i := range n {
				buf[i] = alnum[rng.IntN(len(alnum))]
			}
			x0, x1 := load64(buf), load64(buf[8:])
			tail := x0
			if n >= 8 {
				tail = x1
			}
			if got, want := hashWord15(x0, tail, n), hashWord(string(buf[:n])); got != want {
				t.Fatalf("hashWord15(%q) = %#x, want %#x", buf[:n], got, want)
			}
		}
	}
}

// TestFillASCIIBlockEdges puts words of every length up to past a block,
// followed by every kind of byte fillASCII treats apart, at every offset
// from the start of a block, and compares the shingles with the
// reference.
func TestFillASCIIBlockEdges(t *testing.T) {
	s := newTestShingler(t, Config{WordSize: 2, CharSize: 2})
	after := []string{" ", ", ", "'", "'s ", "’", "’s ", "é ", "中", "\xff", "\u0301 ", "\u200d", ""}
	lengths := []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 63, 64, 65, 100}
	for shift := range 81 {
		prefix := strings.Repeat("ab ", shift/3) + "xyz"[:shift%3]
		for _, n := range lengths {
			word := strings.Repeat("Qz9", n/3+1)[:n]
			for _, a := range after {
				text := prefix + " " + word + a + "the Kremlin said " + word + a + strings.Repeat("word ", 20)
				checkDiff(t, s, text)
				checkDiff(t, s, text[:len(text)-len("word ")*20+3])
			}
		}
	}
}
