package dedup

import (
	"fmt"
	"strings"

	"github.com/reprintlab/reprint/shingle"
)

// ParseSettings returns the settings that [Settings.String] describes as
// desc, as recorded with stored data (MinShingles, which desc does not
// record, is left 0: the default). It returns an error wrapping
// [ErrRetiredFamily] for a hash family this build no longer makes (see
// [CheckRetired]), and one wrapping [ErrSettingsMismatch] for any other
// description that this build's settings do not produce: another
// version's, or not settings at all.
func ParseSettings(desc string) (Settings, error) {
	if err := CheckRetired(desc); err != nil {
		return Settings{}, err
	}
	var k, words, chars, norm int
	fields := strings.Fields(desc)
	if len(fields) == 5 && fields[0] == "sig/1" {
		_, errK := fmt.Sscanf(fields[3], "k=%d", &k)
		_, errShingle := fmt.Sscanf(fields[4], "words=%d,chars=%d,norm=%d", &words, &chars, &norm)
		if errK == nil && errShingle == nil {
			for _, m := range []Method{MinWise, OnePermutation} {
				s := Settings{Method: m, NumHashes: k, Shingle: shingle.Config{WordSize: words, CharSize: chars}}
				if s.Validate() == nil && s.String() == desc {
					return s, nil
				}
			}
		}
	}
	return Settings{}, fmt.Errorf("%w: %q are not signature settings this build makes", ErrSettingsMismatch, desc)
}

// DescribeDifference says in words how settings a and b differ in what
// decides slot values (defaults filled in), for messages: a's values and
// b's, field by field, such as "5-word shingles and 64 hashes" and
// "4-word shingles and 128 hashes". Both are empty when a and b make
// comparable signatures.
func DescribeDifference(a, b Settings) (inA, inB string) {
	a, b = a.Normalized(), b.Normalized()
	var da, db []string
	add := func(differ bool, format string, x, y any) {
		if differ {
			da, db = append(da, fmt.Sprintf(format, x)), append(db, fmt.Sprintf(format, y))
		}
	}
	add(a.Method != b.Method, "the %s method", a.Method, b.Method)
	add(a.NumHashes != b.NumHashes, "%d hashes", a.NumHashes, b.NumHashes)
	add(a.Shingle.WordSize != b.Shingle.WordSize, "%d-word shingles", a.Shingle.WordSize, b.Shingle.WordSize)
	add(a.Shingle.CharSize != b.Shingle.CharSize, "%d-character shingles (in scripts without spaces)", a.Shingle.CharSize, b.Shingle.CharSize)
	if len(da) == 0 && a.ID() != b.ID() { // not reached: the fields above decide the ID in this build
		da, db = []string{a.String()}, []string{b.String()}
	}
	return strings.Join(da, " and "), strings.Join(db, " and ")
}
