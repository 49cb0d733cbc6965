package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeWordNet writes a WordNet of a few invented entries in WordNet's
// file formats, and returns its directory.
func fakeWordNet(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	// data file: a licence header line, then synsets at byte offsets.
	data := func(pos string, synsets ...string) map[string]int {
		var b strings.Builder
		b.WriteString("  1 This software and database is being provided to you\n")
		offs := map[string]int{}
		for _, s := range synsets {
			offs[strings.Fields(s)[0]] = b.Len()
			fmt.Fprintf(&b, "%08d 14 %s %s | a gloss\n", b.Len(), pos[:1], s)
		}
		write("data."+pos, b.String())
		return offs
	}
	n := data("noun", "03 company 0 firm 0 house 0 000", "02 report 0 account 0 000")
	v := data("verb", "03 rise 0 climb 0 grow 0 000", "02 report 0 describe 0 000")
	data("adj")
	data("adv")
	write("index.noun", "  1 licence\n"+
		fmt.Sprintf("company n 1 0 1 1 %08d  \nreport n 1 0 1 1 %08d  \n", n["03"], n["02"]))
	write("index.verb", "  1 licence\n"+
		fmt.Sprintf("rise v 1 2 @ ~ 1 1 %08d  \nreport v 1 0 1 1 %08d  \n", v["03"], v["02"]))
	write("index.adj", "")
	write("index.adv", "")
	write("cntlist.rev", strings.Join([]string{
		"company%1:14:01:: 1 60", "firm%1:14:00:: 1 10", "house%1:14:01:: 1 9", "rise%2:38:00:: 1 30",
		"climb%2:38:00:: 1 8", "grow%2:38:00:: 1 100", "report%1:10:00:: 1 10", "report%2:32:00:: 1 10",
		"account%1:10:00:: 1 20", "describe%2:32:00:: 1 20",
	}, "\n")+"\n")
	write("verb.exc", "rose rise\ngrew grow\ngrown grow\n")
	return dir
}

func TestWordNetFormats(t *testing.T) {
	wn, err := LoadWordNet(fakeWordNet(t))
	require.NoError(t, err)
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"company", []string{"firm", "house"}},
		{"companies", []string{"firms", "houses"}}, // regular plurals
		{"rise", []string{"climb", "grow"}},
		{"rose", []string{"climbed"}}, // irregular past: "grow" has irregular forms, left out
		{"rises", []string{"climbs"}},
		{"rising", []string{"climbing"}},
		{"report", nil}, // a noun as often as a verb: ambiguous out of context
		{"climb", nil},  // not tagged often enough to have synonyms of its own
		{"zebra", nil},
	} {
		assert.Equal(t, tc.want, wn.lookup(tc.word), tc.word)
	}
	assert.Equal(t, 2, wn.Lemmas())
	var none *WordNet
	assert.Nil(t, none.lookup("company"))
}

func TestWordNetMalformed(t *testing.T) {
	dir := fakeWordNet(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cntlist.rev"), []byte("company%1:14:01:: x\n"), 0o644))
	_, err := LoadWordNet(dir)
	assert.ErrorContains(t, err, "cntlist.rev:1: malformed count")
}

// The installed WordNet (Debian's wordnet-base) loads and gives
// newswire synonyms.
func TestWordNetDebian(t *testing.T) {
	wn := wordNet(t)
	if wn == nil {
		t.Skip("WordNet NOT INSTALLED: apt-get install wordnet-base to run this test")
	}
	assert.Greater(t, wn.Lemmas(), 3000)
	assert.Contains(t, wn.lookup("prices"), "costs")
	assert.Contains(t, wn.lookup("expected"), "anticipated")
}
