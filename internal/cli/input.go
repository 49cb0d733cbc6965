// Package cli holds what the example programs share: reading articles
// from folders and JSONL files, and writing reports.
package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reprintlab/reprint/provenance"
)

// Input is one article read from a path, with where it came from.
type Input struct {
	provenance.Article
	// Where names the file, or file and line, for messages.
	Where string
	// InvalidUTF8 is true when the text had bytes that are not UTF-8.
	InvalidUTF8 bool
}

// record is one JSONL line. Pointers tell a missing field from an empty
// one; unknown fields are ignored.
type record struct {
	ID        *string `json:"id"`
	Text      *string `json:"text"`
	Published *string `json:"published"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
}

// publishedLayouts are the accepted forms of "published": RFC 3339, a
// date, and RFC 3339 without a zone (read as UTC).
var publishedLayouts = []string{time.RFC3339Nano, time.DateOnly, "2006-01-02T15:04:05.999999999"}

// ParsePublished parses a "published" value. As RFC 3339 allows, "t" and
// "z" may be lower case and a space may separate date and time.
func ParsePublished(s string) (time.Time, error) {
	norm := strings.ToUpper(s)
	if len(norm) > 10 && norm[10] == ' ' {
		norm = norm[:10] + "T" + norm[11:]
	}
	for _, layout := range publishedLayouts {
		if t, err := time.Parse(layout, norm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("published %q: want RFC 3339 (2024-11-06T09:30:00Z) or a date (2024-11-06)", s)
}

// Read calls fn for every article in paths, in order: a directory gives
// its *.txt files in name order (ID = file name without .txt), a .jsonl
// file or "-" (standard input) one article per non-blank line, any other
// file one article (ID = file name without extension). It stops at the
// first error, from the input or from fn. Duplicate IDs are errors.
func Read(paths []string, stdin io.Reader, fn func(Input) error) error {
	firstSeen := map[string]string{}
	emit := func(in Input) error {
		if prev, dup := firstSeen[in.ID]; dup {
			return fmt.Errorf("%s: duplicate id %q (first at %s)", in.Where, in.ID, prev)
		}
		firstSeen[in.ID] = in.Where
		return fn(in)
	}
	for _, path := range paths {
		var err error
		switch info, statErr := os.Stat(path); {
		case path == "-":
			err = readJSONL("standard input", stdin, emit)
		case statErr != nil:
			err = statErr
		case info.IsDir():
			err = readDir(path, emit)
		case isJSONL(path):
			err = readJSONLFile(path, emit)
		default:
			err = readFile(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), emit)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isJSONL reports whether path names a JSON Lines file: .jsonl or
// .ndjson, in any case.
func isJSONL(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".jsonl" || ext == ".ndjson"
}

func readDir(dir string, emit func(Input) error) error {
	entries, err := os.ReadDir(dir) // sorted by name; no glob, so any folder name works
	if err != nil {
		return err
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		n++
		if err := readFile(filepath.Join(dir, e.Name()), strings.TrimSuffix(e.Name(), ".txt"), emit); err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("%s: no *.txt files", dir)
	}
	return nil
}

func readFile(name, id string, emit func(Input) error) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	text := string(b)
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%s: empty text", name)
	}
	return emit(Input{Article: provenance.Article{ID: id, Text: text}, Where: name, InvalidUTF8: !utf8.ValidString(text)})
}

func readJSONLFile(name string, emit func(Input) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return readJSONL(name, f, emit)
}

func readJSONL(name string, r io.Reader, emit func(Input) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF")) // a byte order mark from Windows editors
		}
		if len(bytes.TrimSpace(b)) > 0 {
			where := fmt.Sprintf("%s:%d", name, line)
			in, perr := parseLine(b)
			if perr != nil {
				return fmt.Errorf("%s: %w", where, perr)
			}
			in.Where = where
			if err := emit(in); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

func parseLine(b []byte) (Input, error) {
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return Input{}, fmt.Errorf("malformed JSON: %w", err)
	}
	switch {
	case rec.ID == nil || *rec.ID == "":
		return Input{}, errors.New(`missing "id"`)
	case rec.Text == nil:
		return Input{}, fmt.Errorf(`article %q: missing "text"`, *rec.ID)
	case strings.TrimSpace(*rec.Text) == "":
		return Input{}, fmt.Errorf("article %q: empty text", *rec.ID)
	}
	in := Input{Article: provenance.Article{ID: *rec.ID, Text: *rec.Text, Source: rec.Source, URL: rec.URL}}
	// encoding/json replaces invalid UTF-8 with U+FFFD; look at the raw
	// text field to warn about it.
	var raw struct {
		Text json.RawMessage `json:"text"`
	}
	if json.Unmarshal(b, &raw) == nil {
		in.InvalidUTF8 = !utf8.Valid(raw.Text)
	}
	if rec.Published != nil && *rec.Published != "" {
		t, err := ParsePublished(*rec.Published)
		if err != nil {
			return Input{}, fmt.Errorf("article %q: %w", *rec.ID, err)
		}
		in.Published = t
	}
	return in, nil
}
