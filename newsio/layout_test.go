package newsio

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// denseStory adds to a tracker a story drawn tight: an origin, copies
// that credit its outlet in several ways, copies of copies, and a copy
// stitched from the origin and another article, all from the seed texts.
func denseStory(t *testing.T, tr *provenance.Tracker) {
	t.Helper()
	origin := readSeed(t, "001_7cb3ead0d8dc3d74")
	other := readSeed(t, "002_8116756d16084da1")
	paras := strings.Split(origin, "\n")
	half := strings.Join(paras[:len(paras)/2], "\n")
	extra := "\nCity officials said on Thursday that the market would reopen next week after repairs to the roof, which was damaged in the storm, were finished ahead of time."
	add := func(id, source, text string) {
		_, err := tr.Add(provenance.Article{ID: id, Source: source, Text: text})
		require.NoError(t, err)
	}
	add("origin", "VPost", origin)
	add("credit-1", "Daily A", origin+"\nThis article was first published by VPost.")
	add("credit-2", "Daily B", "MOSCOW (Reuters) - "+origin)
	add("credit-3", "Daily C", origin+"\n© VPost")
	add("plain-1", "Daily D", origin+extra)
	add("plain-1-copy", "Daily E", origin+extra+"\nThis article was first published by VPost.")
	add("plain-1-copy-2", "Daily F", origin+extra+extra+"\nREUTERS")
	add("other", "Wire", other)
	add("stitched", "Daily G", half+"\n"+strings.Join(strings.Split(other, "\n")[:8], "\n"))
}

var (
	svgRE      = regexp.MustCompile(`(?s)<svg [^>]*width="(\d+)" height="(\d+)".*?</svg>`)
	svgRectRE  = regexp.MustCompile(`<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"`)
	svgLabelRE = regexp.MustCompile(`<text x="(-?\d+)" y="(-?\d+)" text-anchor="middle" fill="#1d2327" stroke="#fff" stroke-width="3" paint-order="stroke">([^<]*)</text>`)
)

// labelBoxes returns the boxes of a graph's edge labels, as drawn in 11
// px monospace (glyphs 6.6 px wide, 8 px above the baseline and 3 below),
// and the boxes of its nodes.
func labelBoxes(t *testing.T, svg string) (labels, nodes []svgRect, texts []string) {
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		return n
	}
	for _, m := range svgRectRE.FindAllStringSubmatch(svg, -1) {
		x, y := atoi(m[1]), atoi(m[2])
		nodes = append(nodes, svgRect{x, y, x + atoi(m[3]), y + atoi(m[4])})
	}
	for _, m := range svgLabelRE.FindAllStringSubmatch(svg, -1) {
		x, y := atoi(m[1]), atoi(m[2])
		half := utf8.RuneCountInString(m[3]) * 33 / 10
		labels = append(labels, svgRect{x - half, y - 8, x + half, y + 3})
		texts = append(texts, m[3])
	}
	return labels, nodes, texts
}

// TestGraphLabelsDoNotOverlap: in the picture of a dense story no edge
// label lies over another, over a box, or out of the picture.
func TestGraphLabelsDoNotOverlap(t *testing.T) {
	tr := newTracker(t)
	denseStory(t, tr)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	svgs := svgRE.FindAllStringSubmatch(buf.String(), -1)
	require.NotEmpty(t, svgs)
	drawn := 0
	for _, m := range svgs {
		w, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		labels, nodes, texts := labelBoxes(t, m[0])
		drawn += len(labels)
		for i, l := range labels {
			require.True(t, (svgRect{0, 0, w, h}).contains(l), "label %q at %v is out of the %dx%d picture", texts[i], l, w, h)
			for j, n := range nodes {
				require.False(t, l.overlaps(n), "label %q at %v lies over box %d at %v", texts[i], l, j, n)
			}
			for j := range i {
				require.False(t, l.overlaps(labels[j]), "label %q at %v lies over label %q at %v", texts[i], l, texts[j], labels[j])
			}
		}
	}
	require.GreaterOrEqual(t, drawn, 6, "most labels are drawn")
}
