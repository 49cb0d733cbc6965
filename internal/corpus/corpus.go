// Package corpus reads the research corpora that sit beside the project
// (../shared/corpora). Their terms allow research use only: they are read
// in place, never copied into the project.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Story is one Reuters-21578 record.
type Story struct {
	ID   string `json:"id"`
	Date string `json:"date"` // 1987-02-26T15:01:01.790, no zone
	Text string `json:"text"`
}

// ReutersPath returns the path of the Reuters-21578 JSONL file beside this
// checkout.
func ReutersPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpora", "reuters21578", "reuters21578.jsonl")
}

// Reuters returns, in file order, up to n stories for which keep returns
// true (all if keep is nil). It returns an error wrapping os.ErrNotExist
// when the corpus is absent.
func Reuters(n int, keep func(Story) bool) ([]Story, error) {
	return Read(ReutersPath(), n, keep)
}

// Read returns, in file order, up to n stories of the JSONL file at path
// (records with the fields id, date and text, as in the Reuters file) for
// which keep returns true (all if keep is nil). The error names the line
// of a malformed record, and wraps os.ErrNotExist when the file is absent.
// Safe for concurrent use.
func Read(path string, n int, keep func(Story) bool) ([]Story, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Story
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan() && len(out) < n; line++ {
		var s Story
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if keep == nil || keep(s) {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}
