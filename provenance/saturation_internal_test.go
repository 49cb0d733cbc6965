package provenance

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

func TestTopStepShare(t *testing.T) {
	share := topStepShare()
	top := containmentStep(1)
	require.Equal(t, top, containmentStep(share))
	require.Less(t, containmentStep(math.Nextafter(share, 0)), top, "not the smallest share of the top step")
	require.Equal(t, MaxLinks+1, storySaturation.Copies)
}

// wireTraffic returns a wire story (bundled seed 001) and n reprints by
// 40 outlets, one a minute give or take 2 (within the clock skew): the
// first 80 leave out a twentieth of it each (so that they hold a later
// verbatim copy a step less than whole), then verbatim, with the outlet's
// credit line, cut short, with a paragraph of the outlet's own, and every
// 9th another story (seeds 000 and 002). If late, articles also come out
// of the order of their times: the wire is seen after a third of its
// copies, every 25th copy has no time, and every 37th is dated 3 hours
// early.
func wireTraffic(t *testing.T, n int, late bool) []Article {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name+".txt"))
		require.NoError(t, err)
		return string(b)
	}
	wire := read("001_7cb3ead0d8dc3d74")
	others := []string{read("000_468044057261e0d6"), read("002_8116756d16084da1")}
	words := strings.Fields(wire)
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	out := []Article{{ID: "wire", Text: wire, Source: "Wire", Published: t0}}
	for i := range n {
		outlet := fmt.Sprint("Outlet ", i%40)
		var text string
		switch {
		case i < 80: // the first reprints each leave out a twentieth
			cut := len(words) / 20
			at := (i % 19) * cut
			text = strings.Join(slices.Concat(words[:at], words[at+cut:]), " ")
		case i%9 == 8:
			text = fmt.Sprintf("%s\n\nPosted by %s.", others[i%2], outlet)
		case i%4 == 1:
			text = fmt.Sprintf("%s\n\nThis story was republished by %s under licence.", wire, outlet)
		case i%4 == 2:
			text = strings.Join(words[:len(words)*(5+i%4)/10], " ")
		case i%4 == 3:
			text = fmt.Sprintf("%s\n\n%s reports that the talks, number %d, went on late into the night and that more is expected tomorrow from the ministers.", wire, outlet, i)
		default:
			text = wire
		}
		jitter := time.Duration(i%5-2) * time.Minute
		published := t0.Add(time.Duration(i+1)*time.Minute + jitter)
		switch {
		case late && i%25 == 24:
			published = time.Time{}
		case late && i%37 == 36:
			published = published.Add(-3 * time.Hour)
		}
		out = append(out, Article{ID: fmt.Sprint("copy-", i), Text: text, Source: outlet, Published: published})
	}
	if late {
		wire := out[0]
		copy(out, out[1:n/3+1])
		out[n/3] = wire
	}
	return out
}

// TestSaturationKeepsVerdicts feeds wire traffic to a tracker and to one
// whose index verifies every candidate: same links, verdicts, stories and
// graph document, with and without texts kept (exact coverages rank
// sources), in time order and out of it.
func TestSaturationKeepsVerdicts(t *testing.T) {
	for _, c := range []struct{ keepText, late bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		articles := wireTraffic(t, 400, c.late)
		keepText := c.keepText
		t.Run(fmt.Sprintf("KeepText=%v,late=%v", c.keepText, c.late), func(t *testing.T) {
			cfg := Config{KeepText: keepText}
			saturated, err := New(cfg)
			require.NoError(t, err)
			require.Equal(t, storySaturation, saturated.IndexConfig().Saturation)
			full, err := New(cfg)
			require.NoError(t, err)
			whole, err := dedup.NewIndex(cfg.Index) // no saturation
			require.NoError(t, err)
			full.index, full.local = whole, whole
			for _, a := range articles {
				want, err := full.Add(a)
				require.NoError(t, err)
				got, err := saturated.Add(a)
				require.NoError(t, err)
				require.Equal(t, want, got, a.ID)
			}
			// Every article keeps the same links, in the same order, with
			// the same exact coverages: the MaxLinks best of a full scan.
			require.Equal(t, len(full.graph.nodes), len(saturated.graph.nodes))
			for x, n := range full.graph.nodes {
				require.Equal(t, n.links, saturated.graph.nodes[x].links, n.id)
			}
			require.Equal(t, slices.Collect(full.Articles()), slices.Collect(saturated.Articles()))
			require.Equal(t, slices.Collect(full.Stories()), slices.Collect(saturated.Stories()))
			var wantDoc, gotDoc bytes.Buffer
			require.NoError(t, full.WriteJSON(&wantDoc))
			require.NoError(t, saturated.WriteJSON(&gotDoc))
			require.Equal(t, wantDoc.String(), gotDoc.String())
			if c.late {
				return // a copy dated 3 hours early is the origin; the rule is used less
			}
			stories := slices.Collect(saturated.Stories())
			require.Equal(t, "wire", stories[0].Origin)
			require.Greater(t, len(stories[0].Articles), 300, "the wire story is not hot")
			// The rule was used: a copy of the wire now finds less than a
			// full scan finds (the copies of the last minutes, not yet
			// settled, do not count).
			signer, err := dedup.NewSigner(saturated.IndexConfig().Settings)
			require.NoError(t, err)
			sig, err := signer.Sign(articles[0].Text)
			require.NoError(t, err)
			all, err := whole.Query(sig)
			require.NoError(t, err)
			some, err := saturated.local.Query(sig)
			require.NoError(t, err)
			t.Logf("a copy of the wire: %d matches, %d without saturation", len(some), len(all))
			require.Less(t, 4*len(some), 3*len(all))
		})
	}
}
