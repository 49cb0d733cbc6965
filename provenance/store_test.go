package provenance_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

func openDir(t testing.TB, dir string, cfg provenance.Config) *provenance.Tracker {
	t.Helper()
	st, err := provenance.OpenDir(dir, cfg.Index.Settings)
	require.NoError(t, err)
	tr, err := provenance.Open(cfg, st)
	require.NoError(t, err)
	return tr
}

// TestDirStoreSecondRun is the flagger's -index case in the library: a
// first run stores the seeds but 003; a second run gets only 003 and
// finds it a copy of 001, with passages, from the stored text.
func TestDirStoreSecondRun(t *testing.T) {
	dir := t.TempDir()
	cfg := provenance.Config{KeepText: true}
	tr := openDir(t, dir, cfg)
	for _, i := range []int{0, 1, 2, 4} {
		add(t, tr, seedArticle(t, i))
	}
	require.NoError(t, tr.Close())
	_, err := tr.Add(seedArticle(t, 3))
	require.ErrorIs(t, err, provenance.ErrClosed)

	tr = openDir(t, dir, cfg)
	defer tr.Close()
	require.Equal(t, 4, tr.Len())
	require.Equal(t, 4, tr.Indexed())
	v := add(t, tr, seedArticle(t, 3))
	require.True(t, v.IsCopy())
	assert.Equal(t, seedNames[1], v.Sources[0].Source)
	assert.Equal(t, seedNames[1], v.Origin)
	assert.Equal(t, seedNames[1], v.Story)
	old, _ := tr.Verdict(seedNames[1])
	assert.Equal(t, []string{"VPost"}, old.Credited, "credits survive the restart")
	p, err := tr.Passages(seedNames[3], seedNames[1])
	require.NoError(t, err)
	assert.Greater(t, p.CopyCoverage, 0.99)
}

// TestDirStoreReplaysExactly adds real stories, reopens the store, and
// expects every verdict back as it was.
func TestDirStoreReplaysExactly(t *testing.T) {
	stories := reutersDays(t, "1987-03-0", 600)
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	for _, s := range stories {
		p, err := time.Parse("2006-01-02T15:04:05.000", s.Date)
		require.NoError(t, err)
		_, err = tr.Add(provenance.Article{ID: s.ID, Text: s.Text, Published: p, Source: "reuters"})
		require.NoError(t, err)
	}
	want := verdicts(tr)
	require.NoError(t, tr.Close())
	copies := 0
	for _, v := range want {
		if v.IsCopy() {
			copies++
		}
	}
	require.Greater(t, copies, 10, "the sample has real near-duplicates")

	again := openDir(t, dir, provenance.Config{})
	defer again.Close()
	assert.Equal(t, want, verdicts(again))
	// And it goes on matching: a re-send of a stored story is a copy.
	v := add(t, again, provenance.Article{ID: "resend", Text: stories[5].Text})
	assert.True(t, v.IsCopy())
}

func verdicts(tr *provenance.Tracker) []provenance.Verdict {
	var out []provenance.Verdict
	for v := range tr.Articles() {
		out = append(out, v)
	}
	return out
}

// TestDirStoreReattributes: the second run brings an article published
// before the stored story's origin; it becomes the origin, the story
// keeps its ID.
func TestDirStoreReattributes(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2024, 11, 6, 12, 0, 0, 0, time.UTC)
	copyArt, original := seedArticle(t, 3), seedArticle(t, 1)
	copyArt.Published = t0
	original.Published = t0.Add(-2 * time.Hour)

	tr := openDir(t, dir, provenance.Config{})
	v := add(t, tr, copyArt)
	assert.Equal(t, copyArt.ID, v.Origin)
	require.NoError(t, tr.Close())

	tr = openDir(t, dir, provenance.Config{})
	v = add(t, tr, original)
	require.NoError(t, tr.Close())
	assert.Equal(t, original.ID, v.Origin)
	assert.Equal(t, copyArt.ID, v.Story, "the story keeps the ID of its first-seen article")
	tr = openDir(t, dir, provenance.Config{})
	defer tr.Close()
	stored, _ := tr.Verdict(copyArt.ID)
	assert.Equal(t, original.ID, stored.Origin)
	assert.Equal(t, original.ID, stored.Sources[0].Source)
}

func TestDirStoreErrors(t *testing.T) {
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	_, err = provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrStoreLocked, "one process at a time")
	require.NoError(t, st.Close())

	_, err = provenance.OpenDir(dir, dedup.Settings{NumHashes: 64})
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	assert.Contains(t, err.Error(), "64 hashes")

	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, provenance.DirLogName), []byte("not a store"), 0o644))
	_, err = provenance.OpenDir(other, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrCorruptRecord)

	_, err = provenance.Open(provenance.Config{}, nil)
	require.Error(t, err)
	_, err = provenance.New(provenance.Config{Indexer: newIndex(t)})
	require.ErrorIs(t, err, dedup.ErrInvalidSettings, "a shared index needs a shared store")
}

func TestDirStoreRefusesRetiredMinWiseFamily(t *testing.T) {
	// A store written before the MinWise family minwise-xxh64-mixed
	// (testdata/retired-minwise-xxh64/ORIGIN.txt) is refused, whatever
	// the settings it is opened with, with an error that says to rebuild
	// it, and is left as it was.
	old, err := os.ReadFile(filepath.Join("..", "testdata", "retired-minwise-xxh64", provenance.DirLogName))
	require.NoError(t, err)
	dir := t.TempDir()
	log := filepath.Join(dir, provenance.DirLogName)
	require.NoError(t, os.WriteFile(log, old, 0o644))
	_, err = provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, dedup.ErrRetiredFamily)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	for _, want := range []string{dir, "minwise-xxh64", "rebuild"} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = provenance.OpenDir(dir, dedup.Settings{Method: dedup.OnePermutation})
	require.ErrorIs(t, err, dedup.ErrRetiredFamily)
	after, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, old, after, "the store is left as it was")
}

func newIndex(t testing.TB) *dedup.Index {
	ix, err := dedup.NewIndex(dedup.IndexConfig{})
	require.NoError(t, err)
	return ix
}

// TestDirStoreTornTail cuts the log in the middle of a record appended
// after the last commit, appends garbage, or appends zeros (as a file
// system can after a power loss): the store opens, keeps every committed
// record, and sets the rest aside in a file.
func TestDirStoreTornTail(t *testing.T) {
	for _, damage := range []string{"cut", "garbage", "zeros"} {
		t.Run(damage, func(t *testing.T) {
			dir := t.TempDir()
			st, err := provenance.OpenDir(dir, dedup.Settings{})
			require.NoError(t, err)
			tr, err := provenance.Open(provenance.Config{}, st)
			require.NoError(t, err)
			for i := range seedNames {
				add(t, tr, seedArticle(t, i))
				if damage == "cut" && i == len(seedNames)-2 {
					require.NoError(t, tr.Commit())
				}
			}
			path := filepath.Join(dir, provenance.DirLogName)
			if damage == "cut" {
				// What a process killed while writing its last record
				// leaves: the record flushed, and cut.
				for range st.Records(0) { // flushes
				}
				b, err := os.ReadFile(path)
				require.NoError(t, err)
				require.NoError(t, st.Discard())
				require.NoError(t, os.WriteFile(path, b[:len(b)-100], 0o644))
			} else {
				require.NoError(t, tr.Close())
			}
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			switch damage {
			case "garbage":
				b = append(b, "\x85\x03\x00\x00garbage"...)
			case "zeros":
				b = append(b, make([]byte, 4096)...)
			}
			require.NoError(t, os.WriteFile(path, b, 0o644))

			st, err = provenance.OpenDir(dir, dedup.Settings{})
			require.NoError(t, err)
			assert.Positive(t, st.Recovered)
			assert.FileExists(t, st.TornFile)
			want := len(seedNames)
			if damage == "cut" {
				want-- // the last record was not committed
			}
			assert.Equal(t, want, st.Len())
			tr, err = provenance.Open(provenance.Config{}, st)
			require.NoError(t, err)
			assert.Equal(t, want, tr.Len())
			// The store goes on working after recovery.
			if damage == "cut" {
				add(t, tr, seedArticle(t, 4))
			}
			require.NoError(t, tr.Close())
			st, err = provenance.OpenDir(dir, dedup.Settings{})
			require.NoError(t, err)
			assert.Zero(t, st.Recovered)
			assert.Equal(t, len(seedNames), st.Len())
			require.NoError(t, st.Close())
		})
	}
}

// TestDirStoreRefusesDamagedCommits: a flipped bit in a committed
// record is not a torn write: the store is refused, nothing is moved or
// cut, and the error says where.
func TestDirStoreRefusesDamagedCommits(t *testing.T) {
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	for i := range seedNames {
		add(t, tr, seedArticle(t, i))
		require.NoError(t, tr.Commit())
	}
	require.NoError(t, tr.Close())
	path := filepath.Join(dir, provenance.DirLogName)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	b[200] ^= 0x40 // inside the first record
	require.NoError(t, os.WriteFile(path, b, 0o644))
	_, err = provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrCorruptRecord)
	assert.Contains(t, err.Error(), "committed data damaged at byte")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, b, after, "nothing moved or cut")
	torn, _ := filepath.Glob(filepath.Join(dir, "*.torn-*"))
	assert.Empty(t, torn)

	// A record with a signature of other settings is refused at Append.
	other := t.TempDir()
	st, err := provenance.OpenDir(other, dedup.Settings{})
	require.NoError(t, err)
	defer st.Close()
	s64, err := dedup.NewSigner(dedup.Settings{NumHashes: 64})
	require.NoError(t, err)
	sig, err := s64.Sign(seedArticle(t, 1).Text)
	require.NoError(t, err)
	err = st.Append(&provenance.Record{Article: provenance.Article{ID: "x"}, Signature: sig})
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	assert.Zero(t, st.Len())
}

// TestDirStoreSurvivesSIGKILL runs a child process that adds articles
// and commits every few, and kills it with SIGKILL while it writes: the
// store opens and holds every record the child had committed.
func TestDirStoreSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes: not with -short")
	}
	for round := range 3 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestDirStoreChildProcess$")
		cmd.Env = append(os.Environ(), "REPRINT_STORE_CHILD="+dir)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		committed := 0
		lines := bufio.NewScanner(out)
		killAt := 3 + 4*round // commits seen before the kill
		for lines.Scan() {
			n, ok := strings.CutPrefix(lines.Text(), "committed ")
			if !ok {
				continue
			}
			committed, err = strconv.Atoi(n)
			require.NoError(t, err)
			if committed >= killAt*7 {
				// Kill it a moment later, in the middle of whatever it
				// is writing.
				time.Sleep(time.Duration(round*round) * 3 * time.Millisecond)
				require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
				break
			}
		}
		_ = cmd.Wait()
		require.Positive(t, committed, "the child committed something")

		st, err := provenance.OpenDir(dir, dedup.Settings{})
		require.NoError(t, err, "the store opens after SIGKILL")
		tr, err := provenance.Open(provenance.Config{}, st)
		require.NoError(t, err)
		require.GreaterOrEqual(t, tr.Len(), committed, "every committed record is there")
		for i := range committed {
			_, ok := tr.Verdict(childID(i))
			require.True(t, ok, childID(i))
		}
		t.Logf("round %d: killed after %d committed, %d stored, %d bytes set aside", round, committed, tr.Len(), st.Recovered)
		require.NoError(t, tr.Close())
	}
}

func childID(i int) string { return fmt.Sprintf("child-%05d", i) }

// TestDirStoreChildProcess is the child of TestDirStoreSurvivesSIGKILL:
// it adds seed-based articles forever, committing every 7, and prints
// how many are committed. Texts are kept, so records are a few KB and
// writes often stop mid-frame.
func TestDirStoreChildProcess(t *testing.T) {
	dir := os.Getenv("REPRINT_STORE_CHILD")
	if dir == "" {
		t.Skip("helper process of TestDirStoreSurvivesSIGKILL")
	}
	tr := openDir(t, dir, provenance.Config{KeepText: true})
	texts := make([]string, len(seedNames))
	for i := range seedNames {
		texts[i] = seedArticle(t, i).Text
	}
	for i := 0; ; i++ {
		text := fmt.Sprintf("%s\n\nUpdate %d.", texts[i%len(texts)], i)
		if _, err := tr.Add(provenance.Article{ID: childID(i), Text: text}); err != nil {
			t.Fatal(err)
		}
		if (i+1)%7 == 0 {
			if err := tr.Commit(); err != nil {
				t.Fatal(err)
			}
			fmt.Printf("committed %d\n", i+1)
		}
	}
}

// TestDirStoreDiscard: records appended after the last commit are gone
// after Discard, even those the buffer had already written out.
func TestDirStoreDiscard(t *testing.T) {
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{KeepText: true}, st)
	require.NoError(t, err)
	add(t, tr, seedArticle(t, 1))
	require.NoError(t, tr.Commit())
	// Enough text to overflow the 1 MB write buffer.
	for i := range 300 {
		a := seedArticle(t, i%len(seedNames))
		a.ID = fmt.Sprintf("later-%d", i)
		add(t, tr, a)
	}
	require.NoError(t, st.Discard())
	_, err = tr.Add(seedArticle(t, 3))
	require.ErrorIs(t, err, provenance.ErrClosed)

	again := openDir(t, dir, provenance.Config{})
	defer again.Close()
	assert.Equal(t, 1, again.Len())
}

// TestDirStoreKeepsWhatAddTakes: whatever Tracker.Add accepts survives a
// reopen, such as a Latin-1 outlet name; and an ID that Add refuses now
// (CheckID) but an earlier version stored still reads back.
func TestDirStoreKeepsWhatAddTakes(t *testing.T) {
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	a := seedArticle(t, 1)
	a.ID, a.Source = "café", "Le Monde \xe9dition"
	add(t, tr, a)
	require.NoError(t, tr.Close())

	// As an earlier version's Add stored a Latin-1 file name as an ID.
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	require.NoError(t, st.Append(&provenance.Record{Article: provenance.Article{ID: "caf\xe9"}}))
	require.NoError(t, st.Close())

	tr = openDir(t, dir, provenance.Config{})
	defer tr.Close()
	v, ok := tr.Verdict("café")
	require.True(t, ok)
	assert.Equal(t, "café", v.ID)
	v, ok = tr.Verdict("caf\xe9")
	require.True(t, ok)
	assert.Equal(t, "caf\xe9", v.ID)
}
