package synth

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reprintlab/reprint/newsio"
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

// LoadSource reads the JSONL file at path; see [ReadSource].
func LoadSource(path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadSource(f, path)
}

// sourceKeys are the keys read besides the article fields: "title" to
// tell a headline given from none, "dateline" and "topics".
var sourceKeys = []string{"title", "dateline", "topics"}

// ReadSource reads stories from JSONL (or a JSON array, or CSV when name
// ends in .csv) as [newsio.Reader] reads articles, with its checks: one
// JSON object per
// non-blank line with an "id" (a string or a number), a "text" (a
// string, which may be blank here: such stories are dropped as too
// short later), and optionally "published" or "date" (a time that
// [newsio.ParsePublished] reads, a time without a zone as UTC, or a Unix
// time), "title", "dateline" and "topics" (an array of strings, or one
// string; other values are ignored). Other keys are ignored; a leading
// byte order mark is skipped. Errors name the line as name:line: bad
// JSON, a key in another case than "id", "text", ..., a field given
// twice, a duplicate ID, a line longer than [newsio.DefaultMaxArticle].
func ReadSource(r io.Reader, name string) (*Source, error) {
	src := &Source{Name: name}
	reader := newsio.Reader{Keep: sourceKeys, BlankText: true}
	err := reader.ReadFromReader(r, name, func(in newsio.Input) error {
		st, err := storyOf(in)
		if err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		src.Stories = append(src.Stories, st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(src.Stories) == 0 {
		return nil, fmt.Errorf("%s: no stories", src.Name)
	}
	return src, nil
}

// storyOf makes a story of an article read with sourceKeys kept.
func storyOf(in newsio.Input) (Story, error) {
	title, err := optionalString(in.Extra["title"]) // newsio checked it is a string or null
	if err != nil {
		return Story{}, fmt.Errorf("story %q: \"title\" %w", in.ID, err)
	}
	dateline, err := optionalString(in.Extra["dateline"])
	if err != nil {
		return Story{}, fmt.Errorf("story %q: \"dateline\" %w", in.ID, err)
	}
	st := Story{ID: in.ID, Text: cleanText(in.Text), Published: in.Published.UTC(), Title: oneLine(title),
		Dateline: oneLine(dateline), Topics: topicList(in.Extra["topics"])}
	if st.Title == "" {
		first, _, _ := strings.Cut(st.Text, "\n")
		if first = strings.TrimSpace(first); utf8.RuneCountInString(first) <= 150 {
			st.Title = first
		}
	}
	return st, nil
}

// optionalString reads a JSON string; null or absent gives "".
func optionalString(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("must be a string, not %s", raw)
	}
	return s, nil
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
