package newsio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

const testFooter = "Follow us on social media, sign up for our daily newsletter and never miss a story from the Daily again"

// footerTracker adds six stories from one outlet, each ending with
// testFooter, then a copy of the last by another outlet. By the last
// story the footer has been learned (DefaultBoilerplateMin is 5).
func footerTracker(t *testing.T, keepText bool) (*provenance.Tracker, map[string]string) {
	t.Helper()
	tr, err := provenance.New(provenance.Config{KeepText: keepText})
	require.NoError(t, err)
	texts := map[string]string{}
	for i := range 6 {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		w := make([]string, 80)
		for k := range w {
			w[k] = fmt.Sprintf("w%d", r.IntN(100000))
		}
		id := fmt.Sprint("daily-", i)
		texts[id] = strings.Join(w, " ") + ".\n\n" + testFooter + "."
		_, err := tr.Add(provenance.Article{ID: id, Source: "The Daily", Text: texts[id]})
		require.NoError(t, err)
	}
	texts["copy"] = texts["daily-5"]
	v, err := tr.Add(provenance.Article{ID: "copy", Source: "Aggregator", Text: texts["copy"]})
	require.NoError(t, err)
	require.True(t, v.IsCopy())
	return tr, texts
}

func TestJSONLBoilerplatePassages(t *testing.T) {
	tr, texts := footerTracker(t, true)
	var out bytes.Buffer
	require.NoError(t, WriteJSONL(&out, tr, Everything))
	got := map[string]map[string]any{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var line map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		got[line["id"].(string)] = line
	}
	assert.NotContains(t, got["daily-0"], "boilerplate_passages", "absent when nothing was left out")
	for _, id := range []string{"daily-5", "copy"} {
		var v VerdictJSON
		b, err := json.Marshal(got[id])
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &v))
		require.Len(t, v.BoilerplatePassages, 1, id)
		p := v.BoilerplatePassages[0]
		assert.Equal(t, testFooter, texts[id][p[0]:p[1]], id)
		assert.Positive(t, v.Boilerplate, id)
	}

	// Without texts (-passages=false) the field is absent.
	tr, _ = footerTracker(t, false)
	out.Reset()
	require.NoError(t, WriteJSONL(&out, tr, Everything))
	assert.NotContains(t, out.String(), "boilerplate_passages")
	assert.Contains(t, out.String(), `"boilerplate":`)
}

func TestHTMLGreysBoilerplate(t *testing.T) {
	tr, _ := footerTracker(t, true)
	var out bytes.Buffer
	require.NoError(t, WriteHTML(&out, tr, Everything))
	page := out.String()
	checkHTML(t, page)
	// The copy and its source, side by side: in both, the footer is in
	// grey, inside the highlighted passage taken.
	assert.Equal(t, 2, strings.Count(page, `<span class="bp"><mark>`+testFooter+`</mark></span>`), page)
}

func TestWriteMarkedGrey(t *testing.T) {
	var b bytes.Buffer
	bw := bufio.NewWriter(&b)
	writeMarkedGrey(bw, "abcdefgh<", [][2]int{{1, 4}}, [][2]int{{3, 6}, {8, 9}})
	require.NoError(t, bw.Flush())
	assert.Equal(t, `a<mark>bc</mark><span class="bp"><mark>d</mark></span><span class="bp">ef</span>gh<span class="bp">&lt;</span>`, b.String())
	b.Reset()
	writeMarkedGrey(bw, "abc", [][2]int{{1, 2}}, nil)
	require.NoError(t, bw.Flush())
	assert.Equal(t, `a<mark>b</mark>c`, b.String())
}
