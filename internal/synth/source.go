package synth

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Story is one real story read from a source file.
type Story struct {
	// ID is the story's identifier in the source ("reuters-1").
	ID string
	// Text is the story's text, lightly cleaned: line ends normalised to
	// "\n", control characters other than newline and tab removed, and
	// surrounding white space trimmed.
	Text string
	// Published is the story's time from "published" or "date", in UTC;
	// zero when the source has none.
	Published time.Time
	// Title is the "title" field, or the text's first line when it has
	// none and that line is short.
	Title string
	// Dateline is the "dateline" field ("SALVADOR, Feb 26 -"), if any.
	Dateline string
	// Topics are the "topics" field (topic codes such as "grain"), if
	// any: they decide which stories are on the same topic.
	Topics []string
}

// Source is a set of real stories, in file order, from which generators
// draw originals and distractors. It is safe for concurrent use: the
// filtered and indexed form that generators need is computed once per
// minimum length (and epoch) and cached; do not change Stories after
// the first [New].
type Source struct {
	// Name names the source in messages (a file name).
	Name string
	// Stories are the stories in file order.
	Stories []Story

	mu       sync.Mutex
	prepared map[prepKey]*prepared
}

// sourceRecord is one JSONL line. Pointers tell a missing field from an
// empty one.
type sourceRecord struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Date      *string         `json:"date"`
	Published *string         `json:"published"`
	Title     string          `json:"title"`
	Dateline  string          `json:"dateline"`
	Topics    json.RawMessage `json:"topics"`
}

// LoadSource reads the JSONL file at path; see [ReadSource].
func LoadSource(path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadSource(f, path)
}

// ReadSource reads stories from JSONL: one JSON object per non-blank line
// with an "id" (a string or a number), a "text" (a string), and
// optionally "published" or "date" (RFC 3339, a date, or a date and time
// without a zone, read as UTC), "title", "dateline" and "topics" (an array
// of strings, or one string; other values are ignored). Other fields are
// ignored; a leading byte order mark is skipped. Errors name the line as
// name:line. Empty texts are kept here and dropped as too short later.
func ReadSource(r io.Reader, name string) (*Source, error) {
	src := &Source{Name: name}
	seen := map[string]int{}
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(bytes.TrimSpace(b)) > 0 {
			st, perr := parseSourceLine(b)
			if perr != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, perr)
			}
			if first, dup := seen[st.ID]; dup {
				return nil, fmt.Errorf("%s:%d: duplicate id %q (first on line %d)", name, line, st.ID, first)
			}
			seen[st.ID] = line
			src.Stories = append(src.Stories, st)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if len(src.Stories) == 0 {
		return nil, fmt.Errorf("%s: no stories", name)
	}
	return src, nil
}

func parseSourceLine(b []byte) (Story, error) {
	var rec sourceRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return Story{}, fmt.Errorf("malformed JSON: %w", err)
	}
	id, err := parseID(rec.ID)
	if err != nil {
		return Story{}, err
	}
	if rec.Text == nil {
		return Story{}, fmt.Errorf(`story %q: missing "text"`, id)
	}
	st := Story{ID: id, Text: cleanText(*rec.Text), Title: oneLine(rec.Title), Dateline: oneLine(rec.Dateline), Topics: topicList(rec.Topics)}
	when := rec.Published
	if when == nil || strings.TrimSpace(*when) == "" {
		when = rec.Date
	}
	if when != nil && strings.TrimSpace(*when) != "" {
		t, err := parseTime(*when)
		if err != nil {
			return Story{}, fmt.Errorf("story %q: %w", id, err)
		}
		st.Published = t
	}
	if st.Title == "" {
		first, _, _ := strings.Cut(st.Text, "\n")
		if first = strings.TrimSpace(first); utf8.RuneCountInString(first) <= 150 {
			st.Title = first
		}
	}
	return st, nil
}

// topicList reads "topics": an array of strings or one string; anything
// else (null, a number) means none, since topics only guide the choice
// of same-topic negatives.
func topicList(raw json.RawMessage) []string {
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{one}
	}
	return nil
}

// parseID accepts a non-empty JSON string or a JSON number.
func parseID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New(`missing "id"`)
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf(`"id": %w`, err)
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", fmt.Errorf(`"id" must be a string or a number, not %s`, raw)
		}
		s = n.String()
	}
	if strings.TrimSpace(s) == "" {
		return "", errors.New(`empty "id"`)
	}
	return s, nil
}

// timeLayouts are the accepted time forms: RFC 3339, a date and time
// without a zone (read as UTC), and a date.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", time.DateOnly}

// parseTime parses a source time. "t" and "z" may be lower case and a
// space may separate the date and the time.
func parseTime(s string) (time.Time, error) {
	norm := strings.ToUpper(strings.TrimSpace(s))
	if len(norm) > 10 && norm[10] == ' ' {
		norm = norm[:10] + "T" + norm[11:]
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, norm); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 (1987-02-26T15:01:01Z), a time without a zone (1987-02-26T15:01:01.790) or a date (1987-02-26)", s)
}

// cleanText normalises line ends, removes control characters other than
// newline and tab, and trims surrounding white space. Invalid UTF-8
// (which encoding/json already replaces) becomes U+FFFD.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r != '\n' && r != '\t' && unicode.IsControl(r)) || r == '\r' {
			clean = false
			break
		}
	}
	if !clean {
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s {
			switch {
			case r == '\r':
				b.WriteByte('\n')
			case r != '\n' && r != '\t' && unicode.IsControl(r):
				// dropped
			default:
				b.WriteRune(r) // RuneError stays U+FFFD
			}
		}
		s = b.String()
	}
	return strings.TrimSpace(s)
}

// oneLine collapses white space runs to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
