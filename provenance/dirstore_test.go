package provenance_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// variant is seed article i%5 with a line that makes its text its own,
// under the ID childID(i): a record of about 3 KB when texts are kept.
func variant(t testing.TB, i int) provenance.Article {
	a := seedArticle(t, i%len(seedNames))
	return provenance.Article{ID: childID(i), Text: fmt.Sprintf("%s\n\nUpdate %d.", a.Text, i)}
}

// copyStore copies the store's files, but its lock, into a new
// directory: what a process killed at this moment leaves on disk (its
// writes are in the file system, its buffer is not).
func copyStore(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name() == provenance.DirLockName || !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(out, e.Name()), b, 0o644))
	}
	return out
}

func logSize(t *testing.T, dir string) int64 {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, provenance.DirLogName))
	require.NoError(t, err)
	return info.Size()
}

// TestDirStoreSetsAsideUncommitted: records appended after the last
// Commit that the write buffer had already written to the file are not
// in the store when a killed process's store is opened again; they are
// set aside, and reported.
func TestDirStoreSetsAsideUncommitted(t *testing.T) {
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{KeepText: true})
	for i := range 5 {
		add(t, tr, variant(t, i))
	}
	require.NoError(t, tr.Commit())
	committedSize := logSize(t, dir)
	for i := 5; i < 600; i++ { // about 1.8 MB: more than the write buffer
		add(t, tr, variant(t, i))
	}
	require.Greater(t, logSize(t, dir), committedSize+500_000, "the buffer wrote uncommitted records to the file")
	killed := copyStore(t, dir)
	require.NoError(t, tr.Close())

	st, err := provenance.OpenDir(killed, dedup.Settings{})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Len(), "only the committed records")
	assert.Positive(t, st.Recovered)
	assert.FileExists(t, st.TornFile)
	tr, err = provenance.Open(provenance.Config{KeepText: true}, st)
	require.NoError(t, err)
	_, ok := tr.Verdict(childID(5))
	assert.False(t, ok, "an uncommitted article is not stored")
	// The uncommitted articles can be added again: no ErrDuplicateID.
	add(t, tr, variant(t, 5))
	require.NoError(t, tr.Close())
	st, err = provenance.OpenDir(killed, dedup.Settings{})
	require.NoError(t, err)
	assert.Equal(t, 6, st.Len())
	assert.Zero(t, st.Recovered)
	require.NoError(t, st.Close())
}

// TestDirStoreKilledBeforeCommit kills a child process with SIGKILL
// after it appended records that the write buffer flushed to the file,
// but before it committed them: the store holds exactly the committed
// records.
func TestDirStoreKilledBeforeCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process: not with -short")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDirStoreChildUncommitted$")
	cmd.Env = append(os.Environ(), "REPRINT_STORE_CHILD_UNCOMMITTED="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	committed, appended := 0, 0
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "committed "); ok {
			committed, err = strconv.Atoi(n)
			require.NoError(t, err)
		}
		if n, ok := strings.CutPrefix(lines.Text(), "flushed "); ok {
			appended, err = strconv.Atoi(n)
			require.NoError(t, err)
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			break
		}
	}
	_ = cmd.Wait()
	require.Equal(t, 7, committed)
	require.Greater(t, appended, committed)

	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	defer st.Close()
	t.Logf("killed after %d committed and %d appended: %d stored, %d bytes set aside", committed, appended, st.Len(), st.Recovered)
	assert.Equal(t, committed, st.Len())
	assert.Positive(t, st.Recovered)
}

// TestDirStoreChildUncommitted is the child of
// TestDirStoreKilledBeforeCommit: it commits 7 articles, appends more
// until its store's file has grown past the commit, says so, and waits
// to be killed.
func TestDirStoreChildUncommitted(t *testing.T) {
	dir := os.Getenv("REPRINT_STORE_CHILD_UNCOMMITTED")
	if dir == "" {
		t.Skip("helper process of TestDirStoreKilledBeforeCommit")
	}
	tr := openDir(t, dir, provenance.Config{KeepText: true})
	for i := range 7 {
		add(t, tr, variant(t, i))
	}
	require.NoError(t, tr.Commit())
	fmt.Println("committed 7")
	committed := logSize(t, dir)
	i := 7
	for ; logSize(t, dir) < committed+100_000; i++ {
		add(t, tr, variant(t, i))
	}
	fmt.Printf("flushed %d\n", i)
	select {} // killed here
}

// TestDirStoreRefusesLinks plants symbolic links under the names of the
// store's files, pointing out of the store: the store is refused with
// the file's name, and the link's target is neither created nor changed.
func TestDirStoreRefusesLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	for _, name := range []string{provenance.DirLogName, provenance.DirLogName + ".new", provenance.DirLockName, "commits", "commits.new"} {
		for _, dangling := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s dangling=%v", name, dangling), func(t *testing.T) {
				dir, outside := t.TempDir(), t.TempDir()
				target := filepath.Join(outside, "precious")
				if !dangling {
					require.NoError(t, os.WriteFile(target, []byte("precious"), 0o644))
				}
				require.NoError(t, os.Symlink(target, filepath.Join(dir, name)))
				st, err := provenance.OpenDir(dir, dedup.Settings{})
				if err == nil {
					st.Close()
				}
				require.Error(t, err)
				assert.Contains(t, err.Error(), name)
				assert.Contains(t, err.Error(), "link")
				if dangling {
					assert.NoFileExists(t, target)
				} else {
					b, err := os.ReadFile(target)
					require.NoError(t, err)
					assert.Equal(t, "precious", string(b))
				}
			})
		}
	}
}

// TestDirStoreTornFileIsNotALink: a link planted under the name the
// store would give its set-aside bytes is left alone; the bytes go to
// another name.
func TestDirStoreTornFileIsNotALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir, outside := t.TempDir(), t.TempDir()
	tr := openDir(t, dir, provenance.Config{})
	add(t, tr, seedArticle(t, 0))
	require.NoError(t, tr.Close())
	size := logSize(t, dir)
	f, err := os.OpenFile(filepath.Join(dir, provenance.DirLogName), os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte("\x85\x03\x00\x00torn"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	target := filepath.Join(outside, "precious")
	require.NoError(t, os.WriteFile(target, []byte("precious"), 0o644))
	require.NoError(t, os.Symlink(target, filepath.Join(dir, fmt.Sprintf("%s.torn-%d", provenance.DirLogName, size))))

	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	defer st.Close()
	assert.Equal(t, 1, st.Len())
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "precious", string(b))
	info, err := os.Lstat(st.TornFile)
	require.NoError(t, err)
	assert.True(t, info.Mode().IsRegular(), st.TornFile)
}

// TestDirStoreLockedInThisProcess: a second OpenDir of a store this
// process has open is refused, and the error says so.
func TestDirStoreLockedInThisProcess(t *testing.T) {
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	_, err = provenance.OpenDir(dir, dedup.Settings{})
	require.ErrorIs(t, err, provenance.ErrStoreLocked)
	assert.Contains(t, err.Error(), "this process")
	assert.NotContains(t, err.Error(), "another process")
	require.NoError(t, st.Close())
	st, err = provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err, "Close releases it")
	require.NoError(t, st.Discard())
	st, err = provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err, "Discard releases it")
	require.NoError(t, st.Close())
}

// TestUseAfterClose: Commit, Append and Records after Close return
// ErrClosed, from the tracker and from the store.
func TestUseAfterClose(t *testing.T) {
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{}, st)
	require.NoError(t, err)
	add(t, tr, seedArticle(t, 0))
	require.NoError(t, tr.Close())
	require.ErrorIs(t, tr.Commit(), provenance.ErrClosed)
	_, err = tr.Add(seedArticle(t, 1))
	require.ErrorIs(t, err, provenance.ErrClosed)
	require.ErrorIs(t, st.Commit(), provenance.ErrClosed)
	require.ErrorIs(t, st.Append(&provenance.Record{Article: provenance.Article{ID: "x"}}), provenance.ErrClosed)
	for _, err := range st.Records(0) {
		require.ErrorIs(t, err, provenance.ErrClosed)
	}

	mem, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	require.NoError(t, mem.Close())
	require.ErrorIs(t, mem.Commit(), provenance.ErrClosed, "without a store too")
}

// committedStore makes a store of commits batches of 5 articles each,
// texts kept, and returns its directory and log bytes.
func committedStore(t *testing.T, commits int) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{KeepText: true})
	for i := range commits * 5 {
		add(t, tr, variant(t, i))
		if i%5 == 4 {
			require.NoError(t, tr.Commit())
		}
	}
	require.NoError(t, tr.Close())
	b, err := os.ReadFile(filepath.Join(dir, provenance.DirLogName))
	require.NoError(t, err)
	return dir, b
}

// TestDirStoreRefusesLostCommits cuts a store's log in half: the
// committed records after the cut are lost, and opening says so, with
// how many, rather than opening with half the store.
func TestDirStoreRefusesLostCommits(t *testing.T) {
	for _, cut := range []string{"mid-frame", "after a commit mark"} {
		t.Run(cut, func(t *testing.T) {
			dir, b := committedStore(t, 20)
			half := len(b) / 2
			if cut == "after a commit mark" {
				half = lastMarkBefore(t, b, half)
			}
			path := filepath.Join(dir, provenance.DirLogName)
			require.NoError(t, os.WriteFile(path, b[:half], 0o644))
			_, err := provenance.OpenDir(dir, dedup.Settings{})
			require.ErrorIs(t, err, provenance.ErrCorruptRecord)
			assert.Contains(t, err.Error(), "100 records in 20 commits")
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, b[:half], after, "nothing moved or cut")
		})
	}
}

// lastMarkBefore returns the end of the last commit mark in log b
// before byte off.
func lastMarkBefore(t *testing.T, b []byte, off int) int {
	t.Helper()
	mark := b[len(b)-7:] // a store ends with one after Close
	require.Equal(t, "\x00C", string(mark[5:]))
	i := strings.LastIndex(string(b[:off]), string(mark))
	require.Positive(t, i)
	return i + len(mark)
}
