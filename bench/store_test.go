package bench

// The embedded-store benchmarks: which on-disk store should keep the
// articles a long-running reprint process has seen, measured side by side
// in one run.
//
//	cd bench && go test -run '^$' -bench Store -benchtime 1x                     # CI: 10k records
//	cd bench && REPRINT_BENCH_1M=1 nice -n 10 go test -run '^$' -bench Store -benchtime 1x -timeout 3h
//
// One record per article, as the store would keep it (see encodeRecord):
// the article's binary signature (dedup.Signature.MarshalBinary of a real
// Reuters-21578 story signed with dedup.Signer's default settings, 536 B),
// about 150 B of metadata (ID, source, URL, RFC 3339 time, two credit
// names) and 0-2 links of about 40 B (record i has i mod 3): 712 B on
// average (652-771). The 19,993 stories long enough to sign (of 20,841)
// are signed once; record i uses story i mod 19,993 under the ID
// "<story id>~<i / 19,993>" (plain story ID in the first cycle), so every
// record's ID is distinct. The records are
// encoded into one arena before any timing starts: the rows time the
// stores, not the encoding (except dirstore's, whose Append encodes: see
// below). The rows skip when the corpus is absent.
//
// Candidates (rows of one group run one after another, the log first; a
// row's "time/log" metric is its ns/op divided by the log's in the same
// group, "disk/log" its disk bytes divided by the log's: below 1 is faster
// or smaller):
//   - log: an append-only file, each record framed as
//     [uvarint length][CRC-32C of the payload, 4 B little-endian][payload],
//     written through a 64 KiB bufio.Writer; a commit is Flush + f.Sync.
//     Creating the file also syncs its directory once. Open reads every
//     frame in order through a 1 MiB bufio.Reader and verifies its CRC.
//   - dirstore: the library's store, provenance.DirStore, the log's design
//     made real (the same frames behind a magic and a settings header,
//     1 MiB bufio.Writer, a lock file, Commit = Flush + fsync, OpenDir
//     syncs the directory when it creates the log). It stores
//     provenance.Record values, so it writes the same records in that form
//     (see growRecords): Article{ID, Source, URL, Published}, the two
//     credit names as Credited, the story's dedup.Signature (decoded once
//     per distinct signature, shared by the records that reuse it) and the
//     links as provenance.Link (target ID, its shingle count, the same
//     three scores plus Shared). The Records are built before any timing,
//     but the Record → bytes encoding (Record.AppendBinary, signature
//     included) happens inside DirStore.Append, so unlike the other rows
//     its insert rows include encoding the records: that is part of the
//     real store's cost. Open = OpenDir (which reads the whole log once to
//     check every frame and find a torn tail) + iterating Records(0)
//     (which reads it again and decodes every Record, its signature's
//     UnmarshalBinary included, part of what the rebuild row does for the
//     others) + Close.
//   - bbolt: go.etcd.io/bbolt, default options, one bucket, key = record
//     number as a big-endian uint64, value = record; one db.Update per
//     commit batch, bucket FillPercent 1.0 (keys only ever grow: the
//     setting bbolt documents for append-only loads).
//   - bbolt-fill50: the same with bbolt's default FillPercent 0.5, which
//     leaves every split page half empty under sequential keys. Its commits
//     sync like bbolt's, so it has no batch-1 row (which would add half a
//     minute to the CI run).
//   - bbolt-Batch-w64 (batch 1 only): 64 goroutines each committing single
//     records with db.Batch, bbolt's group commit (default MaxBatchSize
//     1000, MaxBatchDelay 10 ms). db.Batch only helps concurrent writers:
//     from one goroutine every call waits out MaxBatchDelay (10 ms per
//     record), so it has no single-writer row.
//   - pebble: github.com/cockroachdb/pebble v1.1.5, default options
//     (4 MiB memtable, Snappy), key = big-endian record number, one Batch
//     committed with pebble.Sync per commit batch. Open = pebble.Open and
//     one iterator over every key.
//   - snapshot: dedup.Index.WriteTo of an index holding all n signatures
//     (IDs and signatures only: no metadata, no links), through a 1 MiB
//     bufio.Writer, then f.Sync; open = dedup.ReadIndex. It is "save at the
//     end": a commit rewrites the whole file, so it has no per-batch rows.
//
// BenchmarkStore rows, for each size n (10k; with REPRINT_BENCH_1M=1 also
// 100k and 1M):
//   - insert/n=N/batch=B/CAND: one op = create an empty store and write
//     the n records in commits of B records, each commit durable (fsync)
//     before the next starts. Timed: creating the store, every append and
//     every commit. Not timed: Close (and for pebble a Flush of the
//     memtable before it), reported as close-ns. records/s = n / op time;
//     disk-B/article = the store's allocated blocks after Close (st_blocks ×
//     512 summed over its files, what du reports) / n; file-B/article = its
//     apparent size (bbolt's file is sparse beyond its last written page).
//     Batch 1 runs at n = 10k only.
//   - insert/n=N/batch=all/snapshot: one op = write the snapshot of an
//     index holding n signatures (built beforehand, not timed) and fsync it.
//     Its time/log is against the log's batch=10000 row.
//   - open-cold/n=N/CAND and open-warm/n=N/CAND: one op = open the store
//     written by the batch=10000 insert row and read every record back,
//     checking each one (log: CRC; all: the record's fields decode and its
//     signature's bytes are there; dirstore: CRC, Record.UnmarshalBinary
//     and a signature of k slots), or ReadIndex for the snapshot. Cold
//     evicts the store's files from the page cache first (fsync, then
//     posix_fadvise DONTNEED on each file; only this guest's cache: the
//     host may still cache the disk); warm reads it once, untimed, before.
//   - rebuild/n=N: one op = dedup.NewIndex(IndexConfig{Capacity: n}), then
//     for every record, as read back from a store: decode it,
//     Signature.UnmarshalBinary its signature and Index.Add it under its
//     ID. An embedded store does this on every open (after open-*);
//     ReadIndex (the snapshot's open) is the same work from its own format.
//
// ns/op (wall time), cpu-ns/op (the process's user + system CPU time over
// the timed parts, background goroutines included), B/op and allocs/op are
// per op, that is per n records; MB/s counts the records' bytes (the
// snapshot's: its file's bytes). On a shared machine wall time of the
// CPU-bound rows (rebuild, snapshot, warm opens) grows with the neighbours'
// load; cpu-ns/op much less so. The rows that open or rebuild run a GC
// first (not timed), so earlier rows' garbage is not collected on their
// time.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// storeSizes are the numbers of records each store row writes.
func storeSizes() []int {
	if os.Getenv("REPRINT_BENCH_1M") == "1" {
		return []int{10_000, 100_000, 1_000_000}
	}
	return []int{10_000}
}

// storeBatches are the commit batch sizes; batch 1 (an fsync per record)
// runs only at n = 10k.
func storeBatches(n int) []int {
	if n <= 10_000 {
		return []int{1, 100, 10_000}
	}
	return []int{100, 10_000}
}

// openBatch is the insert row whose store the open rows read.
const openBatch = 10_000

// ---------------------------------------------------------------------
// Records.

var (
	storeOutlets = []string{"Reuters", "Associated Press", "Agence France-Presse", "Bloomberg News", "The Guardian", "Deutsche Presse-Agentur"}
	storeDomains = []string{"www.reuters.com", "apnews.com", "www.afp.com", "www.bloomberg.com", "www.theguardian.com", "www.dpa-international.com"}
	storeCredits = []string{"Jane Doe", "John Smith", "Maria Garcia", "Wei Zhang", "Amina Diallo", "Lars Nilsson", "Priya Patel", "Kenji Sato"}
	storeEpoch   = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// storeRecords are the encoded records the store rows write, in one arena,
// and, for the dirstore rows, the same records as provenance.Record values.
type storeRecords struct {
	sigs  [][]byte // MarshalBinary of each distinct signature
	ids   []string // their story IDs
	arena []byte
	ends  []int // record i is arena[ends[i-1]:ends[i]] (ends[-1] = 0)

	sigVals []*dedup.Signature   // sigs decoded, by growRecords
	recs    []*provenance.Record // record i as a provenance.Record, by growRecords
}

func newStoreRecords(sigs [][]byte, ids []string) *storeRecords {
	return &storeRecords{sigs: sigs, ids: ids}
}

// recordID appends the ID of record i.
func (r *storeRecords) recordID(dst []byte, i int) []byte {
	dst = append(dst, r.ids[i%len(r.ids)]...)
	if c := i / len(r.ids); c > 0 {
		dst = append(dst, '~')
		dst = strconv.AppendInt(dst, int64(c), 10)
	}
	return dst
}

func appendField(dst, s []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendFieldString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// encodeRecord appends record i:
//
//	field(signature) field(ID) field(source) field(URL) field(RFC 3339 time)
//	uvarint(#credits) field(credit)...
//	uvarint(#links) (field(target ID) kind:1 jaccard,aInB,bInA:float32×3 seen:int64)...
//
// with field(x) = uvarint(len(x)) x and numbers little-endian.
func (r *storeRecords) encodeRecord(dst []byte, i int) []byte {
	var idBuf, scratch [96]byte
	id := r.recordID(idBuf[:0], i)
	dst = appendField(dst, r.sigs[i%len(r.sigs)])
	dst = appendField(dst, id)
	dst = appendFieldString(dst, storeOutlets[i%len(storeOutlets)])
	t := recordTime(i)
	dst = appendField(dst, recordURL(scratch[:0], i, t, id))
	dst = appendField(dst, t.AppendFormat(scratch[:0], time.RFC3339))
	dst = binary.AppendUvarint(dst, 2)
	dst = appendFieldString(dst, storeCredits[i%len(storeCredits)])
	dst = appendFieldString(dst, storeCredits[(i/3+5)%len(storeCredits)])
	links := i % 3
	dst = binary.AppendUvarint(dst, uint64(links))
	for k := range links {
		target := max(0, i-1-7*k)
		dst = appendField(dst, r.recordID(scratch[:0], target))
		dst = append(dst, byte(1+k))
		for _, f := range storeLinkScores {
			dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(f))
		}
		dst = binary.LittleEndian.AppendUint64(dst, uint64(t.UnixNano()))
	}
	return dst
}

// recordTime is record i's publication time.
func recordTime(i int) time.Time { return storeEpoch.Add(time.Duration(i) * 37 * time.Second) }

// recordURL appends record i's URL.
func recordURL(dst []byte, i int, t time.Time, id []byte) []byte {
	dst = append(dst, "https://"...)
	dst = append(dst, storeDomains[i%len(storeDomains)]...)
	dst = append(dst, "/world/"...)
	dst = t.AppendFormat(dst, "2006/01/02/")
	return append(dst, id...)
}

// storeLinkScores are the scores of every link (Jaccard, A in B, B in A).
var storeLinkScores = [3]float32{0.62, 0.97, 0.64}

// grow encodes records up to n.
func (r *storeRecords) grow(n int) {
	if n <= len(r.ends) {
		return
	}
	if cap(r.ends) < n {
		avg := 800
		if len(r.ends) > 0 {
			avg = len(r.arena)/len(r.ends) + 8
		}
		arena := make([]byte, len(r.arena), n*avg)
		copy(arena, r.arena)
		r.arena = arena
		r.ends = append(make([]int, 0, n), r.ends...)
	}
	for i := len(r.ends); i < n; i++ {
		r.arena = r.encodeRecord(r.arena, i)
		r.ends = append(r.ends, len(r.arena))
	}
}

// growRecords builds records up to n as provenance.Records, for the
// dirstore rows: record i's fields as encodeRecord writes them, with the
// signature decoded once per distinct signature (the records that reuse
// it share it) and links as provenance.Link: the target's ID and shingle
// count, storeLinkScores, and Shared = A in B × this record's shingles.
// encodeRecord's link kind and time have no Link field.
func (r *storeRecords) growRecords(n int) error {
	if r.sigVals == nil {
		r.sigVals = make([]*dedup.Signature, len(r.sigs))
		for j, b := range r.sigs {
			r.sigVals[j] = new(dedup.Signature)
			if err := r.sigVals[j].UnmarshalBinary(b); err != nil {
				return fmt.Errorf("signature %d: %w", j, err)
			}
		}
	}
	if n <= len(r.recs) {
		return nil
	}
	r.recs = slices.Grow(r.recs, n-len(r.recs))
	var buf [96]byte
	for i := len(r.recs); i < n; i++ {
		id := r.recordID(buf[:0], i)
		t := recordTime(i)
		sig := r.sigVals[i%len(r.sigVals)]
		rec := &provenance.Record{
			Article: provenance.Article{
				ID:        string(id),
				Source:    storeOutlets[i%len(storeOutlets)],
				URL:       string(recordURL(nil, i, t, id)),
				Published: t,
			},
			Credited:  []string{storeCredits[i%len(storeCredits)], storeCredits[(i/3+5)%len(storeCredits)]},
			Signature: sig,
		}
		if links := i % 3; links > 0 {
			rec.Links = make([]provenance.Link, links)
			for k := range links {
				target := max(0, i-1-7*k)
				rec.Links[k] = provenance.Link{
					ID:       r.recs[target].Article.ID,
					Shingles: r.sigVals[target%len(r.sigVals)].Shingles(),
					Scores: dedup.Scores{
						Jaccard: float64(storeLinkScores[0]),
						AInB:    float64(storeLinkScores[1]),
						BInA:    float64(storeLinkScores[2]),
						Shared:  math.Round(float64(storeLinkScores[1]) * float64(sig.Shingles())),
					},
				}
			}
		}
		r.recs = append(r.recs, rec)
	}
	return nil
}

func (r *storeRecords) rec(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.arena[start:r.ends[i]:r.ends[i]]
}

// bytes returns the total size of the first n records.
func (r *storeRecords) bytes(n int) int64 { return int64(r.ends[n-1]) }

var errRecord = errors.New("malformed record")

func readField(p []byte) (field, rest []byte, err error) {
	l, k := binary.Uvarint(p)
	if k <= 0 || l > uint64(len(p)-k) {
		return nil, nil, errRecord
	}
	return p[k : k+int(l)], p[k+int(l):], nil
}

// decodeRecord checks that p is a whole record and returns its ID and
// signature bytes (slices of p).
func decodeRecord(p []byte) (id, sig []byte, err error) {
	if sig, p, err = readField(p); err != nil {
		return nil, nil, err
	}
	if id, p, err = readField(p); err != nil {
		return nil, nil, err
	}
	for range 3 { // source, URL, time
		if _, p, err = readField(p); err != nil {
			return nil, nil, err
		}
	}
	for _, fixed := range []int{0, 1 + 12 + 8} { // credits, then links
		c, k := binary.Uvarint(p)
		if k <= 0 || c > uint64(len(p)) {
			return nil, nil, errRecord
		}
		p = p[k:]
		for range c {
			if _, p, err = readField(p); err != nil {
				return nil, nil, err
			}
			if len(p) < fixed {
				return nil, nil, errRecord
			}
			p = p[fixed:]
		}
	}
	if len(p) != 0 || len(sig) == 0 || len(id) == 0 {
		return nil, nil, errRecord
	}
	return id, sig, nil
}

// reutersRecords signs every Reuters story once with the default
// settings (stories too short to sign are left out), or skips.
var (
	reutersRecordsOnce sync.Once
	reutersRecordsVal  *storeRecords
	reutersRecordsErr  error
)

func reutersRecords(tb testing.TB, n int) *storeRecords {
	tb.Helper()
	c := reutersStories(tb)
	reutersRecordsOnce.Do(func() {
		signer, err := dedup.NewSigner(dedup.Settings{})
		if err != nil {
			reutersRecordsErr = err
			return
		}
		var sigs [][]byte
		var ids []string
		for _, s := range c.stories {
			sig, err := signer.Sign(s.Text)
			if errors.Is(err, dedup.ErrTooShort) {
				continue
			}
			if err != nil {
				reutersRecordsErr = fmt.Errorf("%s: %w", s.ID, err)
				return
			}
			b, err := sig.MarshalBinary()
			if err != nil {
				reutersRecordsErr = err
				return
			}
			sigs = append(sigs, b)
			ids = append(ids, s.ID)
		}
		reutersRecordsVal = newStoreRecords(sigs, ids)
	})
	if reutersRecordsErr != nil {
		tb.Fatal(reutersRecordsErr)
	}
	reutersRecordsVal.grow(n)
	return reutersRecordsVal
}

// syntheticRecords are records with random signatures, for the tests
// (which must run without the corpus).
func syntheticRecords(tb testing.TB, distinct, n int) *storeRecords {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	sigs := make([][]byte, distinct)
	ids := make([]string, distinct)
	vals := make([]uint32, numHashes)
	for i := range sigs {
		for j := range vals {
			vals[j] = rng.Uint32()
		}
		sig, err := dedup.NewSignature(dedup.Settings{}, 100+rng.IntN(900), vals)
		if err != nil {
			tb.Fatal(err)
		}
		if sigs[i], err = sig.MarshalBinary(); err != nil {
			tb.Fatal(err)
		}
		ids[i] = "synth-" + strconv.Itoa(i)
	}
	r := newStoreRecords(sigs, ids)
	r.grow(n)
	return r
}

// ---------------------------------------------------------------------
// Stores.

// storeWriter is an open store being written. append buffers record i of
// r (r.rec(i), or r.recs[i] for dirstore; either stays valid until close);
// commit makes every appended record durable.
type storeWriter interface {
	append(r *storeRecords, i int) error
	commit() error
	close() error
}

// storeCand is one incremental candidate. insert, if set, replaces the
// append/commit loop (bbolt-Batch); batchOne marks such a batch-1-only row,
// noBatchOne a candidate without a batch-1 row. A candidate with
// openRecords (dirstore) stores provenance.Records, built by growRecords
// before the rows' timing, and reads them back with it instead of open.
type storeCand struct {
	name        string
	create      func(dir string) (storeWriter, error)
	insert      func(dir string, r *storeRecords, n int) error
	open        func(dir string, fn func(rec []byte) error) (int, error)
	openRecords func(dir string, fn func(*provenance.Record) error) (int, error)
	batchOne    bool
	noBatchOne  bool
}

var storeCands = []storeCand{
	{name: "log", create: createLog, open: openLog},
	{name: "dirstore", create: createDirStore, openRecords: openDirStore},
	{name: "bbolt", create: createBolt(1.0), open: openBolt},
	{name: "bbolt-fill50", create: createBolt(0.5), open: openBolt, noBatchOne: true},
	{name: "bbolt-Batch-w64", insert: insertBoltBatch(64), open: openBolt, batchOne: true},
	{name: "pebble", create: createPebble, open: openPebble},
}

// --- append-only log

const logName = "articles.log"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type logWriter struct {
	f *os.File
	w *bufio.Writer
}

func createLog(dir string) (storeWriter, error) {
	f, err := os.OpenFile(filepath.Join(dir, logName), os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syncDir(dir); err != nil { // the new file's directory entry
		f.Close()
		return nil, err
	}
	return &logWriter{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

func (l *logWriter) append(r *storeRecords, i int) error {
	rec := r.rec(i)
	var h [binary.MaxVarintLen64 + 4]byte
	k := binary.PutUvarint(h[:], uint64(len(rec)))
	binary.LittleEndian.PutUint32(h[k:], crc32.Checksum(rec, castagnoli))
	if _, err := l.w.Write(h[:k+4]); err != nil {
		return err
	}
	_, err := l.w.Write(rec)
	return err
}

func (l *logWriter) commit() error {
	if err := l.w.Flush(); err != nil {
		return err
	}
	return l.f.Sync()
}

func (l *logWriter) close() error {
	return errors.Join(l.w.Flush(), l.f.Close())
}

// openLog reads and verifies every frame. A real store would truncate a
// torn last frame; here any damage is an error.
func openLog(dir string, fn func(rec []byte) error) (int, error) {
	f, err := os.Open(filepath.Join(dir, logName))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var buf []byte
	n := 0
	for ; ; n++ {
		l, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("frame %d: %w", n, err)
		}
		if l > 1<<24 {
			return n, fmt.Errorf("frame %d: length %d", n, l)
		}
		if cap(buf) < int(l)+4 {
			buf = make([]byte, int(l)+4, 2*int(l)+4)
		}
		buf = buf[:int(l)+4]
		if _, err := io.ReadFull(r, buf); err != nil {
			return n, fmt.Errorf("frame %d: %w", n, err)
		}
		rec := buf[4:]
		if crc32.Checksum(rec, castagnoli) != binary.LittleEndian.Uint32(buf) {
			return n, fmt.Errorf("frame %d: checksum mismatch", n)
		}
		if err := fn(rec); err != nil {
			return n, err
		}
	}
}

// --- provenance.DirStore

type dirStoreWriter struct{ s *provenance.DirStore }

// createDirStore creates the store in dir: OpenDir writes the magic and
// the settings header, fsyncs the log and its directory.
func createDirStore(dir string) (storeWriter, error) {
	s, err := provenance.OpenDir(dir, dedup.Settings{})
	if err != nil {
		return nil, err
	}
	return dirStoreWriter{s}, nil
}

// append encodes the prepared Record (Record.AppendBinary, in Append: the
// encoding is part of the store's cost), frames it and buffers it.
func (w dirStoreWriter) append(r *storeRecords, i int) error { return w.s.Append(r.recs[i]) }

func (w dirStoreWriter) commit() error { return w.s.Commit() }

// close commits (a Flush of nothing and an fsync) and releases the lock.
func (w dirStoreWriter) close() error { return w.s.Close() }

// openDirStore opens the store in dir and reads every record back.
func openDirStore(dir string, fn func(*provenance.Record) error) (int, error) {
	s, err := provenance.OpenDir(dir, dedup.Settings{})
	if err != nil {
		return 0, err
	}
	n := 0
	for rec, err := range s.Records(0) {
		if err == nil {
			err = fn(rec)
		}
		if err != nil {
			return n, errors.Join(err, s.Close())
		}
		n++
	}
	return n, s.Close()
}

// --- bbolt

const boltName = "articles.db"

var boltBucket = []byte("articles")

type boltWriter struct {
	db      *bolt.DB
	fill    float64
	seq     uint64
	pending [][]byte
	keys    []byte
}

func createBolt(fill float64) func(string) (storeWriter, error) {
	return func(dir string) (storeWriter, error) {
		db, err := bolt.Open(filepath.Join(dir, boltName), 0o644, &bolt.Options{Timeout: time.Second})
		if err != nil {
			return nil, err
		}
		err = db.Update(func(tx *bolt.Tx) error {
			_, err := tx.CreateBucketIfNotExists(boltBucket)
			return err
		})
		if err != nil {
			db.Close()
			return nil, err
		}
		return &boltWriter{db: db, fill: fill}, nil
	}
}

func (w *boltWriter) append(r *storeRecords, i int) error {
	w.pending = append(w.pending, r.rec(i))
	return nil
}

// commit puts the pending records in one read-write transaction; its
// Commit writes the dirty pages and the meta page, with an fdatasync
// after each.
func (w *boltWriter) commit() error {
	w.keys = w.keys[:0]
	for range w.pending {
		w.seq++
		w.keys = binary.BigEndian.AppendUint64(w.keys, w.seq)
	}
	err := w.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(boltBucket)
		bk.FillPercent = w.fill
		for i, rec := range w.pending {
			if err := bk.Put(w.keys[8*i:8*i+8], rec); err != nil {
				return err
			}
		}
		return nil
	})
	w.pending = w.pending[:0]
	return err
}

func (w *boltWriter) close() error { return w.db.Close() }

// insertBoltBatch commits every record on its own, from workers
// goroutines, through db.Batch: bbolt groups concurrent calls into one
// transaction, and each call returns once its transaction is durable.
func insertBoltBatch(workers int) func(string, *storeRecords, int) error {
	return func(dir string, r *storeRecords, n int) error {
		sw, err := createBolt(1.0)(dir)
		if err != nil {
			return err
		}
		db := sw.(*boltWriter).db
		var next atomic.Int64
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					key := binary.BigEndian.AppendUint64(nil, uint64(i+1))
					err := db.Batch(func(tx *bolt.Tx) error {
						bk := tx.Bucket(boltBucket)
						bk.FillPercent = 1.0
						return bk.Put(key, r.rec(i))
					})
					if err != nil {
						errs[w] = err
						return
					}
				}
			})
		}
		wg.Wait()
		return errors.Join(append(errs, db.Close())...)
	}
}

func openBolt(dir string, fn func(rec []byte) error) (int, error) {
	db, err := bolt.Open(filepath.Join(dir, boltName), 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(boltBucket)
		if bk == nil {
			return errors.New("no bucket")
		}
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := fn(v); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, errors.Join(err, db.Close())
}

// --- pebble

type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}
func (quietLogger) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pebble: "+format+"\n", args...)
}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf("pebble: "+format, args...))
}

func pebbleOptions() *pebble.Options { return &pebble.Options{Logger: quietLogger{}} }

type pebbleWriter struct {
	db    *pebble.DB
	batch *pebble.Batch
	seq   uint64
}

func createPebble(dir string) (storeWriter, error) {
	db, err := pebble.Open(dir, pebbleOptions())
	if err != nil {
		return nil, err
	}
	return &pebbleWriter{db: db, batch: db.NewBatch()}, nil
}

func (w *pebbleWriter) append(r *storeRecords, i int) error {
	w.seq++
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], w.seq)
	return w.batch.Set(key[:], r.rec(i), nil) // copies key and value
}

func (w *pebbleWriter) commit() error {
	err := errors.Join(w.batch.Commit(pebble.Sync), w.batch.Close())
	w.batch = w.db.NewBatch()
	return err
}

// close flushes the memtable (so the records are in sstables, not only
// the WAL, when the disk is measured) and closes.
func (w *pebbleWriter) close() error {
	return errors.Join(w.batch.Close(), w.db.Flush(), w.db.Close())
}

func openPebble(dir string, fn func(rec []byte) error) (int, error) {
	db, err := pebble.Open(dir, pebbleOptions())
	if err != nil {
		return 0, err
	}
	it, err := db.NewIter(nil)
	if err != nil {
		return 0, errors.Join(err, db.Close())
	}
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		v, err := it.ValueAndErr()
		if err == nil {
			err = fn(v)
		}
		if err != nil {
			return n, errors.Join(err, it.Close(), db.Close())
		}
		n++
	}
	return n, errors.Join(it.Error(), it.Close(), db.Close())
}

// --- snapshot

const snapshotName = "index.snap"

func writeSnapshot(dir string, ix *dedup.Index) error {
	f, err := os.OpenFile(filepath.Join(dir, snapshotName), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = ix.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

func readSnapshot(dir string) (*dedup.Index, error) {
	f, err := os.Open(filepath.Join(dir, snapshotName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return dedup.ReadIndex(bufio.NewReaderSize(f, 1<<20))
}

// --- helpers

// fillStore writes the first n records of r to a new store in dir, in
// commits of batch records.
func fillStore(c storeCand, dir string, r *storeRecords, n, batch int) (storeWriter, error) {
	if c.insert != nil {
		return nil, c.insert(dir, r, n)
	}
	if c.openRecords != nil && len(r.recs) < n {
		return nil, fmt.Errorf("%s: %d records prepared, want %d", c.name, len(r.recs), n)
	}
	w, err := c.create(dir)
	if err != nil {
		return nil, err
	}
	for i := range n {
		if err := w.append(r, i); err != nil {
			return w, err
		}
		if (i+1)%batch == 0 || i == n-1 {
			if err := w.commit(); err != nil {
				return w, err
			}
		}
	}
	return w, nil
}

// checkRecord is the per-record work of every open row: the record
// decodes, and its signature has the length of a 128-slot signature.
func checkRecord(sigLen int) func(rec []byte) error {
	return func(rec []byte) error {
		_, sig, err := decodeRecord(rec)
		if err == nil && len(sig) != sigLen {
			err = fmt.Errorf("signature of %d bytes, want %d", len(sig), sigLen)
		}
		return err
	}
}

// checkProvRecord is the dirstore open rows' check on top of the
// decoding Records does: an ID and a signature of k slots.
func checkProvRecord(rec *provenance.Record) error {
	if rec.Article.ID == "" || rec.Signature == nil || rec.Signature.Len() != numHashes {
		return fmt.Errorf("record %q: no ID or not a %d-slot signature", rec.Article.ID, numHashes)
	}
	return nil
}

// readStore opens c's store in dir and reads and checks every record,
// returning how many it read.
func readStore(c storeCand, dir string, sigLen int) (int, error) {
	if c.openRecords != nil {
		return c.openRecords(dir, checkProvRecord)
	}
	return c.open(dir, checkRecord(sigLen))
}

// diskUsage returns the allocated bytes (st_blocks × 512, as du counts)
// and apparent bytes of the files under path.
func diskUsage(path string) (disk, apparent int64, err error) {
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		apparent += fi.Size()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			disk += st.Blocks * 512
		}
		return nil
	})
	return disk, apparent, err
}

// evict drops the files under path from this machine's page cache:
// fsync (DONTNEED skips dirty pages), then posix_fadvise DONTNEED.
func evict(path string) error {
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return err
		}
		return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	})
}

// rebuildIndex is the rebuild row's work: every record decoded, its
// signature unmarshalled and added to a presized index under its ID.
func rebuildIndex(r *storeRecords, n int) (*dedup.Index, error) {
	ix, err := dedup.NewIndex(dedup.IndexConfig{Capacity: n})
	if err != nil {
		return nil, err
	}
	var sig dedup.Signature
	for i := range n {
		id, sb, err := decodeRecord(r.rec(i))
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		if err := sig.UnmarshalBinary(sb); err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		if err := ix.Add(string(id), &sig); err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
	}
	return ix, nil
}

// ---------------------------------------------------------------------

// storeBench holds one BenchmarkStore run's stores, so the open rows read
// what the insert rows wrote (with -benchtime 1x each 1M store is written
// once per batch size). Benchmarks run one at a time: no lock.
type storeBench struct {
	root    string
	dirs    map[string]string // "cand/n" → directory of its batch=openBatch store
	indexes map[int]*dedup.Index
	seq     int
}

func (s *storeBench) newDir(tb testing.TB) string {
	s.seq++
	d := filepath.Join(s.root, strconv.Itoa(s.seq))
	if err := os.Mkdir(d, 0o755); err != nil {
		tb.Fatal(err)
	}
	return d
}

// storeDir returns the directory of c's store of n records written in
// commits of openBatch, writing it (not timed) if no insert row has.
func (s *storeBench) storeDir(b *testing.B, c storeCand, r *storeRecords, n int) string {
	key := fmt.Sprint(c.name, "/", n)
	if d, ok := s.dirs[key]; ok {
		return d
	}
	d := s.newDir(b)
	if c.openRecords != nil {
		if err := r.growRecords(n); err != nil {
			b.Fatal(err)
		}
	}
	w, err := fillStore(c, d, r, n, openBatch)
	if w != nil {
		err = errors.Join(err, w.close())
	}
	if err != nil {
		b.Fatal(err)
	}
	s.dirs[key] = d
	return d
}

// index returns an index of the first n records' signatures.
func (s *storeBench) index(b *testing.B, r *storeRecords, n int) *dedup.Index {
	if ix := s.indexes[n]; ix != nil {
		return ix
	}
	ix, err := rebuildIndex(r, n)
	if err != nil {
		b.Fatal(err)
	}
	s.indexes[n] = ix
	return ix
}

func (s *storeBench) snapshotDir(b *testing.B, r *storeRecords, n int) string {
	key := fmt.Sprint("snapshot/", n)
	if d, ok := s.dirs[key]; ok {
		return d
	}
	d := s.newDir(b)
	if err := writeSnapshot(d, s.index(b, r, n)); err != nil {
		b.Fatal(err)
	}
	s.dirs[key] = d
	return d
}

// reportDisk reports the store's size per article, and its ratio to the
// log's figure recorded under group.
func reportDisk(b *testing.B, dir, group, cand string, n int) {
	disk, apparent, err := diskUsage(dir)
	if err != nil {
		b.Fatal(err)
	}
	per := float64(disk) / float64(n)
	b.ReportMetric(per, "disk-B/article")
	b.ReportMetric(float64(apparent)/float64(n), "file-B/article")
	reportVsLog(b, group+"/disk", cand, per, "disk/log")
}

// reportVsLog records v for cand under key and, for a row other than the
// log, reports v over the log's figure under key as unit.
func reportVsLog(b *testing.B, key, cand string, v float64, unit string) {
	record("store/"+key+"/"+cand, v)
	if cand == "log" {
		return
	}
	if x, ok := rowResults.Load("store/" + key + "/log"); ok && x.(float64) > 0 {
		b.ReportMetric(v/x.(float64), unit)
	}
}

// meter times the measured parts of a row: wall time through b's timer,
// and the process's CPU time (user + system, all goroutines, pebble's
// background work included), which a loaded machine inflates much less.
type meter struct {
	b         *testing.B
	cpu, cpu0 time.Duration
}

// newMeter starts a row's measurement with the timer stopped: set-up
// before it is not counted.
func newMeter(b *testing.B) *meter {
	b.ResetTimer()
	b.StopTimer()
	return &meter{b: b}
}

func (m *meter) start() {
	m.b.StartTimer()
	m.cpu0 = cpuTime()
}

func (m *meter) stop() {
	m.cpu += cpuTime() - m.cpu0
	m.b.StopTimer()
}

// report reports records/s for n records per op and the CPU time per op,
// and returns the wall time per op in ns.
func (m *meter) report(n int) float64 {
	perOp := float64(m.b.Elapsed().Nanoseconds()) / float64(m.b.N)
	m.b.ReportMetric(float64(n)/(perOp/1e9), "records/s")
	m.b.ReportMetric(float64(m.cpu.Nanoseconds())/float64(m.b.N), "cpu-ns/op")
	return perOp
}

func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkStore(b *testing.B) {
	s := &storeBench{root: b.TempDir(), dirs: map[string]string{}, indexes: map[int]*dedup.Index{}}
	for _, n := range storeSizes() {
		nn := sizeName(n)
		for _, batch := range storeBatches(n) {
			for _, c := range storeCands {
				if c.batchOne && batch != 1 || c.noBatchOne && batch == 1 {
					continue
				}
				group := fmt.Sprintf("insert/n=%s/batch=%d", nn, batch)
				b.Run(group+"/"+c.name, func(b *testing.B) {
					r := reutersRecords(b, n) // signs and encodes: not timed
					if c.openRecords != nil {
						// Builds the Records (not timed); Append encodes them.
						if err := r.growRecords(n); err != nil {
							b.Fatal(err)
						}
					}
					b.SetBytes(r.bytes(n))
					b.ReportAllocs()
					var dir string
					var closeNs time.Duration
					m := newMeter(b)
					for range b.N {
						if dir != "" {
							os.RemoveAll(dir)
						}
						dir = s.newDir(b)
						m.start()
						w, err := fillStore(c, dir, r, n, batch)
						m.stop()
						t := time.Now()
						if w != nil {
							err = errors.Join(err, w.close())
						}
						closeNs = time.Since(t)
						if err != nil {
							b.Fatal(err)
						}
					}
					perOp := m.report(n)
					b.ReportMetric(float64(closeNs.Nanoseconds()), "close-ns")
					reportVsLog(b, group, c.name, perOp, "time/log")
					reportDisk(b, dir, group, c.name, n)
					key := fmt.Sprint(c.name, "/", n)
					if batch == openBatch {
						if old, ok := s.dirs[key]; ok && old != dir {
							os.RemoveAll(old)
						}
						s.dirs[key] = dir
					} else {
						os.RemoveAll(dir)
					}
				})
			}
		}

		b.Run(fmt.Sprintf("rebuild/n=%s", nn), func(b *testing.B) {
			r := reutersRecords(b, n)
			b.SetBytes(r.bytes(n))
			b.ReportAllocs()
			var ix *dedup.Index
			m := newMeter(b)
			for range b.N {
				ix = nil
				runtime.GC() // the previous index is garbage: not this op's work
				m.start()
				var err error
				ix, err = rebuildIndex(r, n)
				m.stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			if ix.Len() != n {
				b.Fatalf("index holds %d, want %d", ix.Len(), n)
			}
			m.report(n)
			s.indexes[n] = ix
		})

		// The snapshot's one write, against the log's batch=10000 load.
		b.Run(fmt.Sprintf("insert/n=%s/batch=all/snapshot", nn), func(b *testing.B) {
			r := reutersRecords(b, n)
			ix := s.index(b, r, n)
			b.ReportAllocs()
			var dir string
			m := newMeter(b)
			for range b.N {
				if dir != "" {
					os.RemoveAll(dir)
				}
				dir = s.newDir(b)
				m.start()
				err := writeSnapshot(dir, ix)
				m.stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			_, apparent, err := diskUsage(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(apparent)
			perOp := m.report(n)
			group := fmt.Sprintf("insert/n=%s/batch=%d", nn, openBatch)
			reportVsLog(b, group, "snapshot", perOp, "time/log")
			reportDisk(b, dir, group, "snapshot", n)
			key := fmt.Sprint("snapshot/", n)
			if old, ok := s.dirs[key]; ok && old != dir {
				os.RemoveAll(old)
			}
			s.dirs[key] = dir
		})
		// The open rows build their own indexes: free this one.
		delete(s.indexes, n)

		for _, cold := range []bool{true, false} {
			mode := "open-warm"
			if cold {
				mode = "open-cold"
			}
			group := fmt.Sprintf("%s/n=%s", mode, nn)
			// openRow measures read, which opens the store in dir and
			// reads all of it back.
			openRow := func(b *testing.B, name, dir string, bytes int64, read func()) {
				b.SetBytes(bytes)
				b.ReportAllocs()
				m := newMeter(b)
				if !cold {
					read()
				}
				for range b.N {
					runtime.GC() // earlier rows' garbage is not this op's work
					if cold {
						if err := evict(dir); err != nil {
							b.Fatal(err)
						}
					}
					m.start()
					read()
					m.stop()
				}
				reportVsLog(b, group, name, m.report(n), "time/log")
			}
			for _, c := range storeCands {
				if c.batchOne {
					continue // the same bbolt format as bbolt's row
				}
				b.Run(group+"/"+c.name, func(b *testing.B) {
					r := reutersRecords(b, n)
					dir := s.storeDir(b, c, r, n)
					openRow(b, c.name, dir, r.bytes(n), func() {
						got, err := readStore(c, dir, len(r.sigs[0]))
						if err != nil {
							b.Fatal(err)
						}
						if got != n {
							b.Fatalf("read %d records, want %d", got, n)
						}
					})
				})
			}
			b.Run(group+"/snapshot", func(b *testing.B) {
				r := reutersRecords(b, n)
				dir := s.snapshotDir(b, r, n)
				_, apparent, err := diskUsage(dir)
				if err != nil {
					b.Fatal(err)
				}
				openRow(b, "snapshot", dir, apparent, func() {
					ix, err := readSnapshot(dir)
					if err != nil {
						b.Fatal(err)
					}
					if ix.Len() != n {
						b.Fatalf("snapshot holds %d, want %d", ix.Len(), n)
					}
				})
			})
		}
		// Free this size's stores before the next, larger one.
		for k, d := range s.dirs {
			os.RemoveAll(d)
			delete(s.dirs, k)
		}
		clear(s.indexes)
	}
}

// ---------------------------------------------------------------------

// TestStoresRoundTrip keeps the store adapters honest: every candidate
// gives back, in order, exactly the records written to it, with commits
// of several sizes; the snapshot gives back every signature.
func TestStoresRoundTrip(t *testing.T) {
	const n = 1000
	r := syntheticRecords(t, 97, n)
	for i := range n {
		if _, _, err := decodeRecord(r.rec(i)); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	if avg := r.bytes(n) / n; avg < 650 || avg > 800 {
		t.Errorf("records average %d bytes, want about 730", avg)
	}
	if err := r.growRecords(n); err != nil {
		t.Fatal(err)
	}
	for _, c := range storeCands {
		for _, batch := range []int{1, 7, n} {
			if c.batchOne && batch != 1 {
				continue
			}
			dir := t.TempDir()
			if c.openRecords != nil {
				testRecordsRoundTrip(t, c, dir, r, n, batch)
				continue
			}
			w, err := fillStore(c, dir, r, n, batch)
			if w != nil {
				err = errors.Join(err, w.close())
			}
			if err != nil {
				t.Fatalf("%s batch %d: %v", c.name, batch, err)
			}
			i := 0
			got, err := c.open(dir, func(rec []byte) error {
				id, _, err := decodeRecord(rec)
				if err != nil {
					return err
				}
				// Records come back in key order, which is record order
				// (bbolt-Batch commits out of order, but keys are record numbers).
				if want := string(r.recordID(nil, i)); string(id) != want {
					return fmt.Errorf("record %d: id %q, want %q", i, id, want)
				}
				if string(rec) != string(r.rec(i)) {
					return fmt.Errorf("record %d differs", i)
				}
				i++
				return nil
			})
			if err != nil || got != n {
				t.Fatalf("%s batch %d: read %d of %d: %v", c.name, batch, got, n, err)
			}
		}
	}
	ix, err := rebuildIndex(r, n)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeSnapshot(dir, ix); err != nil {
		t.Fatal(err)
	}
	back, err := readSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != n || !back.Contains(string(r.recordID(nil, n-1))) {
		t.Fatalf("snapshot gave back %d documents", back.Len())
	}
}

// testRecordsRoundTrip checks that c (dirstore) gives back, in order, the
// Records written to it, and that they carry record i's fields.
func testRecordsRoundTrip(t *testing.T, c storeCand, dir string, r *storeRecords, n, batch int) {
	t.Helper()
	w, err := fillStore(c, dir, r, n, batch)
	if w != nil {
		err = errors.Join(err, w.close())
	}
	if err != nil {
		t.Fatalf("%s batch %d: %v", c.name, batch, err)
	}
	i := 0
	got, err := c.openRecords(dir, func(rec *provenance.Record) error {
		if err := checkProvRecord(rec); err != nil {
			return err
		}
		want := r.recs[i]
		wb, err := want.MarshalBinary()
		if err != nil {
			return err
		}
		gb, err := rec.MarshalBinary()
		if err != nil {
			return err
		}
		if string(gb) != string(wb) {
			return fmt.Errorf("record %d differs", i)
		}
		// The Record holds what the encoded record i holds.
		id, sig, err := decodeRecord(r.rec(i))
		if err != nil {
			return err
		}
		sb, err := rec.Signature.MarshalBinary()
		if err != nil {
			return err
		}
		if rec.Article.ID != string(id) || string(sb) != string(sig) || len(rec.Links) != i%3 || len(rec.Credited) != 2 {
			return fmt.Errorf("record %d: %q, %d links, %d credits: not record %d", i, rec.Article.ID, len(rec.Links), len(rec.Credited), i)
		}
		i++
		return nil
	})
	if err != nil || got != n {
		t.Fatalf("%s batch %d: read %d of %d: %v", c.name, batch, got, n, err)
	}
}

// TestLogDetectsDamage checks that the log's open notices a flipped bit
// and a torn last frame.
func TestLogDetectsDamage(t *testing.T) {
	r := syntheticRecords(t, 5, 20)
	c := storeCands[0]
	dir := t.TempDir()
	w, err := fillStore(c, dir, r, 20, 20)
	if err == nil {
		err = w.close()
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, logName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nop := func([]byte) error { return nil }
	for _, damage := range []struct {
		name string
		data []byte
	}{
		{"flipped bit", func() []byte {
			d := append([]byte(nil), data...)
			d[len(d)/2] ^= 4
			return d
		}()},
		{"torn tail", data[:len(data)-100]},
	} {
		if err := os.WriteFile(path, damage.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := openLog(dir, nop); err == nil {
			t.Errorf("%s: open succeeded", damage.name)
		}
	}
}
