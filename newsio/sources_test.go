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

func TestStringArena(t *testing.T) {
	var a stringArena
	var got, want []string
	for i := range 20_000 { // about ten blocks
		s := fmt.Sprintf("article-%d https://example.com/news/%d", i, i)
		if i%1000 == 7 {
			s = strings.Repeat("long ", arenaMaxString/5+1) // its own memory
		}
		if i%2 == 0 {
			got = append(got, pack(&a, s))
		} else {
			got = append(got, pack(&a, []byte(s)))
		}
		want = append(want, s)
	}
	assert.Equal(t, "", pack(&a, ""))
	runtime.GC()
	assert.Equal(t, want, got)
	long := got[7]
	assert.Len(t, long, 5*(arenaMaxString/5+1))
	assert.NotEqual(t, unsafe.StringData(got[6]), unsafe.StringData(long))
	// Neighbours share a block: the second string starts where the first
	// ends.
	assert.Equal(t, unsafe.Add(unsafe.Pointer(unsafe.StringData(got[0])), len(got[0])), unsafe.Pointer(unsafe.StringData(got[1])))
}

// TestPackedStrings: with PackStrings, the articles read are the same,
// field for field (IDs given as numbers, escapes, headlines given or cut
// from the text, from JSON Lines and a JSON array), and the IDs, URLs and
// headlines kept of 30,000 articles are a few dozen heap objects, not
// three per article.
func TestPackedStrings(t *testing.T) {
	const n = 30_000
	var lines []string
	for i := range n {
		id := fmt.Sprintf(`"a%d\u00e9"`, i)
		if i%3 == 0 {
			id = fmt.Sprint(i) // a number
		}
		title := ""
		if i%2 == 0 {
			title = fmt.Sprintf(`, "title": " Headline \"%d\" "`, i)
		}
		lines = append(lines, fmt.Sprintf(`{"id": %s, "text": "  First line %d\nStory %d.", "url": "https://example.com/%d", "source": "wire"%s}`, id, i, i, i, title))
	}
	for name, doc := range map[string]string{
		"in.jsonl": strings.Join(lines, "\n"),
		"in.json":  "[" + strings.Join(lines, ",\n") + "]",
	} {
		read := func(pack bool) []Input {
			var got []Input
			err := Reader{PackStrings: pack}.ReadFromReader(strings.NewReader(doc), name, func(in Input) error {
				got = append(got, in)
				return nil
			})
			require.NoError(t, err, name)
			return got
		}
		plain := read(false)
		require.Len(t, plain, n)
		assert.Equal(t, plain, read(true), name)

		type kept struct{ id, url, title string }
		keep := func(pack bool) float64 {
			var start, end runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&start)
			all := make([]kept, 0, n)
			err := Reader{PackStrings: pack}.ReadFromReader(strings.NewReader(doc), name, func(in Input) error {
				all = append(all, kept{in.ID, in.URL, in.Title})
				return nil
			})
			require.NoError(t, err)
			runtime.GC()
			runtime.ReadMemStats(&end)
			runtime.KeepAlive(all)
			return float64(end.HeapObjects-start.HeapObjects) / n
		}
		unpacked, packed := keep(false), keep(true)
		t.Logf("%s: heap objects kept per article: %.2f, packed %.3f", name, unpacked, packed)
		assert.Less(t, packed, 0.05, "%s: heap objects kept per article", name)
	}
}
