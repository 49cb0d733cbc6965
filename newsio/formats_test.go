package newsio

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readAll writes content to a file named name and reads it with r,
// returning the articles and the warnings.
func readAll(t *testing.T, r Reader, name, content string) ([]Input, []string, error) {
	t.Helper()
	t.Chdir(t.TempDir())
	path := name
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	var warnings []string
	r.Warn = func(msg string) { warnings = append(warnings, msg) }
	var got []Input
	err := r.Read([]string{path}, nil, func(in Input) error {
		got = append(got, in)
		return nil
	})
	return got, warnings, err
}

// TestCommonFieldNames: the names that exports commonly use are read,
// and a time named "date" (as in the Reuters-21578 file) is the
// publication time.
func TestCommonFieldNames(t *testing.T) {
	lines := strings.Join([]string{
		`{"id":"r1","date":"1987-02-26T15:01:01.790","title":"BAHIA COCOA REVIEW","text":"BAHIA COCOA REVIEW\n\nShowers continued."}`,
		`{"id":2,"published_at":"2024-01-02 10:00","headline":"Rates held","body":"The bank held rates.","outlet":"REUTERS","link":"https://example.com/a"}`,
		`{"id":"r3","pubDate":"Tue, 02 Jan 2024 10:00:00 EST","content":"Plain text.\nSecond line.","publisher":"The Moscow Times"}`,
		`{"id":"r4","time":1704189600,"text":"Unix seconds.","site":"valley-post.example"}`,
	}, "\n") + "\n"
	got, warnings, err := readAll(t, Reader{}, "feed.jsonl", lines)
	require.NoError(t, err)
	require.Len(t, got, 4)
	assert.Empty(t, warnings)

	assert.Equal(t, time.Date(1987, 2, 26, 15, 1, 1, 790e6, time.UTC), got[0].Published)
	assert.Equal(t, "BAHIA COCOA REVIEW", got[0].Title)

	assert.Equal(t, "2", got[1].ID, "a number is an ID as written")
	assert.Equal(t, time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC), got[1].Published)
	assert.Equal(t, "Rates held", got[1].Title)
	assert.Equal(t, "The bank held rates.", got[1].Text)
	assert.Equal(t, "REUTERS", got[1].Source)
	assert.Equal(t, "https://example.com/a", got[1].URL)

	assert.True(t, time.Date(2024, 1, 2, 15, 0, 0, 0, time.UTC).Equal(got[2].Published), "EST is 5 hours behind UTC: %v", got[2].Published)
	assert.Equal(t, "Plain text.", got[2].Title, "no title: the first line")
	assert.Equal(t, "The Moscow Times", got[2].Source)

	assert.True(t, time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC).Equal(got[3].Published))
	assert.Equal(t, "valley-post.example", got[3].Source)

	var size int64
	for _, in := range got {
		size += in.Size
	}
	assert.Equal(t, int64(len(lines)), size, "the sizes add up to the input's, so progress reaches 100%")
}

// TestOneFieldTwoKeys: a line that gives one field under two keys is
// refused, naming both, unless -field chooses one.
func TestOneFieldTwoKeys(t *testing.T) {
	line := `{"id":"a","text":"t","date":"2024-01-01","published":"2024-02-02"}` + "\n"
	_, _, err := readAll(t, Reader{}, "feed.jsonl", line)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `feed.jsonl:1: "date" and "published" both give the publication time; keep one, or choose one with -field published=KEY`)

	got, _, err := readAll(t, Reader{Fields: map[string]string{"published": "published"}}, "feed.jsonl", line)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC), got[0].Published, "the chosen key alone")

	_, _, err = readAll(t, Reader{}, "feed.jsonl", `{"id":"a","text":"t","body":"u"}`)
	require.ErrorContains(t, err, `"text" and "body" both give the text`)
}

// TestFieldMap: -field reads a field from any key.
func TestFieldMap(t *testing.T) {
	m, err := ParseFieldMap([]string{"published=dt,title=hed", "source=paper"})
	require.NoError(t, err)
	got, warnings, err := readAll(t, Reader{Fields: m}, "feed.jsonl",
		`{"id":"a","text":"t","dt":"2024-03-04 05:06","hed":"H","paper":"P"}`+"\n")
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, time.Date(2024, 3, 4, 5, 6, 0, 0, time.UTC), got[0].Published)
	assert.Equal(t, "H", got[0].Title)
	assert.Equal(t, "P", got[0].Source)

	for _, bad := range [][]string{{"when=dt"}, {"published"}, {"published=a", "published=b"}} {
		_, err := ParseFieldMap(bad)
		assert.Error(t, err, bad)
	}
	_, err = ParseFieldMap([]string{"when=dt"})
	assert.ErrorContains(t, err, `no field "when"; want one of id, text, published, source, url, title`)
	_, _, err = readAll(t, Reader{Fields: map[string]string{"published": "x", "title": "x"}}, "f.jsonl", `{"id":"a","text":"t"}`)
	assert.ErrorContains(t, err, "one key cannot give two fields")
}

// TestUnreadFieldsWarnOnce: keys that look like a time or text but are
// not read are named once, with how to read them.
func TestUnreadFieldsWarnOnce(t *testing.T) {
	long := strings.Repeat("word ", 60)
	lines := `{"id":"a","text":"t","dt":"2024-01-02 10:00","story":"` + long + `","dateline":"SALVADOR, Feb 26 -"}` + "\n" +
		`{"id":"b","text":"t","dt":"2024-01-03 10:00","story":"` + long + `"}` + "\n"
	_, warnings, err := readAll(t, Reader{}, "feed.jsonl", lines)
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], `"dt" (`)
	assert.Contains(t, warnings[0], `feed.jsonl:1) looks like a time, "story" (`)
	assert.Contains(t, warnings[0], `-field published=dt or -field text=story`)
	assert.NotContains(t, warnings[0], "dateline")
}

// TestJSONArray: an export that is one JSON array is read element by
// element, and errors name the line.
func TestJSONArray(t *testing.T) {
	doc := "[\n  {\"id\": 1, \"text\": \"one\"},\n  {\"id\": 2,\n   \"text\": \"two\", \"date\": \"2024-01-02\"}\n]\n"
	got, _, err := readAll(t, Reader{}, "export.json", doc)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "1", got[0].ID)
	assert.Equal(t, "two", got[1].Text)
	assert.Equal(t, "export.json:3", Printable(got[1].Where))

	_, _, err = readAll(t, Reader{}, "export.json", "[\n  {\"id\": 1, \"text\": \"one\"},\n  {\"id\": 2}\n]")
	assert.EqualError(t, err, `export.json:3: article "2": missing "text" (read from "text", "body", "content")`)

	_, _, err = readAll(t, Reader{}, "export.json", "[\n  {\"id\": 1, \"text\": \"one\"},\n")
	assert.EqualError(t, err, `export.json:3: the file ends inside the JSON array (no closing "]")`)

	// Standard input too: an array is told by its first byte.
	var n int
	err = Reader{}.Read([]string{"-"}, strings.NewReader(" "+doc), func(Input) error { n++; return nil })
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	// A .jsonl file whose lines are one object spread out says so.
	_, _, err = readAll(t, Reader{}, "feed.jsonl", "{\n\"id\": \"a\", \"text\": \"t\"\n}\n")
	assert.ErrorContains(t, err, "feed.jsonl:1: malformed JSON")
}

// TestCSV: a CSV export with a header row.
func TestCSV(t *testing.T) {
	doc := "\uFEFFID,Headline,Date,Body,Words\n" +
		"17,Rates held,2024-01-02 10:00,\"The bank held rates,\nsaid the governor.\",9\n" +
		"18,Cocoa,\"Tue, 02 Jan 2024 10:00:00 GMT\",Showers continued.,2\n"
	got, _, err := readAll(t, Reader{}, "export.csv", doc)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "17", got[0].ID)
	assert.Equal(t, "Rates held", got[0].Title)
	assert.Equal(t, "The bank held rates,\nsaid the governor.", got[0].Text)
	assert.Equal(t, time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC), got[0].Published)
	assert.Equal(t, "export.csv:4", got[1].Where, "the line the row starts on")

	_, _, err = readAll(t, Reader{}, "export.csv", "id,text\n1,a\n2,b,c\n")
	assert.EqualError(t, err, "export.csv:3: this row has another number of columns than the header row")
	_, _, err = readAll(t, Reader{}, "export.csv", "id,words\n1,a\n")
	assert.EqualError(t, err, `export.csv:1: no column gives the text (want a column named text or body or content); the header row names "id", "words"`)
	_, _, err = readAll(t, Reader{}, "export.csv", "id,text,body\n1,a,b\n")
	assert.ErrorContains(t, err, `export.csv:1: columns "text" and "body" both give the text`)
	_, _, err = readAll(t, Reader{}, "export.csv", "id,text,date\n1,a,soon\n")
	assert.ErrorContains(t, err, `export.csv:2: article "1": "date": published "soon": want a time such as`)
}

func TestParsePublishedForms(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2024-01-02 10:00":                time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC),
		"2024-01-02T10:00":                time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC),
		"2024-01-02 10:00:30":             time.Date(2024, 1, 2, 10, 0, 30, 0, time.UTC),
		"2024-01-02T10:00:00+0100":        time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC),
		"Tue, 02 Jan 2024 10:00:00 GMT":   time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC),
		"Tue, 2 Jan 2024 10:00:00 +0100":  time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC),
		"Tue, 02 Jan 2024 10:00:00 PST":   time.Date(2024, 1, 2, 18, 0, 0, 0, time.UTC),
		"02 Jan 24 10:00 GMT":             time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC),
		" 2024-01-02 ":                    time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		"Tuesday, 02-Jan-24 10:00:00 UTC": {},
	} {
		got, err := ParsePublished(in)
		if want.IsZero() {
			assert.Error(t, err, in)
			continue
		}
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: %v", in, got)
	}
	_, err := ParsePublished("Tue, 02 Jan 2024 10:00:00 CET")
	assert.EqualError(t, err, `time "Tue, 02 Jan 2024 10:00:00 CET": zone "CET" unknown; give a numeric zone such as +0100`)
}
