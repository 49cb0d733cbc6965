package synth

import (
	"bufio"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// WriteJSONL runs the generator and writes one JSON object per article
// and line to w, in the order seen:
//
//	{"id", "published" (RFC 3339 UTC, absent when undated), "source",
//	 "url", "cluster", "derived_from" (absent for originals and
//	 distractors), "stitched_from" (stitched copies only), "label",
//	 "intensity" (rewrite classes only: "light", "medium" or "heavy"),
//	 "negative_for" (same-topic negatives only: the ID of the original
//	 they share day and topic with), "synthetic" (true, only on articles
//	 of synthetic stories), "text"}
//
// The output is buffered; it is flushed before WriteJSONL returns.
func (g *Generator) WriteJSONL(w io.Writer) (Stats, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	var buf []byte
	stats, err := g.Run(func(a Article) error {
		buf = AppendJSON(buf[:0], &a)
		buf = append(buf, '\n')
		_, err := bw.Write(buf)
		return err
	})
	if err != nil {
		return stats, err
	}
	return stats, bw.Flush()
}

// AppendJSON appends a as one JSON object (no newline) to dst, with the
// fields of [Generator.WriteJSONL].
func AppendJSON(dst []byte, a *Article) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, a.ID)
	if !a.Published.IsZero() {
		dst = append(dst, `,"published":"`...)
		dst = a.Published.UTC().AppendFormat(dst, time.RFC3339)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"source":`...)
	dst = appendString(dst, a.Source)
	dst = append(dst, `,"url":`...)
	dst = appendString(dst, a.URL)
	dst = append(dst, `,"cluster":`...)
	dst = appendString(dst, a.Cluster)
	if a.DerivedFrom != "" {
		dst = append(dst, `,"derived_from":`...)
		dst = appendString(dst, a.DerivedFrom)
	}
	if len(a.StitchedFrom) > 0 {
		dst = append(dst, `,"stitched_from":[`...)
		for i, s := range a.StitchedFrom {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, s)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"label":`...)
	dst = appendString(dst, string(a.Label))
	if a.Intensity != "" {
		dst = append(dst, `,"intensity":`...)
		dst = appendString(dst, string(a.Intensity))
	}
	if a.NegativeFor != "" {
		dst = append(dst, `,"negative_for":`...)
		dst = appendString(dst, a.NegativeFor)
	}
	if a.Synthetic {
		dst = append(dst, `,"synthetic":true`...)
	}
	dst = append(dst, `,"text":`...)
	dst = appendString(dst, a.Text)
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and
// control characters escaped, U+2028 and U+2029 escaped (as
// encoding/json does), invalid UTF-8 replaced by U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = strconv.AppendInt(dst, int64(r&0xF), 16)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
