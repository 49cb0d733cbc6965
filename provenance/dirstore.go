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
	"github.com/reprintlab/reprint/shingle"
)

// DirStore is a [Store] in a directory on disk: an append-only log of
// records, each framed with its length and a CRC-32C checksum, and a
// small file that records where the last commit ends.
//
// # Files
//
// DirLogName holds, in order: the 8 bytes "RPRECLOG", then frames. A
// frame is its payload's length (unsigned varint, never 0), the CRC-32C
// (Castagnoli) of the payload (4 bytes, little-endian), then the payload.
// The first frame's payload is the header, "reprint-records/2 " followed
// by the signature settings (dedup.Settings.String: format, hash family,
// seeds, k, shingle settings). Every other frame holds one [Record] in its
// binary form (see [RecordFormatVersion]; its first byte is 1), or is a
// commit mark, the two bytes 0 'C'.
//
// DirCommitsName holds the 8 bytes "RPCOMIT1", then two slots of 32
// bytes: the number of commits, of records, and the log's length in bytes
// up to the end of the last commit mark (unsigned 64-bit integers, little
// endian), the CRC-32C of those 24 bytes (4 bytes, little endian) and 4
// zero bytes. Commit number n rewrites slot n%2 in place, so that a torn
// write leaves the other whole; the whole slot with more commits counts.
// Commit writes it only after the log is synced, and it is synced when
// the store is opened or closed, not at every Commit (that would double
// the cost of a commit): a crash can leave it behind the log, never ahead,
// and a store opened again brings it up to date.
//
// DirLockName is locked (flock) while the store is open, so that two
// processes never write one store; one process is refused a second open
// of a store it has open. New files (the log with its header, the commits
// file) are written whole under a temporary name (the name + ".new"),
// created exclusively, synced and renamed into place. No file of the
// store is opened through a symbolic link: a store whose files are links,
// or not regular files, is refused with an error naming the file.
//
// Stores of version 1 (header "reprint-records/1 ", written before the
// commits file existed) are opened, get a commits file, and stay at
// version 1; a version 1 log with no commit mark at all was written
// before commit marks existed, and its whole frames count as committed
// (OpenDir then writes a commit mark after them).
//
// # What Commit promises
//
// Append encodes a record into a 1 MB write buffer, which writes to the
// log whenever it fills: records can reach the file before Commit, but
// they are not committed, and a store opened again drops them (see below).
// Commit writes a commit mark after them, flushes the buffer, fsyncs the
// log, then records the commit in DirCommitsName. Once Commit returns
// nil, every record appended before it is in the store: it survives the
// process being killed and, on a disk that honours fsync, the machine
// losing power. Records appended since the last Commit
// returned are promised nothing: a SIGKILL or a crash drops them, and a
// power loss during a Commit can drop that commit's records, never an
// earlier commit's.
//
// # Opening after a crash, and damage
//
// OpenDir reads the log to its end. Everything after the last commit mark
// is uncommitted (whole records appended but never committed, frames cut
// by a crash, the zeros a file system can leave after a power loss): it
// is moved into a file named DirLogName + ".torn-" + its byte offset (a
// further suffix if that name is taken: nothing is deleted) and the log
// is cut there; Recovered, Uncommitted and TornFile report it.
//
// Damage to committed data is not something opening repairs: a bad frame
// (wrong length or checksum, a zeroed region included) before the end of
// the last commit that DirCommitsName records, or one with a commit mark
// after it, a log that ends before that commit, or a commits file that
// does not match the log, makes OpenDir fail with an error wrapping
// [ErrStoreDamaged] that says how many records the store had (when the
// commits file tells) and how many before the damage are intact, and
// changes nothing. [RepairDir] then keeps the committed records before
// the damage and sets the rest aside.
//
// A DirStore is not safe for concurrent use: a [Tracker] serialises its
// calls.
type DirStore struct {
	dir        string
	value      dedup.Settings // normalized
	settings   string         // value.String()
	settingsID dedup.SettingsID
	adopt      bool // take the settings of an existing store (OpenDir given zero settings)
	f          *os.File
	w          *bufio.Writer
	lock       *os.File
	commits    *os.File    // DirCommitsName
	size       int64       // bytes of good frames written or buffered
	records    int         // records written or buffered
	committed  commitPoint // the last commit
	buf        []byte
	closed     bool

	// Recovered is the number of bytes set aside when the store was
	// opened: a tail that no commit mark followed, left by a process
	// killed before it committed or by a crash (0 normally). Uncommitted
	// is the number of whole records in it, and TornFile the file that
	// holds it.
	Recovered   int64
	Uncommitted int
	TornFile    string
}

// Names of the files of a DirStore.
const (
	DirLogName  = "records.log"
	DirLockName = "lock"
)

const (
	dirMagic         = "RPRECLOG"
	dirHeaderStart   = "reprint-records/2 "
	dirHeaderStartV1 = "reprint-records/1 "
	// maxFrame bounds a frame's payload: a 100 MB article's text and
	// then some. A longer length is corruption, not a record.
	maxFrame = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrStoreDamaged is wrapped by the errors of [OpenDir] and of reading a
// [DirStore] for damage to committed data: [RepairDir] keeps the records
// committed before the damage. It also matches [ErrCorruptRecord].
var ErrStoreDamaged error = storeDamaged{}

type storeDamaged struct{}

func (storeDamaged) Error() string        { return "provenance: damaged store" }
func (storeDamaged) Is(target error) bool { return target == ErrCorruptRecord }

// OpenDir opens the store in dir, creating dir and an empty store if
// needed, for signatures made with settings. Settings that leave Method,
// NumHashes and Shingle zero (such as dedup.Settings{}) mean the
// settings of the store in dir if there is one, else the defaults; other
// zero fields mean the defaults. [DirStore.Settings] tells which were
// taken, and [Open] takes them from the store too.
//
// It returns an error wrapping dedup.ErrSettingsMismatch, saying in words
// how they differ, for a store made with other settings than non-zero
// ones (and dedup.ErrRetiredFamily for one made with the
// MinWise family of earlier builds, which must be rebuilt),
// [ErrCorruptRecord] for a file that is not a store, [ErrStoreDamaged]
// for damage to committed records (see [DirStore]), or [ErrStoreLocked]
// when the store is open, in this process or another.
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
	if err := checkFiles(dir); err != nil {
		return nil, err
	}
	lock, err := lockStore(dir)
	if err != nil {
		return nil, err
	}
	s := &DirStore{dir: dir, lock: lock, adopt: unsetSignature(settings)}
	s.setSettings(settings)
	if err := s.open(); err != nil {
		if s.f != nil {
			s.f.Close()
		}
		if s.commits != nil {
			s.commits.Close()
		}
		unlockStore(lock)
		return nil, err
	}
	return s, nil
}

// setSettings sets the settings of the store's signatures.
func (s *DirStore) setSettings(settings dedup.Settings) {
	s.value = settings.Normalized()
	s.settings, s.settingsID = s.value.String(), s.value.ID()
}

// Settings returns the settings of the store's signatures, defaults
// filled in: those recorded in the store, or for a new store those it
// was opened with. MinShingles, which a store does not record, is the one
// OpenDir was given (defaults filled in). It is safe to call at any
// time.
func (s *DirStore) Settings() dedup.Settings { return s.value }

// unsetSignature reports whether settings leave every field that decides
// slot values zero: the settings of a store are then taken as they are.
func unsetSignature(settings dedup.Settings) bool {
	return settings.Method == 0 && settings.NumHashes == 0 && settings.Shingle == (shingle.Config{})
}

// settingsMismatch is the error for a store whose signatures were made
// with settings stored, asked to take signatures of settings asked.
func settingsMismatch(where string, stored, asked dedup.Settings) error {
	have, want := dedup.DescribeDifference(stored, asked)
	return fmt.Errorf("%w: the store %s holds signatures of %s, not of %s as asked", dedup.ErrSettingsMismatch, where, have, want)
}

// open opens or creates the log, checks its header and the commits file,
// and sets aside an uncommitted tail.
func (s *DirStore) open() error {
	path := filepath.Join(s.dir, DirLogName)
	recorded, haveCommits, err := readCommits(s.dir)
	if err != nil {
		return fmt.Errorf("%w; RepairDir writes it again from the log", err)
	}
	f, err := openStoreFile(s.dir, DirLogName, os.O_RDWR)
	if errors.Is(err, os.ErrNotExist) {
		if haveCommits && recorded.records > 0 {
			return fmt.Errorf("%w: %s has no %s, though %s records %d records in %d commits", ErrStoreDamaged, s.dir, DirLogName, DirCommitsName, recorded.records, recorded.commits)
		}
		if err := s.create(); err != nil {
			return fmt.Errorf("provenance: creating the store in %s: %w", s.dir, err)
		}
		recorded, haveCommits, err = readCommits(s.dir)
		if err == nil {
			f, err = openStoreFile(s.dir, DirLogName, os.O_RDWR)
		}
	}
	if err != nil {
		return err
	}
	s.f = f
	sc, err := scanLog(f, recorded, false)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorruptRecord, path, err)
	}
	if sc.settings != s.settings {
		stored, err := dedup.ParseSettings(sc.settings)
		switch {
		case errors.Is(err, dedup.ErrRetiredFamily):
			return fmt.Errorf("store %s: %w", s.dir, err)
		case err != nil:
			return fmt.Errorf("%w: store %s holds signatures of %q, not %q", dedup.ErrSettingsMismatch, s.dir, sc.settings, s.settings)
		case !s.adopt:
			return settingsMismatch(s.dir, stored, s.value)
		}
		stored.MinShingles = s.value.MinShingles
		s.setSettings(stored)
	}
	keep, legacy, err := committedPart(f, sc, recorded, haveCommits)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrStoreDamaged, path, err)
	}
	if keep.size < sc.size {
		if s.TornFile, err = setAside(s.dir, f, keep.size, sc.size, "torn"); err != nil {
			return fmt.Errorf("provenance: setting aside the uncommitted end of %s: %w", path, err)
		}
		s.Recovered, s.Uncommitted = sc.size-keep.size, sc.records-keep.records
	}
	if legacy {
		// A version 1 log from before commit marks: commit its records.
		if _, err := f.WriteAt(commitMarkFrame, keep.size); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		keep.size += int64(len(commitMarkFrame))
		keep.commits++
	}
	if !haveCommits {
		if err := createCommits(s.dir, keep); err != nil {
			return fmt.Errorf("provenance: creating %s in %s: %w", DirCommitsName, s.dir, err)
		}
	}
	if s.commits, err = openStoreFile(s.dir, DirCommitsName, os.O_RDWR); err != nil {
		return err
	}
	if haveCommits && keep != recorded {
		// A crash came between a commit's log and its record here.
		if err := writeCommit(s.commits, keep); err != nil {
			return err
		}
		if err := s.commits.Sync(); err != nil {
			return err
		}
	}
	s.size, s.records, s.committed = keep.size, keep.records, keep
	if _, err := f.Seek(s.size, io.SeekStart); err != nil {
		return err
	}
	s.w = bufio.NewWriterSize(f, 1<<20)
	return nil
}

// committedPart returns the committed part of the log that sc read: up
// to the last commit mark before the end or the first bad frame, and
// whether it is a version 1 log from before commit marks, all of whose
// good frames count. It returns an error for damage to committed data:
// recorded (if haveCommits) is the last commit that the commits file
// records.
func committedPart(f *os.File, sc *logScan, recorded commitPoint, haveCommits bool) (commitPoint, bool, error) {
	if haveCommits && !sc.reachedRecorded {
		had := fmt.Sprintf("the store had %s in %s, up to byte %d", count(recorded.records, "record"), count(recorded.commits, "commit"), recorded.size)
		intact := func(p commitPoint) string {
			return fmt.Sprintf("the first %s (%s) are intact: RepairDir keeps them and sets the rest aside", count(p.records, "record"), count(p.commits, "whole commit"))
		}
		switch {
		case sc.bad != nil && sc.good < recorded.size:
			return commitPoint{}, false, fmt.Errorf("committed data damaged at byte %d (%v): %s; %s", sc.good, sc.bad, had, intact(commitPoint{records: sc.records, commits: sc.commits}))
		case sc.good < recorded.size:
			return commitPoint{}, false, fmt.Errorf("committed data lost: the log ends at byte %d, but %s; %s", sc.good, had, intact(commitPoint{records: sc.records, commits: sc.commits}))
		}
		return commitPoint{}, false, fmt.Errorf("%s does not match the log: it says %s, but the log has no commit mark there; %s", DirCommitsName, had, intact(sc.last))
	}
	// A bad frame after the last recorded commit (or in a store without
	// a commits file) is a torn write, unless a commit mark follows it.
	if sc.bad != nil {
		marked, err := markAfter(f, sc.good, sc.size)
		if err != nil {
			return commitPoint{}, false, err
		}
		if marked {
			return commitPoint{}, false, fmt.Errorf("committed data damaged at byte %d (%v), with a commit mark after it; RepairDir keeps the first %s (%s) and sets the rest aside", sc.good, sc.bad, count(sc.last.records, "record"), count(sc.last.commits, "whole commit"))
		}
	}
	if !haveCommits && sc.version == 1 && sc.commits == 0 && sc.records > 0 {
		return commitPoint{size: sc.good, records: sc.records}, true, nil
	}
	return sc.last, false, nil
}

// create writes a new, empty store: its log (magic and header) and its
// commits file, each whole or not at all.
func (s *DirStore) create() error {
	b := appendFrame([]byte(dirMagic), []byte(dirHeaderStart+s.settings))
	if err := replaceFile(s.dir, DirLogName, b); err != nil {
		return err
	}
	return createCommits(s.dir, commitPoint{size: int64(len(b))})
}

// commitMark is the payload of a commit mark, and commitMarkFrame the
// whole frame.
var (
	commitMark      = []byte{0, 'C'}
	commitMarkFrame = appendFrame(nil, commitMark)
)

func isCommitMark(payload []byte) bool { return string(payload) == string(commitMark) }

// markAfter reports whether a commit mark stands in the log f between
// off and end: whether a bad frame at off is followed by committed data.
func markAfter(f *os.File, off, end int64) (bool, error) {
	r := io.NewSectionReader(f, off, end-off)
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

// logScan is what reading a log found.
type logScan struct {
	version  int    // of the header
	settings string // in the header
	size     int64  // of the file
	good     int64  // end of the last good frame
	bad      error  // what is wrong with the frame at good; nil at a clean end
	records  int    // in good frames
	commits  int    // commit marks in good frames
	last     commitPoint
	// reachedRecorded: a commit mark in good frames ends where the
	// commits file says the last commit ends, with its counts.
	reachedRecorded bool
}

// scanLog reads the log f: its magic and header (an error if they are
// not a store's) and its frames up to the end or the first bad one.
// recorded is the last commit that the commits file records; with decode,
// a record that does not decode is a bad frame too.
func scanLog(f *os.File, recorded commitPoint, decode bool) (*logScan, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	sc := &logScan{size: info.Size()}
	r := &frameReader{r: bufio.NewReaderSize(io.NewSectionReader(f, 0, sc.size), 1<<20), size: sc.size}
	if err := r.magic(); err != nil {
		return nil, err
	}
	header, err := r.next()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if settings, ok := strings.CutPrefix(string(header), dirHeaderStart); ok {
		sc.version, sc.settings = 2, settings
	} else if settings, ok := strings.CutPrefix(string(header), dirHeaderStartV1); ok {
		sc.version, sc.settings = 1, settings
	} else {
		return nil, fmt.Errorf("header %.40q: not a reprint store, or of a version this program does not know", header)
	}
	sc.last.size = r.good
	sc.reachedRecorded = recorded == sc.last
	var rec Record
	for {
		start := r.good
		payload, err := r.next()
		if err == nil && decode && !isCommitMark(payload) {
			if derr := rec.UnmarshalBinary(payload); derr != nil {
				r.good, err = start, fmt.Errorf("record %d: %w", sc.records, derr)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.bad = err
			break
		}
		if !isCommitMark(payload) {
			sc.records++
			continue
		}
		sc.commits++
		sc.last = commitPoint{size: r.good, records: sc.records, commits: sc.commits}
		if sc.last == recorded {
			sc.reachedRecorded = true
		}
	}
	sc.good = r.good
	return sc, nil
}

// Append buffers r (see [DirStore] for when it reaches the file). It
// returns an error wrapping [ErrClosed] after Close or Discard, one
// wrapping dedup.ErrSettingsMismatch for a signature of other settings
// than the store's, or the file system's error.
func (s *DirStore) Append(r *Record) error {
	if s.closed {
		return s.errClosed()
	}
	if r.Signature != nil && r.Signature.Len() > 0 && r.Signature.SettingsID() != s.settingsID {
		have, want := dedup.DescribeDifference(r.Signature.Settings(), s.value)
		return fmt.Errorf("%w: record %q has a signature of %s; the store %s holds signatures of %s", dedup.ErrSettingsMismatch, r.Article.ID, have, s.dir, want)
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

// Commit commits the records appended since the last Commit: it writes a
// commit mark, flushes, fsyncs the log and records the commit in
// DirCommitsName (see [DirStore] for what this promises).
// It returns an error wrapping [ErrClosed] after Close or Discard, or the
// file system's error, in which case the records are not committed.
func (s *DirStore) Commit() error {
	if s.closed {
		return s.errClosed()
	}
	if s.size == s.committed.size {
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
	s.committed = commitPoint{size: s.size, records: s.records, commits: s.committed.commits + 1}
	return writeCommit(s.commits, s.committed)
}

func (s *DirStore) errClosed() error {
	return fmt.Errorf("%w: the store in %s", ErrClosed, s.dir)
}

// Discard drops the records appended since the last Commit, from the
// buffer and from the log, and closes the store: for a caller whose work
// failed half-way and that wants the store as it was. Close instead
// commits them. After Close or Discard it does nothing and returns nil.
func (s *DirStore) Discard() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.w.Reset(io.Discard)
	err := s.f.Truncate(s.committed.size)
	if err == nil {
		err = s.f.Sync()
	}
	s.size, s.records = s.committed.size, s.committed.records
	return s.release(err)
}

// release closes the store's files and its lock, returning err or the
// first error in closing.
func (s *DirStore) release(err error) error {
	for _, f := range []*os.File{s.f, s.commits} {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := unlockStore(s.lock); err == nil {
		err = cerr
	}
	return err
}

// Len returns the number of records in the store, committed or not.
func (s *DirStore) Len() int { return s.records }

// Records returns the records from position from, committed or not. It
// flushes the buffered ones first; appending may go on while it is read
// only between iterations. After Close or Discard it yields an error
// wrapping [ErrClosed]; a record that cannot be read, one wrapping
// [ErrStoreDamaged].
func (s *DirStore) Records(from int) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if s.closed {
			yield(nil, s.errClosed())
			return
		}
		if err := s.w.Flush(); err != nil {
			yield(nil, err)
			return
		}
		r := &frameReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 1<<20), size: s.size}
		err := r.magic()
		if err == nil {
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
			yield(nil, fmt.Errorf("%w: %s at byte %d: %w", ErrStoreDamaged, filepath.Join(s.dir, DirLogName), r.good, err))
		}
	}
}

// Close commits, then closes the store and releases its lock. After
// Close or Discard it does nothing and returns nil.
func (s *DirStore) Close() error {
	if s.closed {
		return nil
	}
	err := s.Commit()
	if serr := s.commits.Sync(); err == nil {
		err = serr
	}
	s.closed = true
	return s.release(err)
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
