package e2e

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/reprintlab/reprint/internal/review"
)

// root is the repository's root, from this package's directory.
const root = "../../.."

// chromium returns the browser to drive: $CHROMIUM, else chromium (or
// chromium-browser) on the PATH. Without one the test is skipped, loudly.
func chromium(t *testing.T) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("SKIPPED: no chromium on the PATH and $CHROMIUM unset: the review app was NOT tested in a browser (Debian: apt-get install chromium)")
	return ""
}

// corpus writes the test input as JSONL: the seed articles of
// testdata/seeds.jsonl, then the five seed files as reprints a day later
// (the Post's story by REUTERS crediting nobody, the Moscow Times' by
// Reuters crediting VPost, Semafor's re-sent by Semafor, the scrape
// with no outlet, the Kremlin story by Interfax).
func corpus(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "testdata", "seeds.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	out.Write(b)
	files := []struct{ name, source string }{
		{"000_468044057261e0d6", "REUTERS"}, {"001_7cb3ead0d8dc3d74", "Reuters"}, {"002_8116756d16084da1", "Semafor"},
		{"003_d897e868842ded34", ""}, {"004_c866b469c61a0d9e", "Interfax"},
	}
	day := time.Date(2024, 11, 7, 9, 0, 0, 0, time.UTC)
	for i, f := range files {
		text, err := os.ReadFile(filepath.Join(root, "testdata", "seeds", f.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(map[string]string{
			"id": f.name, "text": string(text), "source": f.source, "published": day.Add(time.Duration(i) * time.Hour).Format(time.RFC3339),
		})
		out.Write(line)
		out.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "input.jsonl")
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// flag runs the flagger on input with -index dir, as a newsroom would,
// and checks that it wrote lines JSONL lines.
func flag(t *testing.T, dir, input string, lines int) {
	t.Helper()
	cmd := exec.Command("go", "run", "./examples/flag", "-index", dir, "-format", "jsonl", input)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("flag -index: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\n"); n != lines {
		t.Fatalf("flag -index wrote %d lines, want %d:\n%s", n, lines, out)
	}
}

// shots is where the screenshots go: $REVIEW_SCREENSHOTS, else a
// temporary directory.
func shots(t *testing.T) string {
	if d := os.Getenv("REVIEW_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowserWalk walks the pages a journalist walks: the story list,
// a search, a story with its graph and timeline, a copy side by side
// with its source, the copier's outlet page, and the uncredited filter.
func TestBrowserWalk(t *testing.T) {
	browser := chromium(t)
	srv := serve(t, corpus(t), 10)
	b := newWalk(t, browser)
	ctx := b.ctx

	// The list: all stories, largest first.
	b.do("the list", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#count")))
	b.shot("1-list")
	b.expect("#count", "Stories 1–4 of 4")
	b.expect("table.stories tbody tr:first-child td:first-child a", "While President Vladimir Putin has yet to officially congratulate Donald Trump")

	// A search by words of a first line.
	b.do("a search",
		chromedp.SetValue(chromedp.CSS(`input[name="q"]`), "kremlin cautious"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="q"][value="kremlin cautious"]`)),
	)
	b.shot("2-search")
	b.expect("#count", "Stories 1–1 of 1")
	b.expect("table.stories tbody tr:first-child td:first-child a", "The Kremlin’s cautious response to Donald Trump’s re-election")

	// The uncredited filter, then the story it finds.
	b.do("the uncredited filter",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
		chromedp.SetValue(chromedp.CSS(`select[name="credit"]`), "uncredited"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`select[name="credit"] option[value="uncredited"][selected]`)),
	)
	b.expect("#count", "Stories 1–1 of 1")
	b.expect("table.stories tbody", "uncredited copy")
	b.do("a story",
		chromedp.Click(chromedp.CSS("table.stories tbody tr:first-child td:first-child a")),
		chromedp.WaitVisible(chromedp.CSS(`svg[aria-label^="provenance graph"]`)),
		chromedp.WaitVisible(chromedp.CSS(`svg[aria-label="publication timeline"]`)),
	)
	b.shot("3-story")
	b.expect("h1", "Russians see Donald Trump’s win as a victory")
	b.expect("p.summary", "2 articles. Origin wapo-russia-trump from The Washington Post")
	b.expect("p.summary", "uncredited copy")
	b.expect("table.articles", "REUTERS")

	// The copy side by side with its source.
	b.do("side by side",
		chromedp.Click(chromedp.CSS(`a[href*="copy=000_468044057261e0d6"]`)),
		chromedp.WaitVisible(chromedp.CSS("#pair")),
		chromedp.ScrollIntoView(chromedp.CSS("#pair")),
	)
	b.shot("4-side-by-side")
	b.expect("#pair", "Side by side: 000_468044057261e0d6 and its source wapo-russia-trump")
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".pair mark").length`))
	if err != nil {
		t.Fatal(err)
	}
	if marks != 2 {
		t.Errorf("%d highlighted passages, want 2 (the whole copy, the whole source)", marks)
	}

	// The copier's outlet page, from the story's table.
	b.do("an outlet",
		chromedp.Click(chromedp.CSS(`table.articles a[href="/outlet/reuters"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.figures")),
	)
	b.shot("5-outlet")
	b.expect("h1", "REUTERS")
	b.expect("p.summary", "Took 2 copies from other outlets: 0 credited, 1 uncredited, a median +33h00m after their source")
	b.expect("table.figures", "The Washington Post\t1\t0\t1\t0\t+33h00m")
	b.expect("table.figures", "The Moscow Times\t1\t0\t0\t1\t+34h00m")
}

// serve flags input into a new store (checking that the flagger wrote
// lines lines) and serves the review app over it on 127.0.0.1 until the
// test ends.
func serve(t *testing.T, input string, lines int) *httptest.Server {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	flag(t, dir, input, lines)
	data, err := review.Load(review.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(review.Handler(data))
	t.Cleanup(srv.Close)
	return srv
}

// newWalk starts a headless browser tab, closed when the test ends.
func newWalk(t *testing.T, browser string) *walk {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancel()
		cancelAlloc()
	})
	return &walk{t: t, ctx: ctx, out: shots(t)}
}

// walk is a browser tab and the test that drives it.
type walk struct {
	t   *testing.T
	ctx context.Context
	out string
}

func (b *walk) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

// shot saves what the window shows as name.png.
func (b *walk) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.out, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
}

// expect checks that the element sel shows text containing want.
func (b *walk) expect(sel, want string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("reading %s: %v", sel, err)
	}
	if !strings.Contains(got, want) {
		b.t.Errorf("%s shows %q, want it to contain %q", sel, got, want)
	}
}

// kindsCorpus writes a wire story on a Zambian copper mine, a
// newspaper's rewrite of it (names and figures kept, the other words
// changed), a farming story that takes one paragraph of it word for word
// (a partial copy), and a verbatim reprint, as JSONL (texts written for
// this test, as in internal/review's tests).
func kindsCorpus(t *testing.T) string {
	t.Helper()
	wire := "The Nchanga copper mine in Zambia said output rose to 41,000 tonnes in March as the new Konkola " +
		"shaft came on line, managing director Peter Mwale told reporters in Chingola on Friday.\n\n" +
		"He said exports through Dar es Salaam were delayed by floods, and that the company expected the " +
		"Tazara railway to reopen by the middle of April after repairs to two bridges near Mpika.\n\n" +
		"Mwale said the mine would hire 1,200 workers this year and spend 86 million dollars on a new " +
		"smelter at Kitwe, the first large investment in the Copperbelt since 1979."
	rewrite := "Output at the Nchanga copper mine in Zambia climbed to 41,000 tonnes in March after the new Konkola " +
		"shaft started working, managing director Peter Mwale told journalists in Chingola on Friday.\n\n" +
		"Exports via Dar es Salaam had been held up by floods, he said, adding that the firm hoped to see the " +
		"Tazara line open again in mid-April once two bridges close to Mpika were mended.\n\n" +
		"The mine plans to take on 1,200 staff during the year and to invest 86 million dollars in a Kitwe " +
		"smelter, Mwale said, the biggest investment in the Copperbelt since 1979."
	partial := "Farmers in the Southern Province of Zambia are planting late this season because the rains came " +
		"three weeks after their usual time, agricultural officers in Choma said on Saturday. Maize growers " +
		"fear smaller harvests, and many have switched to sorghum and cassava, which need less water.\n\n" +
		"Mwale said the mine would hire 1,200 workers this year and spend 86 million dollars on a new " +
		"smelter at Kitwe, the first large investment in the Copperbelt since 1979.\n\n" +
		"Seed merchants in Monze and Kalomo reported brisk sales of drought-tolerant varieties."
	var out strings.Builder
	for i, a := range [][3]string{
		{"wire", "Wire", wire}, {"verbatim", "Daily Copy", wire + "\n\n(Reporting by the Lusaka bureau.)"},
		{"rewrite", "Rewrite Weekly", rewrite}, {"partial", "Farm News", partial},
	} {
		line, _ := json.Marshal(map[string]string{
			"id": a[0], "source": a[1], "text": a[2],
			"published": time.Date(1987, 3, 6, 9+i, 0, 0, 0, time.UTC).Format(time.RFC3339),
		})
		out.Write(line)
		out.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "kinds.jsonl")
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowserKinds walks to the rewrites of a store: the list filtered
// to stories with rewrites, the story's links with their kinds' badges,
// its graph with the report's strokes, and the rewrite side by side with
// its source, highlighted throughout.
func TestBrowserKinds(t *testing.T) {
	browser := chromium(t)
	srv := serve(t, kindsCorpus(t), 4)
	b := newWalk(t, browser)

	b.do("the reuse filter",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#count")),
		chromedp.SetValue(chromedp.CSS(`select[name="reuse"]`), "rewrite"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`select[name="reuse"] option[value="rewrite"][selected]`)),
	)
	b.shot("6-with-rewrites")
	b.expect("#count", "Stories 1–1 of 1")
	b.expect("table.stories tbody", "rewrite")
	b.expect("table.stories tbody", "partial")

	b.do("the story",
		chromedp.Click(chromedp.CSS("table.stories tbody tr:first-child td:first-child a")),
		chromedp.WaitVisible(chromedp.CSS(`svg[aria-label^="provenance graph"]`)),
	)
	b.expect("table.articles", "wire rewrite score 0.")
	b.expect("table.articles", "wire partial score 0.")
	b.expect("table.articles", "wire verbatim 94%")
	// The badges are styled (the page's style sheet is allowed by its
	// content security policy): a rewrite's is amber, as in the report.
	if got := b.eval(`getComputedStyle(document.querySelector("table.articles .kind-rewrite")).backgroundColor`); got != "rgb(191, 135, 0)" {
		t.Errorf("the rewrite badge's background is %q, want rgb(191, 135, 0) (#bf8700)", got)
	}
	if got := b.eval(`[...document.querySelectorAll("svg path[stroke-dasharray]")].map(p => p.getAttribute("stroke-dasharray") + " " + p.querySelector("title").textContent.split(":")[0]).sort().join("; ")`); got != "1.5,3 partial → wire; 6,4 rewrite → wire" {
		t.Errorf("the graph's dashed and dotted arrows: %q, want the rewrite's dashed (6,4) and the partial copy's dotted (1.5,3)", got)
	}

	b.do("the rewrite side by side",
		chromedp.Click(chromedp.CSS(`table.articles a[href*="copy=rewrite"]`)),
		chromedp.WaitVisible(chromedp.CSS("#pair")),
		chromedp.ScrollIntoView(chromedp.CSS("#pair")),
	)
	b.shot("7-rewrite-side-by-side")
	b.expect("#pair", "Side by side: rewrite and its source wire rewrite")
	b.expect("#pair + p.summary", "Kind of reuse: rewrite (reworded throughout), score 0.")
	// Highlighted throughout: the alignment's passages, not the few runs
	// of words it shares with its source.
	marked := `(() => { const pre = document.querySelector(".pair div:first-child pre");
		const marked = [...pre.querySelectorAll("mark")].reduce((n, m) => n + m.textContent.length, 0);
		return marked / pre.textContent.length; })()`
	share, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](marked))
	if err != nil {
		t.Fatal(err)
	}
	if share < 0.9 {
		t.Errorf("%.2f of the rewrite's text highlighted, want at least 0.90", share)
	}
}

// eval returns the value of JavaScript expression js, as a string.
func (b *walk) eval(js string) string {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", js, err)
	}
	return got
}
