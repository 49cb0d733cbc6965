package credit_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/credit"
)

func TestNormalizeOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Associated Press", "associated press"},
		{"Associated Press", "associated press"},
		{"AP", "associated press"},
		{"A.P.", "associated press"},
		{"https://apnews.com/article/x", "associated press"},
		{"Reuters", "reuters"},
		{"REUTERS", "reuters"},
		{"REUTER", "reuters"},
		{"reuter", "reuters"},
		{"Thomson Reuters", "reuters"},
		{"wire:reuters", "reuters"},
		{"https://www.reuters.com/world/europe/x-2024-11-06/", "reuters"},
		{"AFP", "agence france presse"},
		{"Agence France-Presse", "agence france presse"},
		{"ITAR-TASS", "tass"},
		{"Xinhua News Agency", "xinhua"},
		{"english.news.cn", "xinhua"},
		{"Interfax-Ukraine", "interfax ukraine"},
		{"The Moscow Times", "moscow times"},
		{"  the   Moscow  Times ", "moscow times"},
		{"https://www.themoscowtimes.com/2024/11/06/x", "themoscowtimes"},
		{"site:valley-post", "valley post"},
		{"VPost", "vpost"},
		{"Agência Brasil", "agencia brasil"},
		{"Simon & Schuster", "simon and schuster"},
		{"Le Monde", "le monde"},
		{"Fox News", "fox news"},
		{"www.bbc.co.uk", "bbc"},
		{"Yahoo!", "yahoo"},
		{"", ""},
		{" -- ", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, credit.NormalizeOutlet(tt.in), "%q", tt.in)
		assert.Equal(t, tt.want, credit.NewOutlet(tt.in).Key(), "%q: an Outlet's key", tt.in)
	}
}

func TestSameOutlet(t *testing.T) {
	same := [][2]string{
		{"The Moscow Times", "https://www.themoscowtimes.com/2024/11/06/x"},
		{"The Guardian", "amp.theguardian.com"},
		{"AP", "The Associated Press"},
		{"AP", "https://apnews.com/x"},
		{"REUTER", "wire:reuters"},
		{"VPost", "V Post"},
		{"VPost", "site:valley-post"},
		{"The New York Times", "https://www.nytimes.com/2024/11/06/x.html"},
		{"NYT", "New York Times"},
		{"The Wall Street Journal", "wsj.com"},
		{"Los Angeles Times", "latimes.com"},
		{"BBC News", "https://www.bbc.co.uk/news/x"},
		{"Fox News", "foxnews.com"},
		{"www.reuters.com", "Reuters"},
	}
	for _, p := range same {
		assert.True(t, credit.SameOutlet(p[0], p[1]), "%q %q", p[0], p[1])
		assert.True(t, credit.SameOutlet(p[1], p[0]), "%q %q", p[1], p[0])
		a, b := credit.NewOutlet(p[0]), credit.NewOutlet(p[1])
		assert.True(t, a.Same(b) && b.Same(a), "Outlet %q %q", p[0], p[1])
	}
	different := [][2]string{
		{"The Moscow Times", "VPost"},
		{"Reuters", "AFP"},
		{"AP", "Asbury Park Press"},
		{"Interfax", "Interfax-Ukraine"},
		{"Le Monde", "Monde Diplomatique"},
		{"The Times", "The New York Times"},
		{"", ""},
		{"", "Reuters"},
		{"--", "--"},
	}
	for _, p := range different {
		assert.False(t, credit.SameOutlet(p[0], p[1]), "%q %q", p[0], p[1])
		a, b := credit.NewOutlet(p[0]), credit.NewOutlet(p[1])
		assert.False(t, a.Same(b) || b.Same(a), "Outlet %q %q", p[0], p[1])
	}
	// The zero Outlet names no outlet, and is the same as none.
	var zero credit.Outlet
	assert.Equal(t, "", zero.Key())
	assert.False(t, zero.Same(zero))
	assert.False(t, zero.Same(credit.NewOutlet("Reuters")))
	assert.False(t, credit.NewOutlet("Reuters").Same(zero))
}

func TestCredited(t *testing.T) {
	cs := credit.Extract("WASHINGTON (AP) — " + creditBody + "\nPhoto: Jane Doe/AFP\nThis article was first published by The Moscow Times.")
	require.Len(t, cs, 3)
	assert.True(t, credit.Credited(cs, "The Associated Press", ""))
	assert.True(t, credit.Credited(cs, "", "https://www.themoscowtimes.com/x"))
	assert.False(t, credit.Credited(cs, "AFP", "https://www.afp.com/x"), "a picture credit is not a text credit")
	assert.False(t, credit.Credited(cs, "", ""))
	assert.False(t, credit.Credited(nil, "Reuters", "https://reuters.com"))
}

func BenchmarkCredited(b *testing.B) {
	cs := credit.Extract(creditSeed(b, 1))
	b.ReportAllocs()
	for b.Loop() {
		credit.Credited(cs, "site:valley-post", "https://www.themoscowtimes.com/2024/11/06/x")
	}
}

// groupingNames are outlet names as sources, tags, links and credits
// write them, with several ways of writing the same outlet.
var groupingNames = []string{
	"Reuters", "REUTERS", "Reuter", "reuters.com", "https://www.reuters.com/world/x", "wire:reuters", "Thomson Reuters",
	"The Associated Press", "AP", "A.P.", "apnews.com", "Asbury Park Press",
	"The Moscow Times", "https://www.themoscowtimes.com/2024/11/06/x", "Moscow Times",
	"VPost", "V Post", "site:valley-post", "Valley Post",
	"The New York Times", "NYT", "nytimes.com", "The Times", "New York Post",
	"BBC News", "www.bbc.co.uk", "BBC",
	"The Wall Street Journal", "wsj.com", "Los Angeles Times", "latimes.com",
	"Fox", "Fox News", "foxnews.com", "Le Monde", "Monde Diplomatique",
	"Interfax", "Interfax-Ukraine", "ITAR-TASS", "TASS", "AFP", "Agence France-Presse",
	"", " -- ", "Xinhua News Agency", "english.news.cn", "Xinhua",
}

// TestGroupOutlets checks GroupOutlets against comparing every pair with
// Same: the groups are exactly the sets of names joined by chains of
// Same pairs, and each group is named by its first member.
func TestGroupOutlets(t *testing.T) {
	outlets := make([]credit.Outlet, len(groupingNames))
	for i, n := range groupingNames {
		outlets[i] = credit.NewOutlet(n)
	}
	got := credit.GroupOutlets(outlets)
	// The closure of Same, the slow way.
	want := make([]int, len(outlets))
	for i := range want {
		want[i] = i
	}
	for changed := true; changed; {
		changed = false
		for i := range outlets {
			for j := range outlets {
				if outlets[i].Same(outlets[j]) && want[j] < want[i] {
					want[i], changed = want[j], true
				}
			}
		}
	}
	for i, n := range groupingNames {
		assert.Equal(t, groupingNames[want[i]], groupingNames[got[i]], "group of %q", n)
	}
	group := func(name string) int { return got[slices.Index(groupingNames, name)] }
	for _, same := range [][]string{
		{"Reuters", "REUTERS", "Reuter", "reuters.com", "wire:reuters", "Thomson Reuters"},
		{"The Associated Press", "AP", "A.P.", "apnews.com"},
		{"The New York Times", "NYT", "nytimes.com"},
		{"VPost", "V Post", "site:valley-post", "Valley Post"},
	} {
		for _, n := range same {
			assert.Equal(t, group(same[0]), group(n), "%q with %q", n, same[0])
		}
	}
	assert.NotEqual(t, group("AP"), group("Asbury Park Press"))
	assert.NotEqual(t, group("The Times"), group("The New York Times"))
	assert.NotEqual(t, group(""), group(" -- "), "names of no outlet are each alone")
	assert.Empty(t, credit.GroupOutlets(nil))
}
