package provenance_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// TestRepairDir damages a store of 100 records in 20 commits in the ways
// a disk or a careless copy can: opening refuses it and points at
// RepairDir, which keeps every record committed before the damage, sets
// the rest aside byte for byte, and says what was lost; the store then
// opens, replays and takes new articles.
func TestRepairDir(t *testing.T) {
	for _, damage := range []string{"flipped byte", "zeroed page in the last batch", "cut in half", "flipped byte, no commits file"} {
		t.Run(damage, func(t *testing.T) {
			dir, b := committedStore(t, 20)
			path := filepath.Join(dir, provenance.DirLogName)
			damaged := bytes.Clone(b)
			var at int // the damaged frame is after this byte
			switch damage {
			case "flipped byte", "flipped byte, no commits file":
				at = len(b) / 2
				damaged[at] ^= 0x40
			case "zeroed page in the last batch":
				at = (len(b) - 10_000) &^ 4095
				clear(damaged[at : at+4096])
			case "cut in half":
				at = len(b) / 2
				damaged = damaged[:at]
			}
			if damage == "flipped byte, no commits file" {
				require.NoError(t, os.Remove(filepath.Join(dir, "commits")))
			}
			require.NoError(t, os.WriteFile(path, damaged, 0o644))
			// Every whole frame before the damage is committed, but
			// without the commits file, those after the last commit mark
			// cannot be told from uncommitted ones.
			keep, recordsKept, commitsKept := wholeFramesBefore(t, b, at, damage != "flipped byte, no commits file")

			_, err := provenance.OpenDir(dir, dedup.Settings{})
			require.ErrorIs(t, err, provenance.ErrStoreDamaged)
			require.ErrorIs(t, err, provenance.ErrCorruptRecord)
			assert.Contains(t, err.Error(), "RepairDir")
			assert.Contains(t, err.Error(), "damaged at byte")
			if damage != "flipped byte, no commits file" {
				assert.Contains(t, err.Error(), "100 records in 20 commits")
			}

			rep, err := provenance.RepairDir(dir)
			require.NoError(t, err)
			t.Log(rep)
			assert.Equal(t, commitsKept, rep.CommitsKept)
			assert.Equal(t, recordsKept, rep.RecordsKept)
			assert.Less(t, rep.CommitsKept, 20)
			if damage == "flipped byte, no commits file" {
				assert.Equal(t, -1, rep.RecordsLost, "unknown without the commits file")
			} else {
				assert.Equal(t, 100-rep.RecordsKept, rep.RecordsLost)
				assert.Equal(t, 20-rep.CommitsKept, rep.CommitsLost)
			}
			assert.NotEmpty(t, rep.Damage)
			assert.Equal(t, int64(len(damaged)-keep), rep.SetAside)
			kept, err := os.ReadFile(path)
			require.NoError(t, err)
			aside, err := os.ReadFile(rep.SetAsideFile)
			require.NoError(t, err)
			if recordsKept > 5*commitsKept {
				mark := b[len(b)-7:]
				require.Equal(t, mark, kept[len(kept)-7:], "the kept records of the damaged commit are committed")
				kept = kept[:len(kept)-7]
			}
			assert.Equal(t, damaged, append(kept, aside...), "every byte is kept or set aside")

			st, err := provenance.OpenDir(dir, dedup.Settings{})
			require.NoError(t, err)
			assert.Zero(t, st.Recovered)
			tr, err := provenance.Open(provenance.Config{KeepText: true}, st)
			require.NoError(t, err)
			require.Equal(t, rep.RecordsKept, tr.Len())
			for i := range rep.RecordsKept {
				_, ok := tr.Verdict(childID(i))
				require.True(t, ok, childID(i))
			}
			v := add(t, tr, variant(t, 99)) // lost, so added again
			assert.True(t, v.IsCopy())
			require.NoError(t, tr.Close())
		})
	}
}

// TestRepairDirHealthy: a healthy store loses nothing to a repair; only
// an uncommitted tail is set aside, and a store open elsewhere is not
// touched.
func TestRepairDirHealthy(t *testing.T) {
	dir, b := committedStore(t, 4)
	rep, err := provenance.RepairDir(dir)
	require.NoError(t, err)
	assert.Equal(t, provenance.RepairReport{RecordsKept: 20, CommitsKept: 4}, rep)
	after, err := os.ReadFile(filepath.Join(dir, provenance.DirLogName))
	require.NoError(t, err)
	assert.Equal(t, b, after)

	tr := openDir(t, dir, provenance.Config{KeepText: true})
	_, err = provenance.RepairDir(dir)
	require.ErrorIs(t, err, provenance.ErrStoreLocked)
	for i := 20; i < 700; i++ { // more than the write buffer holds
		add(t, tr, variant(t, i))
	}
	killed := copyStore(t, dir)
	require.NoError(t, tr.Close())
	rep, err = provenance.RepairDir(killed)
	require.NoError(t, err)
	assert.Equal(t, 20, rep.RecordsKept)
	assert.Zero(t, rep.RecordsLost, "uncommitted records are not lost commits")
	assert.Positive(t, rep.SetAsideRecords)
	assert.Empty(t, rep.Damage)
	assert.Equal(t, b, mustRead(t, filepath.Join(killed, provenance.DirLogName)))

	_, err = provenance.RepairDir(t.TempDir())
	assert.ErrorContains(t, err, "nothing to repair")
}

// TestRepairDirCommitsFile: a damaged commits file is refused on open
// and written again by a repair that keeps every record.
func TestRepairDirCommitsFile(t *testing.T) {
	dir, _ := committedStore(t, 3)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "commits"), []byte("RPCOMIT1 and then garbage of the wrong length"), 0o644))
	_, err := provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrStoreDamaged)
	assert.Contains(t, err.Error(), "RepairDir")
	rep, err := provenance.RepairDir(dir)
	require.NoError(t, err)
	assert.Equal(t, 15, rep.RecordsKept)
	assert.Equal(t, -1, rep.RecordsLost)
	assert.NotEmpty(t, rep.CommitsFile)
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	assert.Equal(t, 15, st.Len())
	require.NoError(t, st.Close())
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// TestDirStoreOpensVersion1 opens stores written before the commits file
// (header reprint-records/1): with commit marks, they open as they are;
// from before commit marks (none at all), their records count as
// committed and get a mark.
func TestDirStoreOpensVersion1(t *testing.T) {
	for _, marks := range []bool{true, false} {
		dir, b := committedStore(t, 3)
		payloads := logFrames(t, b)
		header := string(payloads[0])
		require.Contains(t, header, "reprint-records/2 ")
		payloads[0] = []byte(strings.Replace(header, "reprint-records/2 ", "reprint-records/1 ", 1))
		var v1 []byte
		v1 = append(v1, "RPRECLOG"...)
		for _, p := range payloads {
			if !marks && string(p) == "\x00C" {
				continue
			}
			v1 = binary.AppendUvarint(v1, uint64(len(p)))
			v1 = binary.LittleEndian.AppendUint32(v1, crc32.Checksum(p, crc32.MakeTable(crc32.Castagnoli)))
			v1 = append(v1, p...)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, provenance.DirLogName), v1, 0o644))
		require.NoError(t, os.Remove(filepath.Join(dir, "commits")))

		tr := openDir(t, dir, provenance.Config{KeepText: true})
		assert.Equal(t, 15, tr.Len(), "marks=%v", marks)
		add(t, tr, variant(t, 15))
		require.NoError(t, tr.Close())
		tr = openDir(t, dir, provenance.Config{KeepText: true})
		assert.Equal(t, 16, tr.Len(), "marks=%v", marks)
		require.NoError(t, tr.Close())
		assert.True(t, bytes.HasPrefix(mustRead(t, filepath.Join(dir, provenance.DirLogName)), v1), "the log is appended to, not rewritten")
	}
}

// wholeFramesBefore returns the end of the frames of log b that end by
// byte at (with marks, of those up to the last commit mark), and the
// records and commit marks in them.
func wholeFramesBefore(t *testing.T, b []byte, at int, afterMark bool) (end, records, commits int) {
	t.Helper()
	frames := logFrames(t, b)
	size := func(p []byte) int { return len(binary.AppendUvarint(nil, uint64(len(p)))) + 4 + len(p) }
	off := 8 + size(frames[0])
	end = off
	for _, p := range frames[1:] {
		next := off + size(p)
		if next > at {
			break
		}
		off = next
		if string(p) == "\x00C" {
			commits++
			if !afterMark {
				end, records = off, 5*commits
			}
		} else if afterMark {
			end, records = off, records+1
		}
	}
	return end, records, commits
}

// logFrames returns the payloads of the frames of log b.
func logFrames(t *testing.T, b []byte) [][]byte {
	t.Helper()
	require.Equal(t, "RPRECLOG", string(b[:8]))
	var out [][]byte
	for rest := b[8:]; len(rest) > 0; {
		n, k := binary.Uvarint(rest)
		require.Positive(t, k)
		rest = rest[k+4:]
		out = append(out, rest[:n])
		rest = rest[n:]
	}
	return out
}

// writeCommitsFile writes a commits file (see DirStore) that records
// commits commits of records records ending at byte size.
func writeCommitsFile(t *testing.T, dir string, commits, records, size int) {
	t.Helper()
	slot := binary.LittleEndian.AppendUint64(nil, uint64(commits))
	slot = binary.LittleEndian.AppendUint64(slot, uint64(records))
	slot = binary.LittleEndian.AppendUint64(slot, uint64(size))
	slot = binary.LittleEndian.AppendUint32(slot, crc32.Checksum(slot, crc32.MakeTable(crc32.Castagnoli)))
	slot = append(slot, 0, 0, 0, 0)
	b := append(append([]byte("RPCOMIT1"), slot...), slot...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "commits"), b, 0o644))
}

// TestDirStoreCommitsFileBehind: a crash can leave the commits file
// behind the log. The store opens with every commit and brings the file
// up to date; but a bad frame after the recorded commit with a commit
// mark after it is still damage, not a torn write to set aside quietly.
func TestDirStoreCommitsFileBehind(t *testing.T) {
	dir, b := committedStore(t, 20)
	mid, records, commits := wholeFramesBefore(t, b, lastMarkBefore(t, b, len(b)/2), false)
	require.Equal(t, 5*commits, records)
	writeCommitsFile(t, dir, commits, records, mid)
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	assert.Equal(t, 100, st.Len())
	assert.Zero(t, st.Recovered)
	require.NoError(t, st.Close())
	rep, err := provenance.RepairDir(dir)
	require.NoError(t, err)
	assert.Equal(t, provenance.RepairReport{RecordsKept: 100, CommitsKept: 20}, rep, "the file was brought up to date")

	writeCommitsFile(t, dir, commits, records, mid)
	damaged := bytes.Clone(b)
	damaged[len(b)*3/4] ^= 1
	require.NoError(t, os.WriteFile(filepath.Join(dir, provenance.DirLogName), damaged, 0o644))
	_, err = provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrStoreDamaged)
	assert.Contains(t, err.Error(), "with a commit mark after it")
	assert.Equal(t, damaged, mustRead(t, filepath.Join(dir, provenance.DirLogName)), "nothing moved or cut")
}
