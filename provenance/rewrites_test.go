package provenance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// A wire story, a rewrite of it by another outlet (names and figures
// kept, the other words changed), and a story on the same subject
// written independently (other names, other figures).
const (
	rwSource = "The Nchanga copper mine in Zambia said output rose to 41,000 tonnes in March as the new Konkola " +
		"shaft came on line, managing director Peter Mwale told reporters in Chingola on Friday. He said exports " +
		"through Dar es Salaam were delayed by floods."
	rwRewrite = "Output at the Nchanga copper mine in Zambia climbed to 41,000 tonnes in March after the new Konkola " +
		"shaft started working, managing director Peter Mwale told journalists in Chingola on Friday. Exports via " +
		"Dar es Salaam had been held up by floods, he said."
	rwSameTopic = "Zambia Consolidated Copper Mines reported lower cobalt sales in March, chairman Francis Kaunda said " +
		"in Lusaka on Friday, citing weak prices in Europe and delays at the port of Dar es Salaam caused by floods."
)

// TestRewriteLinkedInASmallCorpus: in a corpus of three articles (every
// word is rare in so small a corpus, but for the stop words of the
// prior), the rewrite is linked to its source as a rewrite and joins its
// story; the independent story on the same subject is not linked; the
// rewrite is not a verbatim copy.
func TestRewriteLinkedInASmallCorpus(t *testing.T) {
	tr := newTracker(t, provenance.Config{KeepText: true})
	add(t, tr, provenance.Article{ID: "wire", Source: "Wire", Text: rwSource})
	v := add(t, tr, provenance.Article{ID: "paper", Source: "Paper", Text: rwRewrite})
	require.Len(t, v.Sources, 1, "%+v", v.Sources)
	e := v.Sources[0]
	assert.Equal(t, "wire", e.Source)
	assert.Equal(t, provenance.KindRewrite, e.Kind)
	assert.True(t, e.Aligned)
	assert.Greater(t, e.Score, 0.5)
	assert.Less(t, e.Containment, 0.8, "word for word, less than a verbatim copy")
	assert.Equal(t, "wire", v.Origin)
	assert.True(t, v.IsCopy())
	assert.False(t, v.IsVerbatimCopy())

	other := add(t, tr, provenance.Article{ID: "other", Source: "Other", Text: rwSameTopic})
	assert.Empty(t, other.Sources)

	// The passages of a rewrite come from the alignment: ranges in both
	// texts, each starting and ending on a word both share.
	p, err := tr.Passages("paper", "wire")
	require.NoError(t, err)
	require.NotEmpty(t, p.Passages)
	for _, q := range p.Passages {
		require.Less(t, q.Copy[0], q.Copy[1])
		require.LessOrEqual(t, q.Copy[1], len(rwRewrite))
		require.LessOrEqual(t, q.Source[1], len(rwSource))
	}
	assert.Greater(t, p.CopyCoverage, 0.8)
}

// TestStoryKind: with StoryKind verbatim, the rewrite keeps its source
// among its sources but is not in its story; DisableRewrites finds no
// link at all.
func TestStoryKind(t *testing.T) {
	tr := newTracker(t, provenance.Config{StoryKind: provenance.KindVerbatim})
	add(t, tr, provenance.Article{ID: "wire", Text: rwSource})
	v := add(t, tr, provenance.Article{ID: "paper", Text: rwRewrite})
	require.Len(t, v.Sources, 1)
	assert.Equal(t, provenance.KindRewrite, v.Sources[0].Kind)
	assert.Equal(t, "paper", v.Origin, "a rewrite does not join a story of verbatim copies only")
	assert.Equal(t, "paper", v.Story)

	off := newTracker(t, provenance.Config{DisableRewrites: true})
	add(t, off, provenance.Article{ID: "wire", Text: rwSource})
	v = add(t, off, provenance.Article{ID: "paper", Text: rwRewrite})
	assert.Empty(t, v.Sources)

	_, err := provenance.New(provenance.Config{StoryKind: 9})
	require.Error(t, err)
}

// TestRewriteMeasuredFromTheLaterSide: an earlier article that arrives
// after its rewrite (out of order) is its source, and the link is the
// same as in order (but for the score: the rarity counts differ, the
// rewrite being counted already).
func TestRewriteMeasuredFromTheLaterSide(t *testing.T) {
	inOrder := newTracker(t, provenance.Config{})
	add(t, inOrder, provenance.Article{ID: "wire", Text: rwSource, Published: day(1)})
	want := add(t, inOrder, provenance.Article{ID: "paper", Text: rwRewrite, Published: day(2)}).Sources

	late := newTracker(t, provenance.Config{})
	add(t, late, provenance.Article{ID: "paper", Text: rwRewrite, Published: day(2)})
	add(t, late, provenance.Article{ID: "wire", Text: rwSource, Published: day(1)})
	v, ok := late.Verdict("paper")
	require.True(t, ok)
	require.Len(t, v.Sources, 1)
	assert.InDelta(t, want[0].Score, v.Sources[0].Score, 0.05)
	v.Sources[0].Score = want[0].Score
	assert.Equal(t, want, v.Sources)
	assert.Equal(t, "wire", v.Origin)
}

// TestPartialWithinOneOutlet: a standing paragraph two articles of one
// outlet share is not a partial link between them; the same paragraph
// taken by another outlet is.
func TestPartialWithinOneOutlet(t *testing.T) {
	stories := reutersDistinct(t, 3, 80, 130)
	story := func(i int) string { return stories[i] }
	tr := newTracker(t, provenance.Config{})
	add(t, tr, provenance.Article{ID: "a", Source: "Wire", Text: story(0) + "\n\n" + rwSource})
	own := add(t, tr, provenance.Article{ID: "b", Source: "Wire", Text: story(1) + "\n\n" + rwSource})
	assert.Empty(t, own.Sources, "one outlet's standing paragraph")
	taken := add(t, tr, provenance.Article{ID: "c", Source: "Paper", Text: story(2) + "\n\n" + rwSource})
	require.NotEmpty(t, taken.Sources)
	assert.Equal(t, provenance.KindPartial, taken.Sources[0].Kind)
}

// day is a time on day d of March 1987.
func day(d int) time.Time { return time.Date(1987, 3, d, 12, 0, 0, 0, time.UTC) }

// TestTablesAreNotRewrites: a price table and the same table at a later
// hour, one price moved (more than half of the words are figures), is a
// new report in the same frame, not a rewrite of the earlier one; the
// table sent again unchanged is still a verbatim copy.
func TestTablesAreNotRewrites(t *testing.T) {
	const early = "LAKE PORT BARLEY FUTURES 11:31 CST\n\nLAKE PORT BARLEY\n MAY7 204 UP 1 1/2\n" +
		" JUL7 199 UP 1/4\n SEP7 196 UP 1\n DEC7 -- --\n"
	const late = "LAKE PORT BARLEY FUTURES 11:40 CST\n\nLAKE PORT BARLEY\n MAY7 203 1/2 UP 1\n" +
		" JUL7 199 UP 1/4\n SEP7 196 UP 1\n DEC7 -- --\n"
	tr := newTracker(t, provenance.Config{KeepText: true})
	add(t, tr, provenance.Article{ID: "1131", Source: "Wire", Published: day(2), Text: early})
	later := add(t, tr, provenance.Article{ID: "1140", Source: "Wire", Published: day(2).Add(9 * time.Minute), Text: late})
	assert.Empty(t, later.Sources, "a later table with a price moved")
	again := add(t, tr, provenance.Article{ID: "1131-again", Source: "Paper", Published: day(2).Add(time.Hour), Text: early})
	require.NotEmpty(t, again.Sources, "the table sent again")
	assert.Equal(t, provenance.KindVerbatim, again.Sources[0].Kind)
}

// TestRewriteWithCommonWordsChangedInATinyCorpus: in a corpus of two,
// every word the source lacks looks rare; a rewrite that changes only
// ordinary words ("reporters" → "journalists", "rose" → "climbed",
// "expects to produce" → "forecast production") is still a rewrite,
// because common English words are counted as common from the start.
func TestRewriteWithCommonWordsChangedInATinyCorpus(t *testing.T) {
	const source = rwSource + " The mine expects to produce 480,000 tonnes this year, up from 452,000 tonnes last year, " +
		"Mwale said, adding that cobalt output would also rise."
	const rewrite = rwRewrite + " Mwale forecast production of 480,000 tonnes for the year, against 452,000 tonnes " +
		"last year, with cobalt output also set to rise."
	tr := newTracker(t, provenance.Config{KeepText: true})
	add(t, tr, provenance.Article{ID: "wire", Source: "Wire", Text: source})
	v := add(t, tr, provenance.Article{ID: "paper", Source: "Paper", Text: rewrite})
	require.Len(t, v.Sources, 1, "%+v", v.Sources)
	assert.Equal(t, provenance.KindRewrite, v.Sources[0].Kind)
}

// TestUrduRewriteInATinyCorpus: an agency story in Urdu, a newspaper's
// rewrite of it (the minister's name, the figure and the meeting kept,
// the wording changed: "کہا ہے" → "کا کہنا ہے", "اخراجات" → "منصوبوں",
// "گفتگو کرتے ہوئے"), and a story on the same meeting written
// independently (the traders' complaints). In a corpus of three, the
// rewrite is linked to the agency story as a rewrite and the independent
// story to nothing.
func TestUrduRewriteInATinyCorpus(t *testing.T) {
	const (
		agency      = "اسلام آباد: وفاقی وزیر خزانہ اسحاق ڈار نے کہا ہے کہ حکومت آئندہ مالی سال کے بجٹ میں ترقیاتی اخراجات کے لیے 700 ارب روپے مختص کرے گی۔ انہوں نے یہ بات جمعرات کو اسلام آباد میں تاجروں کے ایک وفد سے ملاقات کے دوران کہی۔ وزیر خزانہ نے کہا کہ ٹیکس نیٹ کو وسیع کرنے کے لیے نئے اقدامات کیے جائیں گے اور زرعی شعبے کو خصوصی ریلیف دیا جائے گا۔"
		newspaper   = "وزیر خزانہ اسحاق ڈار کا کہنا ہے کہ آئندہ بجٹ میں ترقیاتی منصوبوں کے لیے 700 ارب روپے رکھے جائیں گے۔ جمعرات کے روز اسلام آباد میں تاجر برادری کے وفد سے گفتگو کرتے ہوئے انہوں نے بتایا کہ حکومت ٹیکس نیٹ میں اضافے کے لیے نئے اقدامات کر رہی ہے جبکہ زراعت کے شعبے کو خصوصی ریلیف فراہم کیا جائے گا۔"
		independent = "تاجروں نے وزیر خزانہ سے ملاقات میں بجلی اور گیس کی قیمتوں میں اضافے پر شدید تحفظات کا اظہار کیا۔ کراچی چیمبر آف کامرس کے صدر نے کہا کہ صنعتیں بند ہو رہی ہیں اور برآمدات میں کمی آ رہی ہے۔ تاجر رہنماؤں نے مطالبہ کیا کہ بجٹ سے قبل ان کی تجاویز پر غور کیا جائے۔"
	)
	tr := newTracker(t, provenance.Config{KeepText: true})
	add(t, tr, provenance.Article{ID: "app", Source: "APP", Published: day(2), Text: agency})
	v := add(t, tr, provenance.Article{ID: "jang", Source: "Jang", Published: day(3), Text: newspaper})
	require.Len(t, v.Sources, 1, "%+v", v.Sources)
	assert.Equal(t, "app", v.Sources[0].Source)
	assert.Equal(t, provenance.KindRewrite, v.Sources[0].Kind)
	other := add(t, tr, provenance.Article{ID: "nawaiwaqt", Source: "Nawa-i-Waqt", Published: day(3), Text: independent})
	assert.Empty(t, other.Sources)
}
