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

// flag runs the flagger on input with -index dir, as a newsroom would.
func flag(t *testing.T, dir, input string) {
	t.Helper()
	cmd := exec.Command("go", "run", "./examples/flag", "-index", dir, "-format", "jsonl", input)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("flag -index: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\n"); n != 10 {
		t.Fatalf("flag -index wrote %d lines, want 10:\n%s", n, out)
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
	dir := filepath.Join(t.TempDir(), "store")
	flag(t, dir, corpus(t))
	data, err := review.Load(review.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(review.Handler(data)) // on 127.0.0.1
	defer srv.Close()
	out := shots(t)

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
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTime()

	b := &walk{t: t, ctx: ctx, out: out}

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
