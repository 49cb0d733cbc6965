package cli

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
// together. It is not safe for concurrent use; make one with
// [NewJSONLStream].
type JSONLStream struct {
	t   *provenance.Tracker
	bw  *bufio.Writer
	enc *json.Encoder
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
	if err := AddPassages(&out, s.t); err != nil {
		return err
	}
	return s.enc.Encode(out)
}
