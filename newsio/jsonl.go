package newsio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A JSONL line is read by a small scanner of its own rather than by
// encoding/json: in one pass and without reflection, with keys matched
// in their exact case, a field given twice refused, and invalid UTF-8
// seen where it is (refused in "id", a warning in "text") instead of
// being replaced unseen.

// maxNesting bounds the nesting of arrays and objects in a skipped value:
// with the line's own object, 10,000 deep, as encoding/json bounds it.
const maxNesting = 10000 - 1

// value is what a line gives for one field.
type value struct {
	given   bool   // the key is on the line (its value may be null)
	key     string // the key that gave it
	str     string // the value if a string, or a number as written
	isStr   bool
	isNum   bool
	badUTF8 bool // the string had bytes or \u escapes that are not UTF-8; they became U+FFFD
}

// lineParser parses JSONL lines, one at a time; its buffers are reused
// from line to line. It is not safe for concurrent use.
type lineParser struct {
	keys    *keyTable // nil: the aliases
	unused  *unusedKeys
	line    []byte
	pos     int
	fields  record
	extra   map[string]json.RawMessage // the kept keys' values; a new map per line
	scratch []byte                     // a string being unescaped
	nesting []byte                     // closing brackets expected in a skipped value
	sources map[string]string          // outlet names read so far, each kept once (see text)
	arena   *stringArena               // nil, or where IDs, URLs and headlines go (Reader.PackStrings)
}

// maxSharedSources bounds the outlet names a parser shares among its
// articles: a feed names a few hundred outlets at most, and a file that
// names a new one on every line gets copies past this many, as before.
const maxSharedSources = 4096

// text returns the string value s of field f. An outlet's name ("source")
// is the same on thousands of articles, which a tracker and a report keep
// to the end: every article of one outlet gets the same string, one heap
// object instead of one per article for the collector to mark.
//
// With an arena (see Reader.PackStrings), IDs, URLs and headlines go
// there.
func (p *lineParser) text(f field, s []byte) string {
	if f != fieldSource {
		if p.arena != nil && (f == fieldID || f == fieldURL || f == fieldTitle) {
			return pack(p.arena, s)
		}
		return string(s)
	}
	if name, ok := p.sources[string(s)]; ok {
		return name
	}
	name := string(s)
	if len(p.sources) < maxSharedSources {
		if p.sources == nil {
			p.sources = make(map[string]string)
		}
		p.sources[name] = name
	}
	return name
}

// syntaxError is a line that is not one JSON object.
type syntaxError struct {
	col int // 1-based, in bytes
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("malformed JSON at column %d: %s", e.col, e.msg)
}

func (p *lineParser) fail(format string, args ...any) error {
	return &syntaxError{col: p.pos + 1, msg: fmt.Sprintf(format, args...)}
}

// parse reads one line as an article.
func (p *lineParser) parse(line []byte) (Input, error) {
	if err := p.object(line); err != nil {
		return Input{}, err
	}
	keys := p.keys
	if keys == nil {
		keys = defaultKeys
	}
	in, err := p.fields.article(keys.blankText)
	in.Extra = p.extra
	if p.arena != nil && in.Title != "" && strings.TrimSpace(p.fields[fieldTitle].str) == "" {
		in.Title = pack(p.arena, in.Title) // the text's first line
	}
	return in, err
}

// object reads line, which must hold one JSON object and nothing else
// but white space, into p.fields.
func (p *lineParser) object(line []byte) error {
	p.line, p.pos, p.fields, p.extra = line, 0, record{}, nil
	p.space()
	if !p.next('{') {
		return p.fail("want a JSON object, {...}")
	}
	p.space()
	if !p.next('}') {
		for {
			if err := p.member(); err != nil {
				return err
			}
			p.space()
			if p.next('}') {
				break
			}
			if !p.next(',') {
				return p.fail(`want "," or "}" after a value`)
			}
			p.space()
		}
	}
	p.space()
	if p.pos < len(p.line) {
		return p.fail("more after the object; want one object per line")
	}
	return nil
}

// member reads `"key": value`, and keeps its value as written if the key
// is one to keep.
func (p *lineParser) member() error {
	if p.peek() != '"' {
		return p.fail("want a key in double quotes")
	}
	start := p.pos
	key, _, err := p.str()
	if err != nil {
		return err
	}
	keys := p.keys
	if keys == nil {
		keys = defaultKeys
	}
	info := keys.keys[string(key)]
	if info.f == fieldOther && !info.keep {
		for _, name := range strictCase {
			if bytes.EqualFold(key, []byte(name)) && string(key) != name {
				p.pos = start
				return fmt.Errorf("key %q: keys are case-sensitive; want %q", key, name)
			}
		}
	}
	p.space()
	if !p.next(':') {
		return p.fail(`want ":" after a key`)
	}
	p.space()
	if !info.keep {
		return p.value(info, key, keys)
	}
	if _, dup := p.extra[info.name]; dup {
		return fmt.Errorf("%q given twice", info.name)
	}
	at := p.pos
	if err := p.value(info, key, keys); err != nil {
		return err
	}
	if p.extra == nil {
		p.extra = map[string]json.RawMessage{}
	}
	p.extra[info.name] = bytes.Clone(p.line[at:p.pos])
	return nil
}

// value reads the value of key, which info says what to do with.
func (p *lineParser) value(info keyInfo, key []byte, keys *keyTable) error {
	if info.f == fieldOther {
		if p.unused != nil && !info.keep && p.unused.wants(key) && p.peek() == '"' {
			name := string(key)
			s, _, err := p.str()
			if err != nil {
				return err
			}
			p.unused.saw(name, string(s))
			return nil
		}
		return p.skipValue()
	}
	v := &p.fields[info.f]
	if v.given {
		return twice(info.f, v.key, info.name, keys)
	}
	v.given, v.key = true, info.name
	switch c := p.peek(); {
	case c == '"':
		s, bad, err := p.str()
		if err != nil {
			return err
		}
		v.str, v.isStr, v.badUTF8 = p.text(info.f, s), true, bad
		return nil
	case c == 'n':
		return p.literal("null") // null is as if the key were not there
	case (c == '-' || '0' <= c && c <= '9') && (info.f == fieldID || info.f == fieldPublished):
		// A number: an ID as written, or a Unix time.
		at := p.pos
		if err := p.skipNumber(); err != nil {
			return err
		}
		v.str, v.isNum = p.text(info.f, p.line[at:p.pos]), true
		return nil
	default:
		if k := kind(c); k != "" {
			if info.f == fieldID || info.f == fieldPublished {
				return fmt.Errorf("%q must be a string or a number, not %s", info.name, k)
			}
			return fmt.Errorf("%q must be a string, not %s", info.name, k)
		}
		return p.fail("want a value")
	}
}

// twice is the error for a field given twice on one line or row, under
// key and then under again.
func twice(f field, key, again string, keys *keyTable) error {
	if key == again {
		return fmt.Errorf("%q given twice", key)
	}
	if keys.mapped[f] {
		return fmt.Errorf("%q and %q both give %s", key, again, fieldWords[f])
	}
	return fmt.Errorf("%q and %q both give %s; keep one, or choose one with -field %s=KEY", key, again, fieldWords[f], fieldNames[f])
}

// kind names the JSON value that starts with c, for messages, or returns
// "" if none does.
func kind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == 't' || c == 'f':
		return "true or false"
	case c == '-' || '0' <= c && c <= '9':
		return "a number"
	}
	return ""
}

func (p *lineParser) peek() byte {
	if p.pos < len(p.line) {
		return p.line[p.pos]
	}
	return 0
}

// next consumes c if it is next.
func (p *lineParser) next(c byte) bool {
	if p.pos < len(p.line) && p.line[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// space skips JSON white space.
func (p *lineParser) space() {
	for p.pos < len(p.line) {
		switch p.line[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *lineParser) literal(word string) error {
	if !bytes.HasPrefix(p.line[p.pos:], []byte(word)) {
		return p.fail("want a value")
	}
	p.pos += len(word)
	return nil
}

// str reads a string at p.pos (a '"') and returns its value: a slice of
// the line when it has no escapes and is valid UTF-8, else of p.scratch;
// either is valid until the next call. Bytes that are not UTF-8, and \u
// escapes of lone surrogates, become U+FFFD, as encoding/json makes
// them, and bad reports them.
func (p *lineParser) str() (s []byte, bad bool, err error) {
	p.pos++ // the opening quote
	start := p.pos
	// The common case: no escapes, no bytes past ASCII.
	i := start
	for i < len(p.line) && plain[p.line[i]] {
		i++
	}
	if i < len(p.line) && p.line[i] == '"' {
		p.pos = i + 1
		return p.line[start:i], false, nil
	}
	out := p.scratch[:0]
	for i := start; ; {
		if i >= len(p.line) {
			p.pos = i
			return nil, false, p.fail("unterminated string")
		}
		c := p.line[i]
		switch {
		case c == '"':
			p.pos = i + 1
			p.scratch = out
			return out, bad, nil
		case c < 0x20:
			p.pos = i
			return nil, false, p.fail("control character %#02x in a string; write it as an escape", c)
		case plain[c]:
			j := i + 1
			for j < len(p.line) && plain[p.line[j]] {
				j++
			}
			out = append(out, p.line[i:j]...)
			i = j
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.line[i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
				bad = true
			} else {
				out = append(out, p.line[i:i+size]...)
			}
			i += size
		default: // an escape
			if i+1 >= len(p.line) {
				p.pos = i
				return nil, false, p.fail("unterminated string")
			}
			if e := unescape(p.line[i+1]); e != 0 {
				out = append(out, e)
				i += 2
				continue
			}
			if p.line[i+1] != 'u' {
				p.pos = i
				return nil, false, p.fail(`bad escape \%c`, p.line[i+1])
			}
			r := hex4(p.line[i+2:])
			if r < 0 {
				p.pos = i
				return nil, false, p.fail(`bad \u escape; want 4 hex digits`)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A pair of escapes; a lone half becomes U+FFFD and
				// what follows it is read on its own.
				if len(p.line) >= i+6 && p.line[i] == '\\' && p.line[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, hex4(p.line[i+2:])); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r, bad = utf8.RuneError, true
			}
			out = utf8.AppendRune(out, r)
		}
	}
}

// plain marks the bytes that stand for themselves in a JSON string: ASCII
// but control characters, '"' and '\\'.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unescape returns the byte that the escape \c stands for, or 0 for \u
// and unknown escapes.
func unescape(c byte) byte {
	switch c {
	case '"', '\\', '/':
		return c
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return 0
}

// hex4 returns the value of the 4 hex digits b starts with, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// skipValue skips one JSON value of any kind, checking its syntax.
func (p *lineParser) skipValue() error {
	p.nesting = p.nesting[:0]
	for {
		// A value.
		switch c := p.peek(); {
		case c == '"':
			if err := p.skipString(); err != nil {
				return err
			}
		case c == '{' || c == '[':
			if len(p.nesting) == maxNesting {
				return p.fail("nested more than %d deep", maxNesting)
			}
			p.pos++
			p.space()
			if c == '[' {
				if !p.next(']') {
					p.nesting = append(p.nesting, ']')
					continue
				}
			} else if !p.next('}') {
				p.nesting = append(p.nesting, '}')
				if err := p.skipKey(); err != nil {
					return err
				}
				continue
			}
		case c == '-' || '0' <= c && c <= '9':
			if err := p.skipNumber(); err != nil {
				return err
			}
		case c == 't':
			if err := p.literal("true"); err != nil {
				return err
			}
		case c == 'f':
			if err := p.literal("false"); err != nil {
				return err
			}
		case c == 'n':
			if err := p.literal("null"); err != nil {
				return err
			}
		default:
			return p.fail("want a value")
		}
		// After a value: close what it ends, or go on to the next one.
		for {
			if len(p.nesting) == 0 {
				return nil
			}
			p.space()
			closing := p.nesting[len(p.nesting)-1]
			if p.next(closing) {
				p.nesting = p.nesting[:len(p.nesting)-1]
				continue
			}
			if !p.next(',') {
				return p.fail("want \",\" or %q", closing)
			}
			p.space()
			if closing == '}' {
				if err := p.skipKey(); err != nil {
					return err
				}
			}
			break
		}
	}
}

// skipKey skips `"key":` and the white space after it.
func (p *lineParser) skipKey() error {
	if p.peek() != '"' {
		return p.fail("want a key in double quotes")
	}
	if err := p.skipString(); err != nil {
		return err
	}
	p.space()
	if !p.next(':') {
		return p.fail(`want ":" after a key`)
	}
	p.space()
	return nil
}

// skipString skips a string, checking its escapes. Its bytes need not be
// UTF-8: a field the reader does not use may hold anything.
func (p *lineParser) skipString() error {
	for i := p.pos + 1; i < len(p.line); i++ {
		switch c := p.line[i]; {
		case c == '"':
			p.pos = i + 1
			return nil
		case c < 0x20:
			p.pos = i
			return p.fail("control character %#02x in a string; write it as an escape", c)
		case c == '\\':
			switch {
			case i+1 < len(p.line) && unescape(p.line[i+1]) != 0:
				i++
			case i+1 < len(p.line) && p.line[i+1] == 'u' && hex4(p.line[i+2:]) >= 0:
				i += 5
			default:
				p.pos = i
				return p.fail("bad escape")
			}
		}
	}
	p.pos = len(p.line)
	return p.fail("unterminated string")
}

// skipNumber skips a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *lineParser) skipNumber() error {
	p.next('-')
	switch c := p.peek(); {
	case c == '0':
		p.pos++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return p.fail("want a digit")
	}
	if p.next('.') && !p.digits() {
		return p.fail("want a digit after the decimal point")
	}
	if p.next('e') || p.next('E') {
		if !p.next('+') {
			p.next('-')
		}
		if !p.digits() {
			return p.fail("want a digit in the exponent")
		}
	}
	return nil
}

// digits skips digits and reports whether there was one.
func (p *lineParser) digits() bool {
	start := p.pos
	for p.pos < len(p.line) && '0' <= p.line[p.pos] && p.line[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}
