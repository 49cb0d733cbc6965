package newsio

import (
	"fmt"
	"runtime"
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

// TestReadingKeepsOneObjectPerID: Read keeps every ID it has read, to
// refuse a repeated one, with where it was read for the error. It used to
// keep that place as a string per article ("FILE:LINE"): two heap objects
// per article read, a million of each on a large input for the collector
// to mark every cycle while the input is read. The places now lie in one
// buffer, and an article costs the reader its ID's string alone.
func TestReadingKeepsOneObjectPerID(t *testing.T) {
	const n = 50_000
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id": "article-%d", "text": "Story number %d."}`+"\n", i, i)
	}
	fmt.Fprintf(&b, `{"id": "article-%d", "text": "A repeat."}`+"\n", n/2)
	var start, end runtime.MemStats
	read := 0
	err := Reader{}.Read([]string{"-"}, strings.NewReader(b.String()), func(Input) error {
		read++
		switch read {
		case 1:
			runtime.GC()
			runtime.ReadMemStats(&start)
		case n:
			runtime.GC()
			runtime.ReadMemStats(&end)
		}
		return nil
	})
	assert.EqualError(t, err, fmt.Sprintf(`standard input:%d: duplicate id "article-%d" (first at standard input:%d)`, n+1, n/2, n/2+1))
	require.Equal(t, n, read)
	perArticle := float64(end.HeapObjects-start.HeapObjects) / n
	t.Logf("%.2f heap objects and %.0f bytes live per article read", perArticle, float64(end.HeapAlloc-start.HeapAlloc)/n)
	assert.Less(t, perArticle, 1.5, "heap objects kept per article read")
}
