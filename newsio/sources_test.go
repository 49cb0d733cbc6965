package newsio

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutletNamesAreShared: the flagger keeps every article's outlet name
// to the end (in the tracker and in the report's About), a million of
// them for a million articles. Articles of one outlet get the same
// string, not a copy each, whether the file is JSON Lines or one JSON
// array and whether the name is written with escapes; a file naming more
// outlets than the parser shares still reads every name right.
func TestOutletNamesAreShared(t *testing.T) {
	var lines []string
	for i := range 3 * maxSharedSources {
		source := []string{"wire:reuters", `Caf\u00e9 \"Daily\"`}[i%2]
		if i >= maxSharedSources {
			source = fmt.Sprint("outlet ", i) // a new name on each line
		}
		lines = append(lines, fmt.Sprintf(`{"id": "a%d", "text": "Story %d.", "source": "%s"}`, i, i, source))
	}
	for name, doc := range map[string]string{
		"in.jsonl": strings.Join(lines, "\n"),
		"in.json":  "[" + strings.Join(lines, ",\n") + "]",
	} {
		var got []Input
		err := Reader{}.ReadFromReader(strings.NewReader(doc), name, func(in Input) error {
			got = append(got, in)
			return nil
		})
		require.NoError(t, err, name)
		require.Len(t, got, 3*maxSharedSources, name)
		first := map[string]*byte{}
		shared := 0
		for i, in := range got {
			want := []string{"wire:reuters", `Café "Daily"`}[i%2]
			if i >= maxSharedSources {
				want = fmt.Sprint("outlet ", i)
			}
			require.Equal(t, want, in.Source, "%s: article %d", name, i)
			if p, ok := first[in.Source]; ok && p == unsafe.StringData(in.Source) {
				shared++
			}
			first[in.Source] = unsafe.StringData(in.Source)
		}
		assert.Equal(t, maxSharedSources-2, shared, "%s: articles whose outlet name is an earlier article's string", name)
	}
}
