package evaluate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/reprintlab/reprint/provenance"
)

// NoLabel is the label under which [Evaluate] reports articles whose
// truth has no label.
const NoLabel = "(none)"

// Truth is the known answer for one article of a labelled corpus.
type Truth struct {
	// ID is the article's ID.
	ID string
	// Cluster names the article's true cluster: the articles that are
	// copies of one original. "" means a cluster of its own.
	Cluster string
	// DerivedFrom are the IDs of the articles this one was made from,
	// primary first; empty for an article without a source (an original
	// or a distractor). Its first entry is the true primary source, which
	// is followed to find the true origin.
	DerivedFrom []string
	// StitchedFrom are the sources of a copy stitched from several
	// articles; empty otherwise. When DerivedFrom is empty it also serves
	// as DerivedFrom.
	StitchedFrom []string
	// Label is the article's edit class ("original", "distractor",
	// "truncate", ...); "" if unknown (reported as [NoLabel]).
	Label string
	// Intensity grades a rewritten copy ("light", "medium", "heavy");
	// "" for other articles. Copies with one are also reported by label
	// and intensity, and by intensity (see [Report]).
	Intensity string
	// NegativeFor marks a hard negative: an article without a source,
	// written independently of the article NegativeFor names (of the same
	// day and topic), which must not be linked to that article's cluster.
	// "" for other articles.
	NegativeFor string
}

// Source is one predicted source of an article.
type Source struct {
	// ID is the source's ID.
	ID string
	// Containment is the estimated share of the article found in the
	// source.
	Containment float64
}

// Prediction is what the pipeline said of one article.
type Prediction struct {
	// ID is the article's ID.
	ID string
	// Story is the ID of its predicted story.
	Story string
	// Origin is the ID of the article its story is attributed to.
	Origin string
	// Sources are its predicted direct sources, best (primary) first.
	Sources []Source
}

// FromVerdict returns the prediction a pipeline verdict makes.
func FromVerdict(v provenance.Verdict) Prediction {
	p := Prediction{ID: v.ID, Story: v.Story, Origin: v.Origin}
	for _, e := range v.Sources {
		p.Sources = append(p.Sources, Source{ID: e.Source, Containment: e.Containment})
	}
	return p
}

// Group holds the article figures of a set of articles: all of them, or
// those with one label. A copy is an article whose truth has a source
// (DerivedFrom or StitchedFrom); its true sources are the union of the
// two lists, its true primary source the first of DerivedFrom (or of
// StitchedFrom when DerivedFrom is empty), and its true origin the
// article without a source reached by following true primary sources.
// The counts are exact; the methods turn them into shares, NaN when the
// denominator is zero.
type Group struct {
	// Label is the label of the group's articles; "" for the group of
	// all articles and for a group by intensity.
	Label string
	// Intensity is the intensity of the group's articles, in a group by
	// intensity; "" otherwise.
	Intensity string
	// Articles is the number of articles in the group.
	Articles int
	// Copies is the number of copies.
	Copies int
	// Found is the number of copies put in the same predicted story as
	// at least one of their true sources.
	Found int
	// SourceCorrect is the number of copies whose predicted primary
	// source (the first of their predicted sources) is one of their
	// DerivedFrom (or, without DerivedFrom, StitchedFrom) articles.
	SourceCorrect int
	// Stitched is the number of copies with at least two distinct
	// StitchedFrom articles.
	Stitched int
	// StitchedCorrect is the number of stitched copies whose predicted
	// sources include every one of their StitchedFrom articles.
	StitchedCorrect int
	// OriginCorrect is the number of copies whose predicted story is
	// attributed to their true origin.
	OriginCorrect int
	// OriginCorrectFound is the number of found copies (see Found) whose
	// predicted story is attributed to their true origin.
	OriginCorrectFound int
	// Linked is the number of copies with a predicted direct source
	// that is one of their true sources (a found link).
	Linked int
	// ContainmentSum is the sum, over the Linked copies, of the
	// estimated containment of the copy in the first (best) predicted
	// source that is one of its true sources.
	ContainmentSum float64
	// Unsourced is the number of articles without a true source
	// (originals and distractors).
	Unsourced int
	// FalseLinked is the number of articles without a true source whose
	// predicted story also holds an article of another true cluster
	// (including a stitched copy of another cluster that was attached
	// to this article's story).
	FalseLinked int
	// Negatives is the number of hard negatives (articles without a true
	// source with a NegativeFor).
	Negatives int
	// NegativeLinked is the number of hard negatives whose predicted
	// story holds an article of the true cluster of their NegativeFor
	// article: the false link they were chosen to provoke.
	NegativeLinked int
}

// Recall returns Found / Copies: the share of copies put in the same
// predicted story as a true source.
func (g Group) Recall() float64 { return ratio(g.Found, g.Copies) }

// SourceAccuracy returns SourceCorrect / Copies: the share of copies
// whose predicted primary source is a true one. A copy that was not
// found, or was linked to a sibling copy or to its source's source,
// counts as wrong.
func (g Group) SourceAccuracy() float64 { return ratio(g.SourceCorrect, g.Copies) }

// StitchedAccuracy returns StitchedCorrect / Stitched: the share of
// stitched copies with all their true sources among the predicted ones.
func (g Group) StitchedAccuracy() float64 { return ratio(g.StitchedCorrect, g.Stitched) }

// OriginAccuracy returns OriginCorrect / Copies: the share of all copies
// whose story is attributed to their true origin.
func (g Group) OriginAccuracy() float64 { return ratio(g.OriginCorrect, g.Copies) }

// OriginAccuracyFound returns OriginCorrectFound / Found: the share of
// found copies whose story is attributed to their true origin.
func (g Group) OriginAccuracyFound() float64 { return ratio(g.OriginCorrectFound, g.Found) }

// MeanContainment returns ContainmentSum / Linked: the mean estimated
// containment of the copies in the true sources they were linked to.
func (g Group) MeanContainment() float64 { return ratio(g.ContainmentSum, float64(g.Linked)) }

// FalseLinkRate returns FalseLinked / Unsourced: the share of articles
// without a true source that were merged with another true cluster.
func (g Group) FalseLinkRate() float64 { return ratio(g.FalseLinked, g.Unsourced) }

// NegativeLinkRate returns NegativeLinked / Negatives: the share of hard
// negatives linked to the story they share day and topic with.
func (g Group) NegativeLinkRate() float64 { return ratio(g.NegativeLinked, g.Negatives) }

// Report is the result of [Evaluate].
type Report struct {
	// Pairs are the pair counts of the true clusters against the
	// predicted stories, over all articles.
	Pairs PairCounts
	// All holds the article figures of all articles.
	All Group
	// Labels holds the article figures of each label, in label order.
	Labels []Group
	// Classes holds the article figures of each label and intensity, for
	// the articles with an intensity, in label order, then light, medium,
	// heavy and other intensities in order.
	Classes []Group
	// Intensities holds the article figures of each intensity over all
	// labels, for the articles with one, in the same intensity order.
	Intensities []Group
}

// ArticleError is an inconsistency in the truth or the predictions of
// one article, such as a source that is not in the data.
type ArticleError struct {
	// ID is the article's ID.
	ID string
	// Err says what is wrong.
	Err error
}

// Error returns `article "ID": what is wrong`.
func (e *ArticleError) Error() string { return fmt.Sprintf("article %q: %v", e.ID, e.Err) }

// Unwrap returns e.Err.
func (e *ArticleError) Unwrap() error { return e.Err }

// truthSources returns t's true sources, primary first, without
// duplicates: DerivedFrom then StitchedFrom.
func truthSources(t Truth) []string {
	var out []string
	for _, s := range slices.Concat(t.DerivedFrom, t.StitchedFrom) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Evaluate compares the predictions with the truth, article by article,
// and returns the pair counts (true clusters against predicted stories)
// and the article figures of all articles and of each label (see
// [Group]). truth and pred must hold the same article IDs, each once, in
// any order. It returns an [*ArticleError] for an empty or duplicate ID,
// an article in one list and not the other, a true source or NegativeFor
// that is not in the data or is the article itself, a hard negative with
// a true source, or true primary sources that form a cycle.
func Evaluate(truth []Truth, pred []Prediction) (Report, error) {
	byID := make(map[string]int, len(truth))
	for i, t := range truth {
		if t.ID == "" {
			return Report{}, &ArticleError{ID: t.ID, Err: errors.New("empty id")}
		}
		if _, dup := byID[t.ID]; dup {
			return Report{}, &ArticleError{ID: t.ID, Err: errors.New("duplicate id in the truth")}
		}
		byID[t.ID] = i
	}
	// preds[i] is truth[i]'s prediction.
	preds := make([]*Prediction, len(truth))
	for k := range pred {
		i, ok := byID[pred[k].ID]
		if !ok {
			return Report{}, &ArticleError{ID: pred[k].ID, Err: errors.New("predicted but not in the truth")}
		}
		if preds[i] != nil {
			return Report{}, &ArticleError{ID: pred[k].ID, Err: errors.New("duplicate id in the predictions")}
		}
		preds[i] = &pred[k]
	}
	sources := make([][]int, len(truth)) // true sources, primary first
	for i, t := range truth {
		if preds[i] == nil {
			return Report{}, &ArticleError{ID: t.ID, Err: errors.New("in the truth but not predicted")}
		}
		for _, s := range truthSources(t) {
			j, ok := byID[s]
			switch {
			case !ok:
				return Report{}, &ArticleError{ID: t.ID, Err: fmt.Errorf("source %q is not in the data", s)}
			case j == i:
				return Report{}, &ArticleError{ID: t.ID, Err: errors.New("is its own source")}
			}
			sources[i] = append(sources[i], j)
		}
	}
	roots, err := trueRoots(truth, sources)
	if err != nil {
		return Report{}, err
	}
	partners := make([]int, len(truth)) // NegativeFor's index, or -1
	for i, t := range truth {
		partners[i] = -1
		if t.NegativeFor == "" {
			continue
		}
		j, ok := byID[t.NegativeFor]
		switch {
		case !ok:
			return Report{}, &ArticleError{ID: t.ID, Err: fmt.Errorf("negative for %q, which is not in the data", t.NegativeFor)}
		case j == i:
			return Report{}, &ArticleError{ID: t.ID, Err: errors.New("is a negative for itself")}
		case len(sources[i]) > 0:
			return Report{}, &ArticleError{ID: t.ID, Err: errors.New("is a negative for another article but has a source")}
		}
		partners[i] = j
	}

	// True clusters as numbers: "" is a cluster of its own.
	clusterIDs := make(map[string]int)
	clusters := make([]int, len(truth))
	stories := make([]string, len(truth))
	next := 0
	for i, t := range truth {
		c, ok := clusterIDs[t.Cluster]
		if !ok || t.Cluster == "" {
			c = next
			next++
			if t.Cluster != "" {
				clusterIDs[t.Cluster] = c
			}
		}
		clusters[i] = c
		stories[i] = preds[i].Story
	}
	pairs, err := CountPairs(clusters, stories)
	if err != nil {
		return Report{}, err
	}

	// A predicted story is mixed when it holds articles of two or more
	// true clusters.
	firstCluster := make(map[string]int)
	mixed := make(map[string]bool)
	for i, s := range stories {
		if c, ok := firstCluster[s]; !ok {
			firstCluster[s] = clusters[i]
		} else if c != clusters[i] {
			mixed[s] = true
		}
	}

	negLinked := negativesLinked(partners, clusters, stories)

	r := Report{Pairs: pairs}
	groups := make(map[[2]string]*Group) // by label and intensity, "" for none
	get := func(label, intensity string) *Group {
		g := groups[[2]string{label, intensity}]
		if g == nil {
			g = &Group{Label: label, Intensity: intensity}
			groups[[2]string{label, intensity}] = g
		}
		return g
	}
	for i, t := range truth {
		label := t.Label
		if label == "" {
			label = NoLabel
		}
		gs := []*Group{&r.All, get(label, "")}
		if t.Intensity != "" {
			gs = append(gs, get(label, t.Intensity), get("", t.Intensity))
		}
		for _, g := range gs {
			count(g, truth, preds, sources, roots, stories, mixed, negLinked, i)
		}
	}
	for _, g := range groups {
		switch {
		case g.Intensity == "":
			r.Labels = append(r.Labels, *g)
		case g.Label == "":
			r.Intensities = append(r.Intensities, *g)
		default:
			r.Classes = append(r.Classes, *g)
		}
	}
	slices.SortFunc(r.Labels, func(a, b Group) int { return strings.Compare(a.Label, b.Label) })
	slices.SortFunc(r.Classes, compareClasses)
	slices.SortFunc(r.Intensities, compareClasses)
	return r, nil
}

// trueRoots returns, for each article, its true origin: the article
// without a source reached by following true primary sources.
func trueRoots(truth []Truth, sources [][]int) ([]int, error) {
	const unknown, visiting = -1, -2
	roots := make([]int, len(truth))
	for i := range roots {
		roots[i] = unknown
	}
	var path []int
	for i := range truth {
		path = path[:0]
		x := i
		for roots[x] == unknown && len(sources[x]) > 0 {
			roots[x] = visiting
			path = append(path, x)
			x = sources[x][0]
			if roots[x] == visiting {
				return nil, &ArticleError{ID: truth[x].ID, Err: errors.New("its sources form a cycle")}
			}
		}
		root := roots[x]
		if root < 0 { // x has no source and was not seen before
			root = x
			roots[x] = x
		}
		for _, y := range path {
			roots[y] = root
		}
	}
	return roots, nil
}

// count adds article i to g.
func count(g *Group, truth []Truth, preds []*Prediction, sources [][]int, roots []int, stories []string,
	mixed map[string]bool, negLinked []bool, i int) {
	g.Articles++
	p := preds[i]
	if len(sources[i]) == 0 {
		g.Unsourced++
		if mixed[p.Story] {
			g.FalseLinked++
		}
		if truth[i].NegativeFor != "" {
			g.Negatives++
			if negLinked[i] {
				g.NegativeLinked++
			}
		}
		return
	}
	g.Copies++
	t := truth[i]
	isTrue := func(id string) bool { return slices.Contains(t.DerivedFrom, id) || slices.Contains(t.StitchedFrom, id) }
	found := false
	for _, j := range sources[i] {
		if stories[j] == p.Story {
			found = true
			break
		}
	}
	if found {
		g.Found++
	}
	if len(p.Sources) > 0 {
		primary := t.DerivedFrom
		if len(primary) == 0 {
			primary = t.StitchedFrom
		}
		if slices.Contains(primary, p.Sources[0].ID) {
			g.SourceCorrect++
		}
	}
	if stitched := truthSources(Truth{StitchedFrom: t.StitchedFrom}); len(stitched) >= 2 {
		g.Stitched++
		all := true
		for _, s := range stitched {
			all = all && slices.ContainsFunc(p.Sources, func(ps Source) bool { return ps.ID == s })
		}
		if all {
			g.StitchedCorrect++
		}
	}
	if p.Origin == truth[roots[i]].ID {
		g.OriginCorrect++
		if found {
			g.OriginCorrectFound++
		}
	}
	for _, ps := range p.Sources {
		if isTrue(ps.ID) {
			g.Linked++
			g.ContainmentSum += ps.Containment
			break
		}
	}
}
