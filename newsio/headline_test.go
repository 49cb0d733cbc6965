package newsio

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// within reports whether s's bytes lie inside text's.
func within(s, text string) bool {
	if s == "" {
		return false
	}
	p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return p >= start && p < start+uintptr(len(text))
}

func TestHeadlineDoesNotHoldTheText(t *testing.T) {
	// The flagger keeps every article's About (its headline) until the
	// report; a headline cut from the text would keep the whole text,
	// about 1 KB per article, in memory with -passages=false.
	body := strings.Repeat("The central bank left rates unchanged. ", 40)
	line := `{"id": "a1", "text": "  Bank holds rates\n\n` + body + `"}` + "\n"
	var got []Input
	err := Reader{}.ReadFromReader(strings.NewReader(line), "in.jsonl", func(in Input) error {
		got = append(got, in)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 1)
	in := got[0]
	assert.Equal(t, "Bank holds rates", in.About().Title)
	assert.False(t, within(in.About().Title, in.Text), "the headline is a copy, not a slice of the text")

	long := strings.Repeat("word ", 30) + "\nrest"
	assert.False(t, within(FirstLine(long), long))
	assert.Equal(t, "", FirstLine(" \n\t"))
}
