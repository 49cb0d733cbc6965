package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/synth"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

func TestMain(m *testing.M) {
	// prism logs every job's progress at Info; keep warnings and errors.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	beam.Init()
	os.Exit(m.Run())
}

// runner runs a pipeline: prism (the command's default) or direct, which
// gives the same output (checked on 76k articles) in a fraction of the
// time and memory, and so runs the larger tests.
type runner func(context.Context, *beam.Pipeline) (beam.PipelineResult, error)

// runJob runs the batch job and returns its counters.
func runJob(t *testing.T, run runner, opt Options) map[string]int64 {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	require.NoError(t, Build(s, opt))
	res, err := run(context.Background(), p)
	require.NoError(t, err)
	return Counters(res)
}

// trackerRun feeds the shards, read by the flagger's reader, to a Tracker
// as the flagger sets it for `-format jsonl -passages=false -boilerplate
// 0 -rewrites=false` (no learned boilerplate, no second index), and
// returns the flagger's JSONL lines and its graph document.
func trackerRun(t *testing.T, shards []string) (lines []string, graph []byte) {
	t.Helper()
	tr, err := provenance.New(provenance.Config{BoilerplateMin: -1, DisableRewrites: true})
	require.NoError(t, err)
	about := map[string]newsio.About{}
	err = newsio.Reader{}.Read(shards, nil, func(in newsio.Input) error {
		about[in.ID] = in.About()
		_, err := tr.Add(in.Article)
		return err
	})
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, newsio.Report{Tracker: tr, About: about}.WriteJSONL(&out))
	lines = strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	var buf bytes.Buffer
	require.NoError(t, tr.WriteJSON(&buf))
	return lines, buf.Bytes()
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	require.NoError(t, sc.Err())
	return out
}

// writeShards splits JSONL lines over n files in dir, in order.
func writeShards(t *testing.T, dir string, lines []string, n int) []string {
	t.Helper()
	var paths []string
	per := (len(lines) + n - 1) / n
	for i := 0; i < n; i++ {
		path := filepath.Join(dir, fmt.Sprintf("in-%02d.jsonl", i))
		end := min(len(lines), (i+1)*per)
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines[i*per:end], "\n")+"\n"), 0o644))
		paths = append(paths, path)
	}
	return paths
}

// compare runs both and reports every article whose verdict differs.
func compare(t *testing.T, run runner, shards []string, opt Options) (diffs []string, counters map[string]int64) {
	t.Helper()
	dir := t.TempDir()
	opt.Shards, opt.Output, opt.Graph = shards, filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "graph.json")
	counters = runJob(t, run, opt)
	got := readLines(t, opt.Output)
	want, wantGraph := trackerRun(t, shards)
	require.Len(t, got, len(want))
	for i := range want {
		if got[i] != want[i] {
			diffs = append(diffs, fmt.Sprintf("tracker %s\nbatch   %s", want[i], got[i]))
		}
	}
	if len(diffs) == 0 {
		gotGraph, err := os.ReadFile(opt.Graph)
		require.NoError(t, err)
		assert.JSONEq(t, string(wantGraph), string(gotGraph), "graph documents")
	}
	return diffs, counters
}

func reutersLines(t *testing.T) []string {
	t.Helper()
	stories, err := corpus.Reuters(1<<30, nil)
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("SKIP: needs the research corpus ../shared/corpora/reuters21578, absent here (it is not in the repository); " +
			"TestSameVerdictsAsTrackerOnBuiltinCorpus makes the same comparison without it, and runs under -short too")
	}
	require.NoError(t, err)
	var lines []string
	for _, s := range stories {
		b, err := json.Marshal(map[string]string{"id": s.ID, "text": s.Text, "published": s.Date, "source": "wire:reuters"})
		require.NoError(t, err)
		lines = append(lines, string(b))
	}
	return lines
}

// The batch job gives the streaming Tracker's verdicts, graph document
// included, on Reuters (real wire text, with its re-sent and corrected
// stories), read from three shards. The first 8,000 stories keep the
// test short; all 20,841 give the Tracker's verdicts too (checked when
// the job was changed). The direct runner: prism gives the same (see
// TestSameVerdictsAsTrackerOnBuiltinCorpus) in several times the time.
func TestSameVerdictsAsTrackerOnReuters(t *testing.T) {
	lines := reutersLines(t)
	n := 8000
	if testing.Short() {
		n = 2000
	}
	lines = lines[:min(n, len(lines))]
	shards := writeShards(t, t.TempDir(), lines, 3)
	diffs, c := compare(t, direct.Execute, shards, Options{})
	t.Logf("counters: %v", c)
	assert.Empty(t, diffs, "%d of %d verdicts differ:\n%s", len(diffs), len(lines), strings.Join(diffs[:min(len(diffs), 5)], "\n"))
	assert.Equal(t, int64(len(lines)), c["articles"])
	assert.Positive(t, c["verified_links"])
}

func synthLines(t *testing.T, n int) []string {
	t.Helper()
	src, err := synth.LoadSource(corpus.ReutersPath())
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("SKIP: the synthetic corpus is made from the research corpus ../shared/corpora/reuters21578, absent here (it is not in the repository); " +
			"TestSameVerdictsAsTrackerOnBuiltinCorpus makes the same comparison without it, and runs under -short too")
	}
	require.NoError(t, err)
	g, err := synth.New(synth.Config{Seed: 1, N: n}, src)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = g.WriteJSONL(&buf)
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

// On the synthetic corpus (copies, truncations, stitched copies, clock
// skew, undated and late articles, many outlets) the batch job gives the
// Tracker's verdicts too.
func TestSameVerdictsAsTrackerOnSyntheticCorpus(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 1500
	}
	lines := synthLines(t, n)
	shards := writeShards(t, t.TempDir(), lines, 4)
	diffs, c := compare(t, direct.Execute, shards, Options{})
	t.Logf("counters: %v", c)
	assert.Empty(t, diffs, "%d of %d verdicts differ:\n%s", len(diffs), len(lines), strings.Join(diffs[:min(len(diffs), 5)], "\n"))
}

// An ID given twice, in two shards, stops the job with an error naming
// both places, as the flagger's reader does within its input.
func TestDuplicateIDAcrossShardsIsAnError(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	require.NoError(t, os.WriteFile(a, []byte(`{"id":"x","text":"one two three"}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(`{"id":"y","text":"four"}`+"\n"+`{"id":"x","text":"five"}`+"\n"), 0o644))
	p, s := beam.NewPipelineWithRoot()
	require.NoError(t, Build(s, Options{Shards: []string{a, b}, Output: filepath.Join(dir, "out.jsonl")}))
	_, err := direct.Execute(context.Background(), p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), b+`: article 2: duplicate id "x" (first at `+a+`: article 1)`)
	_, statErr := os.Stat(filepath.Join(dir, "out.jsonl"))
	assert.ErrorIs(t, statErr, os.ErrNotExist, "nothing is written")
}
