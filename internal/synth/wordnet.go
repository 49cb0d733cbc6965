package synth

// This file reads a thesaurus from WordNet's data files for the synonym
// rewrites. WordNet is never copied into the repository: it is read at
// run time from an installed copy (Debian's wordnet-base puts it in
// DefaultWordNetDir). WordNet 3.0's licence permits use, copying and
// distribution for any purpose without fee, provided its copyright notice
// is kept with copies; reading an installed copy copies nothing.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// DefaultWordNetDir is where Debian's wordnet-base package installs
// WordNet's data files (index.noun, data.noun, ...).
const DefaultWordNetDir = "/usr/share/wordnet"

// ErrNoWordNet is returned, wrapped, by [LoadWordNet] when dir holds no
// WordNet data files.
var ErrNoWordNet = errors.New("WordNet data files not found")

// WordNet is a thesaurus read from WordNet: for each single-word lemma
// of lower-case letters that occurs in WordNet's sense-tagged texts, the
// other single-word lemmas of its most frequent sense that are not rare
// themselves (tagged at least minSynonymTags times). Only words with one
// dominant part of speech (at least three quarters of their tags) are
// included: out of context, "report" may be a noun or a verb. It is read-only
// after [LoadWordNet] and safe for concurrent use.
type WordNet struct {
	// Dir is the directory it was read from.
	Dir string
	syn map[string]wnEntry
	// base maps irregular verb forms to their base ("rose" → "rise");
	// irregular marks bases with irregular forms.
	base      map[string]string
	irregular map[string]bool
}

// wnEntry is one lemma's synonyms and its part of speech (0 noun, 1
// verb, 2 adjective, 3 adverb).
type wnEntry struct {
	words []string
	pos   int
}

// minSynonymTags is how often a synonym must be tagged in WordNet's
// sense-tagged texts to be used: rare words ("hebdomad" for "week") are
// not.
const minSynonymTags = 5

// Lemmas returns the number of words with synonyms.
func (w *WordNet) Lemmas() int { return len(w.syn) }

// wnPOS are WordNet's file suffixes, in the order of the parts of speech
// of sense keys (1 noun, 2 verb, 3 adjective, 4 adverb; 5, an adjective
// satellite, counts as an adjective).
var wnPOS = []string{"noun", "verb", "adj", "adv"}

// LoadWordNet reads WordNet's cntlist.rev, index.*, data.* and verb.exc
// files from dir (see [DefaultWordNetDir]). It takes well under a second
// and some 30 MB while reading; the result holds about a megabyte. The
// error wraps [ErrNoWordNet] when the files are absent, and names the
// file of a malformed entry.
func LoadWordNet(dir string) (*WordNet, error) {
	if _, err := os.Stat(filepath.Join(dir, "index.noun")); err != nil {
		return nil, fmt.Errorf("%w in %s (on Debian: apt-get install wordnet-base): %v", ErrNoWordNet, dir, err)
	}
	// Tag counts by lemma and part of speech: "company%1:14:01:: 1 60".
	tags := map[string]*[4]int{}
	err := eachLine(filepath.Join(dir, "cntlist.rev"), func(line string) error {
		key, rest, ok := strings.Cut(line, " ")
		lemma, sense, ok2 := strings.Cut(key, "%")
		fs := strings.Fields(rest)
		if !ok || !ok2 || len(sense) == 0 || len(fs) != 2 {
			return errors.New("malformed count")
		}
		n, err := strconv.Atoi(fs[1])
		if err != nil {
			return errors.New("malformed count")
		}
		p := min(int(sense[0]-'1'), 2)
		if sense[0] == '4' {
			p = 3
		}
		if p < 0 || !lowerWord(lemma) {
			return nil
		}
		if tags[lemma] == nil {
			tags[lemma] = new([4]int)
		}
		tags[lemma][p] += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	total := func(w string) int {
		t := tags[w]
		if t == nil {
			return 0
		}
		return t[0] + t[1] + t[2] + t[3]
	}
	// The first (most frequent) sense of each lemma in its most tagged
	// part of speech.
	type sense struct {
		pos    int
		offset int64
	}
	first := map[string]sense{}
	for p, pos := range wnPOS {
		err := eachLine(filepath.Join(dir, "index."+pos), func(line string) error {
			if line == "" || line[0] == ' ' { // the licence header
				return nil
			}
			// lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
			fs := strings.Fields(line)
			if len(fs) < 4 || !lowerWord(fs[0]) {
				return nil
			}
			t := tags[fs[0]]
			if t == nil || t[p] == 0 || 4*t[p] < 3*(t[0]+t[1]+t[2]+t[3]) {
				return nil // out of context, "report" may be a noun or a verb
			}
			pc, err := strconv.Atoi(fs[3])
			if err != nil || len(fs) < 4+pc+3 {
				return errors.New("malformed index entry")
			}
			off, err := strconv.ParseInt(fs[4+pc+2], 10, 64)
			if err != nil {
				return errors.New("malformed index entry")
			}
			first[fs[0]] = sense{p, off}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	wn := &WordNet{Dir: dir, syn: map[string]wnEntry{}, base: map[string]string{}, irregular: map[string]bool{}}
	for p, pos := range wnPOS {
		path := filepath.Join(dir, "data."+pos)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for lemma, s := range first {
			if s.pos != p {
				continue
			}
			if s.offset < 0 || s.offset >= int64(len(data)) {
				return nil, fmt.Errorf("%s: offset %d of %q is outside the file", path, s.offset, lemma)
			}
			line := data[s.offset:]
			if i := bytes.IndexByte(line, '\n'); i >= 0 {
				line = line[:i]
			}
			// synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] ...
			fs := strings.Fields(string(line))
			if len(fs) < 4 {
				return nil, fmt.Errorf("%s: malformed synset at offset %d", path, s.offset)
			}
			n, err := strconv.ParseInt(fs[3], 16, 32)
			if err != nil || len(fs) < 4+2*int(n) {
				return nil, fmt.Errorf("%s: malformed synset at offset %d", path, s.offset)
			}
			var words []string
			for k := range int(n) {
				w := fs[4+2*k]
				if i := strings.IndexByte(w, '('); i > 0 { // big(a): an adjective marker
					w = w[:i]
				}
				if w != lemma && lowerWord(w) && total(w) >= minSynonymTags && !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
			if len(words) > 0 {
				slices.Sort(words) // map order must not matter
				wn.syn[lemma] = wnEntry{words: words, pos: p}
			}
		}
	}
	err = eachLine(filepath.Join(dir, "verb.exc"), func(line string) error {
		fs := strings.Fields(line)
		if len(fs) < 2 {
			return errors.New("malformed exception")
		}
		if _, ok := wn.base[fs[0]]; !ok {
			wn.base[fs[0]] = fs[1]
		}
		wn.irregular[fs[1]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return wn, nil
}

// eachLine calls fn with each line of the file at path; an error of fn
// is returned with the file and line.
func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if err := fn(sc.Text()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// lowerWord reports whether s is a word of at least three lower-case
// ASCII letters.
func lowerWord(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// lookup returns the synonyms of a lower-case word: those of the word
// itself; for a regular noun plural ("markets", "companies") the plurals
// of its singular's; for a verb form ending in -s, -ed or -ing, or an
// irregular past ("rose"), the same form of its base's synonyms that
// inflect regularly.
func (w *WordNet) lookup(word string) []string {
	if w == nil {
		return nil
	}
	if e, ok := w.syn[word]; ok {
		return e.words
	}
	if b, ok := w.base[word]; ok { // rose → rise: past forms of the synonyms
		return w.inflect(b, 1, "ed")
	}
	for _, s := range []struct {
		cut, add string
		pos      int
		form     string
	}{
		{"ies", "y", 0, "s"}, {"es", "", 0, "s"}, {"s", "", 0, "s"},
		{"ies", "y", 1, "s"}, {"es", "", 1, "s"}, {"s", "", 1, "s"},
		{"ied", "y", 1, "ed"}, {"ed", "", 1, "ed"}, {"d", "", 1, "ed"}, {"ing", "", 1, "ing"}, {"ing", "e", 1, "ing"},
	} {
		stem, ok := strings.CutSuffix(word, s.cut)
		if !ok || strings.HasSuffix(word, "ss") {
			continue
		}
		if out := w.inflect(stem+s.add, s.pos, s.form); out != nil {
			return out
		}
	}
	return nil
}

// inflect returns the form ("s", "ed", "ing") of the synonyms of base
// when base is a lemma of part of speech pos; synonyms with irregular
// forms, and verbs whose final consonant would double, are left out.
func (w *WordNet) inflect(base string, pos int, form string) []string {
	e, ok := w.syn[base]
	if !ok || e.pos != pos {
		return nil
	}
	var out []string
	for _, x := range e.words {
		if pos == 0 {
			out = append(out, plural(x))
			continue
		}
		if w.irregular[x] || (form != "s" && doubles(x)) {
			continue
		}
		switch form {
		case "s":
			out = append(out, plural(x))
		case "ed":
			switch {
			case strings.HasSuffix(x, "e"):
				out = append(out, x+"d")
			case consonantY(x):
				out = append(out, x[:len(x)-1]+"ied")
			default:
				out = append(out, x+"ed")
			}
		case "ing":
			if strings.HasSuffix(x, "e") && !strings.HasSuffix(x, "ee") {
				x = x[:len(x)-1]
			}
			out = append(out, x+"ing")
		}
	}
	return out
}

// consonantY reports whether w ends in a consonant and y.
func consonantY(w string) bool {
	return strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2]))
}

// doubles reports whether w ends consonant-vowel-consonant (stop,
// admit), whose final consonant may double before -ed and -ing.
func doubles(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	return !vowel(w[n-1]) && strings.IndexByte("wxy", w[n-1]) < 0 && vowel(w[n-2]) && !vowel(w[n-3])
}

// plural returns the regular English plural of a noun.
func plural(w string) string {
	switch {
	case consonantY(w):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}
