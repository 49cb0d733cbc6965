package review

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// Bounds on a story page, so that a wire story reprinted ten thousand
// times still gives a page a browser opens at once: the graph is drawn
// for stories of at most maxGraphArticles articles, and the table and the
// timeline show the first maxStoryRows articles in attribution order.
const (
	maxGraphArticles = 60
	maxStoryRows     = 500
	maxRowSources    = 3 // an article's sources listed in its row
)

// articleRow is one article of a story page's table.
type articleRow struct {
	ID, Outlet, OutletKey, When, After string
	Origin                             bool
	Sources                            []linkCell // its first sources, best first
	Others                             int        // further sources not listed
	Credited                           string     // the outlets the text credits, joined
	Uncredited                         bool
	Compare                            string // link to the side-by-side view of it and its source
	Selected                           bool
}

// timelineDot is an article on the story's timeline.
type timelineDot struct {
	X, Y             int
	Class, Title, ID string
}

// pairView is a copy and one of its sources side by side.
type pairView struct {
	Copy, Source                 string
	CopyHTML, SourceHTML         template.HTML
	CopyCoverage, SourceCoverage float64
	Containment, Reused          float64
	Link                         linkCell     // the link shown
	Aligned                      bool         // the link was found by alignment
	Others                       []sourceLink // the copy's other sources
}

type sourceLink struct {
	ID, Link string
	Kind     string // the link's kind of reuse
}

// linkCell is one copy → source link as a story page lists it: the
// source, the link's kind of reuse (its badge), its figure and its
// description.
type linkCell struct {
	Source, Kind string
	Stitched     bool   // a source of a copy stitched from several
	Figure       string // the share of the copy found in the source ("94%"), or the score of a link found by alignment ("score 0.72")
	Text         string // the link in words (newsio.EdgeText)
	Compare      string // the side-by-side view of the copy and this source
}

// newLinkCell describes link e. Its figure is the one the story graph's
// label gives: the share of the copy found in the source, but for a
// link found by alignment that is not verbatim, whose score it is.
func newLinkCell(e provenance.Edge) linkCell {
	c := linkCell{Source: e.Source, Kind: e.Kind.String(), Stitched: e.Partial, Figure: fmt.Sprintf("%.0f%%", 100*e.Containment), Text: newsio.EdgeText(e)}
	if e.Aligned && e.Kind != provenance.KindVerbatim {
		c.Figure = fmt.Sprintf("score %.2f", e.Score)
	}
	return c
}

// timeline geometry, in SVG user units.
const (
	timelineW, timelineH = 960, 88
	timelineAxis         = 68 // the axis's height; dates below it
	timelineLeft         = 20
	timelineRight        = 20
)

func (h *handler) story(w http.ResponseWriter, r *http.Request) {
	d := h.d
	id := r.PathValue("id")
	x, ok := d.articles.byID[id]
	if !ok {
		h.problem(w, http.StatusNotFound, fmt.Sprintf("No article or story %q in this store.", id))
		return
	}
	k := d.articles.story[x]
	if d.stories.id[k] != id {
		// An article's ID: its story's page, showing the article.
		v := url.Values{"copy": {id}}
		http.Redirect(w, r, storyPath(d.stories.id[k])+"?"+v.Encode()+"#pair", http.StatusFound)
		return
	}
	s := &d.stories
	members := s.members[s.start[k]:s.start[k+1]]
	story := provenance.Story{ID: s.id[k], Origin: d.articles.id[s.origin[k]], Articles: make([]string, len(members))}
	for i, m := range members {
		story.Articles[i] = d.articles.id[m]
	}
	shown := members[:min(len(members), maxStoryRows)]
	d.graphMu.Lock()
	verdicts := make([]provenance.Verdict, len(shown))
	for i, m := range shown {
		verdicts[i], _ = d.graph.Verdict(d.articles.id[m])
	}
	claims := d.graph.Claims(story.ID)
	var graph template.HTML
	if len(members) <= maxGraphArticles {
		// newsio.StorySVG escapes every ID and outlet it writes.
		graph = template.HTML(newsio.StorySVG(story, verdicts, claims, 0))
	}
	d.graphMu.Unlock()

	selected := r.URL.Query().Get("copy")
	if selected == "" {
		for _, v := range verdicts {
			if v.IsCopy() {
				selected = v.ID
				break
			}
		}
	}
	originAt := s.at[k]
	rows := make([]articleRow, len(shown))
	var selectedVerdict *provenance.Verdict
	for i, m := range shown {
		v := verdicts[i]
		row := articleRow{ID: v.ID, When: when(d.articles.at[m]), Origin: v.ID == story.Origin,
			Credited: strings.Join(v.Credited, ", "), Uncredited: v.Uncredited, Selected: v.ID == selected}
		if o := d.articles.outlet[m]; o >= 0 {
			row.Outlet, row.OutletKey = d.outlets.Outlets[o].Name, d.outlets.Outlets[o].Key
		}
		if at := d.articles.at[m]; at != 0 && originAt != 0 {
			row.After = delay(time.Duration(at-originAt) * time.Second)
		}
		if len(v.Sources) > 0 {
			for _, e := range v.Sources[:min(len(v.Sources), maxRowSources)] {
				c := newLinkCell(e)
				c.Compare = storyPath(story.ID) + "?" + url.Values{"copy": {v.ID}, "source": {e.Source}}.Encode() + "#pair"
				row.Sources = append(row.Sources, c)
			}
			row.Others = len(v.Sources) - len(row.Sources)
			row.Compare = storyPath(story.ID) + "?" + url.Values{"copy": {v.ID}}.Encode() + "#pair"
		}
		if row.Selected {
			selectedVerdict = &verdicts[i]
		}
		rows[i] = row
	}
	if selectedVerdict == nil && selected != "" {
		// An article beyond the rows shown, or of another story.
		if y, ok := d.articles.byID[selected]; ok && d.articles.story[y] == k {
			d.graphMu.Lock()
			v, _ := d.graph.Verdict(selected)
			d.graphMu.Unlock()
			selectedVerdict = &v
		}
	}
	data := map[string]any{
		"Title": "Story " + story.ID, "Store": d.summary(), "Story": story, "Row": d.storyRow(k),
		"Rows": rows, "More": len(members) - len(shown), "Graph": graph, "GraphLimit": maxGraphArticles,
		"Claims": claims, "Timeline": d.timeline(shown, originAt, story.Origin),
		"TimelineW": timelineW, "TimelineH": timelineH, "AxisY": timelineAxis, "Latest": when(s.latest[k]), "First": first(d, shown),
	}
	if selectedVerdict != nil && selectedVerdict.IsCopy() {
		data["Pair"] = d.pair(*selectedVerdict, r.URL.Query().Get("source"), story.ID)
	}
	h.render(w, http.StatusOK, "story.html", data)
}

// timeline places the articles with a time on a line from the origin's
// time to the latest article's.
func (d *Data) timeline(members []int32, originAt int64, origin string) []timelineDot {
	first, last := int64(0), int64(0)
	for _, m := range members {
		if at := d.articles.at[m]; at != 0 {
			if first == 0 || at < first {
				first = at
			}
			last = max(last, at)
		}
	}
	if first == 0 {
		return nil
	}
	span := max(last-first, 1)
	var dots []timelineDot
	lanes := map[int]int{} // dots already at an x, to stack them
	for _, m := range members {
		at := d.articles.at[m]
		if at == 0 {
			continue
		}
		x := timelineLeft + int(float64(at-first)/float64(span)*float64(timelineW-timelineLeft-timelineRight))
		lane := lanes[x/6]
		lanes[x/6]++
		id := d.articles.id[m]
		dot := timelineDot{X: x, Y: timelineAxis - 10 - 9*min(lane, 5), Class: "copy", ID: id, Title: id + ", " + when(at)}
		if originAt != 0 {
			dot.Title += " (" + delay(time.Duration(at-originAt)*time.Second) + " after the origin)"
		}
		if id == origin {
			dot.Class = "origin"
		}
		dots = append(dots, dot)
	}
	return dots
}

// pair shows copy v next to its source sourceID (its primary source when
// empty or not one of its sources).
func (d *Data) pair(v provenance.Verdict, sourceID, storyID string) *pairView {
	e := v.Sources[0]
	for _, s := range v.Sources {
		if s.Source == sourceID {
			e = s
		}
	}
	p := &pairView{Copy: v.ID, Source: e.Source, Containment: e.Containment, Reused: e.Reused, Link: newLinkCell(e), Aligned: e.Aligned}
	for _, s := range v.Sources {
		if s.Source != e.Source {
			p.Others = append(p.Others, sourceLink{s.Source, storyPath(storyID) + "?" + url.Values{"copy": {v.ID}, "source": {s.Source}}.Encode() + "#pair", s.Kind.String()})
		}
	}
	if !d.hasTexts {
		return p
	}
	copyText, sourceText := d.texts[d.articles.byID[v.ID]], d.texts[d.articles.byID[e.Source]]
	if copyText == "" || sourceText == "" {
		return p
	}
	var ps provenance.Passages
	if e.Aligned && e.Kind != provenance.KindVerbatim {
		ps = d.alignPassages(copyText, sourceText)
	} else {
		m := d.matcher.Get().(*provenance.Matcher)
		ps = m.Match(copyText, sourceText)
		d.matcher.Put(m)
	}
	var cr, sr [][2]int
	for _, x := range ps.Passages {
		cr = append(cr, x.Copy)
		sr = append(sr, x.Source)
	}
	// newsio.MarkedText escapes the texts.
	p.CopyHTML = template.HTML(newsio.MarkedText(copyText, cr, nil))
	p.SourceHTML = template.HTML(newsio.MarkedText(sourceText, sr, nil))
	p.CopyCoverage, p.SourceCoverage = ps.CopyCoverage, ps.SourceCoverage
	return p
}

// first returns the earliest time of the articles, for people.
func first(d *Data, members []int32) string {
	var at int64
	for _, m := range members {
		if t := d.articles.at[m]; t != 0 && (at == 0 || t < at) {
			at = t
		}
	}
	return when(at)
}

// alignScratch is an aligner and its buffers, for one goroutine.
type alignScratch struct {
	al         align.Aligner
	tok        align.Tokenizer
	copy, from align.Doc
}

// alignPassages returns the passages of a link found by alignment (a
// rewrite, an update or a partial copy found so), as the flagger's
// report shows them (provenance.Tracker.Passages): the alignment's
// passages, weighed by the rarity of the store's words, each apart from
// the previous one in the copy.
func (d *Data) alignPassages(copyText, sourceText string) provenance.Passages {
	s, _ := d.aligners.Get().(*alignScratch)
	if s == nil {
		s = &alignScratch{al: align.Aligner{Exhaustive: true}}
	}
	defer d.aligners.Put(s)
	c := s.tok.Doc(&s.copy, copyText, true)
	src := s.tok.Doc(&s.from, sourceText, true)
	var w align.Weigher = align.Uniform{}
	if df := d.rarity(); df != nil {
		w = df
	}
	res := s.al.Compare(nil, c, src, w)
	out := provenance.Passages{CopyCoverage: res.CopyCoverage, SourceCoverage: res.SourceCoverage}
	end := 0
	for _, p := range res.Passages {
		if p.Copy[0] < end {
			continue // overlaps the previous passage in the copy
		}
		out.Passages = append(out.Passages, provenance.Passage{Copy: p.Copy, Source: p.Source})
		end = p.Copy[1]
	}
	return out
}
