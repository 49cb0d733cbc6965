package provenance

import (
	"fmt"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/dedup"
)

// Kind is what kind of reuse a copy → source link is. Kinds are ordered
// by strength: KindVerbatim is the strongest, KindPartial the weakest.
// The zero value is not a kind: a [Link] without one is read as
// KindVerbatim (KindPartial when Link.Partial), what a link was before
// links had kinds; a Config.StoryKind of zero means the default.
type Kind uint8

const (
	// KindPartial: one or more substantial passages taken faithfully
	// (their names and figures kept), most of the copy its own; also each
	// source of a copy stitched verbatim from several (Edge.Partial).
	KindPartial Kind = iota + 1
	// KindRewrite: derived throughout but reworded: the copy's names and
	// figures are the source's, in passages of the same order, with other
	// words changed.
	KindRewrite
	// KindUpdate: the copy holds the whole source word for word (a flash,
	// an earlier version) and adds material of its own.
	KindUpdate
	// KindVerbatim: today's rule: most of the copy (or of the source) is
	// found in the other, as estimated from shingle signatures
	// (containment at least dedup.IndexConfig.MinContainment), or at
	// least 80% of the copy's words are copied word for word in runs of
	// 4 or more.
	KindVerbatim
)

// DefaultStoryKind is the weakest kind of link that joins a story by
// default: every kind.
const DefaultStoryKind = KindPartial

var kindNames = [...]string{KindPartial: "partial", KindRewrite: "rewrite", KindUpdate: "update", KindVerbatim: "verbatim"}

// String returns the kind's name as reports and JSON write it:
// "verbatim", "update", "rewrite" or "partial" ("" for the zero value).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// ParseKind returns the kind named s ("verbatim", "update", "rewrite"
// or "partial"). The error wraps [dedup.ErrInvalidSettings].
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if n != "" && n == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("%w: kind %q: want verbatim, update, rewrite or partial", dedup.ErrInvalidSettings, s)
}

// MarshalText returns the kind's name (see [Kind.String]); the zero
// value marshals as "". It is safe for concurrent use.
func (k Kind) MarshalText() ([]byte, error) {
	if k != 0 && !k.valid() {
		return nil, fmt.Errorf("%w: kind %d", dedup.ErrInvalidSettings, uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText sets k to the kind named text ("" sets the zero value).
// The error wraps [dedup.ErrInvalidSettings].
func (k *Kind) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// valid reports whether k is one of the four kinds.
func (k Kind) valid() bool { return k >= KindPartial && k <= KindVerbatim }

// kindOf returns a link's kind, the zero value read as a link was before
// links had kinds.
func kindOf(k Kind, partial bool) Kind {
	switch {
	case k.valid():
		return k
	case partial:
		return KindPartial
	}
	return KindVerbatim
}

// fromAlign converts an alignment's grade to a Kind (0 for align.None).
func fromAlign(k align.Kind) Kind {
	switch k {
	case align.Verbatim:
		return KindVerbatim
	case align.Update:
		return KindUpdate
	case align.Rewrite:
		return KindRewrite
	case align.Partial:
		return KindPartial
	}
	return 0
}
