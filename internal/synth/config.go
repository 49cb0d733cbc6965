package synth

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/reprintlab/reprint/shingle"
)

// Label is an article's edit class: how it was made from the article it
// derives from. Every article has exactly one.
type Label string

// The labels. Originals and distractors are stories of their own; every
// other label marks a copy.
const (
	// Original is a story's first article: a real source story (lightly
	// cleaned) or a synthetic one.
	Original Label = "original"
	// Distractor is a story published on the same day as another, on
	// the same topic where possible, that copies nothing and is copied
	// by nothing: a single-article story. Distractors are real stories
	// that share little text with any other (see
	// DistractorMaxContainment), or synthetic ones beside synthetic
	// originals.
	Distractor Label = "distractor"
	// Verbatim is an exact reprint.
	Verbatim Label = "verbatim"
	// Truncate keeps the first 30–90% of the words, cut at a paragraph
	// or sentence end, sometimes in mid-sentence.
	Truncate Label = "truncate"
	// Extend is the whole text plus local paragraphs (generated, or
	// passages of stories that are never published) before, after or
	// between its paragraphs.
	Extend Label = "extend"
	// Wrap puts the text into an outlet's page boilerplate: navigation,
	// share buttons, advertisement markers, photo captions, related
	// links, newsletter and donation appeals, cookie notice, footer.
	Wrap Label = "wrap"
	// Reflow changes layout and typography only: paragraphs joined or
	// re-wrapped, straight and curly quotes, hyphens and dashes, runs of
	// spaces, no-break spaces.
	Reflow Label = "reflow"
	// Credit adds a date line and/or a credit line ("(Reuters) -",
	// "Originally published in ...") to the otherwise intact text.
	Credit Label = "credit"
	// Swap replaces 1–5% of the words with synonyms.
	Swap Label = "swap"
	// Drop leaves out one to three sentences.
	Drop Label = "drop"
	// Typo puts character typos into 1–5% of the words.
	Typo Label = "typo"
	// OCR adds OCR-like noise to 1–5% of the words: rn↔m, l↔1, O↔0,
	// words broken by a hyphen at a line end, words run together.
	OCR Label = "ocr"
	// Stitch joins the first half of one story and the first or second
	// half of another story of the same day. DerivedFrom is the source of
	// the larger part, StitchedFrom both sources.
	Stitch Label = "stitch"

	// The rewrite classes (only with [Config.Rewrites]): the words change,
	// at an [Intensity] each copy records. See rewrite.go for what each
	// intensity does.

	// RewriteSynonym replaces a share of the words with synonyms from
	// WordNet (or the built-in newswire table).
	RewriteSynonym Label = "rewrite-synonym"
	// RewriteReorder reorders the body's paragraphs and sentences; the
	// lede stays first.
	RewriteReorder Label = "rewrite-reorder"
	// RewriteMerge merges adjacent sentences and splits long ones at a
	// clause boundary.
	RewriteMerge Label = "rewrite-merge"
	// RewriteLede replaces the lede (and, heavier, the sentences after
	// it) by sentences built from their own names and numbers in a new
	// frame.
	RewriteLede Label = "rewrite-lede"
	// RewriteSentences drops sentences and adds sentences of another real
	// story of the same day that is never published.
	RewriteSentences Label = "rewrite-sentences"
	// RewriteQuotes rewords the text around quotations (synonyms, merged
	// and split sentences) and keeps every quotation verbatim.
	RewriteQuotes Label = "rewrite-quotes"
	// Partial takes one or more passages of the story into an otherwise
	// original article: a real story that is never published on its own
	// (or a generated one), preferably of the same day.
	Partial Label = "partial"
	// Rewrite is a combined rewrite: a new lede, merges and splits,
	// reordering, dropped and added sentences and synonyms, quotes kept
	// verbatim, in proportions set by the intensity.
	Rewrite Label = "rewrite"
	// SameTopic is a hard negative: a real story of the same day and
	// topic as another story (its NegativeFor), written independently,
	// that copies nothing and is copied by nothing.
	SameTopic Label = "same-topic"
)

// Intensity grades a rewrite: how much of the text it changes.
type Intensity string

// The intensities, lightest first.
const (
	Light  Intensity = "light"
	Medium Intensity = "medium"
	Heavy  Intensity = "heavy"
)

// Intensities returns the intensities, lightest first.
func Intensities() []Intensity { return []Intensity{Light, Medium, Heavy} }

// rewriteLabels are the labels of rewrite copies, in a fixed order.
var rewriteLabels = []Label{RewriteSynonym, RewriteReorder, RewriteMerge, RewriteLede, RewriteSentences, RewriteQuotes, Partial, Rewrite}

// copyLabels are the labels of copies, in a fixed order (the rewrite
// classes last, so that adding them with weight 0 changes no draw).
var copyLabels = append([]Label{Verbatim, Truncate, Extend, Wrap, Reflow, Credit, Swap, Drop, Typo, OCR, Stitch}, rewriteLabels...)

// Labels returns every label in a fixed order: original, distractor, the
// copy classes, then same-topic.
func Labels() []Label { return append(append([]Label{Original, Distractor}, copyLabels...), SameTopic) }

// RewriteLabels returns the labels of the rewrite classes, in a fixed
// order.
func RewriteLabels() []Label { return slices.Clone(rewriteLabels) }

// IsRewrite reports whether l is a rewrite class (its copies carry an
// intensity).
func IsRewrite(l Label) bool { return slices.Contains(rewriteLabels, l) }

// DefaultWeights returns the default mix of edit classes among copies
// (relative weights; they sum to 1).
func DefaultWeights() map[Label]float64 {
	return map[Label]float64{
		Verbatim: 0.15, Truncate: 0.12, Extend: 0.10, Wrap: 0.14, Reflow: 0.10, Credit: 0.10,
		Swap: 0.07, Drop: 0.07, Typo: 0.06, OCR: 0.05, Stitch: 0.04,
	}
}

// RewriteWeights returns the mix of edit classes with [Config.Rewrites]:
// half of the copies are made as with [DefaultWeights], half by the
// rewrite classes (relative weights; they sum to 1). Classes that do not
// apply to a text (rewrite-quotes to a text without quotations) are
// redrawn, so their share comes out lower.
func RewriteWeights() map[Label]float64 {
	w := DefaultWeights()
	for l := range w {
		w[l] /= 2
	}
	for l, x := range map[Label]float64{
		RewriteSynonym: 0.06, RewriteReorder: 0.05, RewriteMerge: 0.05, RewriteLede: 0.06,
		RewriteSentences: 0.06, RewriteQuotes: 0.07, Partial: 0.06, Rewrite: 0.09,
	} {
		w[l] = x
	}
	return w
}

// Defaults of [Config].
const (
	// DefaultCopiesPerStory is the mean number of copies of a story.
	DefaultCopiesPerStory = 5.0
	// DefaultMinWords is the fewest words a source story needs to be used.
	DefaultMinWords = 60
	// DefaultDistractorRate is the expected number of distractors per
	// story.
	DefaultDistractorRate = 0.1
	// DefaultChainShare is the share of copies made from another copy.
	DefaultChainShare = 0.1
	// DefaultSkewShare is the share of copies whose published time is
	// early by up to MaxSkew.
	DefaultSkewShare = 0.05
	// DefaultUndatedShare is the share of articles without a published
	// time.
	DefaultUndatedShare = 0.03
	// DefaultLateShare is the share of articles that arrive up to
	// MaxLateArrival after their true time (the others within
	// MaxArrivalJitter).
	DefaultLateShare = 0.02
	// DefaultSameTopicRate is the expected number of same-topic
	// negatives per real story with [Config.Rewrites].
	DefaultSameTopicRate = 0.1
	// DefaultOutlets is the number of outlets that publish copies.
	DefaultOutlets = 300
	// DefaultOriginSource is the outlet of real originals.
	DefaultOriginSource = "wire:reuters"
)

// Timing constants.
const (
	// MinLag and MaxLag bound the log-uniform delay between an article
	// and a copy made from it.
	MinLag = 2 * time.Minute
	MaxLag = 72 * time.Hour
	// MaxSkew is the largest clock skew: a skewed copy's published time
	// is up to this much before its true time.
	MaxSkew = 4 * time.Minute
	// MaxArrivalJitter is the largest delay between an article's true
	// time and when it is seen, for most articles.
	MaxArrivalJitter = 5 * time.Second
	// MaxLateArrival is the largest such delay for late arrivals.
	MaxLateArrival = 20 * time.Minute
	// StitchWindow is how far apart the two stories of a stitched copy
	// may be published.
	StitchWindow = 24 * time.Hour
)

// DefaultEpoch is where the timeline of a source without dates starts.
var DefaultEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Config configures a [Generator]. The zero value means the defaults; a
// negative share or rate means none.
type Config struct {
	// Seed seeds every random choice. Equal seeds (and sources and
	// settings) give identical output.
	Seed uint64
	// N is the number of articles to generate. 0 means one pass over the
	// source: every usable story once, as an original with its copies or
	// as a distractor (about 5.5 articles per usable story with the
	// defaults). When N needs more stories than the source has, synthetic
	// originals follow the real ones in time.
	N int
	// CopiesPerStory is the mean number of copies of a story (geometric:
	// many stories have none or one, a few have many). 0 means
	// DefaultCopiesPerStory; negative means no copies.
	CopiesPerStory float64
	// MinWords is the fewest words a source story needs. 0 means
	// DefaultMinWords; negative means no minimum.
	MinWords int
	// DistractorRate is the expected number of distractors per story. 0
	// means DefaultDistractorRate.
	DistractorRate float64
	// ChainShare is the share of copies made from another copy of the
	// story rather than from its original. 0 means DefaultChainShare.
	ChainShare float64
	// SkewShare is the share of copies with clock skew. 0 means
	// DefaultSkewShare.
	SkewShare float64
	// UndatedShare is the share of articles without a published time. 0
	// means DefaultUndatedShare.
	UndatedShare float64
	// LateShare is the share of articles that arrive late. 0 means
	// DefaultLateShare.
	LateShare float64
	// Weights are the relative weights of the copy labels (every label
	// but Original and Distractor). nil means [DefaultWeights]; missing
	// labels weigh 0.
	Weights map[Label]float64
	// Outlets is the number of outlets that publish copies. 0 means
	// DefaultOutlets.
	Outlets int
	// OriginSource is the Source of real originals and distractors, such
	// as "wire:reuters". "" means DefaultOriginSource.
	OriginSource string
	// Epoch starts the timeline of stories without dates. The zero time
	// means DefaultEpoch.
	Epoch time.Time
	// StoriesPerDay is the rate of synthetic originals. 0 means the
	// source's rate (kept stories per day with any), or 250 without
	// dates.
	StoriesPerDay float64
	// Rewrites turns on the rewrite classes and the same-topic
	// negatives: Weights defaults to [RewriteWeights], stories are set
	// aside as material for partial copies and added sentences, and
	// same-topic negatives are drawn at SameTopicRate. False (the
	// default) gives the corpus of earlier versions, byte for byte.
	Rewrites bool
	// SameTopicRate is the expected number of same-topic negatives per
	// real story, with Rewrites. 0 means DefaultSameTopicRate; negative
	// means none.
	SameTopicRate float64
	// WordNet is the thesaurus of the rewrite-synonym class, which needs
	// it (see [LoadWordNet]); nil disables that class (its default weight
	// becomes 0), and the other rewrites use the built-in newswire table
	// alone. Output depends on it: the same seed gives the same bytes
	// only with the same WordNet files.
	WordNet *WordNet
}

// ErrInvalidConfig is returned, wrapped, for an unusable Config.
var ErrInvalidConfig = errors.New("synth: invalid config")

// share returns v, def when v is 0, 0 when v is negative.
func share(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// normalized returns c with defaults filled in and negative values
// turned into zero (or no minimum), or an error.
func (c Config) normalized() (Config, error) {
	bad := func(format string, a ...any) (Config, error) {
		return Config{}, fmt.Errorf("%w: %s", ErrInvalidConfig, fmt.Sprintf(format, a...))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"CopiesPerStory", c.CopiesPerStory}, {"DistractorRate", c.DistractorRate}, {"ChainShare", c.ChainShare},
		{"SkewShare", c.SkewShare}, {"UndatedShare", c.UndatedShare}, {"LateShare", c.LateShare},
		{"StoriesPerDay", c.StoriesPerDay}, {"SameTopicRate", c.SameTopicRate},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return bad("%s is %v", f.name, f.v)
		}
	}
	if c.N < 0 {
		return bad("N %d is negative", c.N)
	}
	c.CopiesPerStory = share(c.CopiesPerStory, DefaultCopiesPerStory)
	c.DistractorRate = share(c.DistractorRate, DefaultDistractorRate)
	c.ChainShare = share(c.ChainShare, DefaultChainShare)
	c.SkewShare = share(c.SkewShare, DefaultSkewShare)
	c.UndatedShare = share(c.UndatedShare, DefaultUndatedShare)
	c.LateShare = share(c.LateShare, DefaultLateShare)
	switch {
	case c.MinWords == 0:
		c.MinWords = DefaultMinWords
	case c.MinWords < 0:
		c.MinWords = 0
	}
	if c.Outlets == 0 {
		c.Outlets = DefaultOutlets
	}
	if c.OriginSource == "" {
		c.OriginSource = DefaultOriginSource
	}
	if c.Epoch.IsZero() {
		c.Epoch = DefaultEpoch
	}
	if c.StoriesPerDay < 0 {
		return bad("StoriesPerDay %v is negative", c.StoriesPerDay)
	}
	if c.CopiesPerStory > 1000 {
		return bad("CopiesPerStory %v is more than 1000", c.CopiesPerStory)
	}
	if c.DistractorRate > 1 {
		return bad("DistractorRate %v is more than 1", c.DistractorRate)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"ChainShare", c.ChainShare}, {"SkewShare", c.SkewShare}, {"UndatedShare", c.UndatedShare}, {"LateShare", c.LateShare}} {
		if f.v > 1 {
			return bad("%s %v is more than 1", f.name, f.v)
		}
	}
	if c.Outlets < 1 || c.Outlets > 100000 {
		return bad("Outlets %d is not in 1..100000", c.Outlets)
	}
	c.SameTopicRate = share(c.SameTopicRate, DefaultSameTopicRate)
	if c.SameTopicRate > 1 {
		return bad("SameTopicRate %v is more than 1", c.SameTopicRate)
	}
	if !c.Rewrites {
		c.SameTopicRate = 0
	}
	switch {
	case c.Weights == nil && c.Rewrites:
		c.Weights = RewriteWeights()
		if c.WordNet == nil {
			delete(c.Weights, RewriteSynonym)
		}
	case c.Weights == nil:
		c.Weights = DefaultWeights()
	default:
		c.Weights = maps.Clone(c.Weights)
	}
	sum := 0.0
	for l, w := range c.Weights {
		if l == Original || l == Distractor || l == SameTopic || !isCopyLabel(l) {
			return bad("weight for %q: not a copy label", l)
		}
		if IsRewrite(l) && w > 0 && !c.Rewrites {
			return bad("weight for %q: a rewrite class needs Rewrites", l)
		}
		if l == RewriteSynonym && w > 0 && c.WordNet == nil {
			return bad("weight for %q: the synonym class needs WordNet (see LoadWordNet)", l)
		}
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return bad("weight for %q is %v", l, w)
		}
		sum += w
	}
	if sum == 0 {
		return bad("every copy label weighs 0")
	}
	return c, nil
}

func isCopyLabel(l Label) bool {
	for _, c := range copyLabels {
		if c == l {
			return true
		}
	}
	return false
}

// truthShingles is the shingle setting the generator measures overlap
// with (near-duplicate sources, Markov runs, distractor checks). It is
// fixed, not the library's default, so that a corpus stays the same when
// the default changes.
var truthShingles = shingle.Config{WordSize: 5, CharSize: 8}
