package dedup

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/reprintlab/reprint/shingle"
)

// Binary formats, version 1. All integers are little-endian.
//
// A signature (MarshalBinary, AppendBinary) is 24 + 4k bytes:
//
//	offset size  field
//	0      4     magic "RPSG"
//	4      1     format version, 1
//	5      1     method: 1 MinWise, 2 OnePermutation
//	6      1     shingle word size
//	7      1     shingle character size
//	8      1     normalisation version of package shingle
//	9      1     reserved, 0
//	10     2     k, the number of slots
//	12     4     distinct shingles of the document
//	16     8     settings ID: XXH64 of the settings' description, which
//	             names the hash family and its seeds
//	24     4k    slot values
//
// The hash family and seeds follow from the format version and the
// method; the settings ID, recomputed from the fields above when decoding,
// must match, so data written by a build with other seeds or another
// family is refused instead of compared. MinWise data of earlier builds
// (family minwise-xxh64, the same layout) is recognised by its settings
// ID and refused with [ErrRetiredFamily]; OnePermutation data of those
// builds is read as before.
//
// An index snapshot (Index.WriteTo) is:
//
//	magic "RPIX", format version 1 (1 byte)
//	the signature settings: bytes 5..11 and 16..23 of a signature
//	  header (method, word size, character size, normalisation version,
//	  reserved, k, settings ID), 15 bytes
//	the settings' description (Settings.String), as a uvarint length
//	  and that many bytes, for people and other tools
//	MinContainment, MinShare, MinLengthRatio, BandingThreshold and
//	  FalsePositiveWeight as float64 bits (8 bytes each); bands and rows
//	  of the banding as uvarints
//	the number of documents, a uvarint, then for each document: its
//	  ID (uvarint length, bytes), its distinct shingles (uvarint) and
//	  its k slot values (4 bytes each)
//	XXH64 (seed 0) of every byte before it, 8 bytes
//
// The band tables are not stored: they are rebuilt when a snapshot is
// read, so a snapshot does not depend on the in-memory layout.
const (
	// FormatVersion is the version of the binary formats written by this
	// package.
	FormatVersion   = 1
	signatureMagic  = "RPSG"
	indexMagic      = "RPIX"
	signatureHeader = 24
	// maxIDLen is the longest document ID a snapshot may hold.
	maxIDLen = 1 << 16
)

// ErrFormat is returned when decoding data that is not in this package's
// binary format: wrong magic, unknown version, truncated, inconsistent
// or failing its checksum. Data made with other settings than expected
// gives ErrSettingsMismatch instead.
var ErrFormat = errors.New("dedup: malformed data")

// settingsHeader appends the 7 bytes that describe s (bytes 5..11 of a
// signature).
func settingsHeader(dst []byte, s Settings) []byte {
	dst = append(dst, byte(s.Method), byte(s.Shingle.WordSize), byte(s.Shingle.CharSize),
		shingle.NormalizationVersion, 0)
	return binary.LittleEndian.AppendUint16(dst, uint16(s.NumHashes))
}

// parseSettings decodes the 7 header bytes and the settings ID, checking
// that they describe settings this build makes.
func parseSettings(h []byte, id uint64) (Settings, error) {
	// Decoding many signatures of one settings is the rule: the last
	// settings parsed are remembered, as their ID costs a formatted string
	// and a hash.
	if last := lastSettings.Load(); last != nil && last.id == id && string(last.header[:]) == string(h[:7]) {
		return last.settings, nil
	}
	s, err := parseSettingsHeader(h, id)
	if err == nil {
		last := &parsedSettings{id: id, settings: s}
		copy(last.header[:], h)
		lastSettings.Store(last)
	}
	return s, err
}

// parsedSettings are settings parsed from a header, with the header and ID.
type parsedSettings struct {
	header   [7]byte
	id       uint64
	settings Settings
}

var lastSettings atomic.Pointer[parsedSettings]

func parseSettingsHeader(h []byte, id uint64) (Settings, error) {
	s := Settings{
		Method:    Method(h[0]),
		Shingle:   shingle.Config{WordSize: int(h[1]), CharSize: int(h[2])},
		NumHashes: int(binary.LittleEndian.Uint16(h[5:])),
	}
	if h[3] != shingle.NormalizationVersion {
		return Settings{}, fmt.Errorf("%w: normalisation version %d, this build has %d",
			ErrSettingsMismatch, h[3], shingle.NormalizationVersion)
	}
	if h[4] != 0 {
		return Settings{}, fmt.Errorf("%w: reserved byte %d", ErrFormat, h[4])
	}
	if s.Method == 0 || s.Shingle.WordSize == 0 || s.Shingle.CharSize == 0 || s.NumHashes == 0 {
		return Settings{}, fmt.Errorf("%w: zero settings field", ErrFormat)
	}
	if err := s.Validate(); err != nil {
		return Settings{}, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	s = s.Normalized()
	if err := retiredSettingsError(s, SettingsID(id)); err != nil {
		return Settings{}, err
	}
	if SettingsID(id) != s.ID() {
		return Settings{}, fmt.Errorf("%w: settings ID %016x does not match %q (%s) of this build",
			ErrSettingsMismatch, id, s.String(), s.ID())
	}
	return s, nil
}

// AppendBinary appends the signature in binary format version 1 to dst.
// It fails only for an empty signature ([ErrEmptySignature]).
func (s *Signature) AppendBinary(dst []byte) ([]byte, error) {
	if len(s.values) == 0 {
		return dst, ErrEmptySignature
	}
	dst = append(dst, signatureMagic...)
	dst = append(dst, FormatVersion)
	dst = settingsHeader(dst, s.settings)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(min(s.shingles, math.MaxUint32)))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(s.id))
	for _, v := range s.values {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	return dst, nil
}

// MarshalBinary returns the signature in binary format version 1.
func (s *Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, signatureHeader+4*len(s.values)))
}

// UnmarshalBinary decodes a signature written by MarshalBinary. It checks
// everything before changing s: on error s is unchanged. Errors wrap
// [ErrFormat] for malformed data and [ErrSettingsMismatch] for settings
// this build does not make (another normalisation, hash family or seeds),
// [ErrRetiredFamily] as well for a MinWise signature of an earlier
// build's family.
// MinShingles is not recorded; the decoded Settings have the default.
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) < signatureHeader || string(data[:4]) != signatureMagic {
		return fmt.Errorf("%w: not a signature", ErrFormat)
	}
	if data[4] != FormatVersion {
		return fmt.Errorf("%w: signature format version %d, want %d", ErrFormat, data[4], FormatVersion)
	}
	settings, err := parseSettings(data[5:12], binary.LittleEndian.Uint64(data[16:]))
	if err != nil {
		return err
	}
	k := settings.NumHashes
	if len(data) != signatureHeader+4*k {
		return fmt.Errorf("%w: %d bytes for %d slots, want %d", ErrFormat, len(data), k, signatureHeader+4*k)
	}
	shingles := binary.LittleEndian.Uint32(data[12:])
	if shingles == 0 {
		return fmt.Errorf("%w: no shingles", ErrFormat)
	}
	values := make([]uint32, k)
	for i := range values {
		values[i] = binary.LittleEndian.Uint32(data[signatureHeader+4*i:])
	}
	*s = Signature{settings: settings, id: SettingsID(binary.LittleEndian.Uint64(data[16:])), shingles: int(shingles), values: values}
	return nil
}

// WriteTo writes a snapshot of the index (binary format version 1) to w
// and returns the number of bytes written. It holds the index's read
// lock while it writes: queries go on, Add and Remove wait.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	enc := encoder{w: bufio.NewWriterSize(w, 1<<16), hashing: true}
	enc.h.Reset()
	l := &ix.lsh
	cfg := l.cfg
	enc.write([]byte(indexMagic))
	enc.write([]byte{FormatVersion})
	enc.write(settingsHeader(nil, cfg.Settings))
	enc.u64(uint64(l.settingsID))
	desc := cfg.Settings.String()
	enc.uvarint(uint64(len(desc)))
	enc.write([]byte(desc))
	for _, f := range []float64{cfg.MinContainment, cfg.MinShare, cfg.MinLengthRatio, cfg.BandingThreshold, cfg.FalsePositiveWeight} {
		enc.u64(math.Float64bits(f))
	}
	enc.uvarint(uint64(cfg.Banding.Bands))
	enc.uvarint(uint64(cfg.Banding.Rows))
	enc.uvarint(uint64(l.live))
	buf := make([]byte, 0, 4*l.k)
	for _, slot := range l.addOrder() { // so that a snapshot read back keeps it
		id := l.ids[slot]
		enc.uvarint(uint64(len(id)))
		enc.write([]byte(id))
		enc.uvarint(uint64(l.shingles[slot]))
		buf = buf[:0]
		for _, v := range l.sig(slot) {
			buf = binary.LittleEndian.AppendUint32(buf, v)
		}
		enc.write(buf)
	}
	sum := enc.h.Sum64()
	enc.hashing = false
	enc.u64(sum)
	if enc.err == nil {
		enc.err = enc.w.Flush()
	}
	return enc.n, enc.err
}

// ReadFrom replaces the index's documents with those of a snapshot
// written by WriteTo, and returns the number of bytes read. The snapshot
// must hold signatures of the index's settings (else an error wrapping
// [ErrSettingsMismatch], and [ErrRetiredFamily] for a MinWise snapshot
// of an earlier build's family); its other rules (containment, banding) are
// ignored in favour of the index's own, since band tables are rebuilt.
// The whole snapshot is read and checked, checksum included, before the
// index changes: on error the index is unchanged. Malformed data gives
// an error wrapping [ErrFormat]. ReadFrom may read past the snapshot's
// end; give it a reader that holds one snapshot, such as a file.
func (ix *Index) ReadFrom(r io.Reader) (int64, error) {
	snap, n, err := readSnapshot(r)
	if err != nil {
		return n, err
	}
	if snap.cfg.Settings.ID() != ix.settingsID {
		return n, fmt.Errorf("%w: snapshot of %q, index of %q", ErrSettingsMismatch,
			snap.cfg.Settings.String(), ix.cfg.Settings.String())
	}
	fresh := loadSnapshot(ix.cfg, snap)
	ix.mu.Lock()
	ix.lsh = fresh
	ix.mu.Unlock()
	return n, nil
}

// ReadIndex returns a new index holding the snapshot read from r, with
// the configuration recorded in it (its settings, containment rules and
// banding). Errors are those of [Index.ReadFrom].
func ReadIndex(r io.Reader) (*Index, error) {
	snap, _, err := readSnapshot(r)
	if err != nil {
		return nil, err
	}
	ix, err := NewIndex(snap.cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	ix.lsh = loadSnapshot(ix.cfg, snap)
	return ix, nil
}

// loadSnapshot returns an index core with configuration cfg holding the
// snapshot's documents, its tables sized for them up front.
func loadSnapshot(cfg IndexConfig, snap snapshot) lsh {
	var l lsh
	sized := cfg
	sized.Capacity = max(cfg.Capacity, len(snap.ids))
	l.init(sized)
	l.cfg = cfg
	for i, id := range snap.ids {
		l.add(id, &snap.sigs[i], unknownPlace)
	}
	return l
}

// snapshot is a decoded index snapshot.
type snapshot struct {
	cfg  IndexConfig
	ids  []string
	sigs []Signature
}

// readSnapshot decodes and checks a whole snapshot.
func readSnapshot(r io.Reader) (snapshot, int64, error) {
	dec := decoder{r: bufio.NewReaderSize(r, 1<<16), hashing: true}
	dec.h.Reset()
	var snap snapshot
	if magic := dec.bytes(4); dec.err == nil && string(magic) != indexMagic {
		return snap, dec.n, fmt.Errorf("%w: not an index snapshot", ErrFormat)
	}
	if v := dec.u8(); dec.err == nil && v != FormatVersion {
		return snap, dec.n, fmt.Errorf("%w: snapshot format version %d, want %d", ErrFormat, v, FormatVersion)
	}
	head := append([]byte(nil), dec.bytes(7)...)
	id := dec.u64()
	if dec.err != nil {
		return snap, dec.n, dec.fail()
	}
	settings, err := parseSettings(head, id)
	if err != nil {
		return snap, dec.n, err
	}
	desc := dec.bytes(int(min(dec.uvarint(), 1<<12)))
	if dec.err == nil && string(desc) != settings.String() {
		return snap, dec.n, fmt.Errorf("%w: description %q does not match the settings", ErrFormat, desc)
	}
	cfg := IndexConfig{Settings: settings}
	for _, f := range []*float64{&cfg.MinContainment, &cfg.MinShare, &cfg.MinLengthRatio, &cfg.BandingThreshold, &cfg.FalsePositiveWeight} {
		*f = math.Float64frombits(dec.u64())
	}
	cfg.Threshold = cfg.BandingThreshold // the deprecated name, as normalized reports it
	cfg.Banding = Banding{Bands: int(min(dec.uvarint(), MaxNumHashes+1)), Rows: int(min(dec.uvarint(), MaxNumHashes+1))}
	if dec.err != nil {
		return snap, dec.n, dec.fail()
	}
	var err2 error
	if cfg.Banding.Bands < 1 || cfg.Banding.Rows < 1 || cfg.BandingThreshold <= 0 || cfg.FalsePositiveWeight <= 0 {
		// A stored configuration is complete: never solve for a banding here.
		return snap, dec.n, fmt.Errorf("%w: index configuration incomplete", ErrFormat)
	}
	if snap.cfg, err2 = cfg.normalized(); err2 != nil || snap.cfg != cfg {
		return snap, dec.n, fmt.Errorf("%w: index configuration out of range", ErrFormat)
	}
	count := dec.uvarint()
	k := settings.NumHashes
	seen := make(map[string]bool)
	for i := uint64(0); i < count && dec.err == nil; i++ {
		idLen := dec.uvarint()
		if idLen == 0 || idLen > maxIDLen {
			return snap, dec.n, fmt.Errorf("%w: document %d: ID of %d bytes", ErrFormat, i, idLen)
		}
		docID := string(dec.bytes(int(idLen)))
		shingles := dec.uvarint()
		raw := dec.bytes(4 * k)
		if dec.err != nil {
			break
		}
		if shingles == 0 || shingles > math.MaxUint32 || seen[docID] {
			return snap, dec.n, fmt.Errorf("%w: document %d (%q): %d shingles or a repeated ID", ErrFormat, i, docID, shingles)
		}
		seen[docID] = true
		values := make([]uint32, k)
		for j := range values {
			values[j] = binary.LittleEndian.Uint32(raw[4*j:])
		}
		snap.ids = append(snap.ids, docID)
		snap.sigs = append(snap.sigs, Signature{settings: settings, id: settings.ID(), shingles: int(shingles), values: values})
	}
	want := dec.h.Sum64()
	dec.hashing = false
	if got := dec.u64(); dec.err != nil {
		return snap, dec.n, dec.fail()
	} else if got != want {
		return snap, dec.n, fmt.Errorf("%w: checksum %016x, want %016x", ErrFormat, got, want)
	}
	return snap, dec.n, nil
}

// encoder writes integers to a buffered writer, hashing what it writes
// and keeping the first error.
type encoder struct {
	w       *bufio.Writer
	h       xxhash.Digest
	hashing bool
	n       int64
	err     error
	scratch [binary.MaxVarintLen64]byte
}

func (e *encoder) write(b []byte) {
	if e.err != nil {
		return
	}
	if e.hashing {
		_, _ = e.h.Write(b)
	}
	n, err := e.w.Write(b)
	e.n += int64(n)
	e.err = err
}

func (e *encoder) u64(v uint64) {
	e.write(binary.LittleEndian.AppendUint64(e.scratch[:0], v))
}

func (e *encoder) uvarint(v uint64) {
	e.write(binary.AppendUvarint(e.scratch[:0], v))
}

// decoder reads integers from a buffered reader, hashing what it reads
// while hashing is set, and keeping the first error.
type decoder struct {
	r       *bufio.Reader
	h       xxhash.Digest
	hashing bool
	n       int64
	err     error
	buf     []byte
}

// fail returns the decoder's error as a format error.
func (d *decoder) fail() error {
	if errors.Is(d.err, io.EOF) || errors.Is(d.err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated at byte %d", ErrFormat, d.n)
	}
	return d.err
}

// bytes returns the next n bytes, valid until the next call.
func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	b := d.buf[:n]
	m, err := io.ReadFull(d.r, b)
	d.n += int64(m)
	if err != nil {
		d.err = err
		return nil
	}
	if d.hashing {
		_, _ = d.h.Write(b)
	}
	return b
}

func (d *decoder) u8() byte {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		b := d.u8()
		if d.err != nil {
			return 0
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	d.err = fmt.Errorf("%w: varint too long at byte %d", ErrFormat, d.n)
	return 0
}
