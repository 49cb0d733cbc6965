package provenance

import (
	"io"

	"github.com/reprintlab/reprint/dedup"
)

// Credited returns the outlets text credits, as [Verdict.Credited] lists
// them: photo credits left out, each outlet once, as written and in text
// order. It is safe for concurrent use.
//
// A batch job that signs texts on many workers calls it there, ships the
// names instead of the text, and hands them to [Graph.AddCredited].
func Credited(text string) []string { return creditedNames(text) }

// AddCredited is [Graph.Add] with the outlets a's text credits given
// (as [Credited] returns them) instead of read from a.Text, which is
// ignored: for a caller that signed the text elsewhere, such as a batch
// job that ships signatures and metadata but not texts to the stage that
// builds the graph. Fed the same articles in the same order with the
// links a [Tracker] would find, it gives the Tracker's verdicts. It
// returns the errors of Add, and then changes nothing.
func (g *Graph) AddCredited(a Article, credited []string, shingles int, links []Link) error {
	if err := CheckID(a.ID); err != nil {
		return err
	}
	return g.add(a, credited, shingles, links, nil, nil)
}

// WriteJSONSettings is [Graph.WriteJSON] with the signature settings
// the links were found with recorded in the document, as
// [Tracker.WriteJSON] records them. Only errors from w are returned.
func (g *Graph) WriteJSONSettings(w io.Writer, settings dedup.Settings) error {
	return g.writeJSON(w, settings.Normalized().String())
}
