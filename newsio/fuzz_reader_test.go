package newsio

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadFromReader feeds arbitrary bytes to the reader as JSON Lines
// or a JSON array (by their first byte) and as CSV. Nothing panics; an
// error names its input; what is read has an ID, a text that is not
// blank, and no ID twice.
func FuzzReadFromReader(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"hello world","published":"2024-11-06","source":"X"}` + "\n" + `{"id":"b","text":"more"}`,
		`[{"id":"a","body":"x","date":"2024-11-06T09:30:00Z"},{"id":"b","content":"y"}]`,
		"id,text,published\na,hello world,2024-11-06\nb,\"quoted, text\",\n",
		"id,text\na,x\na,y\n", "id;text\n1;x\n", "\xef\xbb\xbfid,text\r\na,\"multi\nline\"\r\n",
		"[", "{", "id,text\n\"unterminated", "[1,2,3]", `[{"id":"\u0000","text":"x"}]`, "",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		name := "input.jsonl"
		if csv {
			name = "input.csv"
		}
		seen := map[string]bool{}
		err := Reader{}.ReadFromReader(bytes.NewReader(data), name, func(in Input) error {
			if in.ID == "" || strings.TrimSpace(in.Text) == "" {
				t.Fatalf("read an article without an ID or a text: %+v", in)
			}
			if seen[in.ID] {
				t.Fatalf("ID %q read twice", in.ID)
			}
			seen[in.ID] = true
			return nil
		})
		if err != nil && !strings.Contains(err.Error(), name) {
			t.Fatalf("error does not name its input: %v", err)
		}
	})
}
