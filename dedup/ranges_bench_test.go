package dedup_test

import (
	"testing"

	"github.com/reprintlab/reprint/dedup"
)

// BenchmarkSignToExceptRanges compares signing with a skip function
// that leaves out nothing (the common article once boilerplate is
// learned) without and with the skipped shingles' ranges noted.
func BenchmarkSignToExceptRanges(b *testing.B) {
	text := seed(b, 1)
	never := func(uint64) bool { return false }
	s := newSigner(b, dedup.Settings{})
	var sig dedup.Signature
	b.Run("SignToExcept", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if _, err := s.SignToExcept(&sig, text, never); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SignToExceptRanges", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		var ranges [][2]int
		for b.Loop() {
			var err error
			if _, ranges, err = s.SignToExceptRanges(&sig, text, never, ranges[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
