package newsio

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readFromReader reads input from a reader named name and returns its articles.
func readFromReader(t *testing.T, r Reader, name, input string) ([]Input, error) {
	t.Helper()
	var got []Input
	err := r.ReadFromReader(strings.NewReader(input), name, func(in Input) error {
		got = append(got, in)
		return nil
	})
	return got, err
}

// extras returns the kept values of in as strings, for comparing.
func extras(in Input) map[string]string {
	if in.Extra == nil {
		return nil
	}
	m := map[string]string{}
	for k, v := range in.Extra {
		m[k] = string(v)
	}
	return m
}

// Keep hands back the values of the keys it names as written, in JSON
// Lines, in a JSON array and in CSV; a key that gives a field still
// gives it.
func TestKeep(t *testing.T) {
	r := Reader{Keep: []string{"cluster", "topics", "title", "derived_from"}}
	got, err := readFromReader(t, r, "corpus.jsonl",
		`{"id":"a","text":"Wheat rose.","cluster":7,"topics":["grain", "wheat"],"title":"Wheat","other":1}`+"\n"+
			`{"id":"b","text":"Corn fell.","cluster":null,"derived_from":"a\u00e9"}`+"\n"+
			`{"id":"c","text":"Rice."}`+"\n")
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, map[string]string{"cluster": "7", "topics": `["grain", "wheat"]`, "title": `"Wheat"`}, extras(got[0]))
	assert.Equal(t, "Wheat", got[0].Title, "a kept field is still read")
	assert.Equal(t, map[string]string{"cluster": "null", "derived_from": `"a\u00e9"`}, extras(got[1]))
	assert.Nil(t, got[2].Extra)
	assert.Equal(t, "Rice.", got[2].Title)

	// One map per article: changing one leaves the next alone.
	got[0].Extra["cluster"] = json.RawMessage("8")
	assert.Equal(t, "null", string(got[1].Extra["cluster"]))

	got, err = readFromReader(t, r, "corpus.json", `[{"id":"a","text":"Wheat rose.","topics":{"k":[1]}}, {"id":"b","text":"x"}]`)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, map[string]string{"topics": `{"k":[1]}`}, extras(got[0]))

	// CSV: headers in any case, cells as JSON strings, empty ones absent.
	got, err = readFromReader(t, r, "corpus.csv", "id,text,Cluster,topics\na,Wheat rose.,7,\"grain \"\"x\"\"\"\nb,Corn fell.,,\n")
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, map[string]string{"cluster": `"7"`, "topics": `"grain \"x\""`}, extras(got[0]))
	assert.Nil(t, got[1].Extra)
}

func TestKeepRefuses(t *testing.T) {
	r := Reader{Keep: []string{"cluster", "title"}}
	for input, want := range map[string]string{
		`{"id":"a","text":"t","cluster":1,"cluster":2}`:      `in.jsonl:1: "cluster" given twice`,
		`{"id":"a","text":"t","cluster":1,"cl\u0075ster":2}`: `in.jsonl:1: "cluster" given twice`,
		`{"id":"a","text":"t","title":"x","title":"y"}`:      `in.jsonl:1: "title" given twice`,
		`{"id":"a","text":"t","title":"x","headline":"y"}`:   `in.jsonl:1: "title" and "headline" both give the headline; keep one, or choose one with -field title=KEY`,
		`{"id":"a","text":"t","cluster":[1,}`:                `in.jsonl:1: malformed JSON at column 35: want a value`,
		`{"id":"a","text":"t","title":3}`:                    `in.jsonl:1: "title" must be a string, not a number`,
	} {
		_, err := readFromReader(t, r, "in.jsonl", input)
		assert.EqualError(t, err, want, input)
	}
	_, err := readFromReader(t, r, "in.csv", "id,text,cluster,CLUSTER\na,t,1,2\n")
	assert.EqualError(t, err, `in.csv:1: columns "cluster" and "CLUSTER" both give "cluster"`)
	_, err = readFromReader(t, Reader{Keep: []string{""}}, "in.jsonl", `{"id":"a","text":"t"}`)
	assert.EqualError(t, err, "keep: an empty key")
	// A kept key may differ from a field's key only in case: it is
	// named, so it is no misspelt field.
	got, err := readFromReader(t, Reader{Keep: []string{"ID"}}, "in.jsonl", `{"id":"a","ID":"b","text":"t"}`)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"ID": `"b"`}, extras(got[0]))
	_, err = readFromReader(t, Reader{}, "in.jsonl", `{"id":"a","ID":"b","text":"t"}`)
	assert.ErrorContains(t, err, "keys are case-sensitive")
}

// BlankText reads what the reader otherwise refuses, and only that.
func TestBlankText(t *testing.T) {
	input := `{"id":"a","text":" \n "}` + "\n" + `{"id":"b","text":""}`
	_, err := readFromReader(t, Reader{}, "in.jsonl", input)
	assert.EqualError(t, err, `in.jsonl:1: article "a": empty text`)
	got, err := readFromReader(t, Reader{BlankText: true}, "in.jsonl", input)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, " \n ", got[0].Text)
	_, err = readFromReader(t, Reader{BlankText: true}, "in.jsonl", `{"id":"a"}`)
	assert.EqualError(t, err, `in.jsonl:1: article "a": missing "text" (read from "text", "body", "content")`)
	got, err = readFromReader(t, Reader{BlankText: true}, "in.csv", "id,text\na, \n")
	require.NoError(t, err)
	assert.Equal(t, " ", got[0].Text)
	_, err = readFromReader(t, Reader{BlankText: true}, "in.csv", "id,text\na,\n")
	assert.ErrorContains(t, err, `in.csv:2: article "a": missing "text"`, "an empty cell gives no text")

	dir := t.TempDir()
	path := filepath.Join(dir, "blank.txt")
	require.NoError(t, os.WriteFile(path, []byte("\n\n"), 0o644))
	assert.ErrorContains(t, Reader{}.Read([]string{path}, nil, func(Input) error { return nil }), "empty text")
	assert.NoError(t, Reader{BlankText: true}.Read([]string{path}, nil, func(Input) error { return nil }))
}

// ReadFromReader reads JSONL, a JSON array or CSV from any reader, with
// Read's checks, and names the reader as told.
func TestReadFromReader(t *testing.T) {
	got, err := readFromReader(t, Reader{}, "feed", "\uFEFF"+`{"id":1987,"text":"Wheat rose.","date":"1987-02-26T15:01:01.790"}`+"\n\n"+`{"id":"b","body":"Corn fell."}`)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "1987", got[0].ID)
	assert.Equal(t, time.Date(1987, 2, 26, 15, 1, 1, 790e6, time.UTC), got[0].Published)
	assert.Equal(t, "feed:1", got[0].Where)
	assert.Equal(t, "feed:3", got[1].Where)
	assert.Equal(t, "Corn fell.", got[1].Text)

	got, err = readFromReader(t, Reader{}, "export", ` [{"id":"a","text":"x"}]`)
	require.NoError(t, err)
	assert.Len(t, got, 1)
	got, err = readFromReader(t, Reader{}, "rows.CSV", "ID,Body\na,Wheat rose.\n")
	require.NoError(t, err)
	assert.Equal(t, "rows.CSV:2", got[0].Where)

	for name, input := range map[string]string{
		"dup":         `{"id":"a","text":"x"}` + "\n" + `{"id":"a","text":"y"}`,
		"bad\x1bname": `{"id":"a","text":"x"}` + "\n" + `{"id":"a","text":"y"}`,
	} {
		_, err := readFromReader(t, Reader{}, name, input)
		assert.EqualError(t, err, fmt.Sprintf(`%s:2: duplicate id "a" (first at %s:1)`, Printable(name), Printable(name)))
	}
	_, err = readFromReader(t, Reader{MaxArticle: 10}, "feed", `{"id":"a","text":"longer than ten"}`)
	assert.ErrorContains(t, err, "feed:1: longer than 10B")
	_, err = readFromReader(t, Reader{Fields: map[string]string{"nope": "x"}}, "feed", `{"id":"a","text":"x"}`)
	assert.ErrorContains(t, err, `no field "nope"`)

	stop := errors.New("stop")
	n := 0
	err = Reader{}.ReadFromReader(strings.NewReader(`{"id":"a","text":"x"}`+"\n"+`{"id":"b","text":"y"}`), "feed", func(Input) error { n++; return stop })
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 1, n)

	var warned []string
	_, err = readFromReader(t, Reader{Warn: func(m string) { warned = append(warned, m) }}, "feed", `{"id":"a","text":"x","dt":"2024-11-06"}`)
	require.NoError(t, err)
	assert.Equal(t, []string{`not read: "dt" (feed:1) looks like a time; to read one, give -field published=dt`}, warned)
}
