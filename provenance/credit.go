package provenance

import "github.com/reprintlab/reprint/credit"

// The credit extraction and outlet names moved to package credit; these
// names forward to it and stay for callers of earlier versions.

// Credit is one attribution claim found in an article's text.
//
// Deprecated: Use [credit.Credit], the same type.
type Credit = credit.Credit

// CreditKind says how a [Credit] was claimed.
//
// Deprecated: Use [credit.Kind], the same type.
type CreditKind = credit.Kind

// The kinds of credit.
//
// Deprecated: Use the constants of package credit: [credit.FirstPublished],
// [credit.Dateline], [credit.Byline], [credit.Contributor], [credit.Via],
// [credit.Copyright], [credit.SignOff] and [credit.Photo].
const (
	CreditFirstPublished = credit.FirstPublished
	CreditDateline       = credit.Dateline
	CreditByline         = credit.Byline
	CreditContributor    = credit.Contributor
	CreditVia            = credit.Via
	CreditCopyright      = credit.Copyright
	CreditSignOff        = credit.SignOff
	CreditPhoto          = credit.Photo
)

// CreditWindow bounds the work [AppendCredits] does on long texts.
//
// Deprecated: Use [credit.Window], the same value.
const CreditWindow = credit.Window

// ExtractCredits returns the credits claimed in text, in text order, or
// nil if there are none. It never fails or panics, and is safe for
// concurrent use.
//
// Deprecated: Use [credit.Extract], which it calls.
func ExtractCredits(text string) []Credit { return credit.Extract(text) }

// AppendCredits appends the credits claimed in text to dst and returns
// the extended slice. It never fails or panics, and is safe for
// concurrent use.
//
// Deprecated: Use [credit.Append], which it calls.
func AppendCredits(dst []Credit, text string) []Credit { return credit.Append(dst, text) }

// NormalizeOutlet returns a key for comparing outlet names. It accepts
// any string and is safe for concurrent use.
//
// Deprecated: Use [credit.NormalizeOutlet], which it calls.
func NormalizeOutlet(name string) string { return credit.NormalizeOutlet(name) }

// SameOutlet reports whether a and b name the same outlet. It is safe for
// concurrent use.
//
// Deprecated: Use [credit.SameOutlet], which it calls.
func SameOutlet(a, b string) bool { return credit.SameOutlet(a, b) }

// CreditsOutlet reports whether one of the credits names the outlet
// given by its source name or tag or by a link to its site. It is safe
// for concurrent use.
//
// Deprecated: Use [credit.Credited], which it calls.
func CreditsOutlet(credits []Credit, source, url string) bool {
	return credit.Credited(credits, source, url)
}
