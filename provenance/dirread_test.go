package provenance_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// dirFiles returns the names and contents of the files in dir.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

// graphOf replays a reader's records into a new graph.
func graphOf(t *testing.T, r *provenance.DirReader) *provenance.Graph {
	t.Helper()
	g := provenance.NewGraph(0)
	for rec, err := range r.Records(0) {
		require.NoError(t, err)
		require.NoError(t, g.AddRecord(rec))
	}
	return g
}

// TestDirReaderWhileWriting reads a store that a tracker has open and
// is writing: the reader sees the records committed when it was opened,
// not the ones written but not committed, and changes no file.
func TestDirReaderWhileWriting(t *testing.T) {
	dir := t.TempDir()
	cfg := provenance.Config{KeepText: true}
	st, err := provenance.OpenDir(dir, cfg.Index.Settings)
	require.NoError(t, err)
	tr, err := provenance.Open(cfg, st)
	require.NoError(t, err)
	defer tr.Close()
	for _, i := range []int{0, 1, 2} {
		add(t, tr, seedArticle(t, i))
	}
	require.NoError(t, tr.Commit())
	for _, i := range []int{3, 4} {
		add(t, tr, seedArticle(t, i))
	}
	for range st.Records(0) { // flushes the two uncommitted records to the file
	}
	before := dirFiles(t, dir)

	r, err := provenance.OpenDirReader(dir)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Len())
	assert.Equal(t, dedup.Settings{}.String(), r.Settings())
	var ids []string
	for rec, err := range r.Records(0) {
		require.NoError(t, err)
		ids = append(ids, rec.Article.ID)
	}
	assert.Equal(t, seedNames[:3], ids)
	assert.Equal(t, before, dirFiles(t, dir), "the reader changed the store")
	err = r.Append(&provenance.Record{Article: provenance.Article{ID: "x", Text: "y"}})
	assert.ErrorIs(t, err, provenance.ErrReadOnly)

	// Once the writer commits, a new reader sees everything.
	require.NoError(t, tr.Commit())
	r, err = provenance.OpenDirReader(dir)
	require.NoError(t, err)
	assert.Equal(t, 5, r.Len())
	var from []string
	for rec, err := range r.Records(3) {
		require.NoError(t, err)
		from = append(from, rec.Article.ID)
	}
	assert.Equal(t, seedNames[3:], from)
}

// TestDirReaderGraph rebuilds the graph from the records and finds every
// verdict as the tracker that wrote them gave it, and the texts kept.
func TestDirReaderGraph(t *testing.T) {
	dir := t.TempDir()
	cfg := provenance.Config{KeepText: true}
	tr := openDir(t, dir, cfg)
	for _, i := range []int{0, 1, 2, 3, 4} {
		a := seedArticle(t, i)
		a.Source = []string{"The Washington Post", "The Moscow Times", "Semafor", "", ""}[i]
		add(t, tr, a)
	}
	want := verdicts(tr)
	require.NoError(t, tr.Close())

	r, err := provenance.OpenDirReader(dir)
	require.NoError(t, err)
	g := graphOf(t, r)
	got := slices.Collect(g.Articles())
	assert.Equal(t, want, got)
	v, _ := g.Verdict(seedNames[3])
	require.True(t, v.IsCopy())
	assert.Equal(t, seedNames[1], v.Origin)
	a, ok := g.Article(seedNames[1])
	require.True(t, ok)
	assert.Equal(t, "The Moscow Times", a.Source)
	assert.Empty(t, a.Text, "the graph keeps no text")
	for rec, err := range r.Records(3) {
		require.NoError(t, err)
		assert.Equal(t, seedArticle(t, 3).Text, rec.Article.Text, "stored texts are read back")
		break
	}
	// A record replayed twice is refused, and the graph is unchanged.
	for rec := range r.Records(0) {
		assert.ErrorIs(t, g.AddRecord(rec), provenance.ErrDuplicateID)
		break
	}
	assert.Equal(t, 5, g.Len())
}

// TestDirReaderTornTail reads a store whose last write was torn: the
// torn bytes are not read, and not moved or cut either (a writer that
// opens the store does that).
func TestDirReaderTornTail(t *testing.T) {
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	for _, i := range []int{0, 1} {
		add(t, tr, seedArticle(t, i))
	}
	require.NoError(t, tr.Close())
	log := filepath.Join(dir, provenance.DirLogName)
	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte{0x90, 0x03, 1, 2, 3, 4, 1, 'x'}) // a frame cut short
	require.NoError(t, err)
	require.NoError(t, f.Close())
	before := dirFiles(t, dir)

	r, err := provenance.OpenDirReader(dir)
	require.NoError(t, err)
	assert.Equal(t, 2, r.Len())
	assert.Equal(t, 2, graphOf(t, r).Len())
	assert.Equal(t, before, dirFiles(t, dir))
}

func TestDirReaderNoStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	_, err := provenance.OpenDirReader(dir)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.NoDirExists(t, dir, "a reader creates nothing")

	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, provenance.DirLogName), []byte("not a store"), 0o644))
	_, err = provenance.OpenDirReader(dir)
	assert.ErrorIs(t, err, provenance.ErrCorruptRecord)
}

// TestDirReaderOpen replays a reader into a tracker with Open: the
// tracker answers, and cannot add.
func TestDirReaderOpen(t *testing.T) {
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	for _, i := range []int{1, 3} {
		add(t, tr, seedArticle(t, i))
	}
	require.NoError(t, tr.Close())
	r, err := provenance.OpenDirReader(dir)
	require.NoError(t, err)
	tr, err = provenance.Open(provenance.Config{}, r)
	require.NoError(t, err)
	defer tr.Close()
	v, ok := tr.Verdict(seedNames[3])
	require.True(t, ok)
	assert.Equal(t, seedNames[1], v.Origin)
	_, err = tr.Add(seedArticle(t, 0))
	assert.ErrorIs(t, err, provenance.ErrReadOnly)
}
