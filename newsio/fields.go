package newsio

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reprintlab/reprint/provenance"
)

// field is an article field that a line or a row can give.
type field uint8

const (
	fieldOther field = iota // a key the reader does not use; its value is skipped
	fieldID
	fieldText
	fieldPublished
	fieldSource
	fieldURL
	fieldTitle
	numFields
)

// fieldNames are the fields' names: in messages, and in [Reader].Fields.
var fieldNames = [numFields]string{"", "id", "text", "published", "source", "url", "title"}

// fieldWords say what each field is, in messages.
var fieldWords = [numFields]string{"", "the ID", "the text", "the publication time", "the outlet", "the address", "the headline"}

// Aliases are the keys read for each field, unless [Reader].Fields names
// another: the names that news exports, feeds and scrapers commonly use.
// Keys are matched in their exact case in JSON, in any case in a CSV
// header.
var Aliases = map[string][]string{
	"id":        {"id"},
	"text":      {"text", "body", "content"},
	"published": {"published", "date", "published_at", "pubDate", "time"},
	"source":    {"source", "outlet", "publisher", "site"},
	"url":       {"url", "link"},
	"title":     {"title", "headline"},
}

// strictCase are the keys that an earlier version read in any case:
// a key that differs from one of them only in case is an error rather
// than ignored, since ignoring it would silently drop data that used to
// be read.
var strictCase = []string{"id", "text", "published", "source", "url"}

// keyTable maps the keys a reader reads, in their exact case, to fields.
type keyTable struct {
	keys map[string]keyInfo
	// mapped marks the fields that [Reader].Fields maps to a key of its
	// choosing, for messages.
	mapped [numFields]bool
	// blankText is [Reader].BlankText: a blank text is read, not refused.
	blankText bool
}

// keyInfo is what a key gives: a field, and the key's own name (a
// string held by the table, so that a parser keeps it without copying).
type keyInfo struct {
	f    field
	name string
	keep bool // named in [Reader].Keep: its raw value goes into [Input].Extra
}

// defaultKeys is the table of the aliases.
var defaultKeys = mustKeys(nil, nil)

func mustKeys(fields map[string]string, keep []string) *keyTable {
	k, err := newKeyTable(fields, keep)
	if err != nil {
		panic(err)
	}
	return k
}

// newKeyTable returns the table of the aliases, with each field named in
// fields (field name → key) read from that key alone, and the keys named
// in keep kept.
func newKeyTable(fields map[string]string, keep []string) (*keyTable, error) {
	k := &keyTable{keys: map[string]keyInfo{}}
	for f := fieldID; f < numFields; f++ {
		name := fieldNames[f]
		keys := Aliases[name]
		if key, ok := fields[name]; ok {
			if key == "" {
				return nil, fmt.Errorf("field %s=: name the key to read %s from", name, fieldWords[f])
			}
			keys, k.mapped[f] = []string{key}, true
		}
		for _, key := range keys {
			k.keys[key] = keyInfo{f: f, name: key}
		}
	}
	for name, key := range fields {
		f := fieldByName(name)
		if f == fieldOther {
			return nil, fmt.Errorf("field %s=%s: no field %q; want one of %s", name, key, name, strings.Join(fieldNames[1:], ", "))
		}
		// A key mapped to one field, and an alias of another: the
		// mapping wins, and the other field loses that alias.
		k.keys[key] = keyInfo{f: f, name: key}
	}
	// Two fields mapped to one key.
	seen := map[string]string{}
	for _, name := range sortedKeys(fields) {
		key := fields[name]
		if other, ok := seen[key]; ok {
			return nil, fmt.Errorf("field %s=%s and %s=%s: one key cannot give two fields", other, key, name, key)
		}
		seen[key] = name
	}
	for _, key := range keep {
		if key == "" {
			return nil, errors.New("keep: an empty key")
		}
		info, ok := k.keys[key]
		if !ok {
			info = keyInfo{f: fieldOther, name: key}
		}
		info.keep = true
		k.keys[key] = info
	}
	return k, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fieldByName returns the field named name, or fieldOther.
func fieldByName(name string) field {
	for f := fieldID; f < numFields; f++ {
		if fieldNames[f] == name {
			return f
		}
	}
	return fieldOther
}

// ParseFieldMap parses -field values: "published=dt" says that the key
// "dt" gives the publication time. Several are separated by commas, or
// given in several flags.
func ParseFieldMap(values []string) (map[string]string, error) {
	m := map[string]string{}
	for _, v := range values {
		for _, pair := range strings.Split(v, ",") {
			name, key, ok := strings.Cut(strings.TrimSpace(pair), "=")
			if !ok {
				return nil, fmt.Errorf("field %q: want FIELD=KEY, such as published=dt", pair)
			}
			if fieldByName(name) == fieldOther {
				return nil, fmt.Errorf("field %s=%s: no field %q; want one of %s", name, key, name, strings.Join(fieldNames[1:], ", "))
			}
			if prev, dup := m[name]; dup && prev != key {
				return nil, fmt.Errorf("field %s: given twice (%s and %s)", name, prev, key)
			}
			m[name] = key
		}
	}
	return m, nil
}

// record is what a line or a row gives, field by field.
type record [numFields]value

// article makes an article of a record: it checks that there is an ID
// and a text (not blank unless blankText), parses the time, and finds a
// headline.
func (f *record) article(blankText bool) (Input, error) {
	id := f[fieldID].str
	switch {
	case f[fieldID].badUTF8:
		return Input{}, fmt.Errorf("%q is not valid UTF-8", f[fieldID].key)
	case id == "":
		return Input{}, errors.New(missing(fieldID, f[fieldID]))
	case !f[fieldText].isStr:
		return Input{}, fmt.Errorf("article %q: %s", id, missing(fieldText, f[fieldText]))
	case strings.TrimSpace(f[fieldText].str) == "" && !blankText:
		return Input{}, fmt.Errorf("article %q: empty text", id)
	}
	in := Input{
		Article:     provenance.Article{ID: id, Text: f[fieldText].str, Source: f[fieldSource].str, URL: f[fieldURL].str},
		Title:       strings.TrimSpace(f[fieldTitle].str),
		InvalidUTF8: f[fieldText].badUTF8,
	}
	if in.Title == "" {
		in.Title = FirstLine(in.Text)
	}
	pub := f[fieldPublished]
	switch {
	case pub.isNum:
		t, err := unixTime(pub.str)
		if err != nil {
			return Input{}, fmt.Errorf("article %q: %q %s: %w", id, pub.key, pub.str, err)
		}
		in.Published = t
	case pub.str != "":
		t, err := ParsePublished(pub.str)
		if err != nil {
			if pub.key != "published" {
				err = fmt.Errorf("%q: %w", pub.key, err)
			}
			return Input{}, fmt.Errorf("article %q: %w", id, err)
		}
		in.Published = t
	}
	return in, nil
}

// missing says that a field is missing, naming the keys that give it.
func missing(f field, v value) string {
	keys := Aliases[fieldNames[f]]
	if v.key != "" || len(keys) == 1 {
		return fmt.Sprintf("missing %q", fieldNames[f])
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = strconv.Quote(k)
	}
	return fmt.Sprintf("missing %q (read from %s)", fieldNames[f], strings.Join(quoted, ", "))
}

// FirstLine returns the first line of text that is not blank, trimmed,
// cut to 100 characters with "…": a headline for an article that gives
// none. The headline is a copy: holding it does not keep text in memory
// (the flagger keeps every article's headline until its report).
func FirstLine(text string) string {
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			if utf8.RuneCountInString(line) > 100 {
				r := []rune(line)
				return strings.TrimSpace(string(r[:99])) + "…"
			}
			return strings.Clone(line)
		}
	}
	return ""
}

// unusedKeys gathers keys that the reader does not use but that look
// like a time or like text: a user may have meant one of them.
type unusedKeys struct {
	seen  map[string]bool
	found []unusedKey
	// file and line are where the reader is, for messages.
	file string
	line int
}

type unusedKey struct {
	key, looks, where string
}

// maxUnusedKeys bounds the keys looked at, for input with keys of its
// own on every line.
const maxUnusedKeys = 256

// wants reports whether key is worth a look: not seen yet.
func (u *unusedKeys) wants(key []byte) bool {
	return !u.seen[string(key)] && len(u.seen) < maxUnusedKeys
}

// saw looks at the first string value of an unused key.
func (u *unusedKeys) saw(key, s string) {
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	u.seen[key] = true
	looks := ""
	if _, err := ParsePublished(s); err == nil && strings.TrimSpace(s) != "" {
		looks = "a time"
	} else if len(s) >= 200 && strings.Count(s, " ") >= 20 {
		looks = "text"
	}
	if looks != "" {
		where := u.file
		if u.line > 0 {
			where += ":" + strconv.Itoa(u.line)
		}
		u.found = append(u.found, unusedKey{key, looks, where})
	}
}

// message says which keys were not read though they look like a time or
// text, and how to read them; "" if none.
func (u *unusedKeys) message() string {
	if len(u.found) == 0 {
		return ""
	}
	var parts, how []string
	for _, k := range u.found {
		parts = append(parts, fmt.Sprintf("%q (%s) looks like %s", k.key, k.where, k.looks))
		f := "published"
		if k.looks == "text" {
			f = "text"
		}
		how = append(how, "-field "+f+"="+k.key)
	}
	return "not read: " + strings.Join(parts, ", ") + "; to read one, give " + strings.Join(how, " or ")
}
