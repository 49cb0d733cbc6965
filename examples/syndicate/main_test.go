package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// source writes an invented source of n stories (random sentences from
// small word lists) and returns its path.
func source(t *testing.T, n int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("harbour council grain traders water board bakers mining cooperative ferry operators " +
		"orchard growers treasurer textile mills freight office roasters fisheries cement producers port authority " +
		"dairy farmers registry smelters tourism bureau salt merchants provinces millers savings bank timber yards " +
		"raised trimmed announced postponed doubled revised approved rejected extended suspended restored reported " +
		"levy tariff depot quota reserve budget plan premium credit schedule contract price capacity fees merger")
	var b strings.Builder
	start := time.Date(1990, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		var text strings.Builder
		for s := range 8 + rng.IntN(8) {
			if s > 0 {
				text.WriteString(" ")
			}
			for w := range 8 + rng.IntN(8) {
				word := words[rng.IntN(len(words))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				} else {
					text.WriteString(" ")
				}
				text.WriteString(word)
			}
			text.WriteString(".")
		}
		line, err := json.Marshal(map[string]string{
			"id": fmt.Sprintf("inv-%d", i), "text": text.String(),
			"date": start.Add(time.Duration(i) * 20 * time.Minute).Format("2006-01-02T15:04:05"),
		})
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "source.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func syndicate(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestDeterministicOutput(t *testing.T) {
	src := source(t, 80)
	a, _, err := syndicate("-seed", "3", "-n", "600", src)
	require.NoError(t, err)
	b, _, err := syndicate("-n", "600", "-seed", "3", src)
	require.NoError(t, err)
	c, _, err := syndicate("-seed", "4", "-n", "600", src)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)

	lines := strings.Split(strings.TrimSuffix(a, "\n"), "\n")
	require.Len(t, lines, 600)
	ids := map[string]bool{}
	for _, l := range lines {
		var v struct {
			ID, Cluster, Label, Source, URL, Text string
			DerivedFrom                           string `json:"derived_from"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &v), l)
		assert.False(t, ids[v.ID], "unique ids")
		ids[v.ID] = true
		assert.True(t, strings.HasPrefix(v.ID, "s3-"), v.ID)
		assert.NotEmpty(t, v.Cluster)
		assert.NotEmpty(t, v.Label)
		assert.NotEmpty(t, v.Text)
		if v.DerivedFrom != "" {
			assert.True(t, ids[v.DerivedFrom] || strings.Contains(a, `"id":"`+v.DerivedFrom+`"`))
		}
	}
}

func TestStatsAndDefaults(t *testing.T) {
	src := source(t, 60)
	out, errOut, err := syndicate("-stats", "-min-words", "20", src)
	require.NoError(t, err)
	assert.Contains(t, errOut, "60 stories read")
	assert.Contains(t, errOut, "articles/s")
	for _, l := range []string{"original", "verbatim", "wrap"} {
		assert.Contains(t, errOut, l)
	}
	assert.Greater(t, strings.Count(out, "\n"), 150, "one pass: about 5.5 articles per story")
	assert.NotContains(t, out, `"synthetic":true`)

	out, _, err = syndicate("-copies", "0", "-distractors", "0", "-min-words", "20", src)
	require.NoError(t, err)
	assert.Equal(t, strings.Count(out, "\n"), strings.Count(out, `"label":"original"`), "no copies: originals only")
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"id\": \"a\", \"text\": \"x\"}\n{nope\n"), 0o644))
	short := filepath.Join(dir, "short.jsonl")
	require.NoError(t, os.WriteFile(short, []byte(`{"id": "a", "text": "just a few words"}`), 0o644))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "want exactly one SOURCE.jsonl"},
		{[]string{bad}, bad + ":2: malformed JSON"},
		{[]string{short}, "no usable stories: 1 read, 1 shorter than 60 words"},
		{[]string{filepath.Join(dir, "missing.jsonl")}, "no such file"},
		{[]string{"-n", "-5", short}, "-n -5: must not be negative"},
		{[]string{"-copies", "-1", short}, "-copies -1: must not be negative"},
		{[]string{"-outlets", "0", short}, "-outlets 0: must be positive"},
		{[]string{"-bogus", short}, "flag provided but not defined"},
	} {
		out, _, err := syndicate(tc.args...)
		if assert.Error(t, err, tc.args) {
			assert.Contains(t, err.Error(), tc.want)
		}
		assert.Empty(t, out)
	}
	_, errOut, err := syndicate("-h")
	assert.True(t, errors.Is(err, flag.ErrHelp))
	assert.Contains(t, errOut, "usage: syndicate")
}
