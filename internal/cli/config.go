package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// PipelineFlags are the command-line flags that configure the pipeline
// (a [provenance.Config]): -method, -containment, -min-length-ratio,
// -shingle, -char-shingle, -hashes, -min-shingles, -skew, -boilerplate,
// -window, -rewrites and -story-kind. Every program that
// runs the pipeline registers them with [AddPipelineFlags], so the
// flagger and the evaluator always offer the same settings with the same
// names, defaults and checks.
//
// To add a pipeline setting, add its field here, register it in
// [AddPipelineFlags] (its name in [PipelineFlags.Names] follows) and use
// it in [PipelineFlags.Config]; both programs then have it.
type PipelineFlags struct {
	fs          *flag.FlagSet
	names       []string
	method      *string
	containment *float64
	ratio       *float64
	words       *int
	chars       *int
	hashes      *int
	minShingles *int
	skew        *time.Duration
	window      *time.Duration
	boilerplate *int
	rewrites    *bool
	storyKind   *string
}

// AddPipelineFlags registers the pipeline flags on fs, with the library's
// defaults, and returns them. Call [PipelineFlags.Config] after fs.Parse.
func AddPipelineFlags(fs *flag.FlagSet) *PipelineFlags {
	p := &PipelineFlags{fs: fs}
	float := func(name string, value float64, usage string) *float64 {
		p.names = append(p.names, name)
		return fs.Float64(name, value, usage)
	}
	integer := func(name string, value int, usage string) *int {
		p.names = append(p.names, name)
		return fs.Int(name, value, usage)
	}
	duration := func(name string, value time.Duration, usage string) *time.Duration {
		p.names = append(p.names, name)
		return fs.Duration(name, value, usage)
	}
	p.names = append(p.names, "method")
	p.method = fs.String("method", dedup.DefaultMethod.String(),
		"signing method: minwise (k hashes per shingle) or oph (one permutation, densified; faster to sign, its own signatures)")
	p.containment = float("containment", dedup.DefaultMinContainment,
		"share of one article that must be found in another for a link (0..1]")
	p.ratio = float("min-length-ratio", dedup.DefaultMinLengthRatio,
		"shortest copy, relative to its source, the index is built to find (0..1]")
	p.words = integer("shingle", shingle.DefaultWordSize, "words per shingle")
	p.chars = integer("char-shingle", shingle.DefaultCharSize, "characters per shingle in scripts without spaces")
	p.hashes = integer("hashes", dedup.DefaultNumHashes, "MinHash signature length")
	p.minShingles = integer("min-shingles", dedup.DefaultMinShingles,
		"fewest distinct shingles an article needs to be fingerprinted; shorter ones stand alone")
	p.skew = duration("skew", provenance.DefaultClockSkew,
		"clock skew between outlets: published times this close are ordered by input order (negative: trust times exactly)")
	p.boilerplate = integer("boilerplate", provenance.DefaultBoilerplateMin,
		"learn boilerplate: a shingle seen in this many articles of one outlet stops counting in every article (0: off)")
	p.window = duration("window", 0,
		"match only articles published at most this long before the latest recent date that is not an outlier, e.g. 168h (0: all); older ones keep their verdicts")
	p.names = append(p.names, "rewrites", "story-kind")
	p.rewrites = fs.Bool("rewrites", true,
		"also find rewrites, partial copies and updates (a second index of rare words, verified by alignment); false: verbatim copies only")
	p.storyKind = fs.String("story-kind", provenance.DefaultStoryKind.String(),
		"weakest kind of link that joins a story: verbatim, update, rewrite or partial (every kind)")
	return p
}

// Names returns the names of the pipeline flags (without the leading
// dash), in the order they were registered.
func (p *PipelineFlags) Names() []string { return append([]string(nil), p.names...) }

// Values returns each pipeline flag's value as the flag package prints
// it (defaults included), by name: a record of the settings of a run.
func (p *PipelineFlags) Values() map[string]string {
	out := make(map[string]string, len(p.names))
	for _, name := range p.names {
		out[name] = p.fs.Lookup(name).Value.String()
	}
	return out
}

// Config returns the pipeline configuration the parsed flags ask for. A
// value of 0 means "the default" in the library's config; on the command
// line it is a mistake, so a flag that is zero or negative is an error
// ("-hashes 0: must be positive"), except -skew, where 0 means no clock
// skew and a negative value trusts times exactly, and -boilerplate and
// -window, where 0 turns learning and the window off. Values the library
// rejects (such as -containment 3) are reported by [provenance.New].
func (p *PipelineFlags) Config() (provenance.Config, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"containment", *p.containment}, {"min-length-ratio", *p.ratio}, {"shingle", float64(*p.words)},
		{"char-shingle", float64(*p.chars)}, {"hashes", float64(*p.hashes)}, {"min-shingles", float64(*p.minShingles)},
	} {
		if f.v <= 0 {
			return provenance.Config{}, fmt.Errorf("-%s %v: must be positive", f.name, f.v)
		}
	}
	method, err := dedup.ParseMethod(*p.method)
	if err != nil {
		return provenance.Config{}, fmt.Errorf("-method %q: want minwise or oph", *p.method)
	}
	if *p.boilerplate < 0 {
		return provenance.Config{}, fmt.Errorf("-boilerplate %d: must not be negative", *p.boilerplate)
	}
	if *p.window < 0 {
		return provenance.Config{}, fmt.Errorf("-window %v: must not be negative", *p.window)
	}
	storyKind, err := provenance.ParseKind(*p.storyKind)
	if err != nil {
		return provenance.Config{}, fmt.Errorf("-story-kind %q: want verbatim, update, rewrite or partial", *p.storyKind)
	}
	skew := *p.skew
	if skew == 0 {
		skew = -1 // 0 on the command line means none, not the default
	}
	boilerplate := *p.boilerplate
	if boilerplate == 0 {
		boilerplate = -1 // 0 on the command line means off, not the default
	}
	return provenance.Config{
		Index: dedup.IndexConfig{
			Settings: dedup.Settings{
				Shingle:     shingle.Config{WordSize: *p.words, CharSize: *p.chars},
				Method:      method,
				NumHashes:   *p.hashes,
				MinShingles: *p.minShingles,
			},
			MinContainment: *p.containment,
			MinLengthRatio: *p.ratio,
		},
		ClockSkew:       skew,
		Window:          *p.window,
		BoilerplateMin:  boilerplate,
		StoryKind:       storyKind,
		DisableRewrites: !*p.rewrites,
	}, nil
}

// AddMaxArticleFlag registers -max-article on fs: the bound of
// [newsio.Reader].MaxArticle, [newsio.DefaultMaxArticle] unless set.
func AddMaxArticleFlag(fs *flag.FlagSet) *newsio.ByteSize {
	b := newsio.ByteSize(newsio.DefaultMaxArticle)
	fs.Var(&b, "max-article", "the most `bytes` one article may have: a file's size, a JSONL line's length (units B, KB, MB, GB, KiB, MiB, GiB)")
	return &b
}
