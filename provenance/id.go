package provenance

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidID is returned by [CheckID], [Tracker.Add] and [Graph.Add]
// for an article ID that is not empty but cannot be used: only white
// space, not valid UTF-8, or holding a control character.
var ErrInvalidID = errors.New("provenance: invalid article id")

// CheckID returns nil if id can identify an article, else an error that
// says why: [ErrEmptyID] for "", and an error wrapping [ErrInvalidID] for
// an ID that is only white space, is not valid UTF-8 (two such IDs could
// print alike and merge once repaired), or holds a control character:
// C0 (U+0000 to U+001F, tab and newline included), DEL (U+007F) or C1
// (U+0080 to U+009F). Such characters forge lines and terminal escapes
// in reports, and no ID scheme needs them; tab is refused too, as it
// would split the ID in any tab-separated output. Spaces around or inside
// an ID are allowed and kept: " a" and "a" are two IDs.
//
// Records already stored are not checked when a store is opened, so that
// data written by an earlier version stays readable.
//
// CheckID is safe for concurrent use.
func CheckID(id string) error {
	if id == "" {
		return ErrEmptyID
	}
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("%w %q: only white space", ErrInvalidID, id)
	}
	for i, r := range id {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(id[i:], "\uFFFD"):
			return fmt.Errorf("%w %q: byte %d is not valid UTF-8", ErrInvalidID, id, i)
		case unicode.IsControl(r):
			return fmt.Errorf("%w %q: control character %U at byte %d", ErrInvalidID, id, r, i)
		}
	}
	return nil
}
