package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

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
// the tracker does not keep texts.
func AddPassages(out *VerdictJSON, t *provenance.Tracker) error {
	bp, err := t.Boilerplate(out.ID)
	if err != nil && !errors.Is(err, provenance.ErrNoText) {
		return err
	}
	out.BoilerplatePassages = bp
	for i := range out.Sources {
		src := &out.Sources[i]
		p, err := t.Passages(out.ID, src.ID)
		if errors.Is(err, provenance.ErrNoText) {
			continue // texts not kept, or dropped when they left the window
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
	ID            string       `json:"id"`
	Cluster       string       `json:"cluster"`
	Story         string       `json:"story"` // the same as cluster, in the library's word
	Origin        string       `json:"origin"`
	Sources       []SourceJSON `json:"sources"`
	Copy          bool         `json:"copy"`
	Shingles      int          `json:"shingles"`
	Fingerprinted bool         `json:"fingerprinted"`
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
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// NewVerdictJSON converts a verdict to its JSONL form.
func NewVerdictJSON(v provenance.Verdict) VerdictJSON {
	out := VerdictJSON{
		ID: v.ID, Cluster: v.Story, Story: v.Story, Origin: v.Origin, Sources: []SourceJSON{},
		Copy: v.IsCopy(), Shingles: v.Shingles, Fingerprinted: v.Fingerprinted,
		Credited: append([]string{}, v.Credited...), Uncredited: v.Uncredited, Boilerplate: v.Boilerplate,
	}
	for _, e := range v.Sources {
		out.Sources = append(out.Sources, SourceJSON{
			ID: e.Source, Containment: round4(e.Containment), Jaccard: round4(e.Jaccard),
			Reused: round4(e.Reused), Shared: int(math.Round(e.Shared)), Partial: e.Partial,
		})
	}
	return out
}

// WriteJSONL writes one line per article, in the order added.
func WriteJSONL(w io.Writer, t *provenance.Tracker, scope Scope) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for v := range t.Articles() {
		if !scope.covers(v.ID) {
			continue
		}
		out := NewVerdictJSON(v)
		out.Updated = scope.Updated[v.ID]
		if err := AddPassages(&out, t); err != nil {
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

// WriteText writes the report for people: a summary, one block per story
// with copies (its claimed origins last: "claim   A credits VPost (not in
// the corpus)"), then the articles that stand alone, with the outlets
// they credit. IDs and outlets are shown with control characters escaped
// (see [Printable]), so that none can forge a line or drive a terminal.
func WriteText(w io.Writer, t *provenance.Tracker, scope Scope) error {
	bw := bufio.NewWriter(w)
	cfg := t.IndexConfig()
	stories, alone, articles := splitStories(t, scope)
	fmt.Fprintf(bw, "%s: %s with copies, %s standing alone.\n",
		plural(articles, "article"), plural(len(stories), "story"), plural(len(alone), "article"))
	fmt.Fprintf(bw, "Rule: linked when at least %s of one article is found in the other (%d-word shingles, %d-slot MinHash, %s bands).\n",
		pct(cfg.MinContainment), cfg.Settings.Shingle.WordSize, cfg.Settings.NumHashes, cfg.Banding)
	for _, s := range stories {
		fmt.Fprintf(bw, "\nStory %s: %d articles, origin %s\n", Printable(s.ID), len(s.Articles), Printable(s.Origin))
		for _, id := range s.Articles {
			v, _ := t.Verdict(id)
			if id == s.Origin {
				fmt.Fprintf(bw, "  origin  %s\n", Printable(id))
				continue
			}
			note := ""
			switch {
			case len(v.Credited) > 0:
				note = "  (credits " + strings.Join(printableAll(v.Credited), ", ") + ")"
			case v.Uncredited:
				note = "  (uncredited copy from another outlet)"
			}
			fmt.Fprintf(bw, "  copy    %s%s\n", Printable(id), note)
			for i, e := range v.Sources {
				role := "source"
				if i > 0 {
					role = "also   "
				}
				fmt.Fprintf(bw, "          %s %s: %s of the copy found there, %s of the source reused, Jaccard %.2f\n",
					role, Printable(e.Source), pct(e.Containment), pct(e.Reused), e.Jaccard)
			}
		}
		for _, c := range t.Claims(s.ID) {
			fmt.Fprintf(bw, "  claim   %s %s %s (%s)\n", joinAnd(printableAll(c.By)), verb(len(c.By), "credits", "credit"), Printable(c.Outlet), claimStatus(c))
		}
	}
	if len(alone) > 0 {
		fmt.Fprintf(bw, "\nStanding alone (%d):\n", len(alone))
		for _, s := range alone {
			v, _ := t.Verdict(s.ID)
			var notes []string
			if !v.Fingerprinted {
				notes = append(notes, "too short to fingerprint")
			}
			if c := aloneClaims(t.Claims(s.ID), Printable); c != "" {
				notes = append(notes, c)
			}
			note := ""
			if len(notes) > 0 {
				note = "  (" + strings.Join(notes, "; ") + ")"
			}
			fmt.Fprintf(bw, "  %s%s\n", Printable(s.ID), note)
		}
	}
	return bw.Flush()
}

// claimStatus says where a claimed origin is: "not in the corpus",
// "in this story: ID, ID" or "in the corpus, not in this story".
func claimStatus(c provenance.Claim) string {
	switch {
	case c.External:
		return "not in the corpus"
	case c.Confirmed():
		return "in this story: " + strings.Join(printableAll(c.Matched), ", ")
	}
	return "in the corpus, not in this story"
}

// aloneClaims describes the claims of an article standing alone, the
// outlets grouped by status in order of first credit: "credits Izvestia,
// TASS: not in the corpus; VPost: in the corpus". name formats each
// outlet's name. It returns "" when there are none.
func aloneClaims(claims []provenance.Claim, name func(string) string) string {
	var statuses []string
	byStatus := map[string][]string{}
	for _, c := range claims {
		st := "in the corpus" // a story of one holds no other article
		if c.External {
			st = claimStatus(c)
		}
		if _, ok := byStatus[st]; !ok {
			statuses = append(statuses, st)
		}
		byStatus[st] = append(byStatus[st], name(c.Outlet))
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
