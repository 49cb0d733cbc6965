package labels

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// The five labels of docs/labelling.md, in the order tables list them.
const (
	Verbatim  = "verbatim"
	Partial   = "partial"
	Rewrite   = "rewrite"
	SameEvent = "same-event"
	Unrelated = "unrelated"
)

// Labels lists the five labels, from most to least reuse.
var Labels = []string{Verbatim, Partial, Rewrite, SameEvent, Unrelated}

// ErrBadLabels is wrapped by every error Read returns for a malformed
// labels file.
var ErrBadLabels = errors.New("labels: malformed labels file")

// header is the first line of a labels file: its columns, in order.
var header = []string{"earlier_id", "later_id", "label", "tags", "reason",
	"stratum", "containment", "later_in_earlier", "cosine"}

// Pair is one labelled pair of stories: a line of the labels file.
type Pair struct {
	// Earlier and Later are the stories' IDs, the earlier one (by
	// timestamp, then by file order) first.
	Earlier, Later string
	// Label is one of Labels.
	Label string
	// Tags are the labeller's tags (brief, update, template, ...), in
	// file order; nil if none.
	Tags []string
	// Reason is the labeller's short reason, in their own words.
	Reason string
	// Stratum is the sampler stratum the pair was drawn from (see
	// StratumName), or "random".
	Stratum string
}

// HasTag reports whether p carries tag.
func (p Pair) HasTag(tag string) bool { return slices.Contains(p.Tags, tag) }

// PairsPath returns the path of the committed labels file,
// testdata/labels/reuters-pairs.tsv in this checkout.
func PairsPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "labels", "reuters-pairs.tsv")
}

// ReadFile reads the labels file at path (see Read).
func ReadFile(path string) ([]Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pairs, nil
}

// Read reads a labels file: a header line naming the columns earlier_id,
// later_id, label, tags, reason, stratum, containment, later_in_earlier
// and cosine, then one tab-separated pair per line. Tags are separated
// by commas. Blank lines are skipped. It returns an error wrapping
// ErrBadLabels, naming the line, for a wrong header, a line with another
// number of columns, an empty ID, a pair of a story with itself, a label
// not in Labels, or a pair listed twice (in either order). It is safe
// for concurrent use on different readers.
func Read(r io.Reader) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var pairs []Pair
	seen := map[[2]string]int{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			if got := strings.Split(text, "\t"); !slices.Equal(got, header) {
				return nil, fmt.Errorf("%w: line 1: header %q, want %q", ErrBadLabels, text, strings.Join(header, "\t"))
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != len(header) {
			return nil, fmt.Errorf("%w: line %d: %d columns, want %d", ErrBadLabels, line, len(cols), len(header))
		}
		p := Pair{Earlier: cols[0], Later: cols[1], Label: cols[2], Reason: cols[4], Stratum: cols[5]}
		if cols[3] != "" {
			p.Tags = strings.Split(cols[3], ",")
		}
		switch {
		case p.Earlier == "" || p.Later == "":
			return nil, fmt.Errorf("%w: line %d: empty story ID", ErrBadLabels, line)
		case p.Earlier == p.Later:
			return nil, fmt.Errorf("%w: line %d: story %q paired with itself", ErrBadLabels, line, p.Earlier)
		case !slices.Contains(Labels, p.Label):
			return nil, fmt.Errorf("%w: line %d: label %q, want one of %s", ErrBadLabels, line, p.Label, strings.Join(Labels, ", "))
		}
		key := [2]string{min(p.Earlier, p.Later), max(p.Earlier, p.Later)}
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("%w: line %d: pair %s %s already on line %d", ErrBadLabels, line, p.Earlier, p.Later, first)
		}
		seen[key] = line
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if line == 0 {
		return nil, fmt.Errorf("%w: empty file, no header", ErrBadLabels)
	}
	return pairs, nil
}
