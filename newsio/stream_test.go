package newsio

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadEachKeepsNoIDs(t *testing.T) {
	// Read refuses a repeated id, which takes every id in memory;
	// ReadEach passes it on, for a consumer that checks ids itself.
	input := `{"id": "a", "text": "one"}` + "\n\n" + `{"id": "b", "text": "two", "published": "2024-11-06"}` + "\n" + `{"id": "a", "text": "three"}` + "\n"
	err := Reader{}.Read([]string{"-"}, strings.NewReader(input), func(Input) error { return nil })
	assert.ErrorContains(t, err, `standard input:4: duplicate id "a" (first at standard input:1)`)
	var got []string
	err = Reader{}.ReadEach([]string{"-"}, strings.NewReader(input), func(in Input) error {
		got = append(got, in.Where+" "+in.ID+" "+in.Text)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"standard input:1 a one", "standard input:3 b two", "standard input:4 a three"}, got)
	err = Reader{}.ReadEach([]string{"-"}, strings.NewReader(`{"id": "a"}`), func(Input) error { return nil })
	assert.ErrorContains(t, err, `standard input:1: article "a": missing "text"`)
}
