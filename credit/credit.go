package credit

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Credit is one attribution claim found in an article's text: a line or
// sentence in which the article says where it, or part of it, comes from.
//
// A credit is a claim, not a mention: "Reuters reported that ..." in the
// middle of a paragraph is not a credit, "WASHINGTON (Reuters) -" at the
// start of one is. The rules are documented at [Append].
type Credit struct {
	// Name is the credited outlet or agency as written in the text,
	// trimmed of white space, quotes and the punctuation around it:
	// "VPost", "Reuters", "REUTER", "AP", "The Guardian", or, when the
	// credit is a link, the link's host ("www.reuters.com"). It is a
	// substring of the text and shares its memory: clone it
	// ([strings.Clone]) to keep it without keeping the whole text. Compare
	// names with [NormalizeOutlet] or [SameOutlet].
	Name string
	// Kind is how the credit was claimed.
	Kind Kind
	// Start and End are the byte range [Start, End) of the whole claim in
	// the text: "This article was first published by VPost", "(AP) —",
	// "Copyright 2024 The Associated Press". Credits taken from one claim
	// (a list such as "Sources: Izvestia, TASS") share the claim's range
	// and differ by Name.
	Start, End int
}

// Kind says how a [Credit] was claimed. Its zero value is not a valid
// kind. Its methods are safe for concurrent use (UnmarshalText writes
// only its receiver).
type Kind uint8

// The kinds of credit, with examples of what each recognises. The full
// rules are documented at [Append].
const (
	// FirstPublished: "This article was first published by VPost.",
	// "Originally published in The Guardian", "This story originally
	// appeared on Meduza", "Republished with permission from X",
	// "Reprinted from X", "The post ... appeared first on X."
	FirstPublished Kind = iota + 1
	// Dateline: "WASHINGTON (Reuters) -", "(AP) —", "LONDON, Nov 6
	// (Reuters) -", "MOSCOW, November 6. /TASS/.".
	Dateline
	// Byline: "By Jane Doe, Associated Press", "By Jane Doe |
	// Reuters", "By AFP", "By Jane Doe for The Guardian", or a known
	// agency alone on one of the first lines.
	Byline
	// Contributor: a known agency credited for part of the
	// reporting: "The Associated Press contributed to this report",
	// "Additional reporting by Reuters", "With files from AFP",
	// "Material from Reuters was used in this report".
	Contributor
	// Via: "via Reuters" alone on a line, "Source: Reuters",
	// "Sources: Izvestia, TASS", "Courtesy of X".
	Via
	// Copyright: "© 2024 Reuters", "Copyright 2024 The Associated
	// Press. All rights reserved.", "(c) Copyright Thomson Reuters 2024",
	// "The Associated Press. All rights reserved."
	Copyright
	// SignOff: a known agency closing the text: a last line
	// "Reuter", "- Reuters", "— AFP", "(AFP)", or "... said. REUTER" at
	// the very end.
	SignOff
	// Photo: the credit of a picture, not of the text: "Sputnik via
	// Reuters" ending a caption, "REUTERS/Evelyn Hockstein", "AP
	// Photo/Evan Vucci", "Photo: Jane Doe/AFP". Name is the agency, or the
	// last party named. [Credited] ignores these.
	Photo
)

var kindNames = [...]string{
	FirstPublished: "first-published",
	Dateline:       "dateline",
	Byline:         "byline",
	Contributor:    "contributor",
	Via:            "via",
	Copyright:      "copyright",
	SignOff:        "sign-off",
	Photo:          "photo",
}

// String returns the kind's name: "first-published", "dateline",
// "byline", "contributor", "via", "copyright", "sign-off" or "photo";
// "Kind(N)" for any other value.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText returns the kind's [Kind.String] name, so that credits
// encode as readable JSON. It fails for an invalid kind, with an error
// that quotes the kind.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return []byte(kindNames[k]), nil
	}
	return nil, &kindError{string: k.String()}
}

// UnmarshalText sets the kind from a name returned by [Kind.String]. It
// fails for any other name, with an error that quotes the name, and
// leaves k unchanged.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return &kindError{string: string(b)}
}

type kindError struct{ string }

func (e *kindError) Error() string {
	return "credit: invalid kind " + strconv.Quote(e.string)
}

// Window bounds the work [Append] does on long texts: a text longer than
// 2*Window bytes is read only in its first and its last Window bytes
// (cut at line breaks when there is one in the window's outer half). News articles are far shorter; credits sit at
// the top and the bottom of a text, and the cost of one call is then
// bounded whatever the input, a 100 MB text included.
const Window = 64 << 10

// Zones of the text in which line-position rules apply.
const (
	// headLines is how many non-empty lines from the start of the text
	// count as its head (where a known agency alone on a line is a
	// byline).
	headLines = 10
	// tailLines is how many non-empty lines from the end of the text
	// count as its tail (where a known agency alone on a line is a
	// sign-off).
	tailLines = 5
	// maxLine is the longest line, in bytes, checked for line-shaped
	// claims (bylines, labels, credit lines).
	maxLine = 200
	// maxBack is how far back, in bytes, the start of a sentence is
	// looked for.
	maxBack = 300
	// maxName is the longest name, in bytes.
	maxName = 100
)

// Extract returns the credits claimed in text, in text order (see
// [Append] for the rules), or nil if there are none. It never fails or
// panics, whatever the text. It is a pure function, safe for concurrent
// use.
func Extract(text string) []Credit {
	return Append(nil, text)
}

// Append appends the credits claimed in text to dst, in text order
// (by Start, then End), and returns the extended slice. Reusing dst[:0]
// makes repeated calls free of allocations: names are substrings of text.
// It never panics, whatever the text (invalid UTF-8 and NUL bytes are
// treated as neither letters nor spaces), and its work is bounded by
// [Window]. It is a pure function, safe for concurrent use.
//
// # What counts as a credit
//
// Precision matters more than recall: a credit must be phrased or placed
// as a claim. An outlet named in running prose ("Reuters reported",
// "told Reuters", "according to AP"), inside a quotation, in a link or as
// part of another word is never a credit. The rules:
//
//   - Names. A credited name is a run of at most 8 capitalised words on
//     one line, one space apart (connectors such as "of", "de", "the",
//     "for", "and" and "&" allowed between them, "-", "'", "/" and
//     abbreviation dots inside them, a number of up to three digits
//     closing it at the end of a line or sentence: "Channel 4"), a known
//     agency (which may be lower case: "dpa"), or a domain name
//     ("nytimes.com"). A name never starts with a month, a weekday, a
//     language ("first published in Russian by ...") or a pronoun, so
//     dates and prose are not taken for names. In lists ("Sources:",
//     contributors) "and" separates names instead.
//   - Known agencies: Reuters, Associated Press (AP), AFP (Agence
//     France-Presse), Bloomberg, dpa, EFE, ANSA, Kyodo, Jiji Press,
//     Xinhua, TASS, RIA Novosti, Interfax, Interfax-Ukraine, Sputnik, PA
//     Media (PA, Press Association), UPI, Yonhap, PTI, ANI, IANS,
//     Anadolu, AAP, The Canadian Press, Europa Press, Ukrinform, UNIAN,
//     IRNA, Bernama and Antara, with their usual variants. Long names
//     match in any case ("REUTER", "reuter"), abbreviations only as
//     written ("AP", not "ap"), always as whole words.
//   - First-published ([FirstPublished]): a sentence whose subject
//     is the text itself, pointed at with "this" ("This article", "This
//     story", "A version of this story", "This is an edited version of an
//     article that"; not "The article", which may be another one, nor
//     "This book"), or that starts with "Republished", "Reprinted",
//     "Reproduced", "Syndicated", "Published with permission", or
//     "Originally", "First", "Previously" (then the credit must be the
//     whole sentence: "First published by Penguin in 1998, the book ..."
//     is about a book); followed by published, republished, reprinted,
//     reproduced, appeared, posted, produced or syndicated and, before
//     the sentence ends, by, in, on, at, from, of, "with permission
//     from" or "courtesy of" and a name; also "The post ... appeared
//     first on X". The sentence must start the line or follow a sentence
//     end, a colon or a bracket, and be capitalised: "first published in
//     1998 by the ministry" is prose. Anywhere in the text.
//   - Dateline ([Dateline]): a parenthesised name followed by a
//     dash ("-", "--", "–", "—", or EFE's ".-") at the start of a line,
//     after nothing or a place and date ("LONDON, Nov 6", "Berlin",
//     "RIO DE JANEIRO", "LINCOLN, Neb., March 30"). A known agency may
//     follow any such place; another name ("(CNN)") needs nothing, a
//     place in capitals or a place and a date before it, so that "Gould
//     Inc (GLD) -" and "Interstate Commerce Commission (ICC) --", which
//     define abbreviations, are not datelines; labels such as
//     "(Updated)", "(Video)" or "(R)" never are. A known agency is also
//     recognised after a place in capitals in the middle of a line
//     (re-flowed text: "... WASHINGTON (Reuters) - ..."), and, after a
//     place and date, without a dash ("New Delhi, Nov 6 (PTI) The ...").
//     TASS's "/TASS/." after a place and date. Anywhere in the text.
//   - Byline ([Byline]): a line of at most 200 bytes starting with
//     "By" that names a known agency, either alone ("By Reuters", "By The
//     Associated Press") or after people's names and a separator (",",
//     "|", "-", "/", "(" or "for"), optionally followed by a role ("Writer",
//     "Correspondent", "staff", ...) and a date; after "for", any name
//     ("By Jane Doe for The Guardian"). A known agency alone on one of the
//     first 10 non-empty lines is a byline too (on a short text, when it
//     is also one of the last 5, only when it is in the first half of the
//     text, not the last line, and not after a dash).
//   - Contributor ([Contributor]): known agencies only (persons are
//     credited the same way, and are not outlets): "<agencies>
//     contributed to this report" (or "contributed reporting"),
//     "(Additional) reporting by <agencies>", "With files from
//     <agencies>", "Material from <agencies>", at the start of a
//     sentence.
//   - Via ([Via]): a line "via X", "(via X)" or "Via: X" (X a name running to
//     the end of the line), a line "Source: X, Y" or "Sources:" with the
//     names on the same or next line (each item a whole name or a link;
//     the list stops at the first item that is not), or a line "Courtesy
//     (of) X". "via satellite", "via the pipeline" and "Source: company
//     reports" are prose.
//   - Copyright ([Copyright]): "©", "(c)", "Copyright" or
//     "COPYRIGHT" at the start of a line, after a sentence end or after a
//     "|", "·" or "•" separator, followed by years and a name that ends
//     the line or is followed by a year, punctuation or "All rights
//     reserved" ("Copyright Office said" is prose). "(c)" also needs a
//     year, "rights reserved" or a known agency, as it numbers list
//     items. Also a short line "<Name>. All rights reserved."
//   - Sign-off ([SignOff]): a known agency alone on one of the last
//     5 non-empty lines (after dashes, brackets and trailing "...", "^M"
//     are stripped: "Reuter", "- Reuters", "(AFP)"), or at the very end of
//     the last line after a dash, two spaces, a sentence end ("... NIL.
//     REUTER"), or, written in capitals, a figure ("... 17 REUTER"). A
//     known agency alone on a line is not a credit when the line before
//     ends with a lower-case letter or a comma and the agency with a full
//     stop: that is hard-wrapped prose (a line "a bank official told"
//     then a line "Reuters.").
//   - Photo ([Photo]): picture credits, kept apart so that a
//     picture distributed by an agency is not taken for a text credit:
//     "Name via Name" ending a line after a sentence end ("Trump and Putin
//     meet in 2019. Sputnik via Reuters"; "via" in lower case: "FED ADDS
//     RESERVES VIA CUSTOMER REPURCHASES" is a headline), "REUTERS/Name",
//     "AP Photo/Name", "AFP/Name", "EPA/Name", and lines starting
//     "Photo:", "Photo by", "Photograph:", "Image:", "Image credit:",
//     "Picture:" or "Credit:".
//
// Lines are split at "\n" ("\r" is trimmed); leading white space, bullets,
// dashes and markdown emphasis are ignored.
func Append(dst []Credit, text string) []Credit {
	n0 := len(dst)
	sc := scanner{s: text, dst: dst}
	sc.zones()
	if len(text) <= 2*Window {
		sc.scan(0, len(text))
	} else {
		h := Window
		if i := strings.LastIndexByte(text[Window/2:Window], '\n'); i >= 0 {
			h = Window/2 + i + 1
		}
		t := len(text) - Window
		if i := strings.IndexByte(text[t:t+Window/2], '\n'); i >= 0 {
			t += i + 1
		}
		sc.scan(0, h)
		sc.scan(t, len(text))
	}
	sc.signOffEnd()
	out := sc.dst
	found := out[n0:]
	slices.SortFunc(found, func(a, b Credit) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(b.End, a.End); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	// Drop a credit whose range lies inside an earlier one with the same
	// kind and name (one claim found by two rules).
	k := 0
	for _, c := range found {
		dup := false
		for j := k - 1; j >= 0 && j >= k-8; j-- {
			p := found[j]
			if p.Kind == c.Kind && p.Name == c.Name && p.Start <= c.Start && c.End <= p.End {
				dup = true
				break
			}
		}
		if !dup {
			found[k] = c
			k++
		}
	}
	clear(found[k:])
	out = out[:n0+k]
	if len(out) == 0 && dst == nil {
		return nil
	}
	return out
}
