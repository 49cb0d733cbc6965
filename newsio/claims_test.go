package newsio

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

const (
	seed001 = "001_7cb3ead0d8dc3d74"
	seed002 = "002_8116756d16084da1"
	seed003 = "003_d897e868842ded34"
)

func TestClaimsInTextReport(t *testing.T) {
	tr, _ := seedsTracker(t, false)
	var buf bytes.Buffer
	require.NoError(t, WriteText(&buf, tr, Everything))
	out := buf.String()
	assert.Contains(t, out, "\n  claim   "+seed001+" credits VPost (not in the input)\n")
	assert.Equal(t, 1, strings.Count(out, "  claim   "), "one claim in the one story with copies")
	assert.Contains(t, out, "\n3 articles standing alone: not listed (-all lists them).\n")
	assert.NotContains(t, out, seed002, "standing alone: counted, not listed")
	buf.Reset()
	require.NoError(t, Report{Tracker: tr, All: true}.WriteText(&buf))
	assert.Contains(t, buf.String(), "\n  "+seed002+"  (credits Izvestia, TASS, Meduza, X: not in the input)\n")
}

func TestClaimsInDOT(t *testing.T) {
	tr, _ := seedsTracker(t, false)
	var buf bytes.Buffer
	require.NoError(t, WriteDOT(&buf, tr, Everything))
	out := buf.String()
	assert.Contains(t, out, `    "claim 0.0" [label="claimed origin: VPost (not in the input)", shape=ellipse, style=dashed, color="#57606a", fontcolor="#57606a"];`+"\n")
	assert.Contains(t, out, `  "`+seed001+`" -> "claim 0.0" [label="credits", style=dashed, color="#57606a", fontcolor="#57606a"];`+"\n")
	assert.NotContains(t, out, "Izvestia", "articles standing alone are left out, and their claims")
	assert.NotContains(t, out, "dir=none", "no article of VPost to join")

	// A claim node never takes an article's ID.
	tr = newTracker(t)
	text := readSeed(t, seed001)
	for _, id := range []string{"claim 0.0", "copy"} {
		_, err := tr.Add(provenance.Article{ID: id, Text: text})
		require.NoError(t, err)
	}
	buf.Reset()
	require.NoError(t, WriteDOT(&buf, tr, Everything))
	out = buf.String()
	assert.Contains(t, out, `"claim 0.0'" [label="claimed origin: VPost (not in the input)"`)
	assert.Contains(t, out, `"claim 0.0" -> "claim 0.0'" [label="credits"`)
	assert.Contains(t, out, `"copy" -> "claim 0.0'" [label="credits"`)
}

func newTracker(t *testing.T) *provenance.Tracker {
	t.Helper()
	tr, err := provenance.New(provenance.Config{KeepText: true})
	require.NoError(t, err)
	return tr
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/seeds/" + name + ".txt")
	require.NoError(t, err)
	return string(b)
}

var boxRE = regexp.MustCompile(`<g><title>([^<]*)</title><rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"`)

// svgBoxes returns the boxes of a page's first graph by their titles.
func svgBoxes(t *testing.T, page string) map[string][4]int {
	t.Helper()
	boxes := map[string][4]int{}
	svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
	for _, m := range boxRE.FindAllStringSubmatch(svg, -1) {
		var b [4]int
		for i := range b {
			var err error
			b[i], err = strconv.Atoi(m[i+2])
			require.NoError(t, err)
		}
		boxes[m[1]] = b
	}
	return boxes
}

func TestClaimsInHTML(t *testing.T) {
	tr, _ := seedsTracker(t, true)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	page := buf.String()
	checkHTML(t, page)
	assert.Contains(t, page, `<ul class="claims">`+"\n"+`<li><span class="id">`+seed001+`</span> credits <b>VPost</b> (not in the input)</li>`+"\n</ul>")
	assert.Contains(t, page, `<li><code>`+seed002+`</code> (credits Izvestia, TASS, Meduza, X: not in the input)</li>`)
	boxes := svgBoxes(t, page)
	require.Len(t, boxes, 3)
	claim := boxes["claimed origin: VPost, credited by "+seed001+" (not in the input)"]
	origin, cp := boxes[seed001], boxes[seed003]
	// claimed origin ← origin ← copy, left to right, centred on one row.
	assert.Equal(t, [4]int{14, 14, 230, 50}, claim)
	assert.Equal(t, [4]int{354, 24, 230, 30}, origin)
	assert.Equal(t, [4]int{694, 24, 230, 30}, cp)
	assert.Contains(t, page, `<title>`+seed001+` credits VPost</title>`)
	assert.Contains(t, page, `<svg xmlns="http://www.w3.org/2000/svg" width="938" height="78"`)
}

func TestConfirmedClaimInHTML(t *testing.T) {
	// VPost publishes; The Moscow Times republishes with a credit; a
	// scraper copies The Moscow Times. The claim sits right below VPost's
	// article, joined to it by a dotted line.
	t0 := time.Date(2024, 11, 6, 8, 0, 0, 0, time.UTC)
	mt := readSeed(t, seed001)
	tr := newTracker(t)
	for _, a := range []provenance.Article{
		{ID: "vpost", Source: "VPost", Published: t0, Text: mt[:strings.Index(mt, "This article was first published by VPost.")]},
		{ID: "moscow-times", Source: "The Moscow Times", Published: t0.Add(time.Hour), Text: mt},
	} {
		v, err := tr.Add(a)
		require.NoError(t, err)
		require.Equal(t, "vpost", v.Origin)
	}
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	page := buf.String()
	checkHTML(t, page)
	assert.Contains(t, page, `<li><span class="id">moscow-times</span> credits <b>VPost</b> (in this story: <span class="id">vpost</span>)</li>`)
	boxes := svgBoxes(t, page)
	require.Len(t, boxes, 3)
	claim := boxes["claimed origin: VPost, credited by moscow-times (in this story: vpost)"]
	vpost := boxes["vpost"]
	assert.Equal(t, [4]int{14, 24, 230, 30}, vpost)
	assert.Equal(t, [4]int{14, 72, 230, 50}, claim, "right below vpost")
	assert.Equal(t, [4]int{354, 24, 230, 30}, boxes["moscow-times"])
	assert.Contains(t, page, `<path d="M129,72 L129,54" fill="none" stroke="#57606a" stroke-width="1.5" stroke-dasharray="1.5,3"><title>vpost is from VPost</title></path>`)
	assert.Contains(t, page, `fill="#57606a">(in this story)</text>`)

	buf.Reset()
	require.NoError(t, WriteDOT(&buf, tr, Everything))
	assert.Contains(t, buf.String(), `"claim 0.0" [label="claimed origin: VPost (in this story)"`)
	assert.Contains(t, buf.String(), `"claim 0.0" -> "vpost" [style=dotted, dir=none, constraint=false`)
	buf.Reset()
	require.NoError(t, WriteText(&buf, tr, Everything))
	assert.Contains(t, buf.String(), "\n  claim   moscow-times credits VPost (in this story: vpost)\n")
}
