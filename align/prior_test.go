package align

import "testing"

// TestStopWordsUrduAndEnglish: the hand-written stop words weigh 0 from
// the first document on, in Arabic script as shingle normalises it (the
// Arabic kaf and yeh of a text typed on an Arabic keyboard are the Urdu
// letters), and a word seen only in one earlier document stays rare in a
// corpus of two.
func TestStopWordsUrduAndEnglish(t *testing.T) {
	df := NewDocFreq()
	var tz Tokenizer
	src := tz.Doc(&Doc{}, "The minister said in Lahore that the Ravi barrage is closed", false)
	df.Add(src.AppendDistinct(nil))
	for _, text := range []string{"the", "said", "کے", "ہے", "میں", "كے", "کي"} {
		d := tz.Doc(&Doc{}, text, false)
		if len(d.Words) != 1 {
			t.Fatalf("%q: %d words", text, len(d.Words))
		}
		if w := df.AppendWeights(nil, d.Words)[0]; w != 0 {
			t.Errorf("%q weighs %.2f, want 0 (a stop word)", text, w)
		}
	}
	d := tz.Doc(&Doc{}, "Ravi", false)
	if w := df.AppendWeights(nil, d.Words)[0]; w < DefaultRules.RareWeight {
		t.Errorf("a word of the one earlier document weighs %.2f, want it rare (%.2f or more)", w, DefaultRules.RareWeight)
	}
}

// TestRefilledTemplateIsNotALink: a market report at a later hour, the
// same words with a third of its figures replaced (less than 80% word for
// word: not verbatim), is no link; the same report re-sent with its
// figures is one.
func TestRefilledTemplateIsNotALink(t *testing.T) {
	const at10 = "CBT SOYBEAN OIL SPREADS 1000 hrs cdt MONTHS LAST DIFFERENCE May/Jul 0.34 under 0.35 under " +
		"Jul/Aug 0.16 under 0.17 under Jul/Dec 0.78 under 0.77 under Aug/Sep 0.16 under 0.16 under May/Aug no quote " +
		"0.52 under May/Dec no quote 1.12 under Dec/Jan no quote no quote Reuter"
	const at11 = "CBT SOYBEAN OIL SPREADS 1100 hrs cdt MONTHS LAST DIFFERENCE May/Jul 0.34 under 0.35 under " +
		"Jul/Aug 0.15 under 0.18 under Jul/Dec 0.78 under 0.80 under Aug/Sep 0.16 under 0.17 under May/Aug 0.51 under " +
		"0.52 under May/Dec no quote 1.15 under Dec/Jan no quote 0.05 under Reuter"
	df := weigh(at10)
	var a Aligner
	if res := a.Compare(nil, doc(at11), doc(at10), df); res.Kind != None {
		t.Errorf("the report at 11: %v (%d figures changed, %d kept), want none", res.Kind, res.FiguresChanged, res.FiguresKept)
	}
	if res := a.Compare(nil, doc(at10+" (corrected)"), doc(at10), df); res.Kind == None {
		t.Errorf("the report re-sent: none, want a link")
	}
}

// TestCommonWordsAreNotRareInASmallCorpus: among a handful of documents,
// an ordinary English word ("journalists") weighs well under the rarity
// of a rare word, a name never seen weighs 1, a stop word 0.
func TestCommonWordsAreNotRareInASmallCorpus(t *testing.T) {
	df := NewDocFreq()
	var tz Tokenizer
	d := tz.Doc(&Doc{}, "journalists Mwale the", false)
	df.Add(d.AppendDistinct(nil))
	w := df.AppendWeights(nil, d.Words)
	if !IsCommonWord(d.Words[0]) || IsCommonWord(d.Words[1]) || IsCommonWord(d.Words[2]) {
		t.Fatalf("common: %v %v %v, want true false false", IsCommonWord(d.Words[0]), IsCommonWord(d.Words[1]), IsCommonWord(d.Words[2]))
	}
	if w[0] >= DefaultRules.RareWeight {
		t.Errorf("journalists weighs %.2f, want under %.2f", w[0], DefaultRules.RareWeight)
	}
	if w[1] < 0.8 || w[2] != 0 {
		t.Errorf("Mwale weighs %.2f (want ≥ 0.8), the %.2f (want 0)", w[1], w[2])
	}
}
