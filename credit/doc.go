// Package credit finds the attribution claims in a news article's text
// and compares outlet names.
//
// [Extract] (or [Append], which reuses a slice) returns the credits a text
// claims: "This article was first published by VPost.", "LONDON
// (Reuters) -", "By Jane Doe, Associated Press", "© 2024 Reuters", a
// closing "Reuter". A credit is a claim, not a mention: an outlet named in
// running prose ("told Reuters") is not one. The rules are documented at
// [Append]; precision matters more than recall.
//
// [NormalizeOutlet], [SameOutlet] and [Outlet] compare outlet names as
// written in credits, source tags and links: "The Associated Press",
// "AP" and "apnews.com" name one outlet; "VPost" and "site:valley-post"
// too. [Credited] reports whether credits name a given outlet.
//
// Every function of the package is pure and safe for concurrent use;
// none returns an error or panics, whatever its input (invalid UTF-8
// included), and the work of one call is bounded (see [Window]).
//
// Package provenance uses this package to tell credited copies from
// uncredited ones; it can be used alone.
package credit
