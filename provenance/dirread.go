package provenance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
)

// DirReader reads the records of a [DirStore] without changing anything
// in its directory: it takes no lock, creates no file, and neither
// recovers nor sets aside a torn tail. It reads the records committed
// when it was opened (those before the last commit mark then), so it
// may be opened while a writer has the store open, such as a flagger
// run adding articles: it sees none of the writer's later records, and
// the writer is not held up. Open a new DirReader to see them.
//
// A DirReader is a [Store] whose Append returns an error wrapping
// [ErrReadOnly], so [Open] can replay it into a [Tracker]; to rebuild
// only the graph (no index, no texts in memory), pass its records to
// [Graph.AddRecord]. It is safe for concurrent use: every Records call
// reads through its own file handle.
type DirReader struct {
	dir      string
	settings string
	size     int64 // bytes up to the last commit mark
	records  int   // records before it
}

// ErrReadOnly is returned by [DirReader.Append]: a DirReader never
// writes.
var ErrReadOnly = errors.New("provenance: the store is open read-only")

// OpenDirReader opens the store in dir for reading (see [DirReader]). It
// returns an error wrapping [os.ErrNotExist] when dir holds no store,
// and one wrapping [ErrCorruptRecord] when its log is not a store's or
// its committed records are damaged.
func OpenDirReader(dir string) (*DirReader, error) {
	path := filepath.Join(dir, DirLogName)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s holds no store (no %s): %w", dir, DirLogName, err)
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	r := &frameReader{r: bufio.NewReaderSize(f, 1<<20), size: info.Size()}
	if err := r.magic(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorruptRecord, path, err)
	}
	header, err := r.next()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: header: %w", ErrCorruptRecord, path, err)
	}
	settings, ok := strings.CutPrefix(string(header), dirHeaderStart)
	if !ok {
		return nil, fmt.Errorf("%w: %s: header %.40q", ErrCorruptRecord, path, header)
	}
	d := &DirReader{dir: dir, settings: settings, size: r.good}
	records := 0
	for {
		payload, err := r.next()
		if err != nil {
			// The end, or a torn tail a writer is writing or a crash
			// left: what follows the last commit mark is not read.
			break
		}
		if isCommitMark(payload) {
			d.size, d.records = r.good, records
			continue
		}
		records++
	}
	return d, nil
}

// Settings returns the signature settings the store was made with, as
// its header records them (dedup.Settings.String).
func (d *DirReader) Settings() string { return d.settings }

// Len returns the number of records the reader reads: the committed
// ones when it was opened.
func (d *DirReader) Len() int { return d.records }

// Records returns the records from position from, up to the last commit
// mark when the reader was opened. A record that cannot be read ends
// the sequence with an error wrapping [ErrCorruptRecord].
func (d *DirReader) Records(from int) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f, err := os.Open(filepath.Join(d.dir, DirLogName))
		if err != nil {
			yield(nil, err)
			return
		}
		defer f.Close()
		r := &frameReader{r: bufio.NewReaderSize(io.LimitReader(f, d.size), 1<<20), size: d.size}
		if err = r.magic(); err == nil {
			_, err = r.next() // the header, checked by OpenDirReader
		}
		for i := 0; err == nil; {
			var payload []byte
			if payload, err = r.next(); err != nil {
				break
			}
			if isCommitMark(payload) {
				continue
			}
			if i++; i <= from {
				continue
			}
			rec := new(Record)
			if err = rec.UnmarshalBinary(payload); err != nil {
				break
			}
			if !yield(rec, nil) {
				return
			}
		}
		if err != io.EOF {
			yield(nil, fmt.Errorf("%w: %s at byte %d: %w", ErrCorruptRecord, d.dir, r.good, err))
		}
	}
}

// Append returns an error wrapping [ErrReadOnly].
func (d *DirReader) Append(r *Record) error {
	return fmt.Errorf("%w: cannot store %q", ErrReadOnly, r.Article.ID)
}

// Commit does nothing: nothing is ever appended.
func (d *DirReader) Commit() error { return nil }

// Close does nothing: a DirReader holds no file open between calls.
func (d *DirReader) Close() error { return nil }

// AddRecord adds the article of a stored record to the graph as [Open]
// replays it into a tracker: with the credited outlets, links and
// boilerplate count recorded (its text, if any, is not kept). Its
// candidate sources are ranked by their containment estimates: a tracker
// that keeps texts (Config.KeepText) ranks its best ones by their exact
// coverage, and may choose another primary source. The
// records of a tracker's own store ([DirStore], [DirReader]) link only
// to articles stored before them; records of a store shared through an
// index (Config.Indexer) may link to later ones, and are replayed with
// Open. It returns the errors of [Graph.Add], and then changes nothing.
func (g *Graph) AddRecord(r *Record) error {
	if err := CheckID(r.Article.ID); err != nil {
		return err
	}
	shingles := 0
	if r.Signature != nil {
		shingles = r.Signature.Shingles()
	}
	a := r.Article
	a.Text = ""
	if err := g.add(a, r.Credited, shingles, r.Links, nil, nil); err != nil {
		return err
	}
	g.nodes[len(g.nodes)-1].boilerplate = clampInt32(r.Boilerplate)
	return nil
}
