package provenance

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/reprintlab/reprint/dedup"
)

// DirStore is a [Store] in a directory on disk: one append-only log of
// records, each framed with its length and a CRC-32C checksum.
//
// # Files
//
// DirLogName in the directory holds, in order: the 8 bytes "RPRECLOG",
// then frames. A frame is its payload's length (unsigned varint, never
// 0), the CRC-32C (Castagnoli) of the payload (4 bytes, little-endian),
// then the payload. The first frame's payload is the header,
// "reprint-records/1 " followed by the signature settings
// (dedup.Settings.String: format, hash family, seeds, k, shingle
// settings). Every other frame holds one [Record] in its binary form (see
// [RecordFormatVersion]; its first byte is 1), or is a commit mark, the
// two bytes 0 'C', written by every Commit before it syncs.
// DirLockName is held with an exclusive lock while the store is open, so
// two processes never write one store; the log is created whole (magic
// and header) under a temporary name and renamed into place.
//
// # Crash safety
//
// Appended records are buffered and written by Commit, which ends with
// fsync: once Commit returns, the records survive the process being
// killed and the machine losing power. A crash during a write leaves at
// most a torn tail after the last commit mark (cut frames, or zeros a
// file system left after a power loss); opening the store again finds the
// first frame whose length or checksum is wrong and, when no commit mark
// follows it, moves everything from it to the end into a file named
// DirLogName + ".torn-" + its byte offset (a further suffix if that name
// is taken: nothing is deleted) and truncates the log there. Recovered
// reports it. A bad frame followed by a commit mark is damage to
// committed data, not a torn write: OpenDir then refuses the store with
// an error wrapping [ErrCorruptRecord] and changes nothing.
//
// A DirStore is not safe for concurrent use: a [Tracker] serialises its
// calls.
type DirStore struct {
	dir              string
	settings         string
	settingsID       dedup.SettingsID
	f                *os.File
	w                *bufio.Writer
	lock             *os.File
	size             int64 // bytes of good frames written or buffered
	committed        int64 // bytes synced by the last Commit
	records          int
	committedRecords int
	buf              []byte
	closed           bool

	// Recovered is the number of bytes set aside when the store was
	// opened, after a crash tore its last write (0 normally), and TornFile
	// the file that holds them.
	Recovered int64
	TornFile  string
}

// Names of the files of a DirStore.
const (
	DirLogName  = "records.log"
	DirLockName = "lock"
)

const (
	dirMagic       = "RPRECLOG"
	dirHeaderStart = "reprint-records/1 "
	// maxFrame bounds a frame's payload: a 100 MB article's text and
	// then some. A longer length is corruption, not a record.
	maxFrame = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// OpenDir opens the store in dir, creating dir and an empty store if
// needed, for signatures made with settings (defaults filled in if zero).
// It returns an error wrapping dedup.ErrSettingsMismatch for a store made
// with other settings (and dedup.ErrRetiredFamily for one made with the
// MinWise family of earlier builds, which must be rebuilt),
// [ErrCorruptRecord] for a file that is not a store, or [ErrStoreLocked]
// when another process has it open.
func OpenDir(dir string, settings dedup.Settings) (*DirStore, error) {
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := syncDir(filepath.Dir(filepath.Clean(dir))); err != nil {
			return nil, err
		}
	}
	lock, err := os.OpenFile(filepath.Join(dir, DirLockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockFile(lock); err != nil {
		lock.Close()
		return nil, fmt.Errorf("%w: %s: %w", ErrStoreLocked, dir, err)
	}
	s := &DirStore{dir: dir, settings: settings.Normalized().String(), settingsID: settings.ID(), lock: lock}
	if err := s.open(); err != nil {
		unlockFile(lock)
		lock.Close()
		if s.f != nil {
			s.f.Close()
		}
		return nil, err
	}
	return s, nil
}

// ErrStoreLocked is returned by [OpenDir] when another process has the
// store open.
var ErrStoreLocked = errors.New("provenance: store is open in another process")

// open opens or creates the log, checks its header and recovers a torn
// tail.
func (s *DirStore) open() error {
	path := filepath.Join(s.dir, DirLogName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := s.create(path); err != nil {
			return fmt.Errorf("provenance: creating the store in %s: %w", s.dir, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	s.f = f
	info, err := f.Stat()
	if err != nil {
		return err
	}
	// Check the header, then find the end of the last good frame.
	r := &frameReader{r: bufio.NewReaderSize(f, 1<<20), size: info.Size()}
	if err := r.magic(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorruptRecord, path, err)
	}
	header, err := r.next()
	if err != nil {
		return fmt.Errorf("%w: %s: header: %w", ErrCorruptRecord, path, err)
	}
	if got, ok := strings.CutPrefix(string(header), dirHeaderStart); !ok {
		return fmt.Errorf("%w: %s: header %.40q", ErrCorruptRecord, path, header)
	} else if got != s.settings {
		if err := dedup.CheckRetired(got); err != nil {
			return fmt.Errorf("store %s: %w", s.dir, err)
		}
		return fmt.Errorf("%w: store %s holds signatures of %q, not %q", dedup.ErrSettingsMismatch, s.dir, got, s.settings)
	}
	for {
		payload, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if marked, merr := s.markAfter(r.good, info.Size()); merr != nil {
				return merr
			} else if marked {
				return fmt.Errorf("%w: %s: committed data damaged at byte %d (%v); the store needs repair", ErrCorruptRecord, path, r.good, err)
			}
			if err := s.setAside(r.good, info.Size()); err != nil {
				return err
			}
			break
		}
		if !isCommitMark(payload) {
			s.records++
		}
	}
	s.size, s.committed, s.committedRecords = r.good, r.good, s.records
	if _, err := f.Seek(s.size, io.SeekStart); err != nil {
		return err
	}
	s.w = bufio.NewWriterSize(f, 1<<20)
	return nil
}

// create writes a new, empty log at path: magic and header into a
// temporary file, synced, then renamed into place, so that a crash leaves
// either no log or a whole one.
func (s *DirStore) create(path string) error {
	tmp := path + ".new"
	b := appendFrame([]byte(dirMagic), []byte(dirHeaderStart+s.settings))
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	return err
}

// commitMark is the payload of a commit mark, and commitMarkFrame the
// whole frame.
var (
	commitMark      = []byte{0, 'C'}
	commitMarkFrame = appendFrame(nil, commitMark)
)

func isCommitMark(payload []byte) bool { return string(payload) == string(commitMark) }

// markAfter reports whether a commit mark stands in the log between off
// and end: whether a bad frame at off is followed by committed data.
func (s *DirStore) markAfter(off, end int64) (bool, error) {
	r := io.NewSectionReader(s.f, off, end-off)
	buf := make([]byte, 1<<20)
	var window []byte
	for {
		n, err := r.Read(buf)
		window = append(window, buf[:n]...)
		if bytes.Contains(window, commitMarkFrame) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		// Keep the last bytes: a mark may straddle two reads.
		window = append(window[:0], window[max(0, len(window)-len(commitMarkFrame)):]...)
	}
}

// setAside copies the log's bytes from off to end into a torn file,
// syncs it and truncates the log at off.
func (s *DirStore) setAside(off, end int64) error {
	var out *os.File
	var err error
	for i := 0; ; i++ {
		s.TornFile = filepath.Join(s.dir, fmt.Sprintf("%s.torn-%d", DirLogName, off))
		if i > 0 {
			s.TornFile += fmt.Sprintf(".%d", i)
		}
		out, err = os.OpenFile(s.TornFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(s.f, off, end-off))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.f.Truncate(off)
	}
	if err == nil {
		err = s.f.Sync()
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	if err != nil {
		return fmt.Errorf("provenance: recovering %s after a torn write: %w", s.dir, err)
	}
	s.Recovered = end - off
	return nil
}

// Append buffers r; Commit writes it.
func (s *DirStore) Append(r *Record) error {
	if s.closed {
		return ErrClosed
	}
	if r.Signature != nil && r.Signature.Len() > 0 && r.Signature.SettingsID() != s.settingsID {
		return fmt.Errorf("%w: record %q has a signature of %s, the store holds %q", dedup.ErrSettingsMismatch, r.Article.ID, r.Signature.Settings(), s.settings)
	}
	payload, err := r.AppendBinary(s.buf[:0])
	if err != nil {
		return err
	}
	if len(payload) > maxFrame {
		return fmt.Errorf("provenance: record %q is %d bytes, more than a store frame holds (%d)", r.Article.ID, len(payload), maxFrame)
	}
	s.buf = payload
	var head [binary.MaxVarintLen64 + 4]byte
	n := binary.PutUvarint(head[:], uint64(len(payload)))
	binary.LittleEndian.PutUint32(head[n:], crc32.Checksum(payload, crcTable))
	if _, err := s.w.Write(head[:n+4]); err != nil {
		return err
	}
	if _, err := s.w.Write(payload); err != nil {
		return err
	}
	s.size += int64(n + 4 + len(payload))
	s.records++
	return nil
}

// Commit writes the buffered records and syncs the log to disk.
func (s *DirStore) Commit() error {
	if s.closed {
		return ErrClosed
	}
	if s.size == s.committed {
		return nil // nothing appended since the last commit
	}
	if _, err := s.w.Write(commitMarkFrame); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	if err := s.f.Sync(); err != nil {
		return err
	}
	s.size += int64(len(commitMarkFrame))
	s.committed, s.committedRecords = s.size, s.records
	return nil
}

// Discard drops the records appended since the last Commit, from the
// buffer and from the log, and closes the store: for a caller whose work
// failed half-way and that wants the store as it was. Close instead keeps
// them.
func (s *DirStore) Discard() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.w.Reset(io.Discard)
	err := s.f.Truncate(s.committed)
	if err == nil {
		err = s.f.Sync()
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.size, s.records = s.committed, s.committedRecords
	unlockFile(s.lock)
	if cerr := s.lock.Close(); err == nil {
		err = cerr
	}
	return err
}

// Len returns the number of records in the store, committed or not.
func (s *DirStore) Len() int { return s.records }

// Records returns the records from position from. It flushes the
// buffered ones first, and reads the log through its own file handle, so
// that appending may go on while it is read only between iterations.
func (s *DirStore) Records(from int) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if s.closed {
			yield(nil, ErrClosed)
			return
		}
		if err := s.w.Flush(); err != nil {
			yield(nil, err)
			return
		}
		f, err := os.Open(filepath.Join(s.dir, DirLogName))
		if err != nil {
			yield(nil, err)
			return
		}
		defer f.Close()
		r := &frameReader{r: bufio.NewReaderSize(io.LimitReader(f, s.size), 1<<20), size: s.size}
		if err := r.magic(); err == nil {
			_, err = r.next() // the header, checked by OpenDir
		}
		for i := 0; err == nil; i++ {
			var payload []byte
			if payload, err = r.next(); err != nil {
				break
			}
			if isCommitMark(payload) {
				i--
				continue
			}
			if i < from {
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
			yield(nil, fmt.Errorf("%w: %s at byte %d: %w", ErrCorruptRecord, s.dir, r.good, err))
		}
	}
}

// Close commits, then closes the store and releases its lock.
func (s *DirStore) Close() error {
	if s.closed {
		return nil
	}
	err := s.Commit()
	s.closed = true
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	unlockFile(s.lock)
	if cerr := s.lock.Close(); err == nil {
		err = cerr
	}
	return err
}

// appendFrame appends payload framed: length, CRC-32C, bytes.
func appendFrame(dst, payload []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(payload)))
	dst = binary.LittleEndian.AppendUint32(dst, crc32.Checksum(payload, crcTable))
	return append(dst, payload...)
}

// frameReader reads frames, counting the bytes of the good ones.
type frameReader struct {
	r    *bufio.Reader
	size int64 // bytes in the file: a frame cannot be longer
	good int64 // offset just past the last good frame
	buf  []byte
}

func (fr *frameReader) magic() error {
	var m [len(dirMagic)]byte
	if _, err := io.ReadFull(fr.r, m[:]); err != nil || string(m[:]) != dirMagic {
		return errors.New("not a reprint record log")
	}
	fr.good = int64(len(dirMagic))
	return nil
}

// next returns the next frame's payload (valid until the next call),
// io.EOF at a clean end, or an error for a torn or corrupt frame.
func (fr *frameReader) next() ([]byte, error) {
	n, err := binary.ReadUvarint(fr.r)
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("frame length: %w", err)
	}
	if n == 0 || n > maxFrame || int64(n) > fr.size-fr.good {
		return nil, fmt.Errorf("frame length %d at byte %d of %d", n, fr.good, fr.size)
	}
	var crc [4]byte
	if _, err := io.ReadFull(fr.r, crc[:]); err != nil {
		return nil, fmt.Errorf("frame checksum: %w", err)
	}
	if uint64(cap(fr.buf)) < n {
		fr.buf = make([]byte, n)
	}
	fr.buf = fr.buf[:n]
	if _, err := io.ReadFull(fr.r, fr.buf); err != nil {
		return nil, fmt.Errorf("frame of %d bytes: %w", n, err)
	}
	if crc32.Checksum(fr.buf, crcTable) != binary.LittleEndian.Uint32(crc[:]) {
		return nil, fmt.Errorf("frame of %d bytes: checksum mismatch", n)
	}
	fr.good += int64(uvarintLen(n) + 4 + int(n))
	return fr.buf, nil
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// syncDir syncs a directory, so that a file created in it survives a
// crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
