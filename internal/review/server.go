package review

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/reprintlab/reprint/provenance"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Headers set on every response. The policy loads nothing from
// elsewhere and runs no script; pages are styled by /static/style.css
// alone.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Handler returns the app's HTTP handler over d. It answers GET and HEAD
// only (405 otherwise) and never changes d or the store. It is safe for
// concurrent use.
func Handler(d *Data) http.Handler {
	h := &handler{d: d, tmpl: template.Must(template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html"))}
	static, _ := fs.Sub(assets, "static")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.list)
	mux.HandleFunc("GET /story/{id}", h.story)
	mux.HandleFunc("GET /outlets", h.outletList)
	mux.HandleFunc("GET /outlet/{key}", h.outlet)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	return headers(mux)
}

// headers sets the security headers and refuses methods that are not
// reads.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hd.Set("Allow", "GET, HEAD")
			http.Error(w, "this server is read-only", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type handler struct {
	d    *Data
	tmpl *template.Template
}

// render executes template name into a buffer, then writes it: a
// template error gives a 500, not half a page.
func (h *handler) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		log.Printf("review: rendering %s: %v", name, err)
		http.Error(w, "internal error: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// problem renders an error page with status.
func (h *handler) problem(w http.ResponseWriter, status int, msg string) {
	h.render(w, status, "problem.html", map[string]any{"Title": http.StatusText(status), "Message": msg, "Store": h.d.summary()})
}

// storeSummary is the line at the top of every page.
type storeSummary struct {
	Articles, Stories int
	Loaded            string
	Texts             bool
}

func (d *Data) summary() storeSummary {
	return storeSummary{Articles: len(d.articles.id), Stories: len(d.stories.id), Loaded: d.loaded.UTC().Format("2006-01-02 15:04 UTC"), Texts: d.hasTexts}
}

// storyRow is one line of the story list.
type storyRow struct {
	ID, Title, Origin, Outlet, OutletKey, When string
	Size                                       int
	Uncredited, Stitched                       bool
	Kinds                                      []string // the kinds of reuse, but verbatim, of its links
}

func (d *Data) storyRow(k int32) storyRow {
	s := &d.stories
	o := s.origin[k]
	r := storyRow{ID: s.id[k], Title: s.title[k], Origin: d.articles.id[o], Size: int(s.size[k]), When: when(s.at[k]),
		Uncredited: s.flags[k]&hasUncredited != 0, Stitched: s.flags[k]&hasStitched != 0}
	for _, kind := range []provenance.Kind{provenance.KindUpdate, provenance.KindRewrite, provenance.KindPartial} {
		if s.flags[k]&kindFlag(kind) != 0 {
			r.Kinds = append(r.Kinds, kind.String())
		}
	}
	if x := d.articles.outlet[o]; x >= 0 {
		r.Outlet, r.OutletKey = d.outlets.Outlets[x].Name, d.outlets.Outlets[x].Key
	}
	return r
}

// when formats a Unix time for people; 0 is unknown.
func when(t int64) string {
	if t == 0 {
		return "time unknown"
	}
	return time.Unix(t, 0).UTC().Format("2006-01-02 15:04 UTC")
}

// option is a choice in a form's select.
type option struct {
	Value, Label string
	Selected     bool
}

func options(list [][2]string, selected string) []option {
	out := make([]option, len(list))
	for i, o := range list {
		out[i] = option{o[0], o[1], o[0] == selected}
	}
	return out
}

// maxOutletOptions bounds the outlets offered in the list's outlet
// choice: the ones with the most articles (and the one chosen).
const maxOutletOptions = 300

func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	d := h.d
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		h.problem(w, http.StatusBadRequest, err.Error())
		return
	}
	res := d.find(q)
	rows := make([]storyRow, len(res.Stories))
	for i, k := range res.Stories {
		rows[i] = d.storyRow(k)
	}
	outlets := []option{{Value: "", Label: "any outlet"}}
	for i, o := range d.outlets.Outlets {
		if i < maxOutletOptions || o.Key == q.Outlet {
			outlets = append(outlets, option{o.Key, fmt.Sprintf("%s (%d)", o.Name, o.Articles), o.Key == q.Outlet})
		}
	}
	pages := max(1, (res.Total+PageSize-1)/PageSize)
	link := func(page int) string {
		if page < 1 || page > pages {
			return ""
		}
		if v := q.Values(page); len(v) > 0 {
			return "/?" + v.Encode()
		}
		return "/"
	}
	data := map[string]any{
		"Title": "Stories", "Store": d.summary(), "Query": q, "Rows": rows, "Total": res.Total,
		"First": (q.Page-1)*PageSize + 1, "Last": (q.Page-1)*PageSize + len(rows),
		"Page": q.Page, "Pages": pages, "Prev": link(q.Page - 1), "Next": link(q.Page + 1),
		"Kinds": options(kinds, q.Kind), "Reuses": options(reuses, q.Reuse), "Credits": options(credits, q.Credit), "Sorts": options(sorts, q.Sort),
		"Outlets": outlets, "PastEnd": res.Total > 0 && len(rows) == 0, "LastPage": link(pages),
	}
	if res.Exact >= 0 {
		data["Exact"] = d.storyRow(res.Exact)
	}
	if res.Outlet >= 0 {
		data["NamedOutlet"] = d.outlets.Outlets[res.Outlet]
	}
	h.render(w, http.StatusOK, "list.html", data)
}

func (h *handler) outletList(w http.ResponseWriter, r *http.Request) {
	d := h.d
	h.render(w, http.StatusOK, "outlets.html", map[string]any{
		"Title": "Outlets", "Store": d.summary(), "Outlets": d.outlets.Outlets, "Unattributed": d.outlets.Unattributed,
	})
}

func (h *handler) outlet(w http.ResponseWriter, r *http.Request) {
	d := h.d
	key := r.PathValue("key")
	o, ok := d.outletByKey(key)
	if !ok {
		h.problem(w, http.StatusNotFound, fmt.Sprintf("No outlet %q in this store.", key))
		return
	}
	totals := d.outlets.Outlets[o]
	var took, gave []any
	for _, i := range d.took[o] {
		took = append(took, d.outlets.Pairs[i])
	}
	for _, i := range d.gave[o] {
		gave = append(gave, d.outlets.Pairs[i])
	}
	stories := url.Values{"outlet": {key}}
	uncredited := url.Values{"outlet": {key}, "credit": {"uncredited"}}
	h.render(w, http.StatusOK, "outlet.html", map[string]any{
		"Title": totals.Name, "Store": d.summary(), "Outlet": totals, "Took": took, "Gave": gave,
		"StoriesLink": "/?" + stories.Encode(), "UncreditedLink": "/?" + uncredited.Encode(),
		"Stories": len(d.stories.byOutlet[o]),
	})
}

// storyPath is the path of a story's page.
func storyPath(id string) string { return "/story/" + url.PathEscape(id) }

// outletPath is the path of an outlet's page.
func outletPath(key string) string { return "/outlet/" + url.PathEscape(key) }

// delay formats how long after an earlier time something came: "+2h05m",
// "−4m", "+0m".
func delay(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "−", -d
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h >= 48:
		return fmt.Sprintf("%s%dd%02dh", sign, h/24, h%24)
	case h > 0:
		return fmt.Sprintf("%s%dh%02dm", sign, h, m)
	}
	return fmt.Sprintf("%s%dm", sign, m)
}

var funcs = template.FuncMap{
	"storyPath":  storyPath,
	"outletPath": outletPath,
	"delay":      delay,
	"pct":        func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"others": func(copies, credited, uncredited int) int { return copies - credited - uncredited },
	"kinds":  kindCounts,
}

// kindCount is a number of copies of one kind of reuse.
type kindCount struct {
	Kind string
	N    int
}

// kindCounts lists the kinds of c with copies, strongest first.
func kindCounts(c provenance.KindCounts) []kindCount {
	var out []kindCount
	for _, k := range []provenance.Kind{provenance.KindVerbatim, provenance.KindUpdate, provenance.KindRewrite, provenance.KindPartial} {
		if n := c.Of(k); n > 0 {
			out = append(out, kindCount{k.String(), n})
		}
	}
	return out
}
