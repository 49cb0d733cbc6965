package provenance

import "slices"

// IDs returns the IDs of the articles the tracker holds, in the order
// they were added, as a snapshot taken when it is called. With
// [Tracker.Verdict] it goes over the articles as [Tracker.Articles]
// does, holding one verdict at a time rather than a snapshot of them
// all: a report on a large tracker holds 16 bytes per article instead
// of the verdicts. It is safe for concurrent use; an article added
// after the call is not in the list, and one forgotten after it
// (Config.Forget) has no verdict.
func (t *Tracker) IDs() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	ids := make([]string, 0, t.graph.Len())
	for x := range t.graph.nodes {
		if n := &t.graph.nodes[x]; n.state == live {
			ids = append(ids, n.id)
		}
	}
	return ids
}

// Credited returns the outlets article id's text credits, as its
// verdict's Credited gives them, without making the verdict; and whether
// the article was added (and not forgotten). They are fixed when the
// article is added. It is safe for concurrent use.
func (t *Tracker) Credited(id string) ([]string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	x, ok := t.graph.byID[id]
	if !ok {
		return nil, false
	}
	return slices.Clone(t.graph.nodes[x].credited), true
}
