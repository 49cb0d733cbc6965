package cli

import (
	"bytes"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// parsePipeline registers the pipeline flags on a new flag set, parses
// args and returns the config.
func parsePipeline(t *testing.T, args ...string) (provenance.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	p := AddPipelineFlags(fs)
	require.NoError(t, fs.Parse(args))
	return p.Config()
}

func TestPipelineFlagsDefaults(t *testing.T) {
	cfg, err := parsePipeline(t)
	require.NoError(t, err)
	assert.Equal(t, provenance.Config{
		Index: dedup.IndexConfig{
			Settings: dedup.Settings{
				Shingle:     shingle.Config{WordSize: shingle.DefaultWordSize, CharSize: shingle.DefaultCharSize},
				Method:      dedup.MinWise,
				NumHashes:   dedup.DefaultNumHashes,
				MinShingles: dedup.DefaultMinShingles,
			},
			MinContainment: dedup.DefaultMinContainment,
			MinLengthRatio: dedup.DefaultMinLengthRatio,
		},
		ClockSkew:      provenance.DefaultClockSkew,
		BoilerplateMin: provenance.DefaultBoilerplateMin,
		StoryKind:      provenance.DefaultStoryKind,
	}, cfg)
	_, err = provenance.New(cfg)
	require.NoError(t, err)
}

// TestPipelineFlagsKinds: -rewrites=false turns the second index off,
// -story-kind names the weakest kind that joins a story, and a kind
// that is none is refused with the choices.
func TestPipelineFlagsKinds(t *testing.T) {
	cfg, err := parsePipeline(t, "-rewrites=false", "-story-kind", "rewrite")
	require.NoError(t, err)
	assert.True(t, cfg.DisableRewrites)
	assert.Equal(t, provenance.KindRewrite, cfg.StoryKind)
	_, err = parsePipeline(t, "-story-kind", "copy")
	require.ErrorContains(t, err, `-story-kind "copy": want verbatim, update, rewrite or partial`)
}

func TestPipelineFlagsValues(t *testing.T) {
	cfg, err := parsePipeline(t, "-containment", "0.9", "-min-length-ratio", "0.5", "-shingle", "4",
		"-char-shingle", "6", "-hashes", "64", "-min-shingles", "20", "-skew", "90s")
	require.NoError(t, err)
	assert.Equal(t, 0.9, cfg.Index.MinContainment)
	assert.Equal(t, 0.5, cfg.Index.MinLengthRatio)
	assert.Equal(t, shingle.Config{WordSize: 4, CharSize: 6}, cfg.Index.Settings.Shingle)
	assert.Equal(t, 64, cfg.Index.Settings.NumHashes)
	assert.Equal(t, 20, cfg.Index.Settings.MinShingles)
	assert.Equal(t, 90*time.Second, cfg.ClockSkew)

	// -skew 0 means no skew: the library's "trust times exactly", not
	// its default; a negative skew is passed on as it is.
	cfg, err = parsePipeline(t, "-skew", "0")
	require.NoError(t, err)
	assert.Negative(t, cfg.ClockSkew)
	cfg, err = parsePipeline(t, "-skew", "-1m")
	require.NoError(t, err)
	assert.Equal(t, -time.Minute, cfg.ClockSkew)
}

func TestPipelineFlagsMustBePositive(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-containment", "0"}, "-containment 0: must be positive"},
		{[]string{"-min-length-ratio", "-0.5"}, "-min-length-ratio -0.5: must be positive"},
		{[]string{"-shingle", "0"}, "-shingle 0: must be positive"},
		{[]string{"-char-shingle", "-2"}, "-char-shingle -2: must be positive"},
		{[]string{"-hashes", "0"}, "-hashes 0: must be positive"},
		{[]string{"-min-shingles", "-1"}, "-min-shingles -1: must be positive"},
	} {
		_, err := parsePipeline(t, c.args...)
		require.Error(t, err, "%v", c.args)
		assert.Equal(t, c.want, err.Error())
	}
	// Out of the library's range: not caught here, but by provenance.New.
	cfg, err := parsePipeline(t, "-containment", "3")
	require.NoError(t, err)
	_, err = provenance.New(cfg)
	require.Error(t, err)
}

func TestPipelineFlagsNamesValuesAndHelp(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var help bytes.Buffer
	fs.SetOutput(&help)
	p := AddPipelineFlags(fs)
	want := []string{"method", "containment", "min-length-ratio", "shingle", "char-shingle", "hashes", "min-shingles", "skew", "boilerplate", "window", "rewrites", "story-kind"}
	assert.Equal(t, want, p.Names())
	require.NoError(t, fs.Parse([]string{"-hashes", "64"}))
	assert.Equal(t, map[string]string{
		"containment": "0.8", "min-length-ratio": "0.3333333333333333", "shingle": "4", "char-shingle": "8",
		"hashes": "64", "min-shingles": "10", "skew": "5m0s", "method": "minwise", "window": "0s", "boilerplate": "5", "rewrites": "true", "story-kind": "partial",
	}, p.Values())
	fs.PrintDefaults()
	for _, name := range want {
		assert.Regexp(t, `(^|\n)  -`+name+`[ \n]`, help.String()) // a bool flag has no type after its name
	}
	assert.Contains(t, help.String(), "(negative: trust times exactly) (default 5m0s)")
}

func TestPipelineFlagsMethod(t *testing.T) {
	cfg, err := parsePipeline(t, "-method", "oph")
	require.NoError(t, err)
	assert.Equal(t, dedup.OnePermutation, cfg.Index.Settings.Method)
	_, err = parsePipeline(t, "-method", "simhash")
	assert.EqualError(t, err, `-method "simhash": want minwise or oph`)
}

func TestPipelineFlagsWindow(t *testing.T) {
	cfg, err := parsePipeline(t, "-window", "168h")
	require.NoError(t, err)
	assert.Equal(t, 168*time.Hour, cfg.Window)
	_, err = parsePipeline(t, "-window", "-1s")
	assert.EqualError(t, err, "-window -1s: must not be negative")
}

func TestPipelineFlagsBoilerplate(t *testing.T) {
	// On by default; -boilerplate 0 turns learning off (the library's
	// negative value), not the library's default.
	cfg, err := parsePipeline(t, "-boilerplate", "8")
	require.NoError(t, err)
	assert.Equal(t, 8, cfg.BoilerplateMin)
	cfg, err = parsePipeline(t, "-boilerplate", "0")
	require.NoError(t, err)
	assert.Negative(t, cfg.BoilerplateMin)
	_, err = provenance.New(cfg)
	require.NoError(t, err)
	_, err = parsePipeline(t, "-boilerplate", "-1")
	assert.EqualError(t, err, "-boilerplate -1: must not be negative")
}
