package newsio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

func (r source) readCSVFile(name string, emit func(Input) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.readCSV(name, f, emit)
}

// readCSV reads a CSV export: a header row naming the columns (matched
// to fields in any case, by the same keys as JSON), then one article per
// row. Columns it does not use are ignored. A row longer than MaxArticle
// is refused once read.
func (r source) readCSV(name string, rd io.Reader, emit func(Input) error) error {
	name = Printable(name)
	br := bufio.NewReaderSize(rd, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty; want a header row naming the columns (id, text, ...) and a row per article", name)
	}
	if err != nil {
		return fmt.Errorf("%s:%s", name, csvError(err))
	}
	// The column of each field; -1 if none.
	var cols [numFields]int
	var given [numFields]string
	for f := range cols {
		cols[f] = -1
	}
	fold := map[string]keyInfo{}
	for key, info := range r.keys.keys {
		fold[strings.ToLower(key)] = info
	}
	var unread []string
	type keptColumn struct {
		col  int
		name string
	}
	var kept []keptColumn
	for i, h := range header {
		h = strings.TrimSpace(h)
		info, ok := r.keys.keys[h]
		if !ok {
			info, ok = fold[strings.ToLower(h)]
		}
		if !ok {
			unread = append(unread, h)
			continue
		}
		if info.keep {
			for _, k := range kept {
				if k.name == info.name {
					return fmt.Errorf("%s:1: columns %q and %q both give %q", name, header[k.col], h, info.name)
				}
			}
			kept = append(kept, keptColumn{i, info.name})
			if info.f == fieldOther {
				continue
			}
		}
		if cols[info.f] >= 0 {
			return fmt.Errorf("%s:1: columns %s", name, twice(info.f, given[info.f], h, r.keys).Error())
		}
		cols[info.f], given[info.f] = i, h
	}
	for _, f := range []field{fieldID, fieldText} {
		if cols[f] < 0 {
			return fmt.Errorf("%s:1: no column gives %s (want a column named %s); the header row names %s", name, fieldWords[f], strings.Join(Aliases[fieldNames[f]], " or "), quoteAll(header))
		}
	}
	for n := 2; ; n++ {
		start := cr.InputOffset()
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%s", name, csvError(err))
		}
		line, _ := cr.FieldPos(0) // panics on a row Read refused
		where := name + ":" + strconv.Itoa(line)
		size := cr.InputOffset() - start
		if size > r.maxArticle() {
			return r.tooLong(where)
		}
		var rec record
		for f := fieldID; f < numFields; f++ {
			if c := cols[f]; c >= 0 && row[c] != "" {
				s := row[c]
				rec[f] = value{given: true, key: given[f], str: s, isStr: true, badUTF8: !utf8.ValidString(s)}
				if f == fieldID {
					rec[f].str = strings.TrimSpace(s)
				}
			}
		}
		// A time column of numbers is Unix time, as in JSON.
		if v := &rec[fieldPublished]; v.given && isNumber(v.str) {
			v.isStr, v.isNum = false, true
		}
		if n == 2 && r.unused != nil {
			r.unused.file, r.unused.line = name, line
			for _, h := range unread {
				for i, col := range header {
					if strings.TrimSpace(col) == h && i < len(row) && r.unused.wants([]byte(h)) {
						r.unused.saw(h, row[i])
					}
				}
			}
		}
		in, err := rec.article(r.keys.blankText)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, k := range kept {
			if row[k.col] != "" {
				if in.Extra == nil {
					in.Extra = map[string]json.RawMessage{}
				}
				in.Extra[k.name], _ = json.Marshal(row[k.col]) // a string always marshals
			}
		}
		if rec[fieldText].badUTF8 {
			in.Text = strings.ToValidUTF8(in.Text, "\uFFFD")
		}
		in.Where, in.Size = where, size
		if err := emit(in); err != nil {
			return err
		}
	}
}

// isNumber reports whether s is a whole or decimal number.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && s != "" && s[0] != '+' && !strings.ContainsAny(s, "xXnN_")
}

// csvError says what is wrong in a CSV file, after its line: "12: ...".
func csvError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			what = "this row has another number of columns than the header row"
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			what = `a double quote (") inside a field that is not quoted, or a quoted field not closed`
		}
		return fmt.Sprintf("%d: %s", pe.Line, what)
	}
	return err.Error()
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
