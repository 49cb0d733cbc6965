package align

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzCompare cuts two arbitrary texts into words and aligns them, with
// uniform weights and with rarity counted over a background corpus. Whatever the input
// (invalid UTF-8, control characters, any script), nothing panics, the
// score and shares are in [0, 1], and every passage's byte and word
// ranges lie inside their texts, in order.
func FuzzCompare(f *testing.F) {
	f.Add(source, background[0])
	f.Add("a b c d e f", "a b c d e f")
	f.Add("", "x")
	f.Add("\xff\xfe 1,000 2.5% \u200b\u0000", "اسلام آباد میں 700 ارب روپے")
	f.Add("中文新闻报道 北京 2024年", "北京 2024年 中文新闻")
	if names, err := filepath.Glob("../testdata/seeds/*.txt"); err == nil && len(names) >= 2 {
		a, _ := os.ReadFile(names[0])
		b, _ := os.ReadFile(names[1])
		f.Add(string(a), string(b))
	}
	df := weigh(source) // counts fixed before fuzzing: runs repeat
	f.Fuzz(func(t *testing.T, copyText, sourceText string) {
		var tz Tokenizer
		c := tz.Doc(&Doc{}, copyText, true)
		s := tz.Doc(&Doc{}, sourceText, true)
		for _, w := range []Weigher{Uniform{}, df} {
			var a Aligner
			res := a.Compare(nil, c, s, w)
			for name, x := range map[string]float64{"score": res.Score, "copy coverage": res.CopyCoverage,
				"source coverage": res.SourceCoverage, "copy verbatim": res.CopyVerbatim, "source verbatim": res.SourceVerbatim, "found": res.Found} {
				if math.IsNaN(x) || x < 0 || x > 1+1e-9 {
					t.Fatalf("%s %v out of [0, 1]", name, x)
				}
			}
			for _, p := range res.Passages {
				for _, r := range []struct {
					span [2]int
					text string
				}{{p.Copy, copyText}, {p.Source, sourceText}} {
					if r.span[0] < 0 || r.span[0] > r.span[1] || r.span[1] > len(r.text) {
						t.Fatalf("passage %v outside a text of %d bytes", r.span, len(r.text))
					}
				}
				if p.CopyWords[1] > len(c.Words) || p.SourceWords[1] > len(s.Words) || p.CopyWords[0] > p.CopyWords[1] {
					t.Fatalf("passage words %v %v outside %d and %d words", p.CopyWords, p.SourceWords, len(c.Words), len(s.Words))
				}
				if utf8.ValidString(copyText) && !utf8.ValidString(copyText[p.Copy[0]:p.Copy[1]]) {
					t.Fatalf("passage %v cuts a character of valid text", p.Copy)
				}
			}
		}
	})
}
