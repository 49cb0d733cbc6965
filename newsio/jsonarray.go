package newsio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// readJSONArray reads a JSON array of objects, one article each, as
// exported by tools that write JSON rather than JSON Lines. Messages name
// the line where an article starts. An article longer than MaxArticle is
// refused once read.
func (r source) readJSONArray(name string, rd io.Reader, emit func(Input) error) error {
	name = Printable(name)
	lines := &lineCounter{r: rd}
	dec := json.NewDecoder(lines)
	where := func(offset int64) string { return name + ":" + strconv.Itoa(lines.lineAt(offset)) }
	if _, err := dec.Token(); err != nil { // the "[" seen already
		return fmt.Errorf("%s: %w", name, err)
	}
	p := lineParser{keys: r.keys, unused: r.unused, arena: r.arena()}
	r.unused.file = name
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%s: the file ends inside the JSON array (no closing \"]\")", where(lines.read))
			}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%s: malformed JSON: %v", where(se.Offset), se)
			}
			return fmt.Errorf("%s: %w", where(start), err)
		}
		// The offset before the element may be that of the comma before it.
		at := start
		for at < dec.InputOffset() && lines.isSpaceOrComma(at) {
			at++
		}
		w := where(at)
		if int64(len(raw)) > r.maxArticle() {
			return r.tooLong(w)
		}
		r.unused.line = lines.lineAt(at)
		in, err := p.parse(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", w, err)
		}
		in.Where, in.Size = w, dec.InputOffset()-start
		if err := emit(in); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing "]"
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%s: the file ends inside the JSON array (no closing \"]\")", where(lines.read))
		}
		return fmt.Errorf("%s: %w", where(dec.InputOffset()), err)
	}
	return nil
}

// lineCounter reads from r and remembers where its lines start, so that
// an offset can be told as a line number. It keeps the last few bytes
// read too, to look at what lies between elements.
type lineCounter struct {
	r      io.Reader
	read   int64
	starts []int64 // offsets of the lines after the first
	tail   []byte  // the bytes read last, from offset tailAt
	tailAt int64
}

func (c *lineCounter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	for i, ch := range b[:n] {
		if ch == '\n' {
			c.starts = append(c.starts, c.read+int64(i)+1)
		}
	}
	c.tail, c.tailAt = append(c.tail[:0], b[:n]...), c.read
	c.read += int64(n)
	return n, err
}

// lineAt returns the line, counted from 1, of the byte at offset.
func (c *lineCounter) lineAt(offset int64) int {
	return 1 + sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > offset })
}

// isSpaceOrComma reports whether the byte at offset, if still held, is
// white space or a comma.
func (c *lineCounter) isSpaceOrComma(offset int64) bool {
	i := offset - c.tailAt
	if i < 0 || i >= int64(len(c.tail)) {
		return false
	}
	switch c.tail[i] {
	case ' ', '\t', '\r', '\n', ',':
		return true
	}
	return false
}
