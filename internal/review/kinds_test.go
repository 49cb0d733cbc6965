package review

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// The kinds store: a wire story on a Zambian copper mine; a newspaper's
// verbatim copy of it (a credit line added); another's rewrite (names
// and figures kept, the other words changed); a third outlet's story of
// its own that takes one paragraph of the wire story word for word (a
// partial copy); and a story of its own on another subject. Texts
// written for these tests.
const (
	kindsWire = "The Nchanga copper mine in Zambia said output rose to 41,000 tonnes in March as the new Konkola " +
		"shaft came on line, managing director Peter Mwale told reporters in Chingola on Friday.\n\n" +
		"He said exports through Dar es Salaam were delayed by floods, and that the company expected the " +
		"Tazara railway to reopen by the middle of April after repairs to two bridges near Mpika.\n\n" +
		"Mwale said the mine would hire 1,200 workers this year and spend 86 million dollars on a new " +
		"smelter at Kitwe, the first large investment in the Copperbelt since 1979."
	kindsVerbatim = kindsWire + "\n\n(Reporting by the Lusaka bureau.)"
	kindsRewrite  = "Output at the Nchanga copper mine in Zambia climbed to 41,000 tonnes in March after the new Konkola " +
		"shaft started working, managing director Peter Mwale told journalists in Chingola on Friday.\n\n" +
		"Exports via Dar es Salaam had been held up by floods, he said, adding that the firm hoped to see the " +
		"Tazara line open again in mid-April once two bridges close to Mpika were mended.\n\n" +
		"The mine plans to take on 1,200 staff during the year and to invest 86 million dollars in a Kitwe " +
		"smelter, Mwale said, the biggest investment in the Copperbelt since 1979."
	kindsPartial = "Farmers in the Southern Province of Zambia are planting late this season because the rains came " +
		"three weeks after their usual time, agricultural officers in Choma said on Saturday. Maize growers " +
		"fear smaller harvests, and many have switched to sorghum and cassava, which need less water.\n\n" +
		"Mwale said the mine would hire 1,200 workers this year and spend 86 million dollars on a new " +
		"smelter at Kitwe, the first large investment in the Copperbelt since 1979.\n\n" +
		"Seed merchants in Monze and Kalomo reported brisk sales of drought-tolerant varieties."
	kindsAlone = "The national football team beat Malawi two goals to one in a friendly match in Lilongwe on " +
		"Sunday, with both goals scored in the second half by the young striker from Ndola."
)

// kindsStore writes the kinds store with the library, as flag -index
// does, and returns its directory.
func kindsStore(t testing.TB) string {
	dir, _ := kindsStoreAndPassages(t)
	return dir
}

// kindsStoreAndPassages writes the kinds store and returns its directory
// and, by copy ID, the copy's passages shown side by side with its
// source as the flagger's report shows them (Tracker.Passages): the copy
// and the source, marked.
func kindsStoreAndPassages(t testing.TB) (string, map[string][2]string) {
	t.Helper()
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{KeepText: true}, st)
	require.NoError(t, err)
	at := time.Date(1987, 3, 6, 9, 0, 0, 0, time.UTC)
	for i, a := range []provenance.Article{
		{ID: "wire", Source: "Wire", Text: kindsWire},
		{ID: "verbatim", Source: "Daily Copy", Text: kindsVerbatim},
		{ID: "rewrite", Source: "Rewrite Weekly", Text: kindsRewrite},
		{ID: "partial", Source: "Farm News", Text: kindsPartial},
		{ID: "alone", Source: "Sports Desk", Text: kindsAlone},
	} {
		a.Published = at.Add(time.Duration(i) * time.Hour)
		_, err := tr.Add(a)
		require.NoError(t, err)
	}
	marked := map[string][2]string{}
	for id, text := range map[string]string{"verbatim": kindsVerbatim, "rewrite": kindsRewrite, "partial": kindsPartial} {
		p, err := tr.Passages(id, "wire")
		require.NoError(t, err)
		var cr, sr [][2]int
		for _, x := range p.Passages {
			cr, sr = append(cr, x.Copy), append(sr, x.Source)
		}
		marked[id] = [2]string{newsio.MarkedText(text, cr, nil), newsio.MarkedText(kindsWire, sr, nil)}
	}
	require.NoError(t, tr.Close())
	return dir, marked
}

func kindsServer(t testing.TB) *httptest.Server {
	t.Helper()
	d, err := Load(Options{Dir: kindsStore(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(Handler(d))
	t.Cleanup(srv.Close)
	return srv
}

// TestKindsStoreLinks checks the store the other tests rely on: one
// story of four articles, each copy linked to the wire story by its
// kind of reuse.
func TestKindsStoreLinks(t *testing.T) {
	d, err := Load(Options{Dir: kindsStore(t)})
	require.NoError(t, err)
	require.Equal(t, 2, d.Stories())
	for id, want := range map[string]provenance.Kind{"verbatim": provenance.KindVerbatim, "rewrite": provenance.KindRewrite, "partial": provenance.KindPartial} {
		v, ok := d.graph.Verdict(id)
		require.True(t, ok)
		require.Len(t, v.Sources, 1, id)
		assert.Equal(t, "wire", v.Sources[0].Source, id)
		assert.Equal(t, want, v.Sources[0].Kind, id)
		assert.Equal(t, "wire", v.Story, id)
	}
}

// TestReuseFilter: the story list is filtered by the kinds of reuse its
// links hold, alone or with the other filters, and shows the kinds
// other than verbatim as badges.
func TestReuseFilter(t *testing.T) {
	srv := kindsServer(t)
	for query, want := range map[string][]string{
		"":                                 {"wire", "alone"},
		"reuse=rewrite":                    {"wire"},
		"reuse=partial":                    {"wire"},
		"reuse=verbatim":                   {"wire"},
		"reuse=update":                     nil,
		"reuse=rewrite&kind=alone":         nil,
		"reuse=rewrite&kind=copies":        {"wire"},
		"reuse=partial&outlet=wire":        {"wire"},
		"reuse=rewrite&outlet=sports+desk": nil,
		"kind=alone":                       {"alone"},
	} {
		resp, page := get(t, srv, "/?"+query)
		require.Equal(t, http.StatusOK, resp.StatusCode, query)
		assert.ElementsMatch(t, want, storyLinks(page), query)
	}
	_, page := get(t, srv, "/?reuse=rewrite")
	assert.Contains(t, page, `<option value="rewrite" selected>with rewrites</option>`)
	assert.Regexp(t, `<span class="kind kind-rewrite">rewrite</span> <span class="kind kind-partial">partial</span> </td>`, page)
	assert.NotContains(t, page, `<span class="kind kind-verbatim">`, "verbatim copies are the rule: no badge")

	resp, page := get(t, srv, "/?reuse=quoted")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, page, "unknown kind of reuse &#34;quoted&#34;: want verbatim, update, rewrite or partial")
}

// TestStoryPageKinds: the story page shows each copy → source link
// with its kind's badge and its figure, draws each kind with the
// report's stroke, and shows the kind of the link side by side.
func TestStoryPageKinds(t *testing.T) {
	srv := kindsServer(t)
	resp, page := get(t, srv, "/story/wire")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	row := func(id string) string {
		m := regexp.MustCompile(`(?s)<td class="id">` + id + `</td>\s*<td>(.*?)</td>`).FindStringSubmatch(page)
		require.NotNil(t, m, "the row of %s", id)
		return m[1]
	}
	assert.Regexp(t, `^<a class="id" href="/story/wire\?copy=verbatim&amp;source=wire#pair">wire</a> <span class="kind kind-verbatim" title="verbatim, 9\d\.\d% of the copy found there[^"]*">verbatim</span> <span class="figure" [^>]*>9\d%</span>$`, row("verbatim"))
	assert.Regexp(t, `^<a class="id" [^>]*>wire</a> <span class="kind kind-rewrite" title="rewrite \(reworded throughout\), score 0\.\d\d: [^"]*">rewrite</span> <span class="figure" [^>]*>score 0\.[5-9]\d</span>$`, row("rewrite"))
	assert.Regexp(t, `^<a class="id" [^>]*>wire</a> <span class="kind kind-partial" title="partial \(passages taken\), score 0\.\d\d: [^"]*">partial</span> <span class="figure" [^>]*>score 0\.[1-4]\d</span>$`, row("partial"))
	// The graph: the report's strokes, dashed for the rewrite, dotted for
	// the partial copy, labelled with kind and score.
	assert.Regexp(t, `<path [^>]*stroke-dasharray="6,4"[^>]*><title>rewrite → wire`, page)
	assert.Regexp(t, `<path [^>]*stroke-dasharray="1.5,3"[^>]*><title>partial → wire`, page)
	assert.Regexp(t, `>rewrite 0\.\d\d</text>`, page)
	assert.Contains(t, page, `<span class="kind kind-rewrite">rewrite</span> dashed`, "the legend")

	_, page = get(t, srv, "/story/wire?copy=rewrite")
	assert.Contains(t, page, `and its source <span class="id">wire</span> <span class="kind kind-rewrite">rewrite</span></h2>`)
	assert.Regexp(t, `Kind of reuse: rewrite \(reworded throughout\), score 0\.\d\d: \d+\.\d% of the copy and \d+\.\d% of the source word for word\.`, page)
	assert.Contains(t, page, "<mark>", "the passages the rewrite took, highlighted")
	_, page = get(t, srv, "/story/wire?copy=verbatim")
	assert.Contains(t, page, `<span class="kind kind-verbatim">verbatim</span></h2>`)
	assert.Regexp(t, `9\d% of the copy is found in the source`, page, "a link of the shingle rule keeps its estimates")
}

// TestOutletPageKinds: an outlet's page counts the copies it took and
// gave by kind of reuse.
func TestOutletPageKinds(t *testing.T) {
	srv := kindsServer(t)
	_, page := get(t, srv, "/outlet/wire")
	assert.Contains(t, page, "Copied 3 times by other outlets")
	assert.Regexp(t, `By kind of reuse: <span class="kind-count">1 <span class="kind kind-verbatim">verbatim</span></span>, <span class="kind-count">1 <span class="kind kind-rewrite">rewrite</span></span>, <span class="kind-count">1 <span class="kind kind-partial">partial</span></span>\.`, page)
	assert.Regexp(t, `(?s)<a href="/outlet/rewrite%20weekly">Rewrite Weekly</a></td>.*?<td><span class="kind-count">1 <span class="kind kind-rewrite">rewrite</span></span></td>`, page)

	_, page = get(t, srv, "/outlet/farm%20news")
	assert.Contains(t, page, `Took 1 copy from other outlets`)
	assert.Regexp(t, `By kind of reuse: <span class="kind-count">1 <span class="kind kind-partial">partial</span></span>\.`, page)
}

// TestSideBySidePassagesAsTheReport: side by side, a rewrite and a
// partial copy are highlighted with the passages the alignment found,
// as the flagger's report shows them (a rewrite shares few runs of
// words with its source: the shingle matcher marked only its first
// sentence, 28% of it), and a verbatim copy with the shingle matcher's.
func TestSideBySidePassagesAsTheReport(t *testing.T) {
	dir, marked := kindsStoreAndPassages(t)
	d, err := Load(Options{Dir: dir})
	require.NoError(t, err)
	srv := httptest.NewServer(Handler(d))
	defer srv.Close()
	for _, id := range []string{"verbatim", "rewrite", "partial"} {
		_, page := get(t, srv, "/story/wire?copy="+id)
		assert.Contains(t, page, `<h3>copy <span class="id">`+id+`</span></h3><pre>`+marked[id][0]+`</pre>`, id)
		assert.Contains(t, page, `<h3>source <span class="id">wire</span></h3><pre>`+marked[id][1]+`</pre>`, id)
	}
	_, page := get(t, srv, "/story/wire?copy=rewrite")
	assert.Regexp(t, `Highlighted passages: 9\d% of the copy`, page)
}

// TestConcurrentSideBySide: readers asking for the aligned links side
// by side at once, from the moment the app has loaded (while it counts
// the store's words), get the same page (for the race detector too).
func TestConcurrentSideBySide(t *testing.T) {
	srv := kindsServer(t)
	paths := []string{"/story/wire?copy=rewrite", "/story/wire?copy=partial", "/story/wire?copy=verbatim"}
	const workers, rounds = 6, 3
	type page struct{ path, body string }
	pages := make(chan page, workers*rounds*len(paths))
	for w := range workers {
		go func() {
			for i := range rounds * len(paths) {
				path := paths[(i+w)%len(paths)]
				resp, err := http.Get(srv.URL + path)
				body := ""
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					body = string(b)
				}
				pages <- page{path, body}
			}
		}()
	}
	first := map[string]string{}
	for range workers * rounds * len(paths) {
		p := <-pages
		require.Contains(t, p.body, "<mark>", p.path)
		if f, ok := first[p.path]; ok {
			assert.Equal(t, f, p.body, p.path)
		} else {
			first[p.path] = p.body
		}
	}
}
