package newsio

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

func TestParseLineAccepts(t *testing.T) {
	for _, c := range []struct {
		line string
		want provenance.Article
		bad  bool // InvalidUTF8
	}{
		{`{"id":"a","text":"hi there","source":"TASS","url":"u","published":"2024-11-06"}`,
			provenance.Article{ID: "a", Text: "hi there", Source: "TASS", URL: "u", Published: time.Date(2024, 11, 6, 0, 0, 0, 0, time.UTC)}, false},
		// Escapes, a surrogate pair, a BMP escape, a slash.
		{`{"text":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0000","id":"x"}`,
			provenance.Article{ID: "x", Text: "a\"b\\c/d\b\f\n\r\t\u00e9\U0001F600\x00"}, false},
		// Unknown fields of every kind are skipped, nested ones too, and
		// one named like a field but for its case inside them is no key.
		{` { "meta" : {"ID":[1,-2.5e+3,{"x":[]},{}],"s":"\"}"} , "n":null,"t":true,"f":false,"id":"y","text":"z","z":[[[]]] } ` + "\r\n",
			provenance.Article{ID: "y", Text: "z"}, false},
		// null is as if the key were not there.
		{`{"id":"a","text":"t","published":null,"source":null,"url":null}`, provenance.Article{ID: "a", Text: "t"}, false},
		{`{"id":"a","text":"t","published":""}`, provenance.Article{ID: "a", Text: "t"}, false},
		// Bad bytes in text are a warning, each one U+FFFD; a lone
		// surrogate escape too; in source they are kept as U+FFFD.
		{"{\"id\":\"a\",\"text\":\"caf\xe9 \xff\xfe\",\"source\":\"\xe9\"}", provenance.Article{ID: "a", Text: "caf\uFFFD \uFFFD\uFFFD", Source: "\uFFFD"}, true},
		{`{"id":"a","text":"x\ud800y\udc00\ud800\u0041"}`, provenance.Article{ID: "a", Text: "x\uFFFDy\uFFFD\uFFFDA"}, true},
		{`{"id":"\u00e9t\u00e9","text":"t"}`, provenance.Article{ID: "été", Text: "t"}, false},
	} {
		var p lineParser
		in, err := p.parse([]byte(c.line))
		require.NoError(t, err, c.line)
		assert.Equal(t, c.want, in.Article, c.line)
		assert.Equal(t, c.bad, in.InvalidUTF8, c.line)
	}
}

func TestParseLineRefuses(t *testing.T) {
	for line, want := range map[string]string{
		`{"ID":"a","text":"t"}`:                      `key "ID": keys are case-sensitive; want "id"`,
		`{"id":"a","Text":"t"}`:                      `key "Text": keys are case-sensitive; want "text"`,
		`{"id":"a","text":"t","ſource":"x"}`:         `key "ſource": keys are case-sensitive; want "source"`,
		`{"id":"a","id":"a","text":"t"}`:             `"id" given twice`,
		`{"id":"a","text":"t","url":null,"url":"u"}`: `"url" given twice`,
		`{"id":"a","text":"t","\u0074ext":"u"}`:      `"text" given twice`,
		"{\"id\":\"\xff\",\"text\":\"t\"}":           `"id" is not valid UTF-8`,
		`{"id":"\udc00","text":"t"}`:                 `"id" is not valid UTF-8`,
		`{"id":true,"text":"t"}`:                     `"id" must be a string or a number, not true or false`,
		`{"id":"a","text":["t"]}`:                    `"text" must be a string, not an array`,
		`{"id":"a","text":"t","published":true}`:     `"published" must be a string or a number, not true or false`,
		`{"id":"a","text":"t","source":{}}`:          `"source" must be a string, not an object`,
		`{"text":"t"}`:                               `missing "id"`,
		`{"id":"","text":"t"}`:                       `missing "id"`,
		`{"id":null,"text":"t"}`:                     `missing "id"`,
		`{"id":"a"}`:                                 `article "a": missing "text"`,
		`{"id":"a","text":null}`:                     `article "a": missing "text"`,
		`{"id":"a","text":" \n "}`:                   `article "a": empty text`,
		`{"id":"a","text":"t","published":"x"}`:      `article "a": published "x"`,
		`null`:                                       `malformed JSON at column 1: want a JSON object`,
		`[{"id":"a","text":"t"}]`:                    `malformed JSON at column 1: want a JSON object`,
		`{"id":"a","text":"t"} {}`:                   `malformed JSON at column 23: more after the object`,
		`{"id":"a","text":"t",}`:                     `malformed JSON at column 22: want a key in double quotes`,
		`{"id":"a" "text":"t"}`:                      `malformed JSON at column 11: want "," or "}" after a value`,
		`{"id":"a","text":"t","x":01}`:               `malformed JSON at column 27: want "," or "}"`,
		`{"id":"a","text":"t","x":-}`:                `malformed JSON at column 27: want a digit`,
		`{"id":"a","text":"t","x":1.}`:               `want a digit after the decimal point`,
		`{"id":"a","text":"t","x":1e}`:               `want a digit in the exponent`,
		`{"id":"a","text":"t","x":[1,]}`:             `malformed JSON at column 29: want a value`,
		`{"id":"a","text":"t","x":[1}`:               `want "," or ']'`,
		`{"id":"a","text":"t","x":{"a":1]}`:          `want "," or '}'`,
		`{"id":"a","text":"t","x":{"a"}}`:            `want ":" after a key`,
		`{"id":"a","text":"t","x":"\x"}`:             `bad escape`,
		`{"id":"a","text":"t\x"}`:                    `bad escape \x`,
		`{"id":"a","text":"t\u12"}`:                  `bad \u escape`,
		`{"id":"a","text":"t` + "\t" + `"}`:          `control character 0x09 in a string`,
		`{"id":"a","text":"t","x":"` + "\n\"}":       `control character 0x0a in a string`,
		`{"id":"a","text":"t`:                        `unterminated string`,
		`{"id":"a","text":"t","x":"`:                 `unterminated string`,
		`{"id":"a","text":"t","x":tru}`:              `want a value`,
		`{"id":"a","text":"t","x":nul`:               `want a value`,
		`{"id":"a","text":`:                          `want a value`,
		`{"id":"a","text":"t"`:                       `want "," or "}"`,
		`{"id":"a","text":"t","x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`: `nested more than 9999 deep`,
	} {
		var p lineParser
		_, err := p.parse([]byte(line))
		require.Error(t, err, line)
		assert.Contains(t, err.Error(), want, line)
	}
	var p lineParser
	_, err := p.parse([]byte(`{"id":"a","text":"t","x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`))
	require.NoError(t, err, "9,999 deep, 10,000 with the line's object, as encoding/json allows")
}

// oracleParse is how the reader parsed a line with encoding/json, before
// it had a scanner of its own (keys in any case, the last of two taken).
func oracleParse(b []byte) (Input, error) {
	var rec struct {
		ID        *string `json:"id"`
		Text      *string `json:"text"`
		Published *string `json:"published"`
		Source    string  `json:"source"`
		URL       string  `json:"url"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return Input{}, err
	}
	switch {
	case rec.ID == nil || *rec.ID == "":
		return Input{}, errors.New(`missing "id"`)
	case rec.Text == nil || strings.TrimSpace(*rec.Text) == "":
		return Input{}, errors.New("no text")
	}
	in := Input{Article: provenance.Article{ID: *rec.ID, Text: *rec.Text, Source: rec.Source, URL: rec.URL}}
	var raw struct {
		Text json.RawMessage `json:"text"`
	}
	if json.Unmarshal(b, &raw) == nil {
		in.InvalidUTF8 = !utf8.Valid(raw.Text)
	}
	if rec.Published != nil && *rec.Published != "" {
		t, err := ParsePublished(*rec.Published)
		if err != nil {
			return Input{}, err
		}
		in.Published = t
	}
	return in, nil
}

// exactKeys reports whether b is a JSON object whose keys that name a
// field the reader uses, in any case, name it in its exact case, once.
func exactKeys(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key := tok.(string)
		if info, ok := defaultKeys.keys[key]; ok && key != fieldNames[info.f] || key == "title" {
			return false // an alias, which the old reader did not read
		}
		for _, name := range strictCase {
			if strings.EqualFold(key, name) && (key != name || seen[key]) {
				return false
			}
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
		if (key == "id" || key == "published") && len(skip) > 0 && (skip[0] == '-' || '0' <= skip[0] && skip[0] <= '9') {
			return false // a number, which the old reader refused
		}
	}
	return true
}

// FuzzRecordLine checks the scanner against encoding/json: a line that
// is not valid JSON is refused; on a valid line whose fields are named in
// their exact case, once, both agree, but that the scanner refuses an
// "id" that is not UTF-8 and warns of lone surrogates in "text".
func FuzzRecordLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"hello world","published":"2024-11-06","source":"X","url":"u"}`,
		`{"id":"a","text":"  "}`, `{"text":"x"}`, `{"id":7}`, `[1,2]`, `null`, `{"id":"a","text":"x"} trailing`,
		"{\"id\":\"a\",\"text\":\"\xff\x00\"}", `{"id":"a","text":"x","published":"2024-11-06T09:30:00.123456789+14:00"}`,
		`{"id":"a","text":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800\u0041","meta":{"k":[1,-2.5e+3,true,false,null,{"x":[]}]}}`,
		`{"ID":"a","text":"x"}`, `{"id":"a","id":"b","text":"x"}`, `{"i\u0064":"a","text":"x"}`, `{"id":"a\ud800","text":"x"}`,
		`{"id":"a","text":"x","published":null,"source":null}`, ` {"id" : "a" , "text" : "x" } ` + "\r\n",
	} {
		f.Add([]byte(s))
	}
	if names, err := filepath.Glob("../testdata/seeds/*.txt"); err == nil {
		for _, name := range names {
			if text, err := os.ReadFile(name); err == nil {
				line, _ := json.Marshal(map[string]string{"id": filepath.Base(name), "text": string(text), "source": "S"})
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p lineParser
		in, err := p.parse(b)
		if !json.Valid(b) {
			require.Error(t, err, "accepted invalid JSON %q", b)
			return
		}
		if err == nil {
			require.NotEmpty(t, in.ID)
			require.NotEmpty(t, strings.TrimSpace(in.Text))
		}
		// Keeping keys changes nothing else, and keeps valid JSON.
		kept := lineParser{keys: fuzzKeepKeys}
		kin, kerr := kept.parse(b)
		if err == nil && kerr != nil {
			require.ErrorContains(t, kerr, "given twice", "%q", b)
		}
		if err == nil && kerr == nil {
			require.Equal(t, in.Article, kin.Article, "%q", b)
			for key, raw := range kin.Extra {
				require.True(t, json.Valid(raw), "kept %q: %q of %q", key, raw, b)
			}
		}
		if !exactKeys(b) {
			return
		}
		want, werr := oracleParse(b)
		switch {
		case err != nil && werr == nil:
			require.ErrorContains(t, err, `"id" is not valid UTF-8`, "%q", b)
			require.Contains(t, want.ID, "\uFFFD", "%q", b)
		case err == nil && werr != nil:
			t.Fatalf("accepted %q that encoding/json refused: %v", b, werr)
		case err == nil:
			require.Equal(t, want.Article, in.Article, "%q", b)
			if want.InvalidUTF8 || !in.InvalidUTF8 {
				require.Equal(t, want.InvalidUTF8, in.InvalidUTF8, "%q", b)
			} else {
				require.Contains(t, in.Text, "\uFFFD", "%q", b)
			}
		}
	})
}

// fuzzKeepKeys keeps keys that are fields ("title") and that are not
// ("meta", "x").
var fuzzKeepKeys = mustKeys(nil, []string{"meta", "title", "x"})

// endless reads `{"id":"a","text":"` then "x" for ever, counting bytes.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	const head = `{"id":"a","text":"`
	for i := range p {
		if e.n+int64(i) < int64(len(head)) {
			p[i] = head[e.n+int64(i)]
		} else {
			p[i] = 'x'
		}
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestLongLineIsRefusedEarly: a line longer than the bound is an error
// naming it, after reading about the bound, not the whole line.
func TestLongLineIsRefusedEarly(t *testing.T) {
	src := &endless{}
	var got []Input
	err := Reader{MaxArticle: 4 << 20}.withKeys(defaultKeys).readJSONL("feed", io.MultiReader(strings.NewReader(`{"id":"b","text":"t"}`+"\n"), src), func(in Input) error {
		got = append(got, in)
		return nil
	})
	require.EqualError(t, err, "feed:2: longer than 4MiB, the most one article may have (flag -max-article)")
	require.Len(t, got, 1)
	assert.LessOrEqual(t, src.n, int64(4<<20+2<<20), "read no more than the bound and a buffer")

	// At the bound, with either line end, a line is read.
	text := strings.Repeat("y", 1000)
	line := `{"id":"c","text":"` + text + `"}`
	for _, end := range []string{"", "\n", "\r\n"} {
		got = nil
		err := Reader{MaxArticle: int64(len(line))}.withKeys(defaultKeys).readJSONL("feed", strings.NewReader(line+end+line[:0]), func(in Input) error {
			got = append(got, in)
			return nil
		})
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, text, got[0].Text)
		err = Reader{MaxArticle: int64(len(line) - 1)}.withKeys(defaultKeys).readJSONL("feed", strings.NewReader(line+end), func(Input) error { return nil })
		require.ErrorContains(t, err, "feed:1: longer than 1019B")
	}
}
