package newsio

import "github.com/reprintlab/reprint/provenance"

// Scope chooses what a report covers. The zero value, Everything, covers
// every article the tracker holds.
type Scope struct {
	// Include, if not nil, picks the articles reported, such as those of
	// this run of a flagger that keeps its index between runs; stories
	// are shown when they hold one of them.
	Include func(id string) bool
	// Updated are articles outside Include that are reported too, because
	// this run changed them (their story, origin or sources); JSONL marks
	// them "updated": true.
	Updated map[string]bool
}

// Everything is the scope of a report on every article.
var Everything = Scope{}

// covers reports whether article id is reported.
func (s Scope) covers(id string) bool {
	return s.Include == nil || s.Include(id) || s.Updated[id]
}

// coversStory reports whether story st holds a reported article.
func (s Scope) coversStory(st provenance.Story) bool {
	for _, id := range st.Articles {
		if s.covers(id) {
			return true
		}
	}
	return false
}
