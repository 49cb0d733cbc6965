package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names.

// Words that never start a name, and words that end one.
var (
	nameStops = []string{
		"This", "That", "These", "Those", "It", "Its", "He", "She", "We", "They", "I", "You", "Our", "Your", "His", "Her",
		"Their", "My", "A", "An", "The", "Here", "There", "Print", "Page", "Pages", "Issue", "Edition", "Volume", "Vol",
		"Part", "Section", "Today", "Yesterday", "Tomorrow", "Full", "Read", "More", "Click", "Subscribe", "Follow", "Share",
		"Sign", "All", "Copyright", "Photo", "Published", "Updated", "Reporting", "Editing", "Writing", "Additional", "And",
		"Or", "But", "If", "When", "As", "In", "On", "At", "By", "For", "From", "With", "To", "Of", "Is", "Was", "Are",
	}
	languages = []string{
		"English", "Russian", "Ukrainian", "French", "German", "Spanish", "Italian", "Portuguese", "Chinese", "Mandarin",
		"Japanese", "Korean", "Arabic", "Hebrew", "Turkish", "Polish", "Persian", "Farsi", "Hindi", "Urdu", "Dutch", "Swedish",
		"Belarusian", "Georgian", "Kazakh", "Romanian", "Greek", "Czech", "Hungarian", "Serbian", "Croatian", "Bulgarian",
		"Vietnamese", "Thai", "Indonesian", "Malay", "Bengali", "Tamil", "Armenian", "Azerbaijani", "Latvian", "Lithuanian",
		"Estonian", "Finnish", "Norwegian", "Danish",
	}
	connectors = []string{
		"of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el", "al", "der", "die",
		"den", "für", "van", "von", "y", "e", "i", "for", "the", "am", "and", "&",
	}
)

// parseName parses a name starting at i (after opening quotes), ending no
// later than lim, and returns its bounds, or -1, -1.
func parseName(s string, i, lim int) (int, int) { return parseNameList(s, i, lim, false) }

// parseNameList is parseName; in a list, "and" separates names instead of
// joining the words of one ("Izvestia and TASS", "The Bull and Bear").
func parseNameList(s string, i, lim int, list bool) (int, int) {
	lim = min(lim, len(s), i+maxName+8)
	// Opening quotes and emphasis.
	for i < lim {
		r, n := runeAt(s, i)
		if r == '"' || r == '\'' || r == '“' || r == '‘' || r == '«' || r == '*' || r == '_' {
			i += n
			continue
		}
		break
	}
	start := i
	end := -1
	tokens := 0
	pending := false // a connector was read and needs a name word after it
	for p := i; p < lim && tokens < 8; {
		// A known agency counts as one word, whatever its case.
		if e, ok := agencyAt(s, p, lim); ok {
			tokens++
			end = e
			pending = false
			p = e
			if p < lim && s[p] == '.' && !strings.HasSuffix(s[start:p], ".") {
				break
			}
		} else {
			te, raw := scanToken(s, p, lim)
			if te == p {
				break
			}
			w := s[p:te]
			cls := tokenClass(w)
			if tokens == 0 {
				if cls != tokenCap && cls != tokenDomain {
					return -1, -1
				}
				if inList(nameStops, w) && !(w == "The" || w == "A") {
					return -1, -1
				}
				if isMonth(w) || isWeekday(w) || inList(languages, w) {
					return -1, -1
				}
			} else if cls == tokenCap && (inList(nameStops, w) && w != "The") {
				break
			}
			switch cls {
			case tokenCap, tokenDomain:
				tokens++
				end = te
				pending = false
			case tokenConnector:
				if pending || tokens == 0 || list && w == "and" {
					goto out
				}
				pending = true
			default:
				// A number closing the name at the end of its line or
				// sentence: "Channel 4.", "Policy Wonk 205".
				if tokens > 0 && !pending && len(w) <= 3 && allDigits(w) && (te == len(s) || strings.IndexByte("\n\r.,;)", s[te]) >= 0) {
					end = te
				}
				goto out
			}
			p = te
			if raw > te {
				break // punctuation after the word ends the name
			}
		}
		// One space (or no-break space) between words.
		if p < lim && s[p] == ' ' {
			p++
		} else if strings.HasPrefix(s[p:lim], "\u00a0") {
			p += 2
		} else {
			break
		}
	}
out:
	if end < 0 {
		return -1, -1
	}
	// A possessive ends the name: "Meduza's website".
	if strings.HasSuffix(s[start:end], "'s") || strings.HasSuffix(s[start:end], "’s") {
		if q := skipSpaces(s, end, lim); q < lim && s[q] >= 'a' && s[q] <= 'z' {
			if strings.HasSuffix(s[start:end], "'s") {
				end -= 2
			} else {
				end -= len("’s")
			}
		}
	}
	name := s[start:end]
	if name == "The" || name == "A" || name == "An" || strings.HasSuffix(name, " The") {
		return -1, -1
	}
	return start, end
}

// Token classes.
const (
	tokenOther = iota
	tokenCap
	tokenDomain
	tokenConnector
)

// scanToken reads the word at p: letters, digits and marks with inner
// ".", "'", "’", "-", "&", "/", "+", "!". It returns the end of the word
// (without trailing punctuation, but keeping an abbreviation's dots) and
// the end of the raw run.
func scanToken(s string, p, lim int) (end, raw int) {
	q := p
	for q < lim {
		r, n := runeAt(s, q)
		if isWordRune(r) || r == '.' || r == '\'' || r == '’' || r == '-' || r == '&' || r == '/' || r == '+' || r == '!' {
			q += n
			continue
		}
		break
	}
	raw = q
	end = q
	for end > p {
		r, n := runeBefore(s, end)
		if isWordRune(r) {
			break
		}
		if r == '.' && isAbbrev(s[p:end]) {
			break
		}
		end -= n
	}
	if end == p && raw == p+1 && s[p] == '&' {
		end = raw // "&" between words: "Simon & Schuster"
	}
	return end, raw
}

// isAbbrev reports whether w is an abbreviation written with dots:
// "U.S.", "L.P.", "D.C.".
func isAbbrev(w string) bool {
	if len(w) < 3 || w[len(w)-1] != '.' || strings.Count(w, ".") < 2 {
		return false
	}
	n := 0 // letters since the last dot
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			n++
			continue
		}
		if n == 0 || n > 2 {
			return false
		}
		n = 0
	}
	return true
}

// tokenClass classifies a word of a name.
func tokenClass(w string) int {
	if w == "" {
		return tokenOther
	}
	if inList(connectors, w) {
		return tokenConnector
	}
	r, _ := utf8.DecodeRuneInString(w)
	letter, upper := false, false
	for _, r := range w {
		if unicode.IsLetter(r) {
			letter = true
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	if !letter {
		return tokenOther
	}
	if unicode.IsUpper(r) || (unicode.IsDigit(r) && upper) {
		return tokenCap
	}
	if unicode.IsDigit(r) {
		return tokenOther
	}
	if i := strings.LastIndexByte(w, '.'); i > 0 && len(w)-i-1 >= 2 && len(w)-i-1 <= 12 && allASCIILetters(w[i+1:]) && !strings.Contains(w, "/") {
		return tokenDomain
	}
	if upper { // "iNews", "eKathimerini"
		return tokenCap
	}
	return tokenOther
}

// Words and months.

var (
	months = []string{
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
		"december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	}
	weekdays = []string{
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu",
		"thur", "thurs", "fri", "sat",
	}
)

// isMonth reports whether w is a month's name or abbreviation, in any
// case, with an optional final dot.
func isMonth(w string) bool {
	var b [16]byte
	return inListBytes(months, appendLower(b[:0], strings.TrimSuffix(w, ".")))
}

// isWeekday reports whether w is a weekday's name or abbreviation.
func isWeekday(w string) bool {
	var b [16]byte
	return inListBytes(weekdays, appendLower(b[:0], strings.TrimSuffix(w, ".")))
}
