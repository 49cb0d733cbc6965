package provenance

import (
	"slices"

	"github.com/reprintlab/reprint/credit"
)

// Claim is a claimed origin of a story: an outlet that articles of the
// story credit in their text (see [Verdict.Credited]: "This article was
// first published by VPost.", "LONDON (Reuters) -"; photo credits left
// out). It is a node of the provenance graph beside the story's articles,
// reached from each article that credits it.
//
// The claim is checked against the articles' outlets (their Source, else
// the site of their URL; outlets are compared with [credit.SameOutlet]): when
// articles of the credited outlet belong to the story, the text match
// confirms the claim and Matched names them; when the outlet has articles
// in the graph but none in this story, the claim is neither confirmed nor
// external; when no article in the graph comes from it, the claimed origin
// is External, outside the corpus.
//
// A Claim is a value: its slices are new on every call, the caller's to
// keep or change.
type Claim struct {
	// Outlet is the credited outlet as first written in the story (by its
	// articles in attribution order, each one's credits in text order):
	// "VPost", "Reuters", "The Associated Press". Articles that write it
	// differently ("AP", "Associated Press") credit the same claim when
	// [credit.SameOutlet] says so.
	Outlet string `json:"outlet"`
	// By are the IDs of the story's articles that credit Outlet, in
	// attribution order; never empty. An article that credits its own
	// outlet (its Source or URL names the credited outlet, as in "© 2024
	// The Moscow Times" on a Moscow Times page) does not claim an origin
	// elsewhere and is left out.
	By []string `json:"by"`
	// Matched are the IDs of the story's articles that come from Outlet,
	// in attribution order: they are the claimed origin, and the text
	// match confirms the claim. Empty when none of the story's articles
	// comes from Outlet (or their outlets are unknown).
	Matched []string `json:"matched,omitempty"`
	// External is true when no article in the graph comes from Outlet,
	// as far as the articles' Source and URL tell: the claimed origin is
	// outside the corpus. Matched is then empty. An article that comes
	// from Outlet and is added later makes the claim internal.
	External bool `json:"external"`
}

// Confirmed reports whether one of the story's articles comes from the
// claimed outlet (Matched is not empty).
func (c Claim) Confirmed() bool { return len(c.Matched) > 0 }

// Claims returns the claimed origins of the story of article id (pass a
// [Story].ID, or the ID of any of the story's articles), in the order
// they are first credited: by the crediting articles' attribution order,
// then each one's text order. It returns nil when no article of the story
// credits an outlet other than its own, or when id is not in the graph.
//
// Checking whether an outlet is in the corpus uses an index of the
// graph's distinct outlets, brought up to date on each call with the
// articles added since the last one (a few hundred bytes per distinct
// outlet and per distinct credited outlet; nothing per article). Like
// every Graph method it must not run concurrently with another.
func (g *Graph) Claims(id string) []Claim {
	x, ok := g.byID[id]
	if !ok {
		return nil
	}
	members := g.liveMembers(nil, g.root(x))
	slices.SortFunc(members, g.compare)
	return g.claims(members)
}

// Claims returns the claimed origins of the story of article id, as
// [Graph.Claims] does. It is safe for concurrent use: the claims are
// computed under the tracker's lock, from the graph as it stands then.
func (t *Tracker) Claims(id string) []Claim {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Claims(id)
}

// claims returns the claimed origins of a story, given its nodes in
// attribution order.
func (g *Graph) claims(members []int) []Claim {
	credits := false
	for _, m := range members {
		if len(g.nodes[m].credited) > 0 {
			credits = true
			break
		}
	}
	if !credits {
		return nil
	}
	// The outlet forms of each member, computed once: [source, url].
	outlets := make([][2]credit.Outlet, len(members))
	for i, m := range members {
		outlets[i] = [2]credit.Outlet{credit.NewOutlet(g.nodes[m].source), credit.NewOutlet(g.nodes[m].url)}
	}
	from := func(i int, f credit.Outlet) bool { return f.Same(outlets[i][0]) || f.Same(outlets[i][1]) }
	var out []Claim
	var forms []credit.Outlet // of out's outlets
	for i, m := range members {
		for _, name := range g.nodes[m].credited {
			f := credit.NewOutlet(name)
			if from(i, f) {
				continue // an outlet crediting itself
			}
			k := slices.IndexFunc(forms, f.Same)
			if k < 0 {
				k = len(out)
				out = append(out, Claim{Outlet: name})
				forms = append(forms, f)
			}
			if by := out[k].By; len(by) == 0 || by[len(by)-1] != g.nodes[m].id {
				out[k].By = append(by, g.nodes[m].id)
			}
		}
	}
	for k := range out {
		for i, m := range members {
			if from(i, forms[k]) {
				out[k].Matched = append(out[k].Matched, g.nodes[m].id)
			}
		}
		out[k].External = len(out[k].Matched) == 0 && !g.outlets.has(g.nodes, forms[k])
	}
	return out
}

// outletIndex holds the distinct outlets of a graph's articles, to tell
// whether a credited outlet is in the corpus. It is brought up to date
// lazily, when asked; its zero value is an empty index.
type outletIndex struct {
	scanned int                 // the nodes indexed: nodes[:scanned]
	keys    map[string]struct{} // the NormalizeOutlet keys indexed
	forms   []credit.Outlet     // one per key, in the order indexed
	// checked maps a credited outlet's key to the number of forms it was
	// compared with and found different from, or -1 once one matched:
	// outlets are never removed (those of forgotten articles stay, see
	// Config.Forget), so a match holds for good, and a miss needs
	// checking only against outlets indexed since.
	checked map[string]int
}

// has reports whether an article of nodes comes from the outlet f.
func (o *outletIndex) has(nodes []node, f credit.Outlet) bool {
	if f.Key() == "" {
		return false
	}
	o.scan(nodes)
	done := o.checked[f.Key()]
	if done < 0 {
		return true
	}
	for _, of := range o.forms[done:] {
		if f.Same(of) {
			o.checked[f.Key()] = -1
			return true
		}
	}
	o.checked[f.Key()] = len(o.forms)
	return false
}

// scan indexes the outlets of the nodes added since the last scan.
func (o *outletIndex) scan(nodes []node) {
	if o.keys == nil {
		o.keys, o.checked = make(map[string]struct{}), make(map[string]int)
	}
	for ; o.scanned < len(nodes); o.scanned++ {
		n := &nodes[o.scanned]
		for _, s := range [2]string{n.source, n.url} {
			if s == "" {
				continue
			}
			nf := credit.NewOutlet(s)
			if _, ok := o.keys[nf.Key()]; ok || nf.Key() == "" {
				continue
			}
			o.keys[nf.Key()] = struct{}{}
			o.forms = append(o.forms, nf)
		}
	}
}
