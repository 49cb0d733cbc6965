package credit

import (
	"cmp"
	"slices"
)

// Known agencies.

// agencyName is one way of writing a known agency.
type agencyName struct {
	s     string
	key   string
	exact bool // case-sensitive
}

// agencyTable lists the known agencies: canonical key, names matched in
// any case, names matched as written, and site labels (aliases only).
var agencyTable = []struct {
	key          string
	fold, exact  []string
	sites, alias []string
}{
	{key: "reuters", fold: []string{"Reuters", "Reuter", "Thomson Reuters", "Reuters News", "Reuters News Agency"}},
	{key: "associated press", fold: []string{"Associated Press", "The Associated Press"}, exact: []string{"AP", "A.P.", "AP News"}, sites: []string{"apnews", "ap"}},
	{key: "agence france presse", fold: []string{"Agence France-Presse", "Agence France Presse", "France-Presse", "Agence France-Press"}, exact: []string{"AFP", "A.F.P."}, alias: []string{"afp", "france presse"}},
	{key: "bloomberg", fold: []string{"Bloomberg", "Bloomberg News", "Bloomberg L.P.", "Bloomberg LP"}},
	{key: "dpa", fold: []string{"Deutsche Presse-Agentur", "Deutsche Presse Agentur"}, exact: []string{"dpa", "DPA"}},
	{key: "efe", fold: []string{"Agencia EFE"}, exact: []string{"EFE", "Efe"}},
	{key: "ansa", fold: []string{"Agenzia ANSA"}, exact: []string{"ANSA", "Ansa"}},
	{key: "kyodo", fold: []string{"Kyodo", "Kyodo News"}, sites: []string{"kyodonews"}},
	{key: "jiji press", fold: []string{"Jiji Press", "Jiji"}, sites: []string{"jiji"}},
	{key: "xinhua", fold: []string{"Xinhua", "Xinhua News Agency", "Xinhuanet"}, sites: []string{"news.cn"}},
	{key: "tass", exact: []string{"TASS", "Tass", "ITAR-TASS", "Itar-Tass"}, alias: []string{"tass news agency"}},
	{key: "ria novosti", fold: []string{"RIA Novosti"}, sites: []string{"ria"}},
	{key: "interfax", fold: []string{"Interfax"}},
	{key: "interfax ukraine", fold: []string{"Interfax-Ukraine"}},
	{key: "sputnik", fold: []string{"Sputnik"}, sites: []string{"sputniknews"}},
	{key: "pa media", fold: []string{"PA Media", "Press Association", "The Press Association"}, exact: []string{"PA"}, sites: []string{"pamediagroup"}},
	{key: "upi", fold: []string{"United Press International"}, exact: []string{"UPI"}},
	{key: "yonhap", fold: []string{"Yonhap", "Yonhap News Agency", "Yonhap News"}, sites: []string{"yna"}},
	{key: "press trust of india", fold: []string{"Press Trust of India"}, exact: []string{"PTI"}, sites: []string{"ptinews"}},
	{key: "asian news international", fold: []string{"Asian News International"}, exact: []string{"ANI"}, sites: []string{"aninews"}},
	{key: "ians", exact: []string{"IANS"}, sites: []string{"ians", "ianslive"}},
	{key: "anadolu", fold: []string{"Anadolu Agency", "Anadolu"}, sites: []string{"aa.com.tr"}},
	{key: "australian associated press", fold: []string{"Australian Associated Press"}, exact: []string{"AAP"}},
	{key: "canadian press", fold: []string{"The Canadian Press", "Canadian Press"}, sites: []string{"thecanadianpress"}},
	{key: "europa press", fold: []string{"Europa Press"}},
	{key: "ukrinform", fold: []string{"Ukrinform"}},
	{key: "unian", exact: []string{"UNIAN"}},
	{key: "irna", exact: []string{"IRNA"}},
	{key: "bernama", fold: []string{"Bernama"}},
	{key: "antara", exact: []string{"Antara", "ANTARA"}, sites: []string{"antaranews"}},
}

var (
	// agencyIndex holds the agency names by lower-cased first byte,
	// longest first.
	agencyIndex [256][]agencyName
	// agencyNames holds every agency name, longest first.
	agencyNames []agencyName
	// aliases maps name keys and site labels to canonical keys.
	aliases = map[string]string{}
)

func init() {
	for _, a := range agencyTable {
		add := func(s string, exact bool) {
			n := agencyName{s: s, key: a.key, exact: exact}
			agencyNames = append(agencyNames, n)
			c := lowerByte(s[0])
			agencyIndex[c] = append(agencyIndex[c], n)
			aliases[nameKey(s)] = a.key
		}
		for _, s := range a.fold {
			add(s, false)
		}
		for _, s := range a.exact {
			add(s, true)
		}
		for _, s := range a.sites {
			aliases[s] = a.key
		}
		for _, s := range a.alias {
			aliases[s] = a.key
		}
		aliases[a.key] = a.key
	}
	longest := func(x, y agencyName) int { return cmp.Compare(len(y.s), len(x.s)) }
	slices.SortStableFunc(agencyNames, longest)
	for i := range agencyIndex {
		slices.SortStableFunc(agencyIndex[i], longest)
	}
}

// agencyAt reports whether a known agency's name starts at i, as a
// whole word ending no later than lim, and where it ends.
func agencyAt(s string, i, lim int) (int, bool) {
	if i < 0 || i >= lim || lim > len(s) {
		return -1, false
	}
	if i > 0 {
		r, _ := runeBefore(s, i)
		if isWordRune(r) {
			return -1, false
		}
	}
	for _, n := range agencyIndex[lowerByte(s[i])] {
		e := i + len(n.s)
		if e > lim {
			continue
		}
		if n.exact {
			if s[i:e] != n.s {
				continue
			}
		} else if !equalFoldASCII(s[i:e], n.s) {
			continue
		}
		if e < len(s) {
			r, _ := runeAt(s, e)
			if isWordRune(r) {
				continue
			}
			// "Reuters.com" is a link, "Interfax-Ukraine" another agency.
			if (s[e] == '.' || s[e] == '-') && e+1 < len(s) {
				r, _ := runeAt(s, e+1)
				if isWordRune(r) {
					continue
				}
			}
		}
		return e, true
	}
	return -1, false
}

// agencyEndingAt reports whether a known agency's name ends at b, as a
// whole word starting no earlier than a, and where it starts.
func agencyEndingAt(s string, a, b int) (int, bool) {
	for _, n := range agencyNames {
		x := b - len(n.s)
		if x < a {
			continue
		}
		if e, ok := agencyAt(s, x, b); ok && e == b {
			return x, true
		}
	}
	return -1, false
}

// isAgency reports whether [a, b) is exactly a known agency's name.
func isAgency(s string, a, b int) bool {
	e, ok := agencyAt(s, a, b)
	return ok && e == b
}
