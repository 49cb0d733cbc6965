//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangLimit is how long a run may take before a test calls it hung. It
// detects a hang; it does not measure speed.
const hangLimit = time.Minute

// flagRunOrHang is flagRun, failing the test if the run does not end
// within hangLimit; unblock, if not nil, is then called to let the
// stuck run go.
func flagRunOrHang(t *testing.T, unblock func(), stdin string, args ...string) (string, string, error) {
	t.Helper()
	type result struct {
		out, errOut string
		err         error
	}
	done := make(chan result, 1)
	go func() {
		out, errOut, err := flagRun(t, stdin, args...)
		done <- result{out, errOut, err}
	}()
	select {
	case r := <-done:
		return r.out, r.errOut, r.err
	case <-time.After(hangLimit):
		if unblock != nil {
			unblock()
		}
		t.Fatalf("flag %s hung", strings.Join(args, " "))
		return "", "", nil
	}
}

// TestDirectorySkipsFIFO: a named pipe called x.txt in an input folder
// is skipped with a warning; it used to block the run forever.
func TestDirectorySkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(readSeed(t, "001")), 0o644))
	fifo := filepath.Join(dir, "x.txt")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	unblock := func() { // a writer that opens and leaves ends a blocked read
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
	out, errOut, err := flagRunOrHang(t, unblock, "", "-format", "jsonl", dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(t, out))
	assert.Contains(t, errOut, "flag: warning: "+fifo+": skipped: a named pipe, not a regular file")
}

// TestDirectorySkipsLinksOutIt: in an input folder, a link to a file in
// the folder is read; a link out of it is skipped with a warning. A link
// named on the command line is read: the user chose it.
func TestDirectorySkipsLinksOutIt(t *testing.T) {
	root := t.TempDir()
	dir, outside := filepath.Join(root, "in"), filepath.Join(root, "outside")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Mkdir(outside, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(readSeed(t, "001")), 0o644))
	require.NoError(t, os.Symlink("a.txt", filepath.Join(dir, "alias.txt")))
	secret := filepath.Join(outside, "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte(readSeed(t, "004")), 0o644))
	require.NoError(t, os.Symlink("../outside/secret.txt", filepath.Join(dir, "secret.txt")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "absolute.txt")))
	require.NoError(t, os.Symlink("nowhere.txt", filepath.Join(dir, "dangling.txt")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.Symlink("sub", filepath.Join(dir, "folder.txt")))

	out, errOut, err := flagRunOrHang(t, nil, "", "-format", "jsonl", dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "absolute", "alias"}, ids(t, out), "links inside the folder are read")
	assert.Contains(t, errOut, "flag: warning: "+filepath.Join(dir, "secret.txt")+": skipped: a link out of "+dir+"\n")
	assert.Contains(t, errOut, "flag: warning: "+filepath.Join(dir, "dangling.txt")+": skipped: a link to nothing\n")
	assert.Contains(t, errOut, "flag: warning: "+filepath.Join(dir, "folder.txt")+": skipped: a directory, not a regular file\n")
	assert.Equal(t, 3, strings.Count(errOut, "\n"), errOut)

	// The same from a relative path.
	t.Chdir(root)
	out, _, err = flagRunOrHang(t, nil, "", "-format", "jsonl", "in")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "absolute", "alias"}, ids(t, out))

	out, _, err = flagRunOrHang(t, nil, "", "-format", "jsonl", filepath.Join(dir, "secret.txt"))
	require.NoError(t, err)
	assert.Equal(t, []string{"secret"}, ids(t, out))
}

// TestDirectorySkipsLinkToDevZero: zero.txt -> /dev/zero in an input
// folder is skipped; it used to be read until memory ran out.
func TestDirectorySkipsLinkToDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("SKIPPED: no /dev/zero on this system")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(readSeed(t, "001")), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")))
	out, errOut, err := flagRunOrHang(t, nil, "", "-format", "jsonl", "-max-article", "1MiB", dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(t, out))
	assert.Contains(t, errOut, "zero.txt: skipped: a link out of")
}

// TestExplicitDevZeroIsBounded: /dev/zero named on the command line is
// read, as chosen, but no further than -max-article.
func TestExplicitDevZeroIsBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("SKIPPED: no /dev/zero on this system")
	}
	_, _, err := flagRunOrHang(t, nil, "", "-max-article", "1MiB", "/dev/zero")
	require.ErrorContains(t, err, "/dev/zero: longer than 1MiB, the most one article may have (flag -max-article)")
}

// TestFileNamesAreIDsToo: a file whose name holds a control character is
// refused with a message that quotes it.
func TestFileNamesAreIDsToo(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a\nStory x: 9 articles.txt"), []byte(readSeed(t, "001")), 0o644))
	out, errOut, err := flagRun(t, "", dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `a\nStory x: 9 articles.txt: provenance: invalid article id "a\nStory x: 9 articles"`)
	assert.NotContains(t, err.Error(), "\n", "the message is one line")
	assert.Empty(t, out)
	assert.Empty(t, errOut)
}
