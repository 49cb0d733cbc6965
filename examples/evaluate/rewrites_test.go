package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seeds with rewrite truth: 003 (a truncated scrape of 001) is
// labelled a medium rewrite of 001, and 004 a same-topic negative for
// 001. The pipeline links 003 → 001 and leaves 004 alone.
func TestRewriteTruth(t *testing.T) {
	path := writeFile(t, "rw.jsonl", seedsJSONL(t, map[string]map[string]any{
		s000: {"label": "original"},
		s001: {"cluster": "vpost", "label": "original"},
		s002: {"label": "original"},
		s003: {"cluster": "vpost", "derived_from": s001, "label": "rewrite", "intensity": "medium"},
		s004: {"label": "same-topic", "negative_for": s001},
	}))
	out, _, err := evalRun(t, "", "-json", path)
	require.NoError(t, err)
	r := parseReport(t, out)
	// By hand: one copy with an intensity (003: found, source and origin
	// right); one negative (004), alone: not linked to 001's story.
	mean := r.All.MeanContainment
	require.NotNil(t, mean)
	want := group{Label: "rewrite", Intensity: "medium", Articles: 1, Copies: 1, Found: 1, Recall: f(1), SourceCorrect: 1,
		SourceAccuracy: f(1), OriginCorrect: 1, OriginAccuracy: f(1), OriginCorrectFound: 1, OriginAccuracyFound: f(1),
		Linked: 1, MeanContainment: mean}
	assert.Equal(t, []group{want}, r.Classes)
	want.Label = ""
	assert.Equal(t, []group{want}, r.Intensities)
	assert.Equal(t, 1, r.All.Negatives)
	assert.Equal(t, 0, r.All.NegativeLinked)
	assert.Equal(t, f(0), r.All.NegativeLinkRate)
	assert.Equal(t, group{Label: "same-topic", Articles: 1, Unsourced: 1, FalseLinkRate: f(0), Negatives: 1, NegativeLinkRate: f(0)},
		r.Labels[2])

	out, _, err = evalRun(t, "", path)
	require.NoError(t, err)
	text := squash(out)
	for _, s := range []string{
		"label intensity copies found recall source origin containment",
		"rewrite medium 1 1 1.000 1.000 1.000 ",
		"all rewrites medium 1 1 1.000 1.000 1.000 ",
		"Hard negatives: 1; put in the story they are a negative for: 0 (0.000).",
	} {
		assert.Contains(t, text, s)
	}
}

// A negative the pipeline links to the article it is a negative for
// counts: 003, a copy of 001, labelled as a negative for it.
func TestNegativeLinked(t *testing.T) {
	path := writeFile(t, "neg.jsonl", seedsJSONL(t, map[string]map[string]any{
		s000: {"label": "original"},
		s001: {"cluster": "vpost", "label": "original"},
		s003: {"cluster": "other", "label": "same-topic", "negative_for": s001},
	}))
	out, _, err := evalRun(t, "", "-json", path)
	require.NoError(t, err)
	r := parseReport(t, out)
	assert.Equal(t, 1, r.All.Negatives)
	assert.Equal(t, 1, r.All.NegativeLinked)
	assert.Equal(t, f(1), r.All.NegativeLinkRate)
	assert.Empty(t, r.Classes)

	for _, tc := range []struct {
		truth map[string]any
		want  string
	}{
		{map[string]any{"cluster": "x", "negative_for": "nope"}, `negative for "nope", which is not in the data`},
		{map[string]any{"cluster": "x", "negative_for": 3}, "negative_for: want a string, got 3"},
		{map[string]any{"cluster": "x", "intensity": []string{"heavy"}}, `intensity: want a string, got ["heavy"]`},
	} {
		path := writeFile(t, "bad.jsonl", seedsJSONL(t, map[string]map[string]any{s003: tc.truth}))
		_, _, err := evalRun(t, "", path)
		assert.ErrorContains(t, err, tc.want)
	}
}
