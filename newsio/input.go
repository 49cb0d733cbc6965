package newsio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/reprintlab/reprint/provenance"
)

// Input is one article read from a path, with where it came from.
type Input struct {
	provenance.Article
	// Title is the article's headline: its "title" or "headline" field,
	// or else the first line of its text that is not blank (see
	// [FirstLine]).
	Title string
	// Where names the file, or file and line, for messages, with
	// control characters escaped (see [Printable]).
	Where string
	// InvalidUTF8 is true when the text had bytes that are not UTF-8 (or,
	// in JSONL, \u escapes of lone surrogates); each became U+FFFD.
	InvalidUTF8 bool
	// Size is the number of bytes of input the article took: its file,
	// its line and line end (and blank lines before it), its CSV row. A
	// progress line counts them.
	Size int64
	// Extra holds the value of each key named in [Reader].Keep that the
	// line, row or array element gives, as written: raw JSON (null
	// included; in a string, bytes that are not UTF-8 left as they are),
	// or from CSV a cell that is not empty, as a JSON string. It is nil
	// when none is given, and the caller's to keep or change.
	Extra map[string]json.RawMessage
}

// About returns what the input says of the article besides its text.
func (in Input) About() About {
	return About{Title: in.Title, Source: in.Source, URL: in.URL, Published: in.Published}
}

// publishedLayouts are the accepted forms of a publication time, tried
// in order: RFC 3339, with or without a zone, seconds or fractions; a
// date; RFC 1123 and RFC 822 as in RSS feeds, with a numeric zone or a
// name. A time without a zone is read as UTC.
var publishedLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999", "2006-01-02T15:04Z07:00", "2006-01-02T15:04",
	time.DateOnly,
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", time.RFC822Z, time.RFC822,
}

// rfc822Zones are the zone names RFC 822 defines, with their offsets in
// hours; a time in any other named zone is refused rather than read as
// UTC.
var rfc822Zones = map[string]int{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}

// ParsePublished parses a publication time: RFC 3339
// ("2024-11-06T09:30:00Z"), the same without a zone or seconds
// ("2024-11-06 09:30", read as UTC), a date ("2024-11-06"), or RFC 1123 /
// RFC 822 as in RSS ("Wed, 06 Nov 2024 09:30:00 GMT"). As RFC 3339
// allows, "t" and "z" may be lower case and a space may separate date
// and time.
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	norm := strings.ToUpper(s)
	if len(norm) > 10 && norm[10] == ' ' && norm[4] == '-' {
		norm = norm[:10] + "T" + norm[11:]
	}
	for _, layout := range publishedLayouts {
		t, err := time.Parse(layout, norm)
		if err != nil {
			continue
		}
		if strings.HasSuffix(layout, "MST") {
			name, offset := t.Zone()
			hours, known := rfc822Zones[name]
			if !known {
				return time.Time{}, fmt.Errorf("time %q: zone %q unknown; give a numeric zone such as +0100", s, name)
			}
			if offset != hours*3600 {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, hours*3600))
			}
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("published %q: want a time such as 2024-11-06T09:30:00Z, 2024-11-06 09:30, 2024-11-06 or Wed, 06 Nov 2024 09:30:00 GMT", s)
}

// unixTime reads a number as a Unix time: seconds, or milliseconds when
// it is too large for seconds (past the year 5138).
func unixTime(s string) (time.Time, error) {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 || n > 1e15 {
		return time.Time{}, errors.New("want a Unix time in seconds or milliseconds")
	}
	if n >= 1e11 {
		n /= 1000
	}
	sec, frac := math.Modf(n)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), nil
}

// DefaultMaxArticle is the default of [Reader].MaxArticle: 16 MiB, far
// more than any news article, far less than a machine's memory.
const DefaultMaxArticle = 16 << 20

// Reader reads articles from files, folders and JSONL. The zero value
// reads with the defaults. A Reader is safe for concurrent use if Warn is.
type Reader struct {
	// MaxArticle bounds one article, in bytes: the size of a file read as
	// one article and the length of a JSONL line. A longer one is an
	// error naming it, found without reading past the bound. 0 means
	// DefaultMaxArticle.
	MaxArticle int64
	// Warn, if not nil, is told of every file of a folder that is
	// skipped, and why, as "PATH: skipped: a named pipe, not a regular
	// file".
	Warn func(msg string)
	// Fields names the key that gives a field, for input whose keys are
	// not among the [Aliases]: "published" → "dt" reads the time from
	// "dt" and from no other key. Field names are those of Aliases.
	Fields map[string]string
	// Keep names keys whose values a caller reads itself, such as a
	// labelled corpus's truth: each one a line gives goes into
	// [Input].Extra, as written. A key is matched in its exact case in
	// JSON, in any case in a CSV header; given twice on one line, it is
	// refused like a field. A key that gives a field (an alias, or one
	// that Fields names) still gives it, and is kept too. A file read
	// as one article has no keys.
	Keep []string
	// BlankText, if true, reads an article whose text is empty or only
	// white space, as research corpora may have, rather than refusing it;
	// an article without a text is still refused.
	BlankText bool
	// PackStrings, if true, places the IDs, URLs and headlines of the
	// articles read from JSON (JSON Lines or a JSON array) side by side
	// in shared blocks of 64 KB instead of a string of their own each. A
	// consumer that keeps every article to the end, as the flagger does,
	// then leaves the garbage collector a few thousand objects to mark
	// instead of three per article, each a cache miss on a large heap. A
	// block stays in memory while any of its strings does: leave it false
	// for a consumer that keeps only some of the articles (a stream that
	// forgets the old ones), which would keep whole blocks for a few.
	PackStrings bool
}

// arena returns a new arena for one file's strings if r packs them, else
// nil.
func (r Reader) arena() *stringArena {
	if !r.PackStrings {
		return nil
	}
	return &stringArena{}
}

// Read calls fn for every article in paths, in order: a directory gives
// its *.txt files in name order (ID = file name without .txt); a .jsonl
// or .ndjson file, or "-" (standard input), one article per non-blank
// line; a .json file the same, or the objects of one JSON array when it
// starts with "["; a .csv file one article per row after a header row;
// any other file one article (ID = file name without extension).
//
// A line or row gives an article's fields under the keys of [Aliases]
// ("id"; "text", "body" or "content"; "published", "date", ...), or
// under those that Fields names. An ID may be a string or a number; a
// time a string in a form [ParsePublished] reads, or a number of seconds
// (or milliseconds) since 1970. The headline is "title" or "headline",
// else the text's first line.
//
// In a directory only regular files are read: a named pipe, a device or
// a socket is skipped, and so is a link to anything outside the
// directory; Warn is told. A path given in paths is read whatever it is
// (a link, a pipe): it was chosen. Warn is also told, once at the end,
// of keys that were not read but whose values look like a time or like
// an article's text.
//
// Read stops at the first error, from the input or from fn, and says
// where it is ("FILE" or "FILE:LINE", control characters escaped):
// duplicate IDs, IDs that [provenance.CheckID] refuses, a JSONL line that
// is not one JSON object, a key in another case than "id", "text",
// "published", "source" or "url", one field given twice (under one key or
// two of its aliases) or a kept key given twice, an "id" that is not
// UTF-8, a missing text or (unless BlankText) a blank one, a bad time, an
// article longer than MaxArticle, a bad Fields map or Keep list.
func (r Reader) Read(paths []string, stdin io.Reader, fn func(Input) error) error {
	src, err := r.start()
	if err != nil {
		return err
	}
	return src.each(paths, stdin, uniqueIDs(fn))
}

// ReadFromReader is Read for articles that come from an [io.Reader] rather than
// from a path: JSON Lines, or a JSON array when rd starts with "[", or
// CSV with a header row when name ends in ".csv". name names rd in
// messages ("NAME:LINE: ..."); it need not be a file. Like Read it checks
// IDs, duplicates included, stops at the first error, from rd or from
// fn, and tells Warn of keys not read that look like a time or a text.
// rd is read to its end unless there is an error; ReadFromReader does not
// close it.
func (r Reader) ReadFromReader(rd io.Reader, name string, fn func(Input) error) error {
	src, err := r.start()
	if err != nil {
		return err
	}
	emit := uniqueIDs(fn)
	if hasExt(name, ".csv") {
		err = src.readCSV(name, rd, emit)
	} else {
		err = src.readRecords(name, rd, emit)
	}
	if err != nil {
		return err
	}
	src.warnUnused()
	return nil
}

// start returns r at work, or the error of a bad Fields or Keep.
func (r Reader) start() (source, error) {
	keys, err := newKeyTable(r.Fields, r.Keep)
	if err != nil {
		return source{}, err
	}
	keys.blankText = r.BlankText
	return r.withKeys(keys), nil
}

// withKeys returns r at work with keys.
func (r Reader) withKeys(keys *keyTable) source {
	return source{Reader: r, keys: keys, unused: &unusedKeys{}}
}

// uniqueIDs returns a function that checks an article's ID, refuses one
// seen before, and passes the article to fn.
func uniqueIDs(fn func(Input) error) func(Input) error {
	// firstSeen holds where each ID was read: the offset in places of
	// its Where, written there after its length. Every ID read stays in
	// memory to the end, a million on a large input; its place costs no
	// string of its own, an object for the collector to mark each cycle.
	firstSeen := map[string]int{}
	var places []byte
	return func(in Input) error {
		if err := provenance.CheckID(in.ID); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		if at, dup := firstSeen[in.ID]; dup {
			n, w := binary.Uvarint(places[at:])
			prev := places[at+w : at+w+int(n)]
			return fmt.Errorf("%s: duplicate id %q (first at %s)", in.Where, in.ID, prev)
		}
		firstSeen[in.ID] = len(places)
		places = binary.AppendUvarint(places, uint64(len(in.Where)))
		places = append(places, in.Where...)
		return fn(in)
	}
}

// ReadEach is Read without its check for duplicate IDs, which keeps every
// ID read in memory: for an endless stream, whose consumer checks IDs
// itself (a tracker refuses an ID it holds, see
// provenance.ErrDuplicateID). Like Read it calls fn as each article is
// read, and keeps nothing.
func (r Reader) ReadEach(paths []string, stdin io.Reader, fn func(Input) error) error {
	src, err := r.start()
	if err != nil {
		return err
	}
	return src.each(paths, stdin, func(in Input) error {
		if err := provenance.CheckID(in.ID); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		return fn(in)
	})
}

// each reads paths in order, calling emit for each article.
func (src source) each(paths []string, stdin io.Reader, emit func(Input) error) error {
	for _, path := range paths {
		var err error
		switch info, statErr := os.Stat(path); {
		case path == "-":
			err = src.readRecords("standard input", stdin, emit)
		case statErr != nil:
			err = statErr
		case info.IsDir():
			err = src.readDir(path, emit)
		case isJSONL(path) || hasExt(path, ".json"):
			err = src.readRecordsFile(path, emit)
		case hasExt(path, ".csv"):
			err = src.readCSVFile(path, emit)
		default:
			err = src.readFile(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), emit)
		}
		if err != nil {
			return err
		}
	}
	src.warnUnused()
	return nil
}

// warnUnused tells Warn of the keys not read that look like a time or a
// text.
func (src source) warnUnused() {
	if msg := src.unused.message(); msg != "" && src.Warn != nil {
		src.Warn(msg)
	}
}

// source is a Reader at work: with its keys, and the keys it saw unread.
type source struct {
	Reader
	keys   *keyTable
	unused *unusedKeys
}

// hasExt reports whether path ends in ext, in any case.
func hasExt(path, ext string) bool { return strings.EqualFold(filepath.Ext(path), ext) }

// isJSONL reports whether path names a JSON Lines file: .jsonl or
// .ndjson, in any case.
func isJSONL(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".jsonl" || ext == ".ndjson"
}

// maxArticle is MaxArticle, or its default.
func (r Reader) maxArticle() int64 {
	if r.MaxArticle <= 0 {
		return DefaultMaxArticle
	}
	return r.MaxArticle
}

// tooLong is the error for an article longer than the bound.
func (r Reader) tooLong(where string) error {
	return fmt.Errorf("%s: longer than %s, the most one article may have (flag -max-article)", where, ByteSize(r.maxArticle()))
}

func (r Reader) warn(path, why string) {
	if r.Warn != nil {
		r.Warn(Printable(path) + ": skipped: " + why)
	}
}

// readDir reads the *.txt files of dir in name order.
func (r Reader) readDir(dir string, emit func(Input) error) error {
	entries, err := os.ReadDir(dir) // sorted by name; no glob, so any folder name works
	if err != nil {
		return err
	}
	d := folder{dir: dir}
	if d.root, err = os.OpenRoot(dir); err != nil {
		return err
	}
	defer d.root.Close()
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".txt") {
			continue
		}
		path := filepath.Join(dir, name)
		f, size, skip, err := d.open(e)
		if err != nil {
			return err
		}
		if skip != "" {
			r.warn(path, skip)
			continue
		}
		n++
		err = r.readArticle(f, size, path, strings.TrimSuffix(name, ".txt"), emit)
		f.Close()
		if err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("%s: no *.txt files", Printable(dir))
	}
	return nil
}

// folder is an input directory being read.
type folder struct {
	dir     string
	root    *os.Root // dir, out of which no path or link leads
	realDir string   // dir, absolute, links resolved; found when a link needs it
}

// open opens entry e of the folder if it is a regular file, or a link to
// one in the folder, and returns it with its size; else it returns why
// it is skipped. A named pipe is never opened, and a file is opened
// without blocking and checked again once open, so that one put in its
// place meanwhile cannot stall the run.
func (d *folder) open(e fs.DirEntry) (f *os.File, size int64, skip string, err error) {
	path, inRoot, mode := filepath.Join(d.dir, e.Name()), e.Name(), e.Type()
	if mode&fs.ModeSymlink != 0 {
		if d.realDir == "" {
			if d.realDir, err = absResolved(d.dir); err != nil {
				return nil, 0, "", err
			}
		}
		target, err := absResolved(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, "a link to nothing", nil
		} else if err != nil {
			return nil, 0, "", err
		}
		rel, err := filepath.Rel(d.realDir, target)
		if err != nil || !filepath.IsLocal(rel) {
			return nil, 0, "a link out of " + Printable(d.dir), nil
		}
		info, err := d.root.Stat(rel)
		if err != nil {
			return nil, 0, "", err
		}
		inRoot, mode = rel, info.Mode().Type()
	}
	if !mode.IsRegular() {
		return nil, 0, notRegular(mode), nil
	}
	if f, err = d.root.OpenFile(inRoot, os.O_RDONLY|syscall.O_NONBLOCK, 0); err != nil {
		return nil, 0, "", err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, 0, "", err
	case !info.Mode().IsRegular():
		f.Close()
		return nil, 0, notRegular(info.Mode()), nil
	}
	return f, info.Size(), "", nil
}

// absResolved returns path, absolute, with links resolved.
func absResolved(path string) (string, error) {
	path, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	return filepath.Abs(path)
}

// notRegular says what a file that is not a regular file is.
func notRegular(m fs.FileMode) string {
	what := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe, " + what
	case m&fs.ModeSocket != 0:
		what = "a socket, " + what
	case m&fs.ModeDevice != 0:
		what = "a device, " + what
	case m.IsDir():
		what = "a directory, " + what
	}
	return what
}

// readFile reads the file at path, which the user named, as one article.
func (r Reader) readFile(path, id string, emit func(Input) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	size := int64(-1)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	return r.readArticle(f, size, path, id, emit)
}

// readArticle reads f, of size bytes (-1 if unknown), as one article.
func (r Reader) readArticle(f io.Reader, size int64, path, id string, emit func(Input) error) error {
	where := Printable(path)
	limit := r.maxArticle()
	if size > limit {
		return r.tooLong(where)
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 512)+1))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if int64(buf.Len()) > limit {
		return r.tooLong(where)
	}
	text := buf.String()
	if strings.TrimSpace(text) == "" && !r.BlankText {
		return fmt.Errorf("%s: empty text", where)
	}
	return emit(Input{Article: provenance.Article{ID: id, Text: text}, Title: FirstLine(text), Where: where, InvalidUTF8: !utf8.ValidString(text), Size: int64(buf.Len())})
}

func (r source) readRecordsFile(name string, emit func(Input) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.readRecords(name, f, emit)
}

// readRecords reads JSON Lines from rd, or a JSON array when its first
// byte but white space is "[".
func (r source) readRecords(name string, rd io.Reader, emit func(Input) error) error {
	br := bufio.NewReaderSize(rd, 1<<20)
	for n := 64; n <= 1<<16; n *= 4 {
		b, _ := br.Peek(n)
		t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\uFEFF")), " \t\r\n")
		if len(t) > 0 {
			if t[0] == '[' {
				return r.readJSONArray(name, br, emit)
			}
			break
		}
		if len(b) < n {
			break // all white space
		}
	}
	return r.readJSONL(name, br, emit)
}

// readJSONL reads one article from each line of rd that is not blank.
func (r source) readJSONL(name string, rd io.Reader, emit func(Input) error) error {
	name = Printable(name)
	br, ok := rd.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(rd, 1<<20)
	}
	lines := lineReader{br: br, max: r.maxArticle()}
	p := lineParser{keys: r.keys, unused: r.unused, arena: r.arena()}
	r.unused.file = name
	var skipped int64 // bytes read since the last article: its line, and blank lines before it
	for n := 1; ; n++ {
		b, err := lines.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		where := func() string { return name + ":" + strconv.Itoa(n) }
		if errors.Is(err, errLineTooLong) {
			return r.tooLong(where())
		}
		if err != nil {
			return fmt.Errorf("%s: %w", where(), err)
		}
		skipped += int64(len(b))
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF")) // a byte order mark from Windows editors
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		r.unused.line = n
		in, err := p.parse(b)
		if err != nil {
			return fmt.Errorf("%s: %w", where(), explain(err, b))
		}
		in.Where, in.Size, skipped = where(), skipped, 0
		if err := emit(in); err != nil {
			return err
		}
	}
}

// explain adds a hint to an error about a line that is not a JSON
// object, when the line is part of something else.
func explain(err error, line []byte) error {
	var se *syntaxError
	if !errors.As(err, &se) || se.col != 1 {
		return err
	}
	switch t := bytes.TrimSpace(line); {
	case bytes.HasPrefix(t, []byte("[")) || bytes.HasPrefix(t, []byte("]")):
		return fmt.Errorf("%w (a JSON array is read only from the start of a file, each element an article)", err)
	case bytes.HasPrefix(t, []byte("\"")):
		return fmt.Errorf("%w (a JSON object spread over several lines? JSON Lines is one object per line: jq -c . FILE converts it)", err)
	}
	return err
}

// errLineTooLong is a line longer than lineReader.max.
var errLineTooLong = errors.New("line too long")

// lineReader reads lines of at most max bytes (line end not counted),
// holding no more than that of a longer one.
type lineReader struct {
	br   *bufio.Reader
	max  int64
	long []byte // a line longer than br's buffer, gathered
}

// next returns the next line, with its end, or io.EOF after the last. The
// line is valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	lr.long = lr.long[:0]
	for {
		b, err := lr.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) || len(lr.long) > 0 {
			lr.long = append(lr.long, b...)
			b = lr.long
		}
		if int64(len(b)) > lr.max+2 { // room for "\r\n"
			return nil, errLineTooLong
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return nil, err
		case len(b) == 0:
			return nil, io.EOF
		}
		if int64(len(bytes.TrimRight(b, "\r\n"))) > lr.max {
			return nil, errLineTooLong
		}
		return b, nil
	}
}
