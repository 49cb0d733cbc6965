// Command evaluate is the quality harness: it runs the pipeline on a
// labelled corpus, exactly as the flagger does, and measures how well the
// verdicts match the truth.
//
// Usage:
//
//	go run ./examples/evaluate [flags] DATA.jsonl...
//
// The pipeline flags (-containment, -min-length-ratio, -shingle,
// -char-shingle, -hashes, -min-shingles, -skew) are the flagger's, with
// the same defaults and checks. -passages (default true) keeps the texts,
// as the flagger does, so that candidate sources are ranked by their exact
// coverage of a copy; -passages=false ranks them by MinHash estimates
// alone, as the flagger's -passages=false. -json writes the figures as one JSON
// object instead of a report for people.
//
// -grid NAME=V1,V2,... sweeps a pipeline flag; repeated, it runs every
// combination (the last -grid varies fastest). Each run is one row of a
// Markdown table: the swept values, pairwise precision, recall and F1,
// ARI, the shares of copies found, with the right primary source and
// with the right origin, the false-link rate, articles per second, and
// per label the recall (or, for a label without copies, the false-link
// rate, marked "fl"). With -json, each run writes its own object.
//
//	go run ./examples/evaluate -grid shingle=3,4,5,6 -grid method=minwise,oph DATA.jsonl
//
// -labels PAIRS.tsv checks the pipeline against hand-labelled pairs of
// real stories instead (see docs/labelling.md and testdata/labels): DATA
// is then the one stories file the pairs come from (JSONL with id, date,
// text, such as the Reuters-21578 file), run through the pipeline in file
// order with each date as the published time, and the output is a table
// of how many pairs of each label the pipeline links, directly and within
// one story.
//
//	go run ./examples/evaluate -labels testdata/labels/reuters-pairs.tsv ../shared/corpora/reuters21578/reuters21578.jsonl
//
// # Input
//
// DATA is a .jsonl or .ndjson file, or - for standard input, read as the
// flagger reads it: one article per line, {"id", "text", "published",
// "source", "url"}, in the order seen. Each line may also carry its
// truth:
//
//   - "cluster": the article's true cluster (a string or a number);
//     articles of one cluster are copies of one original. An article
//     without one is a cluster of its own.
//   - "derived_from": the ID of the article it was copied from, or an
//     array of IDs, primary first; absent, null or "" for an article
//     without a source.
//   - "stitched_from": for a copy stitched from several articles, their
//     IDs (an array; a string is read as an array of one).
//   - "label": the edit class ("original", "distractor", "truncate",
//     ...); an article without one is reported under "(none)".
//   - "intensity": how strongly a rewritten copy was changed ("light",
//     "medium", "heavy"); copies with one are also reported by label and
//     intensity, and by intensity.
//   - "negative_for": marks a hard negative (such as a same-topic story
//     of the same day): the ID of the article it was written
//     independently of, whose story it must not join.
//
// Bad input stops the run with an error naming the file and line, and
// exit status 1: what the flagger rejects, a truth field of the wrong
// type, and a source that is not in the data. A file with no "cluster"
// field at all is an error ("no truth").
//
// # Figures
//
// All are defined precisely in package internal/evaluate. Pairwise
// precision, recall and F1 count pairs of articles in the same predicted
// story against pairs in the same true cluster; ARI is the adjusted Rand
// index of the two partitions. A copy is found when it is in the same
// predicted story as one of its true sources; its source is correct when
// its predicted primary source is its true one; its origin is correct
// when its story is attributed to its true origin (its true sources
// followed back to an article without one). A stitched copy is correct
// when all its stitched_from articles are among its predicted sources.
// The false-link rate is the share of articles without a source whose
// story holds an article of another true cluster. Mean containment is
// the mean estimated containment of copies in the true sources they
// were linked to directly. The negative-link rate is the share of hard
// negatives put in the story of the article they are a negative for. A
// figure with nothing to count is n/a (null in
// JSON). The time is that of reading the data and running the pipeline,
// as the flagger does, without the truth pass and the scoring.
//
// # JSON
//
// -json writes one object; later versions add fields, never remove or
// redefine them:
//
//	{
//	  "articles": int,               // articles read
//	  "seconds": float,              // reading and the pipeline
//	  "articles_per_second": float,
//	  "settings": {"containment": "0.8", ...}, // every pipeline flag, as text
//	  "banding": "28x2",             // LSH bands x rows the settings give
//	  "pairs": {"true": int, "predicted": int, "shared": int,
//	            "precision": float, "recall": float, "f1": float},
//	  "ari": float,
//	  "all": GROUP,                  // all articles
//	  "labels": [GROUP, ...],        // one per label, in label order
//	  "classes": [GROUP, ...],       // per label and intensity (articles with one)
//	  "intensities": [GROUP, ...]    // per intensity, over all labels
//	}
//
// GROUP is {"label" (absent in "all"), "articles", "copies", "found",
// "recall", "source_correct", "source_accuracy", "stitched",
// "stitched_correct", "stitched_accuracy", "origin_correct",
// "origin_accuracy", "origin_correct_found", "origin_accuracy_found",
// "linked", "mean_containment", "unsourced", "false_linked",
// "false_link_rate", "intensity" (in "classes" and "intensities" only),
// "negatives", "negative_linked", "negative_link_rate"}: counts are integers, shares are floats rounded to
// six decimals, or null when there is nothing to count (see
// evaluate.Group for each one).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/internal/evaluate"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage was asked for, and printed
		}
		fmt.Fprintln(os.Stderr, "evaluate:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write the figures as one JSON object")
	labelsPath := fs.String("labels", "", "check the pipeline against the hand-labelled story pairs in this TSV (e.g. testdata/labels/reuters-pairs.tsv); DATA is then the stories file the pairs come from (JSONL with id, date, text)")
	var grid gridFlag
	fs.Var(&grid, "grid", "sweep a pipeline flag: NAME=V1,V2,... (repeatable: every combination is run); prints one table row per run")
	pipeline := cli.AddPipelineFlags(fs)
	keepText := fs.Bool("passages", true, "keep the texts, as the flagger does by default, so that candidate sources are ranked by their exact coverage of a copy; false ranks them by MinHash estimates alone, as the flagger's -passages=false")
	maxArticle := cli.AddMaxArticleFlag(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: evaluate [flags] DATA.jsonl...\n\nDATA: labelled JSONL (the flagger's fields plus cluster, derived_from, stitched_from, label), or - for standard input.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no input: give a labelled .jsonl file or -")
	}
	if _, err := pipeline.Config(); err != nil {
		return err
	}
	if *labelsPath != "" {
		if len(grid) > 0 || *asJSON {
			return errors.New("-labels cannot be combined with -grid or -json")
		}
		return runLabels(*labelsPath, fs.Args(), pipeline, stdout)
	}
	for _, axis := range grid {
		if fs.Lookup(axis.name) == nil || !slices.Contains(pipeline.Names(), axis.name) {
			return fmt.Errorf("-grid %s: not a pipeline flag (%s)", axis.name, strings.Join(pipeline.Names(), ", "))
		}
	}

	// Standard input is read twice (truth, then articles): keep it.
	paths := fs.Args()
	var stdinData []byte
	var err error
	for _, p := range paths {
		switch {
		case p == "-":
			if stdinData == nil {
				if stdinData, err = io.ReadAll(stdin); err != nil {
					return fmt.Errorf("standard input: %w", err)
				}
			}
		case !isJSONL(p):
			return fmt.Errorf("%s: want a .jsonl or .ndjson file: the truth is in its fields", p)
		}
	}

	reader := newsio.Reader{
		MaxArticle: int64(*maxArticle),
		Warn:       func(msg string) { fmt.Fprintln(stderr, "evaluate: warning:", msg) },
	}

	// The truth pass: the same reader, keeping the truth fields, and
	// quiet (the article pass warns).
	truthReader := reader
	truthReader.Warn, truthReader.Keep = nil, truthKeys
	var truth []evaluate.Truth
	where := map[string]string{}
	clusters := false
	err = truthReader.Read(paths, bytes.NewReader(stdinData), func(in newsio.Input) error {
		t, err := parseTruth(in.ID, in.Extra)
		if err != nil {
			return fmt.Errorf("%s: article %q: %w", in.Where, in.ID, err)
		}
		where[t.ID] = in.Where
		truth = append(truth, t)
		clusters = clusters || t.Cluster != ""
		return nil
	})
	if err != nil {
		return err
	}
	if !clusters {
		return fmt.Errorf("no truth: %s has no cluster fields", strings.Join(names(paths), ", "))
	}

	if len(grid) == 0 {
		res, err := evaluateOnce(pipeline, *keepText, reader, paths, stdinData, truth, where, stderr)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, res)
		}
		return writeText(stdout, res)
	}
	var results []result
	err = grid.each(fs, func() error {
		res, err := evaluateOnce(pipeline, *keepText, reader, paths, stdinData, truth, where, stderr)
		results = append(results, res)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		for _, res := range results {
			if err := writeJSON(stdout, res); err != nil {
				return err
			}
		}
		return nil
	}
	return writeGrid(stdout, grid, results)
}

// evaluateOnce runs the pipeline configured by the parsed flags over
// paths, as the flagger runs it, and scores its verdicts against truth.
func evaluateOnce(pipeline *cli.PipelineFlags, keepText bool, reader newsio.Reader, paths []string, stdinData []byte,
	truth []evaluate.Truth, where map[string]string, stderr io.Writer) (result, error) {
	cfg, err := pipeline.Config()
	if err != nil {
		return result{}, err
	}
	cfg.KeepText = keepText
	tracker, err := provenance.New(cfg)
	if err != nil {
		return result{}, err
	}
	start := time.Now()
	err = reader.Read(paths, bytes.NewReader(stdinData), func(in newsio.Input) error {
		if in.InvalidUTF8 {
			fmt.Fprintf(stderr, "evaluate: warning: %s: text is not valid UTF-8; invalid bytes separate words\n", in.Where)
		}
		if _, err := tracker.Add(in.Article); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	elapsed := time.Since(start)

	var pred []evaluate.Prediction
	for v := range tracker.Articles() {
		pred = append(pred, evaluate.FromVerdict(v))
	}
	report, err := evaluate.Evaluate(truth, pred)
	if err != nil {
		var ae *evaluate.ArticleError
		if errors.As(err, &ae) && where[ae.ID] != "" {
			return result{}, fmt.Errorf("%s: %w", where[ae.ID], err)
		}
		return result{}, err
	}
	return result{
		report: report, elapsed: elapsed, banding: tracker.IndexConfig().Banding.String(),
		flags: pipeline.Names(), settings: pipeline.Values(),
	}, nil
}

// isJSONL reports whether path names a JSON Lines file, as newsio.Reader.Read
// decides it: .jsonl or .ndjson in any case.
func isJSONL(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson")
}

// names returns the paths as messages name them.
func names(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if p == "-" {
			out[i] = "standard input"
		}
	}
	return out
}

// truthKeys are the keys that give an article's truth.
var truthKeys = []string{"cluster", "derived_from", "stitched_from", "label", "intensity", "negative_for"}

// parseTruth checks and converts the truth fields of one article, kept
// by the reader under truthKeys.
func parseTruth(id string, extra map[string]json.RawMessage) (evaluate.Truth, error) {
	t := evaluate.Truth{ID: id}
	var err error
	if t.Cluster, err = scalar(extra["cluster"], true); err != nil {
		return t, fmt.Errorf("cluster: %w", err)
	}
	if t.Label, err = scalar(extra["label"], false); err != nil {
		return t, fmt.Errorf("label: %w", err)
	}
	if t.Intensity, t.NegativeFor, err = parseRewriteTruth(extra); err != nil {
		return t, err
	}
	if t.DerivedFrom, err = idList(extra["derived_from"]); err != nil {
		return t, fmt.Errorf("derived_from: %w", err)
	}
	if t.StitchedFrom, err = idList(extra["stitched_from"]); err != nil {
		return t, fmt.Errorf("stitched_from: %w", err)
	}
	return t, nil
}

// scalar reads a string (or, if numbers is true, a number as written);
// null or absent gives "".
func scalar(raw json.RawMessage, numbers bool) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if numbers && json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	if numbers {
		return "", fmt.Errorf("want a string or a number, got %s", raw)
	}
	return "", fmt.Errorf("want a string, got %s", raw)
}

// idList reads a string or an array of strings; null, absent and empty
// strings give nothing.
func idList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one == "" {
			return nil, nil
		}
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("want a string or an array of strings, got %s", raw)
	}
	out := many[:0]
	for _, s := range many {
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// result is what a run measured.
type result struct {
	report   evaluate.Report
	elapsed  time.Duration
	banding  string
	flags    []string          // pipeline flag names, in order
	settings map[string]string // pipeline flag values
}

// perSecond returns articles per second, NaN for no time.
func (r result) perSecond() float64 {
	if r.elapsed <= 0 {
		return math.NaN()
	}
	return float64(r.report.All.Articles) / r.elapsed.Seconds()
}

// figure is a share in JSON: rounded to six decimals, null for NaN.
type figure float64

// MarshalJSON writes f rounded to six decimals, or null for NaN.
func (f figure) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(math.Round(x*1e6) / 1e6)
}

// groupJSON is GROUP in the -json output.
type groupJSON struct {
	Label               string `json:"label,omitempty"`
	Articles            int    `json:"articles"`
	Copies              int    `json:"copies"`
	Found               int    `json:"found"`
	Recall              figure `json:"recall"`
	SourceCorrect       int    `json:"source_correct"`
	SourceAccuracy      figure `json:"source_accuracy"`
	Stitched            int    `json:"stitched"`
	StitchedCorrect     int    `json:"stitched_correct"`
	StitchedAccuracy    figure `json:"stitched_accuracy"`
	OriginCorrect       int    `json:"origin_correct"`
	OriginAccuracy      figure `json:"origin_accuracy"`
	OriginCorrectFound  int    `json:"origin_correct_found"`
	OriginAccuracyFound figure `json:"origin_accuracy_found"`
	Linked              int    `json:"linked"`
	MeanContainment     figure `json:"mean_containment"`
	Unsourced           int    `json:"unsourced"`
	FalseLinked         int    `json:"false_linked"`
	FalseLinkRate       figure `json:"false_link_rate"`
	Intensity           string `json:"intensity,omitempty"`
	Negatives           int    `json:"negatives"`
	NegativeLinked      int    `json:"negative_linked"`
	NegativeLinkRate    figure `json:"negative_link_rate"`
}

func newGroupJSON(g evaluate.Group) groupJSON {
	return groupJSON{
		Label: g.Label, Articles: g.Articles, Copies: g.Copies, Found: g.Found, Recall: figure(g.Recall()),
		SourceCorrect: g.SourceCorrect, SourceAccuracy: figure(g.SourceAccuracy()),
		Stitched: g.Stitched, StitchedCorrect: g.StitchedCorrect, StitchedAccuracy: figure(g.StitchedAccuracy()),
		OriginCorrect: g.OriginCorrect, OriginAccuracy: figure(g.OriginAccuracy()),
		OriginCorrectFound: g.OriginCorrectFound, OriginAccuracyFound: figure(g.OriginAccuracyFound()),
		Linked: g.Linked, MeanContainment: figure(g.MeanContainment()),
		Unsourced: g.Unsourced, FalseLinked: g.FalseLinked, FalseLinkRate: figure(g.FalseLinkRate()),
		Intensity: g.Intensity, Negatives: g.Negatives, NegativeLinked: g.NegativeLinked,
		NegativeLinkRate: figure(g.NegativeLinkRate()),
	}
}

// resultJSON is the -json output.
type resultJSON struct {
	Articles          int               `json:"articles"`
	Seconds           figure            `json:"seconds"`
	ArticlesPerSecond figure            `json:"articles_per_second"`
	Settings          map[string]string `json:"settings"`
	Banding           string            `json:"banding"`
	Pairs             struct {
		True      int64  `json:"true"`
		Predicted int64  `json:"predicted"`
		Shared    int64  `json:"shared"`
		Precision figure `json:"precision"`
		Recall    figure `json:"recall"`
		F1        figure `json:"f1"`
	} `json:"pairs"`
	ARI         figure      `json:"ari"`
	All         groupJSON   `json:"all"`
	Labels      []groupJSON `json:"labels"`
	Classes     []groupJSON `json:"classes"`
	Intensities []groupJSON `json:"intensities"`
}

func writeJSON(w io.Writer, r result) error {
	rep := r.report
	out := resultJSON{
		Articles: rep.All.Articles, Seconds: figure(r.elapsed.Seconds()), ArticlesPerSecond: figure(r.perSecond()),
		Settings: r.settings, Banding: r.banding, ARI: figure(rep.Pairs.ARI()),
		All: newGroupJSON(rep.All), Labels: []groupJSON{}, Classes: []groupJSON{}, Intensities: []groupJSON{},
	}
	out.Pairs.True, out.Pairs.Predicted, out.Pairs.Shared = rep.Pairs.True, rep.Pairs.Predicted, rep.Pairs.Shared
	out.Pairs.Precision, out.Pairs.Recall, out.Pairs.F1 = figure(rep.Pairs.Precision()), figure(rep.Pairs.Recall()), figure(rep.Pairs.F1())
	for _, g := range rep.Labels {
		out.Labels = append(out.Labels, newGroupJSON(g))
	}
	for _, g := range rep.Classes {
		out.Classes = append(out.Classes, newGroupJSON(g))
	}
	for _, g := range rep.Intensities {
		out.Intensities = append(out.Intensities, newGroupJSON(g))
	}
	enc := json.NewEncoder(w)
	return enc.Encode(out)
}

// share formats a share with three decimals, "n/a" for NaN.
func share(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", x)
}

// countOf formats "share (n of d)".
func countOf(n, d int, x float64) string {
	return fmt.Sprintf("%s\t(%d of %d)", share(x), n, d)
}

// plural formats a count with a noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func writeText(w io.Writer, r result) error {
	bw := bufio.NewWriter(w)
	rep, all := r.report, r.report.All
	fmt.Fprintf(bw, "%s: %s (%d stitched), %d without a source. Read and run in %s: %s articles/s.\n",
		plural(all.Articles, "article", "articles"), plural(all.Copies, "copy", "copies"), all.Stitched, all.Unsourced,
		r.elapsed.Round(time.Microsecond), rate(r.perSecond()))
	var settings []string
	for _, name := range r.flags {
		settings = append(settings, "-"+name+" "+r.settings[name])
	}
	fmt.Fprintf(bw, "Settings: %s (banding %s).\n\n", strings.Join(settings, " "), r.banding)

	p := rep.Pairs
	tw := tabwriter.NewWriter(bw, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "Pairs in one story:\tprecision %s, recall %s, F1 %s (true pairs %d, predicted %d, both %d)\n",
		share(p.Precision()), share(p.Recall()), share(p.F1()), p.True, p.Predicted, p.Shared)
	fmt.Fprintf(tw, "Adjusted Rand index:\t%s\n", share(p.ARI()))
	fmt.Fprintf(tw, "Copies found (in the story of a true source):\t%s\n", countOf(all.Found, all.Copies, all.Recall()))
	fmt.Fprintf(tw, "Primary source correct:\t%s\n", countOf(all.SourceCorrect, all.Copies, all.SourceAccuracy()))
	fmt.Fprintf(tw, "Stitched copies with all sources found:\t%s\n", countOf(all.StitchedCorrect, all.Stitched, all.StitchedAccuracy()))
	fmt.Fprintf(tw, "Origin correct, of all copies:\t%s\n", countOf(all.OriginCorrect, all.Copies, all.OriginAccuracy()))
	fmt.Fprintf(tw, "Origin correct, of found copies:\t%s\n", countOf(all.OriginCorrectFound, all.Found, all.OriginAccuracyFound()))
	fmt.Fprintf(tw, "False links (unsourced articles merged with another cluster):\t%s\n",
		countOf(all.FalseLinked, all.Unsourced, all.FalseLinkRate()))
	fmt.Fprintf(tw, "Mean containment of found links:\t%s\t(%s)\n", share(all.MeanContainment()), plural(all.Linked, "link", "links"))
	if err := tw.Flush(); err != nil {
		return err
	}

	// Labels left-aligned, figures right-aligned.
	width := len("label")
	for _, g := range rep.Labels {
		width = max(width, len(g.Label))
	}
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\n%-*s\tarticles\tcopies\trecall\tfalse-link\tsource\tstitched\torigin\torigin(found)\tcontainment\t\n", width, "label")
	row := func(label string, g evaluate.Group) {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", width, label, g.Articles, g.Copies,
			share(g.Recall()), share(g.FalseLinkRate()), share(g.SourceAccuracy()), share(g.StitchedAccuracy()),
			share(g.OriginAccuracy()), share(g.OriginAccuracyFound()), share(g.MeanContainment()))
	}
	for _, g := range rep.Labels {
		row(g.Label, g)
	}
	row("all", all)
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeRewrites(bw, rep); err != nil {
		return err
	}
	return bw.Flush()
}

// rate formats a throughput.
func rate(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", x)
}
