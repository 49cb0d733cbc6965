package provenance

import (
	"bytes"
	"encoding/json"
	"io"
	"time"
)

// JSONFormatVersion is the version of the document written by
// [Graph.WriteJSON]. Fields may be added within a version; a change that
// removes or redefines a field bumps it.
const JSONFormatVersion = 1

// graphJSON is the document written by WriteJSON.
type graphJSON struct {
	Format   string        `json:"format"`  // "reprint-provenance"
	Version  int           `json:"version"` // JSONFormatVersion
	Settings string        `json:"settings,omitempty"`
	Articles []articleJSON `json:"articles"`
	Edges    []edgeJSON    `json:"edges"`
	Stories  []storyJSON   `json:"stories"`
}

type articleJSON struct {
	ID            string     `json:"id"`
	Source        string     `json:"source,omitempty"`
	URL           string     `json:"url,omitempty"`
	Published     *time.Time `json:"published,omitempty"`
	Seen          *time.Time `json:"seen,omitempty"`
	Shingles      int        `json:"shingles"`
	Fingerprinted bool       `json:"fingerprinted"`
	Story         string     `json:"story"`
	Origin        string     `json:"origin"`
}

type edgeJSON struct {
	Copy        string  `json:"copy"`
	Source      string  `json:"source"`
	Primary     bool    `json:"primary"` // the copy's best source, which sets its story
	Containment float64 `json:"containment"`
	Reused      float64 `json:"reused"`
	Jaccard     float64 `json:"jaccard"`
	Shared      float64 `json:"shared"`
	Partial     bool    `json:"partial,omitempty"` // one of several sources of a stitched copy
}

// storyJSON is a story of the document written by WriteJSON: the fields
// of Story's JSON form, and its claims.
type storyJSON struct {
	ID       string   `json:"id"`
	Origin   string   `json:"origin"`
	Articles []string `json:"articles"`
	Claims   []Claim  `json:"claims,omitempty"`
}

// MarshalJSON encodes the JSON form of Story: the keys of its fields'
// tags, those of the stories of [Graph.WriteJSON]; nil Articles are
// written as [].
func (s Story) MarshalJSON() ([]byte, error) {
	type fields Story // without the method
	return json.Marshal(fields{s.ID, s.Origin, orEmpty(s.Articles)})
}

// MarshalJSON encodes the JSON form of a verdict: the keys of its
// fields' tags, which are those of the flagger's JSONL lines (the story
// under "story", where the lines also have "cluster"), and "copy", true
// when [Verdict.IsVerbatimCopy] (as the flagger's "copy"). Sources are edges as in [Graph.WriteJSON]
// ({"copy", "source", "containment", ...}); nil slices are written as [].
// Unmarshalling ignores "copy".
func (v Verdict) MarshalJSON() ([]byte, error) {
	type fields Verdict // without the method
	out := struct {
		fields
		Copy bool `json:"copy"`
	}{fields(v), v.IsVerbatimCopy()}
	out.Sources, out.Credited = orEmpty(out.Sources), orEmpty(out.Credited)
	return json.Marshal(out)
}

// MarshalJSON encodes the JSON form of passages: the keys of its fields'
// tags; nil Passages are written as [].
func (p Passages) MarshalJSON() ([]byte, error) {
	type fields Passages // without the method
	out := fields(p)
	out.Passages = orEmpty(out.Passages)
	return json.Marshal(out)
}

// orEmpty returns s, or an empty slice if s is nil, which encoding/json
// writes as null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// WriteJSON writes the whole graph as one JSON document:
//
//	{"format": "reprint-provenance", "version": 1, "settings": "...",
//	 "articles": [{"id", "source", "url", "published", "seen", "shingles",
//	               "fingerprinted", "story", "origin"}, ...],   // order added
//	 "edges": [{"copy", "source", "primary", "containment", "reused",
//	            "jaccard", "shared", "partial"}, ...],           // copy → source
//	 "stories": [{"id", "origin", "articles": [...],
//	              "claims": [{"outlet", "by": [...], "matched": [...],
//	                          "external"}, ...]}, ...]}
//
// claims are the story's claimed origins ([Graph.Claims]), present when
// it has any; matched is present when not empty. settings is the
// signature settings' description ([dedup.Settings.String]) when known.
// Only errors from w are returned.
func (g *Graph) WriteJSON(w io.Writer) error { return g.writeJSON(w, "") }

func (g *Graph) writeJSON(w io.Writer, settings string) error {
	doc := graphJSON{Format: "reprint-provenance", Version: JSONFormatVersion, Settings: settings,
		Articles: []articleJSON{}, Edges: []edgeJSON{}, Stories: []storyJSON{}}
	for x := range g.nodes {
		n := &g.nodes[x]
		if n.state != live {
			continue // forgotten (see Config.Forget)
		}
		v := g.verdict(x)
		doc.Articles = append(doc.Articles, articleJSON{
			ID: n.id, Source: n.source, URL: n.url, Published: timePtr(n.published), Seen: timePtr(n.seen),
			Shingles: int(n.shingles), Fingerprinted: n.fingerprinted, Story: v.Story, Origin: v.Origin,
		})
		for i, e := range v.Sources {
			doc.Edges = append(doc.Edges, edgeJSON{Copy: e.Copy, Source: e.Source, Primary: i == 0,
				Containment: e.Containment, Reused: e.Reused, Jaccard: e.Jaccard, Shared: e.Shared, Partial: e.Partial})
		}
	}
	var members []int
	for s := range g.Stories() {
		members = members[:0]
		for _, id := range s.Articles {
			members = append(members, g.byID[id])
		}
		doc.Stories = append(doc.Stories, storyJSON{ID: s.ID, Origin: s.Origin, Articles: s.Articles, Claims: g.claims(members)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// WriteJSON writes the tracker's graph as described at [Graph.WriteJSON],
// with the signature settings recorded. The document is built under the
// tracker's lock and written to w after it is released.
func (t *Tracker) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	t.mu.Lock()
	err := t.graph.writeJSON(&buf, t.index.Config().Settings.String())
	t.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}
