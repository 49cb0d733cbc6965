package newsio

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/reprintlab/reprint/provenance"
)

// JSONLStream writes a tracker's verdicts as JSONL lines as they come:
// an article's line when it is added, and the line of an earlier article
// again, with "updated": true, whenever a later one changes it (see
// provenance.Tracker.AddWithChanges). Each call's lines are flushed
// together. Lines echo what the input said of each article (see
// [JSONLStream.WriteAbout]), with outlets named by the spellings seen so
// far. It is not safe for concurrent use; make one with [NewJSONLStream].
type JSONLStream struct {
	t     *provenance.Tracker
	bw    *bufio.Writer
	enc   *json.Encoder
	about map[string]About // of the articles the tracker may still hold
	swept int              // len(about) after the last sweep
	names outletNames
}

// NewJSONLStream returns a stream of t's verdicts written to w.
func NewJSONLStream(w io.Writer, t *provenance.Tracker) *JSONLStream {
	bw := bufio.NewWriter(w)
	return &JSONLStream{t: t, bw: bw, enc: json.NewEncoder(bw)}
}

// Write writes the line of the article just added (its verdict v) and
// those of the earlier articles it changed, passages included when the
// tracker keeps texts, and flushes them. It returns the first error from
// the writer or the tracker.
func (s *JSONLStream) Write(v provenance.Verdict, changed []provenance.Verdict) error {
	return s.WriteAbout(v, changed, About{})
}

// WriteAbout is Write for an article of which the input said a: its
// headline, outlet, link and time are echoed on its line and on the
// lines written again when later articles change it. What is kept for
// that is dropped once the tracker no longer holds the article (see
// provenance.Config.Forget), so memory follows the tracker's.
func (s *JSONLStream) WriteAbout(v provenance.Verdict, changed []provenance.Verdict, a About) error {
	if a != (About{}) {
		if s.about == nil {
			s.about = map[string]About{}
		}
		s.about[v.ID] = a
		s.names.addArticle(a, v.Credited)
	}
	if len(s.about) >= 2*s.swept+1024 {
		for id := range s.about {
			if _, ok := s.t.Article(id); !ok { // forgotten: no verdict to make
				delete(s.about, id)
			}
		}
		s.swept = len(s.about)
	}
	if err := s.line(v, false); err != nil {
		return err
	}
	for _, c := range changed {
		if err := s.line(c, true); err != nil {
			return err
		}
	}
	return s.bw.Flush()
}

func (s *JSONLStream) line(v provenance.Verdict, updated bool) error {
	out := NewVerdictJSON(v)
	out.Updated = updated
	if a, ok := s.about[v.ID]; ok {
		out.SetAbout(a, s.names.of(a))
	}
	if err := AddPassages(&out, s.t); err != nil {
		return err
	}
	return s.enc.Encode(out)
}
