package credit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/credit"
	"github.com/reprintlab/reprint/internal/corpus"
)

// creditOf is a credit's kind and name, what the cases below check.
type creditOf struct {
	Kind credit.Kind
	Name string
}

func creditsOf(cs []credit.Credit) []creditOf {
	var out []creditOf
	for _, c := range cs {
		out = append(out, creditOf{c.Kind, c.Name})
	}
	return out
}

// creditBody is invented article text with no credit in it; cases wrap
// their claims in it so that they sit where real ones do.
const creditBody = `The city council voted on Tuesday to close the old river bridge to cars from next month,
after engineers found that two of its supports had cracked during the spring floods.
Buses and cyclists will still be allowed to cross while repairs continue, the council said in a statement.
The mayor said the repairs would cost about four million euros and take at least a year to finish.`

const (
	ckFirstPub  = credit.FirstPublished
	ckDateline  = credit.Dateline
	ckByline    = credit.Byline
	ckContrib   = credit.Contributor
	ckVia       = credit.Via
	ckCopyright = credit.Copyright
	ckSignOff   = credit.SignOff
	ckPhoto     = credit.Photo
)

func TestExtractPatterns(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  []creditOf
		claim string // the text of the first credit's range, when set
	}{
		// First published.
		{"first published by", creditBody + "\nThis article was first published by VPost.\n", []creditOf{{ckFirstPub, "VPost"}}, "This article was first published by VPost"},
		{"originally published in", creditBody + "\n\nOriginally published in The Guardian.", []creditOf{{ckFirstPub, "The Guardian"}}, "Originally published in The Guardian"},
		{"originally appeared in", creditBody + "\nThis story originally appeared in The Kyiv Independent.", []creditOf{{ckFirstPub, "The Kyiv Independent"}}, ""},
		{"republished with permission", creditBody + "\nRepublished with permission from Meduza.", []creditOf{{ckFirstPub, "Meduza"}}, "Republished with permission from Meduza"},
		{"reprinted from", creditBody + "\nReprinted from The Conversation.", []creditOf{{ckFirstPub, "The Conversation"}}, ""},
		{"reprinted with permission of", creditBody + "\nReprinted with permission of Foreign Affairs.", []creditOf{{ckFirstPub, "Foreign Affairs"}}, ""},
		{"published on a domain", creditBody + "\nThis article was originally published on nytimes.com.", []creditOf{{ckFirstPub, "nytimes.com"}}, ""},
		{"republished under licence", creditBody + "\nThis article is republished from The Conversation under a Creative Commons license. Read the original article.", []creditOf{{ckFirstPub, "The Conversation"}}, ""},
		{"language skipped", creditBody + "\nThis story was first published in Russian by Novaya Gazeta Europe.", []creditOf{{ckFirstPub, "Novaya Gazeta Europe"}}, ""},
		{"date skipped", creditBody + "\nA version of this story appeared in the Nov 6 print edition of The Washington Post.", []creditOf{{ckFirstPub, "The Washington Post"}}, ""},
		{"edited version", creditBody + "\nThis is an edited version of an article that was first published by Foreign Policy.", []creditOf{{ckFirstPub, "Foreign Policy"}}, ""},
		{"after a note", creditBody + "\nEditor's note: This story was originally published by ProPublica.", []creditOf{{ckFirstPub, "ProPublica"}}, "This story was originally published by ProPublica"},
		{"in emphasis", creditBody + "\n*This article was first published by VPost.*", []creditOf{{ckFirstPub, "VPost"}}, ""},
		{"after a sentence", creditBody + " This article first appeared on Meduza's website.", []creditOf{{ckFirstPub, "Meduza"}}, ""},
		{"with a date after", creditBody + "\nOriginally published in The Guardian on Nov 6, 2024.", []creditOf{{ckFirstPub, "The Guardian"}}, ""},
		{"with a clause after", creditBody + "\nThis article was first published by The Conversation, an independent news site.", []creditOf{{ckFirstPub, "The Conversation"}}, ""},
		{"quoted name", creditBody + "\nThis article was first published in “The Bell”.", []creditOf{{ckFirstPub, "The Bell"}}, ""},
		{"link", creditBody + "\nThis story was originally published at https://www.example.org/story.", []creditOf{{ckFirstPub, "www.example.org"}}, ""},
		{"and in a name", creditBody + "\nOriginally published in The Bull and Bear 238.", []creditOf{{ckFirstPub, "The Bull and Bear 238"}}, ""},
		{"& in a name", creditBody + "\nReprinted with permission from Barron's & Co.", []creditOf{{ckFirstPub, "Barron's & Co"}}, ""},
		{"via a numbered blog", creditBody + "\nvia Policy Wonk 205", []creditOf{{ckVia, "Policy Wonk 205"}}, ""},
		{"produced by", creditBody + "\nThis story was produced by KFF Health News.", []creditOf{{ckFirstPub, "KFF Health News"}}, ""},
		{"wordpress feed", creditBody + "\nThe post Bridge Closed To Cars appeared first on Valley Post.", []creditOf{{ckFirstPub, "Valley Post"}}, "The post Bridge Closed To Cars appeared first on Valley Post"},
		// Datelines.
		{"city (Reuters)", "WASHINGTON (Reuters) - " + creditBody, []creditOf{{ckDateline, "Reuters"}}, "WASHINGTON (Reuters) -"},
		{"(AP)", "(AP) — " + creditBody, []creditOf{{ckDateline, "AP"}}, "(AP) —"},
		{"city, date (Reuters)", "LONDON, Nov 6 (Reuters) - " + creditBody, []creditOf{{ckDateline, "Reuters"}}, "LONDON, Nov 6 (Reuters) -"},
		{"Xinhua", "Headline here\nBEIJING, Nov. 6 (Xinhua) -- " + creditBody, []creditOf{{ckDateline, "Xinhua"}}, ""},
		{"dpa", "Berlin (dpa) - " + creditBody, []creditOf{{ckDateline, "dpa"}}, ""},
		{"EFE", "Madrid, 6 nov (EFE).- " + creditBody, []creditOf{{ckDateline, "EFE"}}, ""},
		{"TASS", "MOSCOW, November 6. /TASS/. " + creditBody, []creditOf{{ckDateline, "TASS"}}, "MOSCOW, November 6. /TASS/."},
		{"PTI without dash", "New Delhi, Nov 6 (PTI) " + creditBody, []creditOf{{ckDateline, "PTI"}}, ""},
		{"unknown outlet, place in capitals", "NEW YORK (CNN) — " + creditBody, []creditOf{{ckDateline, "CNN"}}, ""},
		{"unknown outlet, place and date", "Kyiv, Nov 6 (Interfax-Ukraine) - " + creditBody, []creditOf{{ckDateline, "Interfax-Ukraine"}}, ""},
		{"state and date", "LINCOLN, Neb., March 30 (Reuters) - " + creditBody, []creditOf{{ckDateline, "Reuters"}}, ""},
		{"re-flowed", " date 2024-11-06 Bridge closed WASHINGTON (Reuters) - " + creditBody, []creditOf{{ckDateline, "Reuters"}}, "WASHINGTON (Reuters) -"},
		{"Bloomberg", "Washington, Nov 6 (Bloomberg) -- " + creditBody, []creditOf{{ckDateline, "Bloomberg"}}, ""},
		// Bylines.
		{"by name, agency", "Bridge closed\nBy Jane Doe, Associated Press\n" + creditBody, []creditOf{{ckByline, "Associated Press"}}, "By Jane Doe, Associated Press"},
		{"by name | agency", "By Jane Doe | Reuters\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, ""},
		{"by name, agency writer", "By JANE DOE, Associated Press Writer\n" + creditBody, []creditOf{{ckByline, "Associated Press"}}, ""},
		{"by names, agency", "By Jane Doe and John Roe, Reuters\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, ""},
		{"by agency", "By AFP\n" + creditBody, []creditOf{{ckByline, "AFP"}}, ""},
		{"by the agency", "By The Associated Press\n" + creditBody, []creditOf{{ckByline, "The Associated Press"}}, ""},
		{"by name for outlet", "By Jane Doe for The Guardian\n" + creditBody, []creditOf{{ckByline, "The Guardian"}}, ""},
		{"by agency staff", "By Reuters staff\n\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, ""},
		{"by name (agency)", "By Jane Doe (Reuters)\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, ""},
		{"by name, agency, date", "By Jane Doe, Reuters, Nov 6, 2024\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, ""},
		{"agency alone at the top", "Bridge closed\nReuters\nNovember 6, 2024 9:30 AM GMT\n" + creditBody, []creditOf{{ckByline, "Reuters"}}, "Reuters"},
		{"short text, agency second", "Bridge closed\nReuters\nThe council closed the bridge.", []creditOf{{ckByline, "Reuters"}}, ""},
		{"short text, agency last", "The council closed the bridge.\nCars must detour.\nReuters", []creditOf{{ckSignOff, "Reuters"}}, ""},
		{"short text, dash", "Text.\n— The Associated Press", []creditOf{{ckSignOff, "The Associated Press"}}, "— The Associated Press"},
		{"short text, capitals", "Text.\nREUTERS", []creditOf{{ckSignOff, "REUTERS"}}, ""},
		// Contributors.
		{"contributed", creditBody + "\nThe Associated Press contributed to this report.", []creditOf{{ckContrib, "The Associated Press"}}, "The Associated Press contributed to this report"},
		{"two contributed", creditBody + "\nReuters and AFP contributed to this report.", []creditOf{{ckContrib, "AFP"}, {ckContrib, "Reuters"}}, ""},
		{"additional reporting", creditBody + "\n(Additional reporting by Reuters)", []creditOf{{ckContrib, "Reuters"}}, "Additional reporting by Reuters"},
		{"with files from", creditBody + "\nWith files from The Canadian Press and Reuters", []creditOf{{ckContrib, "Reuters"}, {ckContrib, "The Canadian Press"}}, ""},
		{"with reporting by", creditBody + "\n(With reporting by AFP)", []creditOf{{ckContrib, "AFP"}}, ""},
		{"material from", creditBody + "\nMaterial from Reuters was used in this report.", []creditOf{{ckContrib, "Reuters"}}, ""},
		// Via.
		{"via line", creditBody + "\nvia Reuters", []creditOf{{ckVia, "Reuters"}}, "via Reuters"},
		{"Via: line", creditBody + "\nVia: Meduza", []creditOf{{ckVia, "Meduza"}}, ""},
		{"source", creditBody + "\nSource: Reuters", []creditOf{{ckVia, "Reuters"}}, "Source: Reuters"},
		{"sources", creditBody + "\nSources: Izvestia, TASS", []creditOf{{ckVia, "Izvestia"}, {ckVia, "TASS"}}, "Sources: Izvestia, TASS"},
		{"sources on the next line", creditBody + "\nSources:\nIzvestia and TASS\n" + creditBody, []creditOf{{ckVia, "Izvestia"}, {ckVia, "TASS"}}, ""},
		{"source link", creditBody + "\nSource: https://www.reuters.com/world/europe/bridge-2024-11-06/", []creditOf{{ckVia, "www.reuters.com"}}, ""},
		{"courtesy", creditBody + "\nCourtesy of The Kyiv Independent", []creditOf{{ckVia, "The Kyiv Independent"}}, ""},
		// Copyright.
		{"© year agency", creditBody + "\n© 2024 Reuters", []creditOf{{ckCopyright, "Reuters"}}, "© 2024 Reuters"},
		{"AP footer", creditBody + "\nCopyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", []creditOf{{ckCopyright, "The Associated Press"}}, ""},
		{"(c) Copyright", creditBody + "\n(c) Copyright Thomson Reuters 2024.", []creditOf{{ckCopyright, "Thomson Reuters"}}, ""},
		{"© agency year", creditBody + "\n© AFP 2024", []creditOf{{ckCopyright, "AFP"}}, ""},
		{"footer separators", creditBody + "\nTerms | Privacy | © 2024 Bloomberg L.P.", []creditOf{{ckCopyright, "Bloomberg L.P."}}, ""},
		{"rights reserved", creditBody + "\nThe Associated Press. All rights reserved.", []creditOf{{ckCopyright, "The Associated Press"}}, ""},
		{"copyright ©", creditBody + "\nCopyright © 2024 The Moscow Times. All rights reserved.", []creditOf{{ckCopyright, "The Moscow Times"}}, ""},
		{"COPYRIGHT", creditBody + "\nCOPYRIGHT 1999-2024 Interfax", []creditOf{{ckCopyright, "Interfax"}}, ""},
		// Sign-offs.
		{"Reuter", creditBody + "\n Reuter", []creditOf{{ckSignOff, "Reuter"}}, "Reuter"},
		{"- Reuters", creditBody + "\n- Reuters\n", []creditOf{{ckSignOff, "Reuters"}}, ""},
		{"— AFP", creditBody + "\n— AFP", []creditOf{{ckSignOff, "AFP"}}, ""},
		{"(AFP) at the end", creditBody + " (AFP)", []creditOf{{ckSignOff, "AFP"}}, "(AFP)"},
		{"after a sentence", creditBody + "\nSAO CARLOS NIL, SAO SIMAO NIL. REUTER", []creditOf{{ckSignOff, "REUTER"}}, "REUTER"},
		{"after a dash", creditBody + " - Reuters", []creditOf{{ckSignOff, "Reuters"}}, "- Reuters"},
		{"^M", creditBody + "\nREUTER^M\n", []creditOf{{ckSignOff, "REUTER"}}, ""},
		{"before navigation", creditBody + "\nAFP\nNewer articles\nRemind me later.", []creditOf{{ckSignOff, "AFP"}}, ""},
		// Pictures.
		{"caption via", "Trump and Putin meet in 2019. Sputnik via Reuters\n" + creditBody, []creditOf{{ckPhoto, "Reuters"}}, "Sputnik via Reuters"},
		{"caption, slashes", "Russia's President Vladimir Putin. Mikhail Klimentyev/Sputnik/Kremlin via Reuters\n" + creditBody, []creditOf{{ckPhoto, "Reuters"}}, "Mikhail Klimentyev/Sputnik/Kremlin via Reuters"},
		{"AGENCY/photographer", "The bridge on Tuesday. REUTERS/Evelyn Hockstein\n" + creditBody, []creditOf{{ckPhoto, "REUTERS"}}, "REUTERS/Evelyn Hockstein"},
		{"AP Photo/", "The bridge on Tuesday. (AP Photo/Evan Vucci)\n" + creditBody, []creditOf{{ckPhoto, "AP"}}, ""},
		{"photo label agency", "Photo: Jane Doe/AFP\n" + creditBody, []creditOf{{ckPhoto, "AFP"}}, ""},
		{"photo label name", "Photo: Getty Images\n" + creditBody, []creditOf{{ckPhoto, "Getty Images"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := credit.Extract(tt.text)
			gotOf := creditsOf(got)
			slices.SortFunc(gotOf, func(a, b creditOf) int { return strings.Compare(a.Name, b.Name) })
			assert.Equal(t, tt.want, gotOf, "%q", tt.text)
			if tt.claim != "" && len(got) > 0 {
				assert.Equal(t, tt.claim, tt.text[got[0].Start:got[0].End])
			}
			for _, c := range got {
				assert.Contains(t, tt.text[c.Start:c.End], c.Name)
			}
			dst := make([]credit.Credit, 0, 8)
			assert.Zero(t, testing.AllocsPerRun(10, func() { dst = credit.Append(dst[:0], tt.text) }), "allocations")
		})
	}
}

func TestExtractNegatives(t *testing.T) {
	// Mentions, prose and look-alikes: none of them is a credit.
	tests := []struct{ name, text string }{
		{"reported mid-paragraph", "The talks stalled.\nOfficials met again on Monday, and Reuters reported that the talks had stalled, citing two sources.\n" + creditBody},
		{"told Reuters at the end", creditBody + "\nThe plan is on hold, a council official told Reuters"},
		{"told, hard-wrapped", creditBody + "\nThe plan is on hold, a council official told\nReuters.\n    The council will meet again in May."},
		{"according to AP", creditBody + "\nAccording to AP, the bridge was closed."},
		{"via satellite", creditBody + "\nThe signal was relayed via satellite to the newsroom."},
		{"via the pipeline", creditBody + "\nGas flows via the pipeline resumed on Tuesday."},
		{"via Zoom", creditBody + "\nHe spoke via Zoom."},
		{"via email", creditBody + "\nInterview conducted via email."},
		{"via in the middle", creditBody + "\nPrices via Bloomberg terminal data showed a rise."},
		{"© mid-sentence", creditBody + "\nThe company added the © symbol to its logo in 2019."},
		{"© before prose", creditBody + "\n© symbols were added to the logos."},
		{"agency in a quote", creditBody + "\n“We read Reuters every morning,” he said."},
		{"agency closing a quote", creditBody + "\n“I never trusted AP”"},
		{"AP in other words", "APPLE shares rose while SNAP fell and the CAPE ratio climbed.\n" + creditBody + "\nAPPROVED"},
		{"AP style guide", creditBody + "\nThe AP style guide was updated."},
		{"URL containing reuters", creditBody + "\nRead more at https://www.reuters.com/world/ for details.\nhttps://www.reuters.com/world/europe/bridge-2024-11-06/"},
		{"reuters.com alone", creditBody + "\nreuters.com"},
		{"first published in 1998", creditBody + "\nThe novel was first published in 1998 by the ministry."},
		{"lower-case first published", creditBody + "\nfirst published in 1998 by the ministry"},
		{"first published in a clause", creditBody + "\nThe report, first published by the ministry in 1998, was revised."},
		{"first published with a date only", creditBody + "\nThis article was first published on Nov. 6, 2024."},
		{"published by the IMF", creditBody + "\nThis comes as the report was published by the IMF on Tuesday."},
		{"book first published", creditBody + "\nThis book was first published in 1998 by Penguin."},
		{"first published, a book", creditBody + "\nFirst published by Penguin in 1998, the book sold a million copies."},
		{"first published in a year", creditBody + "\nFirst published in 1851, The New York Times is one of the oldest papers."},
		{"another article", creditBody + "\nThe article was published by the Times last week and drew criticism."},
		{"Copyright Office", creditBody + "\nCopyright Office said on Tuesday it would review the rules."},
		{"copyright law", creditBody + "\nCopyright law protects the work."},
		{"copyright mid-sentence", creditBody + "\nThe bill would strengthen copyright protection for news publishers."},
		{"list item (c)", creditBody + "\n(a) the first item\n(b) the second item\n(c) Other matters"},
		{"source prose", creditBody + "\nSource: company filings"},
		{"source with calculations", creditBody + "\nSource: Reuters calculations"},
		{"sources say", creditBody + "\nSources say the deal is close."},
		{"by contrast", creditBody + "\nBy contrast, Reuters said nothing."},
		{"by Tuesday", creditBody + "\nBy Tuesday, AP reported, the storm had passed."},
		{"by the time", creditBody + "\nBy the time Reuters arrived, the crowd had left."},
		{"by, hard-wrapped", "The bonds were bought\nby Merrill Lynch, Reuters learned.\n" + creditBody},
		{"dateline without agency", "MOSCOW — President-elect Donald Trump’s comeback has created an opening.\n" + creditBody},
		{"Reuters-21578 dateline", "SALVADOR, Feb 26 - Showers continued throughout the week.\n" + creditBody},
		{"abbreviation defined", "Gould Inc (GLD) - the company said it would sell the unit.\n" + creditBody},
		{"EPA defined", "The Environmental Protection Agency (EPA) - which regulates the plant - said so.\n" + creditBody},
		{"bracketed label", "(Updated) - " + creditBody + "\n(Video) — " + creditBody},
		{"party label", "Senator Jane Doe (R) - Texas said so.\n" + creditBody},
		{"agency bracketed mid-sentence", creditBody + " The agency (Reuters) said so, and prices rose."},
		{"told AFP last", creditBody + "\nHe told AFP"},
		{"people contributed", creditBody + "\nBelton reported from London. Mary Ilyushina in Berlin and Natalia Abbakumova in Riga, Latvia, contributed to this report."},
		{"moscow times mention", creditBody + "\nA diplomatic source told The Moscow Times.\nA Message from The Moscow Times:"},
		{"Reuters survey", "REUTER SURVEY SEES GROWTH\n\n" + creditBody + "\n More"},
		{"hyphenated agency", creditBody + "\nThe Reuters-led consortium - Reuters-owned"},
		{"trust principles", "LONDON, Nov 6 - " + creditBody + "\n\nReporting by Jane Doe; Editing by John Roe\n\nOur Standards: The Thomson Reuters Trust Principles."},
		{"could not verify", creditBody + " Reuters could not independently verify the report."},
		{"rights reserved alone", creditBody + "\nAll rights reserved."},
		{"amended", creditBody + "\nThis article was amended on 6 November 2024 to correct a name."},
		{"headline via", "FED ADDS RESERVES VIA CUSTOMER REPURCHASES\n\n" + creditBody},
		{"empty", ""},
		{"white space", " \n\t\n  \r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := credit.Extract(tt.text)
			assert.Empty(t, got, "%q", tt.text)
			var dst []credit.Credit
			assert.Zero(t, testing.AllocsPerRun(10, func() { dst = credit.Append(dst[:0], tt.text) }), "allocations")
		})
	}
}

// The seed files, by number (see testdata/seeds/README.md).
var creditSeedNames = []string{
	"000_468044057261e0d6", "001_7cb3ead0d8dc3d74", "002_8116756d16084da1",
	"003_d897e868842ded34", "004_c866b469c61a0d9e",
}

func creditSeed(tb testing.TB, i int) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", creditSeedNames[i]+".txt"))
	require.NoError(tb, err)
	return string(b)
}

func TestExtractSeeds(t *testing.T) {
	type claim struct {
		Kind        credit.Kind
		Name, Claim string
	}
	want := [][]claim{
		// 000: a Washington Post story. "MOSCOW —" names no outlet;
		// "told The Post" is a mention; the people who "contributed to
		// this report" are not outlets.
		nil,
		// 001: the Moscow Times reprint credits VPost; "told VPost" and
		// "A Message from The Moscow Times" are not credits.
		{{ckFirstPub, "VPost", "This article was first published by VPost"}},
		// 002: Semafor. A picture credit, and the sources of two
		// summaries ("Sources:" then the names on the next line; "X" is
		// the social network, as written).
		{
			{ckPhoto, "Reuters", "Sputnik via Reuters"},
			{ckVia, "Izvestia", "Sources:  \nIzvestia, TASS"},
			{ckVia, "TASS", "Sources:  \nIzvestia, TASS"},
			{ckVia, "Meduza", "Sources:  \nMeduza, X"},
			{ckVia, "X", "Sources:  \nMeduza, X"},
		},
		// 003: the scrape of 001 stops before the credit line.
		nil,
		// 004: no credit.
		nil,
	}
	for i := range creditSeedNames {
		text := creditSeed(t, i)
		var got []claim
		for _, c := range credit.Extract(text) {
			got = append(got, claim{c.Kind, c.Name, strings.ReplaceAll(text[c.Start:c.End], "\u00a0", " ")})
		}
		assert.Equal(t, want[i], got, creditSeedNames[i])
	}

	// 001 credits VPost, not The Moscow Times that printed it.
	c1 := credit.Extract(creditSeed(t, 1))
	assert.True(t, credit.Credited(c1, "VPost", ""))
	assert.True(t, credit.Credited(c1, "site:valley-post", ""), "initials and the last word")
	assert.False(t, credit.Credited(c1, "The Moscow Times", "https://www.themoscowtimes.com/2024/11/06/kremlin-a85312"))
	// 002's picture credit does not credit Reuters with the text.
	c2 := credit.Extract(creditSeed(t, 2))
	assert.False(t, credit.Credited(c2, "wire:reuters", "https://www.reuters.com/world/"))
	assert.True(t, credit.Credited(c2, "", "https://tass.com/politics/1868397"))
}

func TestKindText(t *testing.T) {
	for k := credit.FirstPublished; k <= credit.Photo; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, k.String(), string(b))
		var back credit.Kind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "Kind(0)", credit.Kind(0).String())
	assert.Equal(t, "Kind(200)", credit.Kind(200).String())
	_, err := credit.Kind(0).MarshalText()
	assert.Error(t, err)
	k := credit.Via
	assert.Error(t, k.UnmarshalText([]byte("wire")))
	assert.Equal(t, credit.Via, k)

	b, err := json.Marshal(credit.Extract(creditBody + "\n- Reuters"))
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`[{"Name":"Reuters","Kind":"sign-off","Start":%d,"End":%d}]`, len(creditBody)+1, len(creditBody)+10), string(b))
}

func TestAppendReuse(t *testing.T) {
	text := creditArticle(5 << 10)
	want := credit.Extract(text)
	require.NotEmpty(t, want)

	// Append keeps what dst holds and appends in text order.
	prefix := []credit.Credit{{Name: "keep", Kind: credit.Via, Start: 0, End: 1}}
	got := credit.Append(prefix, text)
	assert.Equal(t, prefix[0], got[0])
	assert.Equal(t, want, got[1:])
	assert.True(t, slices.IsSortedFunc(want, func(a, b credit.Credit) int { return a.Start - b.Start }))

	// Reusing the slice costs no allocation.
	dst := make([]credit.Credit, 0, 16)
	allocs := testing.AllocsPerRun(100, func() { dst = credit.Append(dst[:0], text) })
	assert.Zero(t, allocs)
	assert.Equal(t, want, dst)

	// None found: nil from nil, the same slice otherwise.
	assert.Nil(t, credit.Append(nil, creditBody))
	assert.Equal(t, prefix, credit.Append(prefix, creditBody))
}

// creditArticle returns an invented article of about n bytes, with a
// dateline, a byline, a credit line and a sign-off.
func creditArticle(n int) string {
	var b strings.Builder
	b.WriteString("Bridge to close for a year\nBy Jane Doe, Reuters\n")
	b.WriteString("LONDON, Nov 6 (Reuters) - ")
	for b.Len() < n-200 {
		b.WriteString(creditBody)
		b.WriteString(" Officials said on Tuesday, according to Reuters and AP, that the work was via the old road (c) 2019.\n")
	}
	b.WriteString("This article was first published by Valley Post.\n© 2024 Reuters\n- Reuters\n")
	return b.String()
}

func TestExtractLongText(t *testing.T) {
	// 100 MB: only the first and last windows are read, so the credit in
	// the middle is not seen and the call stays fast.
	const size = 100 << 20
	head := "LONDON, Nov 6 (Reuters) - " + creditBody + "\n"
	middle := "\nThis article was first published by Hidden Post.\n"
	tail := "\nThis article was first published by VPost.\n- AFP\n"
	filler := strings.Repeat(creditBody+"\n", (size-len(head)-len(middle)-len(tail))/(2*(len(creditBody)+1)))
	text := head + filler + middle + filler + tail
	got := creditsOf(credit.Extract(text))
	assert.Equal(t, []creditOf{{ckDateline, "Reuters"}, {ckFirstPub, "VPost"}, {ckSignOff, "AFP"}}, got)

	// One 100 MB line without a break, with credit-like bytes all over.
	line := strings.Repeat("(Reuters) - © (c) published via By ", size/36)
	assert.NotPanics(t, func() { credit.Extract(line) })
}

func TestExtractOddInput(t *testing.T) {
	inputs := []string{
		"\x00\x00\x00",
		"\xff\xfe\xfd(Reuters) - \xff",
		"WASHINGTON (Reuters) -",
		"(",
		"(AP)",
		"©",
		"Copyright",
		"(c)",
		"By",
		"By ",
		"Source:",
		"Sources:\n",
		"via",
		"This article was first published by",
		"Reuter",
		"\nReuter\n",
		"- Reuters",
		strings.Repeat("(", 10000),
		strings.Repeat("Reuters\n", 10000),
		strings.Repeat("©", 10000),
		strings.Repeat("published ", 10000),
		"This article was first published by VPost\x00.\n\xc3(AFP)",
		"REUTERS/\xff",
		"The post " + strings.Repeat("x ", 1000) + "appeared first on X",
	}
	for _, in := range inputs {
		assert.NotPanics(t, func() { creditCheck(t, in) }, "%q", in)
	}
	// Valid claims around invalid bytes.
	got := creditsOf(credit.Extract("\xff\x00\nWASHINGTON (Reuters) - \xfe text\x00\nThis article was first published by VPost.\n\xff"))
	assert.Equal(t, []creditOf{{ckDateline, "Reuters"}, {ckFirstPub, "VPost"}}, got)
}

// creditCheck checks the invariants of Append on text, and that it finds
// what the reference trigger pass finds.
func creditCheck(tb testing.TB, text string) {
	tb.Helper()
	cs := credit.Extract(text)
	for i, c := range cs {
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
			tb.Fatalf("credit %d: bad range [%d, %d) for a text of %d bytes", i, c.Start, c.End, len(text))
		}
		if c.Name == "" || !strings.Contains(text[c.Start:c.End], c.Name) {
			tb.Fatalf("credit %d: name %q not in its claim %q", i, c.Name, text[c.Start:c.End])
		}
		if !utf8.ValidString(c.Name) {
			tb.Fatalf("credit %d: name %q is not valid UTF-8", i, c.Name)
		}
		if k := c.Kind.String(); strings.HasPrefix(k, "Kind(") {
			tb.Fatalf("credit %d: invalid kind %d", i, c.Kind)
		}
		if i > 0 && (cs[i-1].Start > c.Start || cs[i-1] == c) {
			tb.Fatalf("credits %d, %d out of order or repeated", i-1, i)
		}
		if credit.NormalizeOutlet(c.Name) != "" && !credit.SameOutlet(c.Name, c.Name) {
			tb.Fatalf("credit %d: %q is not the same outlet as itself", i, c.Name)
		}
	}
	if again := credit.Extract(text); !slices.Equal(cs, again) {
		tb.Fatalf("two calls differ")
	}
	refCheck(tb, text) // and the same as the reference trigger pass
}

func TestExtractRandom(t *testing.T) {
	// Random splices of credit-like fragments, checked for the
	// invariants (the fuzz test does the same at length).
	frags := []string{
		"WASHINGTON", " (Reuters) - ", "(AP) — ", "\n", "\n\n", " ", "By ", "Jane Doe", ", ", "Reuters", "AP", "AFP",
		"This article was first published by ", "VPost", ".", "via ", "Source: ", "© 2024 ", "Copyright ", "(c) ",
		"The Moscow Times", "contributed to this report", "reporting by ", "\xff", "\x00", "—", "/TASS/", "REUTERS/",
		"The post ", " appeared first on ", "https://www.reuters.com/x", "All rights reserved", "Sputnik via Reuters",
		"Nov 6", "’s", "“", "”", "\u00a0",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(frags[r.IntN(len(frags))])
		}
		creditCheck(t, b.String())
	}
}

func TestExtractConcurrent(t *testing.T) {
	texts := make([]string, len(creditSeedNames))
	want := make([][]credit.Credit, len(texts))
	for i := range texts {
		texts[i] = creditSeed(t, i)
		want[i] = credit.Extract(texts[i])
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst []credit.Credit
			for k := range 50 {
				i := (g + k) % len(texts)
				dst = credit.Append(dst[:0], texts[i])
				if !slices.Equal(want[i], dst) {
					t.Errorf("seed %d: credits differ under concurrency", i)
					return
				}
				_ = credit.Credited(dst, "site:valley-post", "https://example.com/")
			}
		}()
	}
	wg.Wait()
}

// TestExtractReuters runs the extractor over Reuters-21578, read in
// place (it is skipped when the corpus is absent). Stories with a body
// end with a signature (" Reuter", " REUTER", ...) unless they were cut
// ("More") or filed without one; the text itself mentions Reuters in
// about a thousand stories ("told Reuters", "a Reuter survey"), has
// "via", "published", "contributed", "copyright", "(c)" and lines
// starting "By". Every credit found must be a Reuters sign-off, and
// nearly every signature must be found.
//
//	go test -run TestExtractReuters -v ./credit
func TestExtractReuters(t *testing.T) {
	stories, err := corpus.Reuters(1<<30, nil)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("Reuters-21578 not found beside the project:", err)
	}
	require.NoError(t, err)
	var bodies, signed, found, credits, other, foundUnsigned int
	var missed []string
	for _, s := range stories {
		if strings.Contains(s.Text, "\n\n") {
			bodies++ // else a title-only brief, some of them signed
		}
		sig := creditReuterSigned(s.Text)
		if sig {
			signed++
		}
		cs := credit.Extract(s.Text)
		credits += len(cs)
		for _, c := range cs {
			if c.Kind != credit.SignOff || credit.NormalizeOutlet(c.Name) != "reuters" {
				other++
				t.Errorf("%s: unexpected credit %s %q in %q", s.ID, c.Kind, c.Name, s.Text[c.Start:c.End])
			}
		}
		if len(cs) > 0 {
			found++
			if !sig {
				foundUnsigned++
			}
		} else if sig && len(missed) < 10 {
			missed = append(missed, s.ID)
		}
	}
	t.Logf("%d stories, %d with a body, %d of them signed by a last line ending in Reuter(s)", len(stories), bodies, signed)
	t.Logf("credits found in %d stories (%.2f%% of the signed ones), %d credits, %d not a Reuters sign-off, %d in stories without a signature",
		found, 100*float64(found)/float64(signed), credits, other, foundUnsigned)
	t.Logf("signed stories with no credit found: %q", missed)
	assert.Zero(t, other)
	assert.Zero(t, foundUnsigned)
	assert.GreaterOrEqual(t, float64(found)/float64(signed), 0.999)
}

// creditReuterSigned reports whether a Reuters-21578 story's last line
// ends with its signature, the way the collection writes it (" Reuter",
// " REUTER", "REUTER^M", "Reuter...", "NIL. REUTER").
func creditReuterSigned(text string) bool {
	t := strings.TrimRight(text, " \n\r\t")
	for {
		u := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "^M"), "..."), ".")
		if u == t {
			break
		}
		t = strings.TrimRight(u, " ")
	}
	l := strings.ToLower(t)
	for _, sig := range []string{"reuters", "reuter"} {
		if strings.HasSuffix(l, sig) {
			before := strings.TrimSuffix(l, sig)
			if before == "" || strings.HasSuffix(before, " ") || strings.HasSuffix(before, "\n") {
				// "told\nReuters" is prose, not a signature.
				prev := strings.TrimRight(before, " \n")
				return !(strings.HasSuffix(prev, "told") && strings.HasSuffix(text, "."))
			}
		}
	}
	return false
}

// TestExtractReutersDatelines puts "(Reuters)" into the real
// datelines of Reuters-21578 ("SALVADOR, Feb 26 -" becomes "SALVADOR, Feb
// 26 (Reuters) -") in front of the story's body: each must be found. The
// datelines as printed, which name no agency, must give no dateline.
func TestExtractReutersDatelines(t *testing.T) {
	f, err := os.Open(corpus.ReutersPath())
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("Reuters-21578 not found beside the project:", err)
	}
	require.NoError(t, err)
	defer f.Close()
	dec := json.NewDecoder(f)
	var n, found int
	var misses []string
	for {
		var s struct {
			ID       string  `json:"id"`
			Text     string  `json:"text"`
			Dateline *string `json:"dateline"`
		}
		if err := dec.Decode(&s); err != nil {
			break
		}
		if s.Dateline == nil {
			continue
		}
		dl := strings.TrimSpace(*s.Dateline)
		place, ok := strings.CutSuffix(dl, " -")
		if !ok || strings.ContainsAny(place, "-<") {
			continue // table rows and run-ons, not datelines
		}
		_, body, _ := strings.Cut(s.Text, "\n\n")
		title, _, _ := strings.Cut(s.Text, "\n\n")
		n++
		text := title + "\n\n" + place + " (Reuters) - " + body
		cs := credit.Extract(text)
		if len(cs) > 0 && cs[0].Kind == credit.Dateline && cs[0].Name == "Reuters" {
			found++
		} else if len(misses) < 10 {
			misses = append(misses, dl)
		}
		for _, c := range credit.Extract(title + "\n\n" + dl + " " + body) {
			assert.NotEqual(t, credit.Dateline, c.Kind, "%s: %q", s.ID, dl)
		}
	}
	t.Logf("%d of %d datelines found; misses: %q", found, n, misses)
	assert.GreaterOrEqual(t, float64(found)/float64(n), 0.99)
}

func BenchmarkExtract(b *testing.B) {
	// A real story cut to 5 KB at a line break, with a credit line.
	real := creditSeed(b, 0)[:5<<10]
	real = real[:strings.LastIndexByte(real, '\n')+1] + "This article was first published by VPost.\n"
	for _, bc := range []struct {
		name string
		text string
	}{
		{"5KB", real},
		{"5KB-dense", creditArticle(5 << 10)}, // agencies, "via", "(c)" in every paragraph
		{"seed001", creditSeed(b, 1)},
		{"1MB", creditArticle(1 << 20)},
		{"100MB", strings.Repeat(creditBody+"\n", (100<<20)/(len(creditBody)+1))},
	} {
		for _, impl := range appendImpls {
			b.Run(bc.name+"/"+impl.name, func(b *testing.B) {
				dst := make([]credit.Credit, 0, 16)
				b.SetBytes(int64(len(bc.text)))
				b.ReportAllocs()
				for b.Loop() {
					dst = impl.append(dst[:0], bc.text)
				}
			})
		}
	}
}

// appendImpls are Append and the reference (the trigger pass over every
// word, reference_test.go), benchmarked side by side.
var appendImpls = []struct {
	name   string
	append func([]credit.Credit, string) []credit.Credit
}{{"new", credit.Append}, {"reference", credit.AppendRef}}

// BenchmarkExtractReuters extracts the credits of every
// Reuters-21578 story (21,578 short wire texts), reusing one slice.
//
//	go test -run '^$' -bench ExtractReuters ./credit
func BenchmarkExtractReuters(b *testing.B) {
	stories, err := corpus.Reuters(1<<30, nil)
	if errors.Is(err, fs.ErrNotExist) {
		b.Skip("SKIPPED: Reuters-21578 not found beside the project (../shared/corpora/reuters21578); no figures on real text:", err)
	}
	require.NoError(b, err)
	var size int64
	for _, s := range stories {
		size += int64(len(s.Text))
	}
	for _, impl := range appendImpls {
		b.Run(impl.name, func(b *testing.B) {
			dst := make([]credit.Credit, 0, 16)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range stories {
					dst = impl.append(dst[:0], s.Text)
				}
			}
		})
	}
}
