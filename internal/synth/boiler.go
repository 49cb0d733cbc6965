package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// outlet is a fake publisher.
type outlet struct {
	name     string // "site:valley-post", the Article.Source value
	display  string // "The Valley Post"
	credit   string // wires: the name in a credit line, "Reuters"
	domain   string // "valley-post.example"
	urlStyle int
	sections []string
	fixed    bool // wraps every article in the same full template
	tpl      wrapTemplate
}

// wrapTemplate is an outlet's boilerplate: fixed texts that recur on every
// page of that outlet which shows them.
type wrapTemplate struct {
	masthead    string
	nav         string
	share       string
	ad          string
	captionFmt  string // "%s (Photo: %s/%s)": description, photographer, outlet
	relatedHead string
	bullet      string
	newsletter  string
	donation    string
	cookie      string
	cookieTop   bool
	comments    string
	footer      string // may hold {year}
}

// wires are the news agencies originals are credited to.
var wires = []struct{ handle, display, credit string }{
	{"reuters", "Reuters", "Reuters"},
	{"ap", "The Associated Press", "AP"},
	{"afp", "Agence France-Presse", "AFP"},
	{"upi", "United Press International", "UPI"},
	{"dpa", "Deutsche Presse-Agentur", "dpa"},
	{"kyodo", "Kyodo News", "Kyodo"},
}

var (
	placeWords = []string{
		"Valley", "River", "Lake", "Harbor", "Prairie", "Bay", "Coast", "Metro", "Capital", "County",
		"Northern", "Southern", "Eastern", "Western", "Central", "Tri-City", "Pine", "Oak", "Cedar",
		"Maple", "Granite", "Iron", "Silver", "Golden", "Summit", "Canyon", "Delta", "Mesa", "Ridge",
		"Forest", "Plains", "Island", "Highland", "Lakeshore", "Riverside", "Hillcrest", "Bayview",
		"Fairfield", "Greenfield", "Springfield", "Brookside", "Mill Creek", "Stone Bridge", "Twin Rivers",
		"Cross Timbers", "Red Rock", "Blue Mountain", "Clearwater", "Westbrook", "Northgate",
	}
	paperWords = []string{
		"Post", "Herald", "Times", "Gazette", "Tribune", "Courier", "Ledger", "Chronicle", "Observer",
		"Journal", "Sentinel", "Register", "Dispatch", "Record", "News", "Bulletin", "Examiner", "Review",
		"Star", "Sun", "Press", "Standard", "Telegraph", "Mirror", "Beacon", "Globe", "Monitor",
		"Inquirer", "Advocate", "Enterprise", "Daily", "Reporter", "Argus", "Pioneer", "Current",
	}
	aggWords = []string{
		"NewsNook", "WireWatch", "StoryStream", "HeadlineHive", "PressPulse", "NewsDeck", "FeedFolio",
		"TopLine", "BriefBox", "NewsRelay", "ScoopSheet", "DigestDaily", "PaperTrail", "NewsLoop",
	}
	blogWords = []string{
		"market-musings", "grain-trader-notes", "energy-insider", "the-ticker-tape", "commodity-corner",
		"bond-desk-diary", "main-street-money", "farm-gate-report", "oil-patch-pulse", "trade-winds",
		"policy-wonk", "the-bull-and-bear", "capital-letters", "dollar-watch", "harvest-home-blog",
	}
	sectionWords = []string{
		"News", "Local", "Business", "Markets", "Sports", "Opinion", "Obituaries", "Weather", "Politics",
		"World", "Nation", "Money", "Agriculture", "Energy", "Technology", "Health", "Lifestyle",
		"Entertainment", "Real Estate", "Jobs", "Classifieds", "Events", "Education", "Autos", "Travel",
	}
	firstNames = []string{
		"Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hector", "Irene", "James", "Karen",
		"Luis", "Maria", "Nathan", "Olga", "Peter", "Rosa", "Samuel", "Tina", "Victor", "Wendy", "Yusuf",
		"Amir", "Bridget", "Chen", "Dmitri", "Fatima", "Gustavo", "Hanna", "Ivan", "Julia", "Kenji",
	}
	lastNames = []string{
		"Alvarez", "Brennan", "Castillo", "Dawson", "Eriksen", "Fischer", "Garner", "Holloway", "Ibarra",
		"Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinlan", "Rahman",
		"Schultz", "Tanaka", "Underwood", "Varga", "Whitaker", "Yilmaz", "Zhou", "Abbott", "Bishop",
		"Carver", "Delgado", "Ellison", "Flores", "Gallagher",
	}
	streetNames = []string{"Main Street", "Commerce Avenue", "Front Street", "Market Square", "Water Street",
		"Elm Avenue", "Harbor Road", "Broadway", "Union Street", "Depot Road"}
	cmsNames = []string{"NewsPress CMS", "Inkwell Publisher", "FrontPage Cloud", "Columnist 4", "PressRoom Pro"}
)

var (
	shareTemplates = []string{
		"Share on Facebook Tweet Email",
		"Share this article: Facebook | Twitter | LinkedIn | Email",
		"SHARE  TWEET  EMAIL  PRINT",
		"Share\nFacebook\nTwitter\nWhatsApp\nCopy link",
		"Share via: Facebook, X, Reddit, Email",
		"Print this page   Email this story   Share",
		"f  t  in  ✉  Share",
		"Share this story\nFacebook · Twitter · Pinterest · Email",
	}
	adTemplates = []string{
		"ADVERTISEMENT", "AD", "Advertisement", "Advertisement - Scroll to continue",
		"- ADVERTISEMENT -", "Sponsored content", "Story continues below advertisement",
		"AD - CONTENT CONTINUES BELOW", "[ad]", "Advertisement\nAdvertisement",
	}
	captionFormats = []string{
		"%s (Photo: %s/%s)", "%s Photo by %s | %s", "PHOTO: %s %s for %s", "%s (%s / %s file photo)",
		"%s\nImage credit: %s, %s", "%s — Photo: %s, courtesy of %s",
	}
	captionSubjects = []string{
		"A general view of the port", "Traders work on the floor of the exchange",
		"Trucks wait to unload grain at a terminal", "A worker inspects pipes at a refinery",
		"The headquarters of the company", "Delegates arrive for the meeting",
		"Farmers harvest wheat on the outskirts of town", "Containers are stacked at the harbour",
		"A file picture shows the central bank building", "Officials speak to reporters after the talks",
		"A customer counts banknotes at a currency exchange", "Cattle graze on a ranch",
		"An oil tanker is moored offshore", "Shoppers walk past a department store",
		"The city skyline at dusk", "Workers on an assembly line",
	}
	relatedHeads = []string{"Related:", "RELATED STORIES", "More from %s", "You may also like", "Read more:",
		"Trending now", "Most read", "Recommended for you", "Also on %s"}
	bullets         = []string{"- ", "• ", "» ", "> ", "* ", ""}
	newsletterTexts = []string{
		"Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.",
		"Get the %s Morning Briefing: the news you need, in your inbox before breakfast. Subscribe now.",
		"Never miss a story. Sign up for %s breaking news alerts.",
		"Enter your email address to receive our free weekly business newsletter. You can unsubscribe at any time.",
		"NEWSLETTER: Start your day with the stories our editors picked for you. Sign up - it's free.",
		"Like what you read? Get the %s newsletter delivered straight to your inbox. Email address Subscribe",
	}
	donationTexts = []string{
		"Support local journalism. %s is an independent newsroom funded by readers like you. If you value our reporting, please consider making a donation today.",
		"Quality journalism costs money. Become a member of %s for as little as $1 a week and help keep our reporting free for everyone.",
		"We rely on readers like you to keep our reporting free and open to all. Donate now - every contribution, big or small, makes a difference.",
		"Independent news needs your support. Chip in today and help us reach our goal of 500 new members this month.",
		"Dear reader: %s has covered this community for decades. Our work is paid for by subscribers and donors. Please support us with a gift today.",
		"If you found this article useful, please consider supporting our nonprofit newsroom. Your tax-deductible gift funds reporting that matters.",
	}
	cookieTexts = []string{
		"We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies. Learn more in our Privacy Policy. Accept",
		"This website uses cookies to personalise content and ads, to provide social media features and to analyse our traffic. Accept all | Manage settings",
		"By using this site you consent to the use of cookies in accordance with our cookie policy. OK",
		"Cookie notice: we and our partners store and access information on your device to measure audiences and show relevant ads. Agree | Options",
	}
	commentTexts = []string{
		"Comments are closed.",
		"Join the conversation. Comments are moderated and may take a few minutes to appear. View comments (0)",
		"Reader comments: please keep it civil. Log in or register to comment.",
		"Have a news tip? Contact the newsroom.",
	}
	footerTexts = []string{
		"© {year} {name}. All rights reserved. | Privacy Policy | Terms of Use | Contact Us | Advertise",
		"Copyright {year} {name}, {addr}. Contact the newsroom: news@{domain}",
		"{name} | {addr}\nAbout Us · Careers · Advertise · Terms of Service · Privacy · Cookie Settings\n© {year} {owner} Media Group",
		"Powered by {cms}. © {name} {year}. This material may not be published, broadcast, rewritten or redistributed.",
		"{name} is part of the {owner} Media network. All content © {year}. Reproduction without permission is prohibited.",
		"Back to top\nHome | Sitemap | Contact | Subscribe | e-Edition\n{name} © {year}",
	}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// fill replaces each %s of format in turn with args, ignoring extra args.
func fill(format string, args ...string) string {
	n := strings.Count(format, "%s")
	a := make([]any, n)
	for i := range a {
		a[i] = args[min(i, len(args)-1)]
	}
	return fmt.Sprintf(format, a...)
}

func personName(rng *rand.Rand) string { return pick(rng, firstNames) + " " + pick(rng, lastNames) }

// makeWire returns the outlet of a wire (an index into wires).
func makeWire(i int) *outlet {
	w := wires[i]
	return &outlet{name: "wire:" + w.handle, display: w.display, credit: w.credit,
		domain: w.handle + "-wire.example", urlStyle: 4}
}

// makeOutlets returns n copy outlets with their popularity weights
// (Zipf-like: a few outlets publish many copies).
func makeOutlets(rng *rand.Rand, n int) ([]*outlet, []float64) {
	seen := map[string]bool{}
	var outs []*outlet
	var cum []float64
	total := 0.0
	for len(outs) < n {
		o := &outlet{}
		switch k := rng.IntN(20); {
		case k < 15: // local news site
			place, paper := pick(rng, placeWords), pick(rng, paperWords)
			o.display = place + " " + paper
			if rng.IntN(2) == 0 {
				o.display = "The " + o.display
			}
			o.name = "site:" + slug(place+" "+paper)
		case k < 18: // aggregator
			a := pick(rng, aggWords)
			o.display = a
			o.name = "agg:" + strings.ToLower(a)
		default: // blog
			b := pick(rng, blogWords)
			o.display = titleCase(strings.ToUpper(strings.ReplaceAll(b, "-", " ")))
			o.name = "blog:" + b
		}
		if seen[o.name] {
			// Same name drawn again: make it another town's paper.
			o.name += fmt.Sprintf("-%d", len(outs))
			o.display += fmt.Sprintf(" %d", len(outs))
			if seen[o.name] {
				continue
			}
		}
		seen[o.name] = true
		o.credit = o.display
		o.domain = strings.TrimPrefix(o.name[strings.IndexByte(o.name, ':')+1:], "the-") + ".example"
		o.urlStyle = rng.IntN(4)
		o.fixed = rng.IntN(5) == 0
		for _, s := range rng.Perm(len(sectionWords))[:4+rng.IntN(6)] {
			o.sections = append(o.sections, sectionWords[s])
		}
		o.tpl = makeTemplate(rng, o)
		outs = append(outs, o)
		total += 1 / math.Pow(float64(len(outs)), 0.8)
		cum = append(cum, total)
	}
	return outs, cum
}

// makeTemplate draws an outlet's fixed boilerplate.
func makeTemplate(rng *rand.Rand, o *outlet) wrapTemplate {
	var t wrapTemplate
	t.masthead = o.display
	if rng.IntN(3) == 0 {
		t.masthead = strings.ToUpper(o.display)
	}
	sep := pick(rng, []string{" | ", " · ", "  ", "\n", " / ", " • "})
	nav := append([]string{"Home"}, o.sections...)
	if rng.IntN(2) == 0 {
		nav = append(nav, "Subscribe")
	}
	if rng.IntN(2) == 0 {
		nav = append(nav, "Log In")
	}
	if rng.IntN(3) == 0 {
		nav = append([]string{"Menu", "Search"}, nav...)
	}
	t.nav = strings.Join(nav, sep)
	t.share = pick(rng, shareTemplates)
	t.ad = pick(rng, adTemplates)
	t.captionFmt = pick(rng, captionFormats)
	t.relatedHead = fill(pick(rng, relatedHeads), o.display)
	t.bullet = pick(rng, bullets)
	t.newsletter = fill(pick(rng, newsletterTexts), o.display)
	t.donation = fill(pick(rng, donationTexts), o.display)
	t.cookie = pick(rng, cookieTexts)
	t.cookieTop = rng.IntN(2) == 0
	t.comments = pick(rng, commentTexts)
	t.footer = strings.NewReplacer(
		"{name}", o.display,
		"{addr}", fmt.Sprintf("%d %s", 1+rng.IntN(900), pick(rng, streetNames)),
		"{domain}", o.domain,
		"{owner}", pick(rng, lastNames),
		"{cms}", pick(rng, cmsNames),
	).Replace(pick(rng, footerTexts))
	return t
}

// wrapParts says which boilerplate elements a wrapped page shows.
type wrapParts struct {
	nav, share, caption, related, newsletter, donation, cookie, comments bool
}

// wrap puts text into out's page boilerplate. related are headlines of
// other stories for a related-links list; year is the page's year. At
// most one advertisement marker or photo caption goes between body
// paragraphs per 60 words of text, so the text's own 5-word runs survive
// (each insertion breaks at most four of them).
func (r *run) wrap(text string, out *outlet, related []string, year int) string {
	rng := r.rng
	t := out.tpl
	parts := wrapParts{true, true, true, true, true, true, true, true}
	if !out.fixed {
		coin := func(p float64) bool { return rng.Float64() < p }
		parts = wrapParts{coin(0.8), coin(0.7), coin(0.5), coin(0.6), coin(0.5), coin(0.4), coin(0.3), coin(0.3)}
	}
	var b strings.Builder
	b.Grow(len(text) + 2048)
	block := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	if parts.cookie && t.cookieTop {
		block(t.cookie)
	}
	block(t.masthead)
	if parts.nav {
		block(t.nav)
	}
	if parts.share {
		block(t.share)
	}

	paras := paragraphs(text)
	words := wordCount(text)
	inserts := map[int]string{} // after paragraph i
	slots := min(len(paras)-1, words/60)
	if slots > 0 {
		n := 1 + rng.IntN(slots)
		for _, i := range rng.Perm(len(paras) - 1)[:n] {
			inserts[i] = t.ad
		}
		if parts.caption {
			for i := range len(paras) - 1 { // the first slot after a paragraph gets the photo
				if _, ok := inserts[i]; ok {
					inserts[i] = r.caption(out)
					break
				}
			}
		}
	}
	if len(paras) == 0 {
		block(text)
	}
	for i, p := range paras {
		block(text[p.start:p.end])
		if s, ok := inserts[i]; ok {
			block(s)
		}
	}
	if parts.caption && slots == 0 {
		block(r.caption(out))
	}
	if parts.related && len(related) > 0 {
		var rb strings.Builder
		rb.WriteString(t.relatedHead)
		for _, h := range related {
			rb.WriteString("\n")
			rb.WriteString(t.bullet)
			rb.WriteString(h)
		}
		block(rb.String())
	}
	if parts.newsletter {
		block(t.newsletter)
	}
	if parts.donation {
		block(t.donation)
	}
	if parts.comments {
		block(t.comments)
	}
	if parts.cookie && !t.cookieTop {
		block(t.cookie)
	}
	block(strings.ReplaceAll(t.footer, "{year}", fmt.Sprint(year)))
	return b.String()
}

// caption returns a photo caption with a credit in out's style.
func (r *run) caption(out *outlet) string {
	desc := pick(r.rng, captionSubjects) + "."
	if r.rng.IntN(3) == 0 {
		desc = "FILE PHOTO: " + desc
	}
	return fill(out.tpl.captionFmt, desc, personName(r.rng), out.display)
}

// credit adds a date line and/or a credit line to text. wire is the
// story's original outlet, from the outlet text was copied from, city the
// dateline city (possibly empty), at the copy's time.
func (r *run) credit(text string, wire, from *outlet, city string, at time.Time) string {
	rng := r.rng
	prefix, suffix := rng.IntN(10) < 6, rng.IntN(10) < 6
	if !prefix && !suffix {
		prefix = true
	}
	w := wire.credit
	if w == "" {
		w = wire.display
	}
	if prefix {
		switch rng.IntN(8) {
		case 0:
			text = "date " + at.Format("2006-01-02") + "\n\n" + text
		case 1:
			text = at.Format("Jan 2, 2006") + " — " + text
		case 2:
			text = at.Format("January 2, 2006") + "\n\n" + text
		case 3:
			text = "Published: " + at.Format("Jan 2, 2006 3:04 PM") + " UTC\n\n" + text
		case 4:
			text = "Posted " + at.Format("2006-01-02 15:04") + "\n" + text
		case 5:
			if city != "" {
				text = strings.ToUpper(city) + ", " + at.Format("Jan 2") + " (" + w + ") - " + text
			} else {
				text = "(" + w + ") - " + text
			}
		case 6:
			text = "By " + w + " staff\n\n" + text
		default:
			text = "(" + w + ") - " + text
		}
	}
	if suffix {
		switch rng.IntN(8) {
		case 0:
			text += "\n\nThis article was first published by " + from.display + "."
		case 1:
			text += "\n\n— " + w
		case 2:
			text += "\n\nOriginally published in " + from.display + "."
		case 3:
			text += "\n\nvia " + from.display
		case 4:
			text += fmt.Sprintf("\n\n© %s %d", wire.display, at.Year())
		case 5:
			text += "\n\n(" + w + ")"
		case 6:
			text += "\n\nReporting by " + personName(rng) + "; Editing by " + personName(rng)
		default:
			text += fmt.Sprintf("\n\nCopyright %d %s. All rights reserved.", at.Year(), wire.display)
		}
	}
	return text
}

// articleURL makes a fake URL for an article of out.
func articleURL(out *outlet, title string, at time.Time, num uint64) string {
	s := slug(title)
	switch out.urlStyle {
	case 0:
		sec := "news"
		if len(out.sections) > 1 {
			sec = slug(out.sections[int(num%uint64(len(out.sections)-1))+1])
		}
		return fmt.Sprintf("https://www.%s/%s/%s/%s-%d/", out.domain, sec, at.Format("2006/01/02"), s, num)
	case 1:
		return fmt.Sprintf("https://%s/news/%s-%d.html", out.domain, s, num)
	case 2:
		return fmt.Sprintf("https://%s/article/%d", out.domain, num)
	case 3:
		return fmt.Sprintf("https://%s/%s/%s-%d", out.domain, at.Format("2006/01"), s, num)
	}
	return fmt.Sprintf("https://%s/article/%s-id%x", out.domain, s, num*0x9E3779B1%0xFFFFFFFFF)
}
