package newsio

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/reprintlab/reprint/provenance"
)

// SourceJSON is one entry of "sources" in the flagger's JSONL output.
type SourceJSON struct {
	ID          string  `json:"id"`
	Containment float64 `json:"containment"` // share of this article found in the source
	Jaccard     float64 `json:"jaccard"`
	Reused      float64 `json:"reused"`            // share of the source found in this article
	Shared      int     `json:"shared"`            // estimated shared shingles
	Partial     bool    `json:"partial,omitempty"` // one of several sources of a stitched copy
	// Kind is the kind of reuse: "verbatim", "update", "rewrite" or
	// "partial" (see provenance.Kind), and Score orders links (see
	// provenance.Edge.Score).
	Kind  string  `json:"kind"`
	Score float64 `json:"score"`
	// The passages this article took from the source, as byte ranges
	// [start, end) in both texts, and the share of each text they cover
	// (exact, from shingles). Present when the tracker keeps texts.
	Passages       []PassageJSON `json:"passages,omitempty"`
	CopyCoverage   *float64      `json:"copy_coverage,omitempty"`
	SourceCoverage *float64      `json:"source_coverage,omitempty"`
}

// PassageJSON is one entry of a source's "passages".
type PassageJSON struct {
	Copy   [2]int `json:"copy"`
	Source [2]int `json:"source"`
}

// AddPassages fills in each source's passages, and the passages left
// out as boilerplate, from the tracker's kept texts. It does nothing if
// the tracker does not keep texts, and leaves out the passages of
// articles it dropped (they left the window) or forgot
// (provenance.Config.Forget).
func AddPassages(out *VerdictJSON, t *provenance.Tracker) error {
	bp, err := t.Boilerplate(out.ID)
	if err != nil && !errors.Is(err, provenance.ErrNoText) && !errors.Is(err, provenance.ErrUnknownArticle) {
		return err
	}
	out.BoilerplatePassages = bp
	for i := range out.Sources {
		src := &out.Sources[i]
		p, err := t.Passages(out.ID, src.ID)
		if errors.Is(err, provenance.ErrNoText) || errors.Is(err, provenance.ErrUnknownArticle) {
			continue // texts not kept, dropped when they left the window, or forgotten
		}
		if err != nil {
			return err
		}
		src.Passages = make([]PassageJSON, 0, len(p.Passages))
		for _, ps := range p.Passages {
			src.Passages = append(src.Passages, PassageJSON{Copy: ps.Copy, Source: ps.Source})
		}
		cc, sc := round4(p.CopyCoverage), round4(p.SourceCoverage)
		src.CopyCoverage, src.SourceCoverage = &cc, &sc
	}
	return nil
}

// VerdictJSON is one line of the flagger's JSONL output. Its fields are a
// contract: later versions add fields, never remove or redefine them.
type VerdictJSON struct {
	ID      string       `json:"id"`
	Cluster string       `json:"cluster"`
	Story   string       `json:"story"` // the same as cluster, in the library's word
	Origin  string       `json:"origin"`
	Sources []SourceJSON `json:"sources"`
	// Copy is true for a copy by the shingle rule, as before links had
	// kinds: a source of kind "verbatim", or the "partial" sources of a
	// stitched copy. An article whose sources are only updates, rewrites
	// and partial copies found by alignment has sources but is not a
	// "copy".
	Copy          bool `json:"copy"`
	Shingles      int  `json:"shingles"`
	Fingerprinted bool `json:"fingerprinted"`
	// Credited are the outlets the article's text credits ("This article
	// was first published by VPost.", "(Reuters) -", "© AP"), [] if none.
	Credited []string `json:"credited"`
	// Uncredited marks a copy from another outlet whose text credits
	// nobody (outlets are known from "source" or "url").
	Uncredited bool `json:"uncredited,omitempty"`
	// Boilerplate is the number of shingles left out as learned
	// boilerplate (-boilerplate); absent when none.
	Boilerplate int `json:"boilerplate,omitempty"`
	// BoilerplatePassages are the byte ranges [start, end) of the text
	// that were left out as learned boilerplate; absent when none, or
	// when texts are not kept (-passages=false).
	BoilerplatePassages [][2]int `json:"boilerplate_passages,omitempty"`
	// Updated marks an article stored by an earlier run (flag -index)
	// that this run changed; absent otherwise.
	Updated bool `json:"updated,omitempty"`
	// Title, Source, URL and Published echo the input (see [About]):
	// the headline ("title" or "headline", else the text's first line),
	// the outlet as given, the link, and the time in RFC 3339. Outlet is
	// the outlet's name as reports show it, the same for every way of
	// writing it ("REUTER", "wire:reuters": "Reuters"). Each is absent
	// when the input does not give it, and for articles stored by an
	// earlier run (flag -index).
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// SetAbout fills in what the input said of the article, and its outlet's
// name as reports show it.
func (out *VerdictJSON) SetAbout(a About, outlet string) {
	out.Title, out.Source, out.Outlet, out.URL = a.Title, a.Source, outlet, a.URL
	if !a.Published.IsZero() {
		out.Published = a.Published.Format(time.RFC3339Nano)
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// NewVerdictJSON converts a verdict to its JSONL form.
func NewVerdictJSON(v provenance.Verdict) VerdictJSON {
	out := VerdictJSON{
		ID: v.ID, Cluster: v.Story, Story: v.Story, Origin: v.Origin, Sources: []SourceJSON{},
		Copy: v.IsVerbatimCopy(), Shingles: v.Shingles, Fingerprinted: v.Fingerprinted,
		Credited: append([]string{}, v.Credited...), Uncredited: v.Uncredited, Boilerplate: v.Boilerplate,
	}
	for _, e := range v.Sources {
		out.Sources = append(out.Sources, SourceJSON{
			ID: e.Source, Containment: round4(e.Containment), Jaccard: round4(e.Jaccard),
			Reused: round4(e.Reused), Shared: int(math.Round(e.Shared)), Partial: e.Partial,
			Kind: e.Kind.String(), Score: round4(e.Score),
		})
	}
	return out
}

// Report is a report on the articles a tracker holds: which ones it
// covers, and what the input said of them. Its Write methods write it in
// one format each; they only read the tracker, and are safe to call
// while nothing adds to it.
type Report struct {
	Tracker *provenance.Tracker
	Scope   Scope
	// About holds what the input said of the articles (headline, outlet,
	// link, time), by ID. Articles not in it are shown by their ID.
	About map[string]About
	// Titles, used when About is nil, holds the headline of each article
	// the input gave ("" for none), by ID; the rest of what the input
	// said of it (outlet, link, time) is read back from the tracker
	// (provenance.Tracker.Article), which keeps it as it was added. It
	// takes less than half of About's memory. It is for a tracker whose
	// every article in Titles was added from this input: not for
	// articles stored by an earlier run, whose outlet, link and time are
	// the stored ones.
	Titles map[string]string
	// All lists every article standing alone in the text report; by
	// default they are counted, not listed.
	All bool
}

// view is a report being written: the names its outlets are shown by.
type view struct {
	Report
	names outletNames
}

// view returns the report's view, its outlets named after the spellings
// of all the tracker's articles (ids, in the order added).
func (r Report) view(ids []string) *view {
	v := &view{Report: r}
	for id, credited := range r.Tracker.CreditedOf(ids) {
		a, _ := r.about(id)
		v.names.addArticle(a, credited)
	}
	return v
}

// about returns what the input said of article id (see [Report.About]
// and [Report.Titles]), and whether it said anything.
func (r Report) about(id string) (About, bool) {
	if r.About != nil || r.Titles == nil {
		a, ok := r.About[id]
		return a, ok
	}
	title, ok := r.Titles[id]
	if !ok {
		return About{}, false
	}
	art, ok := r.Tracker.Article(id)
	if !ok {
		return About{Title: title}, true // forgotten (provenance.Config.Forget): its headline alone
	}
	return About{Title: title, Source: art.Source, URL: art.URL, Published: art.Published}, true
}

// WriteJSONL writes Report{Tracker: t, Scope: scope}: see [Report.WriteJSONL].
func WriteJSONL(w io.Writer, t *provenance.Tracker, scope Scope) error {
	return Report{Tracker: t, Scope: scope}.WriteJSONL(w)
}

// WriteJSONL writes one line per article, in the order added (see
// [VerdictJSON]).
func (r Report) WriteJSONL(w io.Writer) error {
	// The outlets are named from what each article credits, and each
	// verdict is made once, for its line, and let go: the report holds
	// the articles' IDs and a batch of verdicts, not a snapshot of all
	// the verdicts.
	ids := r.Tracker.IDs()
	v := r.view(ids)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	inScope := slices.DeleteFunc(ids, func(id string) bool { return !r.Scope.covers(id) })
	for vd := range r.Tracker.VerdictsOf(inScope) {
		out := NewVerdictJSON(vd)
		out.Updated = r.Scope.Updated[vd.ID]
		if a, ok := r.about(vd.ID); ok {
			out.SetAbout(a, v.names.of(a))
		}
		if err := AddPassages(&out, r.Tracker); err != nil {
			return err
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// splitStories returns the tracker's stories with copies, the articles
// standing alone (stories of one), and the number of articles.
func splitStories(t *provenance.Tracker, scope Scope) (stories, alone []provenance.Story, articles int) {
	for s := range t.Stories() {
		if !scope.coversStory(s) {
			continue
		}
		articles += len(s.Articles)
		if len(s.Articles) > 1 {
			stories = append(stories, s)
		} else {
			alone = append(alone, s)
		}
	}
	return stories, alone, articles
}

// pct formats a share as a percentage.
func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// WriteText writes Report{Tracker: t, Scope: scope}: see [Report.WriteText].
func WriteText(w io.Writer, t *provenance.Tracker, scope Scope) error {
	return Report{Tracker: t, Scope: scope}.WriteText(w)
}

// WriteText writes the report for people: a summary, one block per story
// with copies (each article with its outlet, time and headline; its
// claimed origins last: "claim   A credits VPost (not in the input)"),
// then the number of articles that stand alone, or with All each of
// them with the outlets it credits. IDs, outlets and headlines are shown
// with control characters escaped (see [Printable]), so that none can
// forge a line or drive a terminal.
func (r Report) WriteText(w io.Writer) error {
	v := r.view(r.Tracker.IDs())
	t := r.Tracker
	bw := bufio.NewWriter(w)
	cfg := t.IndexConfig()
	stories, alone, articles := splitStories(t, r.Scope)
	fmt.Fprintf(bw, "%s: %s with copies, %s standing alone.\n",
		plural(articles, "article"), plural(len(stories), "story"), plural(len(alone), "article"))
	fmt.Fprintf(bw, "Rule: linked when at least %s of one article is found in the other (%d-word shingles, %d-slot MinHash, %s bands)%s.\n",
		pct(cfg.MinContainment), cfg.Settings.Shingle.WordSize, cfg.Settings.NumHashes, cfg.Banding, rewriteRule(t))
	for _, s := range stories {
		fmt.Fprintf(bw, "\nStory %s: %d articles, origin %s\n", Printable(s.ID), len(s.Articles), Printable(s.Origin))
		for _, id := range s.Articles {
			vd, _ := t.Verdict(id)
			if id == s.Origin {
				fmt.Fprintf(bw, "  origin  %s%s\n", Printable(id), v.textAbout(id))
				continue
			}
			note := ""
			switch {
			case len(vd.Credited) > 0:
				note = "  (credits " + strings.Join(v.outletList(vd.Credited, Printable), ", ") + ")"
			case vd.Uncredited:
				note = "  (uncredited copy from another outlet)"
			}
			fmt.Fprintf(bw, "  copy    %s%s%s\n", Printable(id), v.textAbout(id), note)
			for i, e := range vd.Sources {
				role := "source"
				if i > 0 {
					role = "also   "
				}
				fmt.Fprintf(bw, "          %s %s: %s\n", role, Printable(e.Source), edgeText(e))
			}
		}
		for _, c := range t.Claims(s.ID) {
			fmt.Fprintf(bw, "  claim   %s %s %s (%s)\n", joinAnd(printableAll(c.By)), verb(len(c.By), "credits", "credit"),
				Printable(v.names.name(c.Outlet)), claimStatus(c, Printable))
		}
	}
	switch {
	case len(alone) > 0 && !r.All:
		fmt.Fprintf(bw, "\n%s standing alone: not listed (-all lists them).\n", plural(len(alone), "article"))
	case len(alone) > 0:
		fmt.Fprintf(bw, "\nStanding alone (%d):\n", len(alone))
		for _, s := range alone {
			vd, _ := t.Verdict(s.ID)
			var notes []string
			if !vd.Fingerprinted {
				notes = append(notes, "too short to fingerprint")
			}
			if c := v.aloneClaims(t.Claims(s.ID), Printable); c != "" {
				notes = append(notes, c)
			}
			note := ""
			if len(notes) > 0 {
				note = "  (" + strings.Join(notes, "; ") + ")"
			}
			fmt.Fprintf(bw, "  %s%s%s\n", Printable(s.ID), v.textAbout(s.ID), note)
		}
	}
	return bw.Flush()
}

// rewriteRule is what the rule line adds when the tracker finds
// rewrites.
func rewriteRule(t *provenance.Tracker) string {
	if !t.FindsRewrites() {
		return ""
	}
	return ", or when their rare words align in passages: a rewrite, an update or a partial copy"
}

// edgeText describes a link for the text report: its kind first, then
// its figures (see provenance.Edge).
func edgeText(e provenance.Edge) string {
	if !e.Aligned {
		return fmt.Sprintf("%s, %s of the copy found there, %s of the source reused, Jaccard %.2f",
			e.Kind, pct(e.Containment), pct(e.Reused), e.Jaccard)
	}
	what := map[provenance.Kind]string{
		provenance.KindVerbatim: "copied word for word",
		provenance.KindUpdate:   "holds all of the source and adds to it",
		provenance.KindRewrite:  "reworded throughout",
		provenance.KindPartial:  "passages taken",
	}[e.Kind]
	return fmt.Sprintf("%s (%s), score %.2f: %s of the copy and %s of the source word for word",
		e.Kind, what, e.Score, pct(e.Containment), pct(e.Reused))
}

// textAbout is what the text report shows after an article's ID: "
// (Reuters, 1987-02-26 15:01) BAHIA COCOA REVIEW", then its link on a
// line of its own; "" when the input said nothing.
func (v *view) textAbout(id string) string {
	a, ok := v.about(id)
	if !ok {
		return ""
	}
	var meta []string
	for _, p := range []string{v.names.of(a), when(a.Published)} {
		if p != "" {
			meta = append(meta, Printable(p))
		}
	}
	s := ""
	if len(meta) > 0 {
		s = " (" + strings.Join(meta, ", ") + ")"
	}
	if a.Title != "" {
		s += " " + Printable(a.Title)
	}
	if s != "" {
		s = " " + s
	}
	if a.URL != "" {
		s += "\n          " + Printable(a.URL)
	}
	return s
}

// outletList returns the names outlets are shown by, each once, each
// formatted by format.
func (v *view) outletList(outlets []string, format func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range outlets {
		name := v.names.name(o)
		if !seen[name] {
			seen[name] = true
			out = append(out, format(name))
		}
	}
	return out
}

// Claim statuses, in every report.
const (
	statusExternal   = "not in the input"
	statusOtherStory = "in the input, other story"
	statusThisStory  = "in this story"
)

// claimStatus says where a claimed origin is: "not in the input", "in
// this story: ID, ID" (each ID formatted by id) or "in the input, other
// story".
func claimStatus(c provenance.Claim, id func(string) string) string {
	switch {
	case c.External:
		return statusExternal
	case c.Confirmed():
		ids := make([]string, len(c.Matched))
		for i, m := range c.Matched {
			ids[i] = id(m)
		}
		return statusThisStory + ": " + strings.Join(ids, ", ")
	}
	return statusOtherStory
}

// shortStatus is claimStatus without the IDs, where room is short.
func shortStatus(c provenance.Claim) string {
	switch {
	case c.External:
		return statusExternal
	case c.Confirmed():
		return statusThisStory
	}
	return statusOtherStory
}

// aloneClaims describes the claims of an article standing alone, the
// outlets grouped by status in order of first credit: "credits Izvestia,
// TASS: not in the input; VPost: in the input, other story". name
// formats each outlet's name. It returns "" when there are none.
func (v *view) aloneClaims(claims []provenance.Claim, name func(string) string) string {
	var statuses []string
	byStatus := map[string][]string{}
	seen := map[string]bool{}
	for _, c := range claims {
		st := shortStatus(c) // a story of one holds no other article
		shown := v.names.name(c.Outlet)
		if seen[shown] {
			continue
		}
		seen[shown] = true
		if _, ok := byStatus[st]; !ok {
			statuses = append(statuses, st)
		}
		byStatus[st] = append(byStatus[st], name(shown))
	}
	parts := make([]string, len(statuses))
	for i, st := range statuses {
		parts[i] = strings.Join(byStatus[st], ", ") + ": " + st
	}
	if len(parts) == 0 {
		return ""
	}
	return "credits " + strings.Join(parts, "; ")
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// verb returns one for a single subject, many for several.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// plural formats a count with a noun.
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
