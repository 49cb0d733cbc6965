package credit

import (
	"math/rand/v2"
	"testing"
)

// TestLetterMask checks the SWAR letter mask against triggerClass, byte
// by byte: every byte value at every place of an 8-byte group, and random
// texts of every length up to 130 bytes from every base.
func TestLetterMask(t *testing.T) {
	naive := func(s string, base int) (m uint64) {
		for k := 0; k < 64 && base+k < len(s); k++ {
			if triggerClass[s[base+k]] == trigLetter {
				m |= 1 << k
			}
		}
		return m
	}
	for c := range 256 {
		for k := range 8 {
			b := []byte("........")
			b[k] = byte(c)
			if got, want := letters8(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|
				uint64(b[4])<<32|uint64(b[5])<<40|uint64(b[6])<<48|uint64(b[7])<<56), naive(string(b), 0); got != want {
				t.Fatalf("byte %#x at %d: mask %08b, want %08b", c, k, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "aZz@[`{ \x80\xc2\xa9\xff-.AmM09"
	for n := range 131 {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		for base := 0; base < n; base++ {
			if got, want := letterMask(s, base), naive(s, base); got != want {
				t.Fatalf("%q from %d: mask %064b, want %064b", s, base, got, want)
			}
		}
	}
}
