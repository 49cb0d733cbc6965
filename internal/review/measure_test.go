package review

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMeasureStore measures the app on a store named by $REVIEW_STORE
// (a directory written by flag -index), else on the test store: the time
// to load it, the memory it takes, and for each kind of page the
// server-side time (p50, p95) and the bytes sent. It reports figures and
// asserts only that every page answers 200 OK.
//
//	REVIEW_STORE=/tmp/rev1m go test ./internal/review -run TestMeasureStore -v -timeout 30m
func TestMeasureStore(t *testing.T) {
	dir, n := os.Getenv("REVIEW_STORE"), 200
	if dir == "" {
		dir, n = testStore(t), 10
	}
	start := time.Now()
	d, err := Load(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("loaded %d articles, %d stories, %d outlets in %v; heap in use after GC %d MiB, from the OS %d MiB; %s",
		d.Articles(), d.Stories(), len(d.outlets.Outlets), loaded.Round(time.Millisecond), ms.HeapInuse>>20, ms.Sys>>20, rss())

	h := Handler(d)
	rng := rand.New(rand.NewPCG(1, 2))
	// Stories with copies, and the largest.
	var withCopies []string
	for _, k := range d.stories.bySize {
		if d.stories.size[k] < 2 || len(withCopies) == 200 {
			break
		}
		withCopies = append(withCopies, d.stories.id[k])
	}
	var random []string
	for range 200 {
		k := d.stories.bySize[rng.IntN(min(len(d.stories.bySize), d.Stories()/3+1))]
		random = append(random, d.stories.id[k])
	}
	top := d.outlets.Outlets[0]
	pages := max(1, d.Stories()/PageSize)
	cases := []struct {
		name  string
		paths func(i int) string
	}{
		{"list, first page", func(int) string { return "/" }},
		{"list, a random page", func(int) string { return fmt.Sprintf("/?page=%d", 1+rng.IntN(pages)) }},
		{"list, newest first", func(int) string { return "/?sort=newest" }},
		{"list, uncredited (a full pass)", func(int) string { return "/?credit=uncredited" }},
		{"list, with copies, newest, page 50", func(int) string { return "/?kind=copies&sort=newest&page=50" }},
		{"list, search an outlet", func(int) string { return "/?q=" + url.QueryEscape(top.Name) }},
		{"list, an outlet, uncredited", func(int) string { return "/?credit=uncredited&outlet=" + url.QueryEscape(top.Key) }},
		{"list, search an article ID", func(i int) string { return "/?q=" + url.QueryEscape(d.articles.id[rng.IntN(d.Articles())]) }},
		{"story, among the 200 largest", func(i int) string { return storyPath(withCopies[i%len(withCopies)]) }},
		{"story, random (a third of stories)", func(i int) string { return storyPath(random[i%len(random)]) }},
		{"outlet page, largest outlet", func(int) string { return outletPath(top.Key) }},
		{"outlets", func(int) string { return "/outlets" }},
	}
	for _, c := range cases {
		times := make([]time.Duration, 0, n)
		var bytes int
		for i := range n {
			req := httptest.NewRequest(http.MethodGet, c.paths(i), nil)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(rec, req)
			times = append(times, time.Since(t0))
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %s: status %d: %.200s", c.name, req.URL, rec.Code, rec.Body.String())
			}
			bytes += rec.Body.Len()
		}
		slices.Sort(times)
		t.Logf("%-38s p50 %8v  p95 %8v  max %8v  %7d bytes a page (mean)", c.name,
			times[(n+1)/2-1].Round(10*time.Microsecond), times[(n*95+99)/100-1].Round(10*time.Microsecond), times[n-1].Round(10*time.Microsecond), bytes/n)
	}
	runtime.ReadMemStats(&ms)
	t.Logf("after the requests: %s", rss())
}

// rss returns the process's resident and peak resident memory, from
// /proc (Linux), or "" elsewhere.
func rss() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, ", ")
}
