package main

import (
	"os"
	"path/filepath"
	"strconv"
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

// ids returns the IDs of the JSONL output out.
func ids(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, l := range parse(t, out) {
		got = append(got, l.ID)
	}
	return got
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

	out, errOut, err := flagRunOrHang(t, nil, "", "-format", "jsonl", dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "alias"}, ids(t, out))
	assert.Contains(t, errOut, "flag: warning: "+filepath.Join(dir, "secret.txt")+": skipped: a link out of "+dir)

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

// TestMaxArticle: an article file, or a JSONL line, longer than
// -max-article is an error naming it, read no further than the bound.
func TestMaxArticle(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, _, err := flagRunOrHang(t, nil, "", "-max-article", "1MiB", "/dev/zero")
		require.ErrorContains(t, err, "/dev/zero: longer than 1MiB, the most one article may have (flag -max-article)")
	}
	text := readSeed(t, "001")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat(text, 1000)), 0o644))
	_, _, err := flagRun(t, "", "-max-article", "1MiB", dir)
	require.ErrorContains(t, err, filepath.Join(dir, "big.txt")+": longer than 1MiB")
	_, _, err = flagRun(t, "", "-max-article", strconv.Itoa(len(text)-1), dir)
	require.ErrorContains(t, err, "big.txt: longer than")

	small := `{"id":"a","text":"` + strings.Repeat("word ", 30) + `"}` + "\n"
	big := `{"id":"b","text":"` + strings.Repeat("word ", 300_000) + `"}` + "\n"
	out, _, err := flagRun(t, small+big, "-max-article", "1MiB", "-")
	require.ErrorContains(t, err, "standard input:2: longer than 1MiB, the most one article may have (flag -max-article)")
	assert.Empty(t, out)
	out, _, err = flagRun(t, small+big, "-format", "jsonl", "-max-article", "2MiB", "-")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ids(t, out))

	for _, bad := range []string{"0", "-1", "12XB", "MiB", "1.5MiB"} {
		_, _, err := flagRun(t, small, "-max-article", bad, "-")
		require.ErrorContains(t, err, "-max-article", bad)
	}
	_, usage, _ := flagRun(t, "", "-h")
	assert.Contains(t, usage, "(default 16MiB)")
}

// TestJSONLKeysAndIDsAreChecked: keys are matched exactly and once, and
// IDs that would merge, forge report lines or drive the terminal are
// refused, each with an error naming the line and nothing written.
func TestJSONLKeysAndIDsAreChecked(t *testing.T) {
	text := strings.Repeat("word ", 30)
	good := `{"id":"a","text":"` + text + `"}` + "\n"
	for _, c := range []struct{ name, line, want string }{
		{"upper-case key", `{"ID":"b","text":"` + text + `"}`, `key "ID": keys are case-sensitive; want "id"`},
		{"key in two cases", `{"id":"b","Id":"c","text":"` + text + `"}`, `key "Id": keys are case-sensitive; want "id"`},
		{"duplicate id", `{"id":"b","id":"c","text":"` + text + `"}`, `"id" given twice`},
		{"duplicate text", `{"id":"b","text":"x","text":"` + text + `"}`, `"text" given twice`},
		{"escaped duplicate", `{"id":"b","\u0069d":"c","text":"` + text + `"}`, `"id" given twice`},
		{"Latin-1 id", "{\"id\":\"caf\xe9\",\"text\":\"" + text + `"}`, `"id" is not valid UTF-8`},
		{"surrogate id", `{"id":"a\ud800","text":"` + text + `"}`, `"id" is not valid UTF-8`},
		{"blank id", `{"id":" \t ","text":"` + text + `"}`, `invalid article id " \t ": only white space`},
		{"NUL in id", `{"id":"b\u0000","text":"` + text + `"}`, `invalid article id "b\x00": control character U+0000`},
		{"newline in id", `{"id":"b\nStory x: 9 articles","text":"` + text + `"}`, `control character U+000A`},
		{"escape in id", `{"id":"b\u001b[2J","text":"` + text + `"}`, `control character U+001B`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := flagRun(t, good+c.line+"\n", "-")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "standard input:2: ")
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, out, "nothing written")
			assert.NotContains(t, err.Error()+errOut, "\x1b", "no raw escape reaches the terminal")
		})
	}
	// Two Latin-1 IDs used to become one.
	_, _, err := flagRun(t, "{\"id\":\"\xff\",\"text\":\""+text+"\"}\n{\"id\":\"\xfe\",\"text\":\""+text+"\"}\n", "-")
	require.ErrorContains(t, err, `standard input:1: "id" is not valid UTF-8`)
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
