package review

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// The test store: the seed articles of testdata/seeds.jsonl (five
// stories of 6 November 2024, one reprinted by a scraper), the same five
// texts from testdata/seeds as reprints a day later (the Post's by
// Reuters, crediting nobody; the Moscow Times' by Reuters, crediting
// VPost; Semafor's re-sent by Semafor; the Kremlin story by an outlet
// whose name is markup), an article whose ID is markup, and 60 short
// briefs that stand alone (too short to fingerprint).
const (
	briefs   = 60
	evilID   = `x"><script>alert(1)</script>`
	evilName = `<img src=x onerror=alert(2)> & Co`
)

var seedFiles = []struct{ name, source string }{
	{"000_468044057261e0d6", "REUTERS"},
	{"001_7cb3ead0d8dc3d74", "Reuters"},
	{"002_8116756d16084da1", "Semafor"},
	{"003_d897e868842ded34", ""},
	{"004_c866b469c61a0d9e", evilName},
}

// testStore writes the test store with the library, as flag -index does,
// and returns its directory.
func testStore(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	st, err := provenance.OpenDir(dir, dedup.Settings{})
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{KeepText: true}, st)
	require.NoError(t, err)
	f, err := os.Open(filepath.Join("..", "..", "testdata", "seeds.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct{ ID, Text, Source, Published string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		published, err := time.Parse(time.DateOnly, line.Published)
		if err != nil {
			published, err = time.Parse(time.RFC3339, line.Published)
		}
		require.NoError(t, err)
		_, err = tr.Add(provenance.Article{ID: line.ID, Text: line.Text, Source: line.Source, Published: published})
		require.NoError(t, err)
	}
	require.NoError(t, sc.Err())
	day := time.Date(2024, 11, 7, 9, 0, 0, 0, time.UTC)
	for i, s := range seedFiles {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", s.name+".txt"))
		require.NoError(t, err)
		_, err = tr.Add(provenance.Article{ID: s.name, Text: string(b), Source: s.source, Published: day.Add(time.Duration(i) * time.Hour)})
		require.NoError(t, err)
	}
	_, err = tr.Add(provenance.Article{ID: evilID, Text: "A story of its own, told in a few words.", Source: "Evil Gazette", Published: day})
	require.NoError(t, err)
	for i := range briefs {
		_, err = tr.Add(provenance.Article{ID: fmt.Sprintf("brief-%02d", i), Text: fmt.Sprintf("Brief number %d.", i), Source: "Wire Briefs", Published: day.Add(time.Duration(i) * time.Minute)})
		require.NoError(t, err)
	}
	require.NoError(t, tr.Close())
	return dir
}

func testServer(t testing.TB) (*httptest.Server, *Data) {
	t.Helper()
	d, err := Load(Options{Dir: testStore(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(Handler(d))
	t.Cleanup(srv.Close)
	return srv, d
}

// get fetches path without following redirects and returns the
// response and its body.
func get(t testing.TB, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// storyLinks returns the story IDs the page links to, in order.
func storyLinks(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td><a href="/story/([^"]+)"`).FindAllStringSubmatch(page, -1) {
		id, _ := url.PathUnescape(m[1])
		out = append(out, id)
	}
	return out
}

func TestListFirstPage(t *testing.T) {
	srv, d := testServer(t)
	// 10 seed articles in 4 stories (the scrape joins the Moscow Times
	// story), the markup one, 60 briefs.
	require.Equal(t, 71, d.Articles())
	require.Equal(t, 4+1+briefs, d.Stories())
	resp, page := get(t, srv, "/")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")
	assert.NotContains(t, resp.Header.Get("Content-Security-Policy"), "script-src")
	assert.Contains(t, page, "Stories 1–50 of 65")
	links := storyLinks(page)
	require.Len(t, links, PageSize)
	// Largest first: the Moscow Times story has the scrape, its reprint
	// 001 and 003 (4 articles); the Post's, Semafor's and the Kremlin
	// story's have 2.
	assert.Equal(t, "mt-vpost-russia", links[0])
	assert.ElementsMatch(t, []string{"wapo-russia-trump", "semafor-signals", "kremlin-cautious"}, links[1:4])
	assert.Contains(t, page, `rel="next" href="/?page=2"`)
	assert.NotContains(t, page, `rel="prev"`)

	_, page2 := get(t, srv, "/?page=2")
	assert.Contains(t, page2, "Stories 51–65 of 65")
	assert.Len(t, storyLinks(page2), 15)
	assert.Contains(t, page2, `rel="prev" href="/"`)
	_, page9 := get(t, srv, "/?page=9")
	assert.Contains(t, page9, `Page 9 is past the end: 65 stories make 2 pages (<a href="/?page=2">the last</a>).`)
}

func TestListSearchAndFilters(t *testing.T) {
	srv, _ := testServer(t)
	for _, tt := range []struct {
		query string
		want  []string
		note  string
	}{
		{"q=Kremlin+cautious", []string{"kremlin-cautious"}, "words of the first line, any case"},
		{"q=cautious+Putin", nil, "every word must be in one first line"},
		{"q=003_d897e868842ded34", []string{"mt-vpost-russia"}, "an article's ID finds its story"},
		{"q=REUTER", []string{"mt-vpost-russia", "wapo-russia-trump"}, "an outlet, written any way"},
		{"outlet=reuters&credit=uncredited", []string{"wapo-russia-trump"}, "Reuters' reprint of the Post credits nobody"},
		{"credit=uncredited", []string{"wapo-russia-trump"}, "004 copies an article of no known outlet: not marked"},
		{"outlet=semafor&kind=copies", []string{"semafor-signals"}, "the re-send makes a story of two"},
		{"kind=stitched", nil, ""},
		{"kind=alone&outlet=evil+gazette", []string{evilID}, ""},
		{"kind=copies&sort=newest", []string{"semafor-signals", "mt-vpost-russia", "wapo-russia-trump", "kremlin-cautious"}, "by the origin's time, then size, then first seen"},
		{"kind=copies&sort=oldest", []string{"wapo-russia-trump", "mt-vpost-russia", "kremlin-cautious", "semafor-signals"}, ""},
		{"from=2024-11-07&to=2024-11-07&outlet=evil+gazette", []string{evilID}, "dates are whole days, UTC"},
		{"to=2024-11-06&kind=copies", []string{"mt-vpost-russia", "wapo-russia-trump", "semafor-signals", "kremlin-cautious"}, ""},
		{"from=2024-11-08", nil, ""},
		{"outlet=no+such+outlet", nil, ""},
	} {
		resp, page := get(t, srv, "/?"+tt.query)
		require.Equal(t, http.StatusOK, resp.StatusCode, tt.query)
		got := storyLinks(page)
		if len(tt.want) == 0 {
			assert.Empty(t, got, "%s: %s", tt.query, tt.note)
			assert.Contains(t, page, "No story matches.", tt.query)
			continue
		}
		if strings.Contains(tt.query, "sort=") {
			assert.Equal(t, tt.want, got, "%s: %s", tt.query, tt.note)
		} else {
			assert.ElementsMatch(t, tt.want, got, "%s: %s", tt.query, tt.note)
		}
	}
	_, page := get(t, srv, "/?q=003_d897e868842ded34")
	assert.Contains(t, page, `is in story <a class="id" href="/story/mt-vpost-russia">`)
	_, page = get(t, srv, "/?q=reuters.com")
	assert.Contains(t, page, `is the outlet <a href="/outlet/reuters">REUTERS</a>`)
}

func TestListBadQueries(t *testing.T) {
	srv, _ := testServer(t)
	for query, msg := range map[string]string{
		"kind=wire":       "unknown kind &#34;wire&#34;",
		"credit=maybe":    "unknown credit filter",
		"sort=random":     "unknown order",
		"from=2024-13-01": "date &#34;2024-13-01&#34;: want YYYY-MM-DD",
		"page=0":          "want a number from 1",
		"page=x":          "want a number from 1",
	} {
		resp, page := get(t, srv, "/?"+query)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, query)
		assert.Contains(t, page, msg, query)
	}
	resp, _ := get(t, srv, "/no/such/page")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestStoryPage(t *testing.T) {
	srv, _ := testServer(t)
	resp, page := get(t, srv, "/story/wapo-russia-trump")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "<h1>Russians see Donald Trump’s win as a victory")
	assert.Contains(t, page, `aria-label="provenance graph of story wapo-russia-trump"`)
	assert.Contains(t, page, `aria-label="publication timeline"`)
	assert.Contains(t, page, `<circle cx="20"`, "the origin at the timeline's start")
	assert.Contains(t, page, `<circle cx="940"`, "the reprint at its end")
	// The reprint, a day and 9 hours later, uncredited, side by side.
	assert.Contains(t, page, `<td class="num">&#43;33h00m</td>`, "+33h00m; html/template escapes +")
	assert.Contains(t, page, `<span class="flag">uncredited</span>`)
	assert.Contains(t, page, `Side by side: <span class="id">000_468044057261e0d6</span> and its source <span class="id">wapo-russia-trump</span>`)
	assert.Contains(t, page, "<mark>Russians see Donald Trump’s win")
	assert.Contains(t, page, "Highlighted passages: 100% of the copy")

	// The Moscow Times story: a claimed origin, VPost, outside the store.
	_, page = get(t, srv, "/story/mt-vpost-russia")
	assert.Contains(t, page, "<b>VPost</b> (external: no article of it in the store)")
	assert.Contains(t, page, `<span class="ok">credits VPost</span>`)

	// An article's ID leads to its story, showing that article.
	resp, _ = get(t, srv, "/story/003_d897e868842ded34")
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Equal(t, "/story/mt-vpost-russia?copy=003_d897e868842ded34#pair", resp.Header.Get("Location"))
	_, page = get(t, srv, "/story/mt-vpost-russia?copy=003_d897e868842ded34")
	assert.Contains(t, page, `Side by side: <span class="id">003_d897e868842ded34</span>`)
	assert.Contains(t, page, `<tr class="selected">`)

	resp, page = get(t, srv, "/story/nothing-here")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, page, "No article or story &#34;nothing-here&#34; in this store.")
}

// TestEscaping: IDs and outlet names that are markup are shown as text
// on every page.
func TestEscaping(t *testing.T) {
	srv, _ := testServer(t)
	for _, path := range []string{
		"/?kind=alone&outlet=evil+gazette", "/story/" + url.PathEscape(evilID), "/story/kremlin-cautious",
		"/outlets", "/?q=" + url.QueryEscape(evilID),
	} {
		resp, page := get(t, srv, path)
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.NotContains(t, page, "<script>", path)
		assert.NotContains(t, page, "<img", path)
	}
	_, page := get(t, srv, "/story/"+url.PathEscape(evilID))
	assert.Contains(t, page, "x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
	_, page = get(t, srv, "/outlets")
	assert.Contains(t, page, "&lt;img src=x onerror=alert(2)&gt; &amp; Co")
}

func TestOutletPages(t *testing.T) {
	srv, _ := testServer(t)
	resp, page := get(t, srv, "/outlet/reuters")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, "<h1>REUTERS</h1>", "its two articles write it REUTERS and Reuters: the first seen wins the tie")
	// 000 copies the Post (uncredited), 001 the Moscow Times (credits
	// VPost: another outlet), 33 and 34 hours after them.
	assert.Contains(t, page, "2 articles in")
	assert.Contains(t, page, "Took 2 copies from other outlets: 0 credited")
	assert.Contains(t, page, `>1 uncredited</a>, a median &#43;33h00m after their source (p90 &#43;34h00m).`)
	assert.Regexp(t, `(?s)<a href="/outlet/washington%20post">The Washington Post</a></td>\s*<td class="num">1</td><td class="num">0</td><td class="num flag">1</td><td class="num">0</td>\s*<td class="num">&#43;33h00m</td>`, page)
	assert.Regexp(t, `(?s)<a href="/outlet/moscow%20times">The Moscow Times</a></td>\s*<td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">1</td>`, page)

	_, page = get(t, srv, "/outlet/washington%20post")
	assert.Contains(t, page, "Copied 1 times by other outlets, 1 of them uncredited.")
	assert.Regexp(t, `(?s)<a href="/outlet/reuters">REUTERS</a></td>\s*<td class="num">1</td>`, page)

	_, page = get(t, srv, "/outlet/semafor")
	assert.Contains(t, page, "Re-sent its own articles 1 times.")
	assert.Contains(t, page, "(itself)")

	resp, page = get(t, srv, "/outlets")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Regexp(t, `(?s)<a href="/outlet/wire%20briefs">Wire Briefs</a></td><td class="num">60</td>`, page)
	assert.Contains(t, page, "3 copies involve an article of unknown outlet", "the scrape and 003 have none, nor has 004's source")

	resp, _ = get(t, srv, "/outlet/afp")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestReadOnly: the server answers reads only, and neither loading nor
// serving changes a file of the store, even while a writer has it open.
func TestReadOnly(t *testing.T) {
	dir := testStore(t)
	writer, err := provenance.OpenDir(dir, dedup.Settings{}) // holds the store's lock
	require.NoError(t, err)
	defer writer.Close()
	before := snapshot(t, dir)
	d, err := Load(Options{Dir: dir})
	require.NoError(t, err)
	srv := httptest.NewServer(Handler(d))
	defer srv.Close()
	for _, path := range []string{"/", "/story/wapo-russia-trump", "/outlets", "/outlet/reuters"} {
		resp, _ := get(t, srv, path)
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		req, err := http.NewRequest(method, srv.URL+"/", strings.NewReader("x"))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, method)
		assert.Equal(t, "GET, HEAD", resp.Header.Get("Allow"))
	}
	assert.Equal(t, before, snapshot(t, dir))
}

func TestLoadRefusesOtherSettings(t *testing.T) {
	dir := testStore(t)
	_, err := Load(Options{Dir: dir, Settings: dedup.Settings{NumHashes: 64}.String()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "give the flags (-shingle, -char-shingle, -hashes, -method) the flagger was given")
	_, err = Load(Options{Dir: filepath.Join(dir, "missing")})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestStatic(t *testing.T) {
	srv, _ := testServer(t)
	resp, css := get(t, srv, "/static/style.css")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/css; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, css, "mark {")
}

func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

func TestFirstLine(t *testing.T) {
	assert.Equal(t, "Showers continued throughout the week", firstLine("BAHIA\n\n  Showers continued throughout the week\nin the Bahia cocoa zone"))
	assert.Equal(t, "• D.C.", firstLine("\n• D.C.\n  • BXL\n"), "no line of three words: the first with a word")
	assert.Equal(t, "", firstLine(" \n—\n"))
	long := strings.Repeat("word ", 60)
	got := firstLine(long)
	assert.LessOrEqual(t, len(got), 164)
	assert.True(t, strings.HasSuffix(got, "word …"), got)
}

// TestConcurrentRequests serves pages to several readers at once (run
// with -race: the graph, which caches as it answers, is behind a lock).
func TestConcurrentRequests(t *testing.T) {
	srv, _ := testServer(t)
	// The Moscow Times story's page asks the graph whether VPost, which it
	// credits, is in the store: the graph records the answer as it goes.
	paths := []string{"/story/mt-vpost-russia", "/", "/story/mt-vpost-russia", "/story/wapo-russia-trump", "/story/mt-vpost-russia", "/outlet/reuters"}
	const workers, rounds = 6, 5
	errs := make(chan error, workers*rounds*len(paths))
	for w := range workers {
		go func() {
			for i := range rounds * len(paths) {
				resp, err := http.Get(srv.URL + paths[(i+w)%len(paths)])
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", paths[(i+w)%len(paths)], resp.StatusCode)
					}
				}
				errs <- err
			}
		}()
	}
	for range workers * rounds * len(paths) {
		assert.NoError(t, <-errs)
	}
}
