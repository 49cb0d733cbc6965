package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/reprintlab/reprint/provenance"
)

// ReadEach is [Read] without its check for duplicate IDs, which keeps
// every ID read in memory: for an endless stream, whose consumer checks
// IDs itself (a tracker refuses an ID it holds, see
// provenance.ErrDuplicateID). Like Read it calls fn as each article is
// read, and keeps nothing.
func ReadEach(paths []string, stdin io.Reader, fn func(Input) error) error {
	for _, path := range paths {
		var err error
		switch info, statErr := os.Stat(path); {
		case path == "-":
			err = readJSONL("standard input", stdin, fn)
		case statErr != nil:
			err = statErr
		case info.IsDir():
			err = readDir(path, fn)
		case isJSONL(path):
			err = readJSONLFile(path, fn)
		default:
			err = readFile(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), fn)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

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
