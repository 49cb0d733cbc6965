package synth

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/shingle"
)

// Invented vocabulary for the built-in source: a small grammar of news
// sentences, no text taken from anywhere.
var (
	tSubjects = []string{
		"The harbour council", "Grain traders", "The regional water board", "Local bakers", "The mining cooperative",
		"Ferry operators", "The tin exporters' union", "Orchard growers", "The city treasurer", "Textile mills",
		"The rail freight office", "Coffee roasters", "The fisheries ministry", "Cement producers", "The port authority",
		"Dairy farmers", "The shipping registry", "Copper smelters", "The tourism bureau", "Salt merchants",
		"The northern provinces", "Rice millers", "The savings bank", "Timber yards", "The weather service",
		"Brick makers", "The customs office", "Wool buyers", "The power utility", "Sugar refiners",
		"The toll road operator", "Glass works", "The central statistics office", "Spice importers", "The river pilots",
	}
	tVerbs = []string{
		"raised", "trimmed", "announced", "postponed", "doubled", "revised", "approved", "rejected", "extended",
		"suspended", "restored", "reported", "forecast", "questioned", "financed", "audited", "delayed", "published",
		"renegotiated", "halved", "defended", "expanded", "mortgaged", "inspected", "auctioned", "subsidised",
	}
	tObjects = []string{
		"its quarterly levy", "the winter tariff", "a new storage depot", "the export quota", "its pension reserve",
		"the bridge repair budget", "a joint marketing plan", "the cargo insurance premium", "its credit line",
		"the spring planting schedule", "a dredging contract", "the minimum purchase price", "its loading capacity",
		"the harbour fees", "a long awaited merger", "the fuel surcharge", "its annual dividend", "the price ceiling",
		"a cross border pipeline", "the night shift", "its bond issue", "the irrigation subsidy", "a ten year lease",
		"the warehouse rents", "its debt repayment", "the ferry timetable", "a pilot recycling scheme",
	}
	tPeople = []string{"Mira Olsen", "Tomas Reyes", "Aiko Brandt", "Lev Santos", "Nadia Kerr", "Ozan Pike",
		"Greta Moll", "Ravi Castell", "Ines Dorn", "Paul Ferrand"}
	tCities = []string{"PORTHAVEN", "MILLBROOK", "EASTMOOR", "KESTREL BAY", "LINDENFORD", "ASHCOMBE", "VALEMOUTH"}
)

// tWords are the words that follow a sentence's subject and verb, drawn
// at random, so that 5-word runs rarely repeat across stories.
var tWords = strings.Fields(`
	the a of to in on for with from by at and or but after before during since until despite
	said says told added expected expects rose fell increase price prices market markets shares stock
	company companies firm bank banks government officials plan plans agreed agreement deal talks
	sales profit loss debt rate rates trade exports imports output production industry sector
	big large small major strong weak new recent latest total early late high low about nearly
	harbour council grain water board bakers mining ferry orchard treasurer textile freight roasters
	fisheries cement port dairy registry smelters tourism merchants provinces millers savings timber
	levy tariff depot quota reserve budget premium credit schedule contract capacity fees merger
	surcharge dividend ceiling pipeline shift bond subsidy lease rents repayment timetable scheme
	northern southern eastern western coastal inland rural urban regional national local foreign
	quarterly annual monthly weekly seasonal temporary permanent partial gradual sudden modest
	dispute suppliers rain valley harvest complaints shopkeepers lenders analysts districts capital
	stocks record holiday weekend shortage drivers inquiry towns costs meeting auditors demand abroad
	flood season move exporters tourists dock vote court ruling currency barley copper wool sugar
	salt spice rice coffee timber cotton tin zinc nickel tonnes barrels bales crates sacks cargoes
	Monday Tuesday Wednesday Thursday Friday January March April June August October December
	Porthaven Millbrook Eastmoor Lindenford Ashcombe Valemouth Kestrel Brindle Harrowgate Southfold
	long-term short-term cross-border year-end mid-range "cautious" "fair" 'modest' it's won't
	quickly slowly sharply slightly again still also however meanwhile later earlier soon
`)

// tSentence makes one invented news sentence: a subject, a verb, then
// random words and numbers, sometimes attributed to a person.
func tSentence(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString(pick(rng, tSubjects))
	b.WriteString(" ")
	b.WriteString(pick(rng, tVerbs))
	for i := range 6 + rng.IntN(12) {
		b.WriteString(" ")
		if i%5 == 3 && rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "%d", 2+rng.IntN(9000))
			continue
		}
		b.WriteString(pick(rng, tWords))
	}
	if rng.IntN(4) == 0 {
		fmt.Fprintf(&b, ", said %s of %s", pick(rng, tPeople), titleCase(strings.ToUpper(pick(rng, tCities))))
	}
	b.WriteString(".")
	return b.String()
}

// builtinJSONL returns an invented source: n stories over six days in
// newswire layout (headline, hard-wrapped lines, indented paragraphs),
// then two near-duplicates of earlier stories and three short briefs.
func builtinJSONL(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 11))
	var buf bytes.Buffer
	start := time.Date(1991, 5, 6, 8, 0, 0, 0, time.UTC)
	var texts []string
	write := func(id int, t time.Time, title, city, text string) {
		fmt.Fprintf(&buf, `{"id": "inv-%d", "date": %q, "title": %q, "dateline": %q, "text": %q}`+"\n",
			id, t.Format("2006-01-02T15:04:05.000"), title, city+", May 6 -", text)
	}
	for i := range n {
		t := start.Add(time.Duration(i) * 6 * 24 * time.Hour / time.Duration(n)).Add(time.Duration(rng.IntN(600)) * time.Second)
		title := strings.ToUpper(pick(rng, tSubjects) + " " + pick(rng, tVerbs) + " " + pick(rng, tObjects))
		var b strings.Builder
		b.WriteString(title + "\n\n")
		paras := 3 + rng.IntN(6)
		for p := range paras {
			var para strings.Builder
			for range 1 + rng.IntN(3) {
				if para.Len() > 0 {
					para.WriteByte(' ')
				}
				para.WriteString(tSentence(rng))
			}
			if p > 0 {
				b.WriteString("\n    ")
			}
			wrapWords(&b, para.String(), 64)
		}
		b.WriteString("\n Reuter")
		texts = append(texts, b.String())
		write(i+1, t, title, pick(rng, tCities), b.String())
	}
	// Near-duplicates: a re-send with a changed last paragraph.
	for k, src := range []int{3, 10} {
		text := texts[src]
		cut := strings.LastIndex(text, "\n    ")
		text = text[:cut] + "\n    " + tSentence(rng) + "\n Reuter"
		write(n+1+k, start.Add(time.Duration(src+1)*time.Hour), "RESEND", "PORTHAVEN", text)
	}
	for k := range 3 {
		write(n+3+k, start.Add(time.Duration(k)*time.Hour), "BRIEF", "ASHCOMBE", "BRIEF\n\n"+tSentence(rng))
	}
	return buf.Bytes()
}

var (
	builtinOnce sync.Once
	builtinSrc  *Source
)

// builtin returns the shared built-in source (its prepared forms are
// cached across tests).
func builtin(t testing.TB) *Source {
	t.Helper()
	builtinOnce.Do(func() {
		src, err := ReadSource(bytes.NewReader(builtinJSONL(400)), "builtin.jsonl")
		if err != nil {
			panic(err)
		}
		builtinSrc = src
	})
	return builtinSrc
}

var (
	reutersOnce sync.Once
	reutersSrc  *Source
	reutersErr  error
)

// reutersLines is how many Reuters stories the tests use (the first
// ones): enough for every class, fast enough under the race detector.
const reutersLines = 3000

// reuters returns the first reutersLines Reuters stories, or skips when
// the research corpus is absent.
func reuters(t testing.TB) *Source {
	t.Helper()
	reutersOnce.Do(func() {
		f, err := os.Open(corpus.ReutersPath())
		if err != nil {
			reutersErr = err
			return
		}
		defer f.Close()
		var buf bytes.Buffer
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for n := 0; n < reutersLines && sc.Scan(); n++ {
			buf.Write(sc.Bytes())
			buf.WriteByte('\n')
		}
		if reutersErr = sc.Err(); reutersErr == nil {
			reutersSrc, reutersErr = ReadSource(&buf, "reuters21578.jsonl")
		}
	})
	if errors.Is(reutersErr, fs.ErrNotExist) {
		t.Skipf("Reuters corpus not available (%v)", reutersErr)
	}
	require.NoError(t, reutersErr)
	return reutersSrc
}

// sources returns the sources the corpus tests run on.
func sources(t *testing.T, fn func(t *testing.T, src *Source)) {
	t.Run("builtin", func(t *testing.T) { fn(t, builtin(t)) })
	t.Run("reuters", func(t *testing.T) { fn(t, reuters(t)) })
}

// generate runs cfg on src and returns the articles.
func generate(t testing.TB, cfg Config, src *Source) ([]Article, Stats) {
	t.Helper()
	g, err := New(cfg, src)
	require.NoError(t, err)
	var arts []Article
	st, err := g.Run(func(a Article) error {
		arts = append(arts, a)
		return nil
	})
	require.NoError(t, err)
	return arts, st
}

// shingler returns a default shingler.
func shingler(t testing.TB) *shingle.Shingler {
	t.Helper()
	sh, err := shingle.New(truthShingles)
	require.NoError(t, err)
	return sh
}

// set returns the distinct default shingle hashes of text.
func set(sh *shingle.Shingler, text string) map[uint64]struct{} {
	m := map[uint64]struct{}{}
	for _, h := range sh.AppendHashes(nil, text) {
		m[h] = struct{}{}
	}
	return m
}

// containment returns the share of a found in b (0 for an empty a).
func containment(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for h := range a {
		if _, ok := b[h]; ok {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// tokenHashes returns the normalised token hashes of text.
func tokenHashes(sh *shingle.Shingler, text string) []uint64 {
	var out []uint64
	for tok := range sh.Tokens(text) {
		out = append(out, tok.Hash)
	}
	return out
}

// lcs returns the length of a longest common subsequence of a and b
// (Myers' O((N+M)D) difference algorithm).
func lcs(a, b []uint64) int {
	n, m := len(a), len(b)
	maxD := n + m
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return (n + m - d) / 2
			}
		}
	}
	return 0
}

// changedShare returns the share of the words of src that a longest
// common subsequence with copy leaves unmatched.
func changedShare(sh *shingle.Shingler, src, copy string) float64 {
	a, b := tokenHashes(sh, src), tokenHashes(sh, copy)
	return float64(len(a)-lcs(a, b)) / float64(len(a))
}

// isSubsequence reports whether needle occurs as a contiguous run in hay.
func containsRun(hay, needle []uint64) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}

// reutersPath is the whole Reuters corpus.
func reutersPath() string { return corpus.ReutersPath() }
