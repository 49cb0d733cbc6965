package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/labels"
)

// runLabels runs the pipeline the flags configure over the stories file
// in paths and writes its agreement with the labelled pairs at
// labelsPath as a table.
func runLabels(labelsPath string, paths []string, pipeline *cli.PipelineFlags, stdout io.Writer) error {
	if len(paths) != 1 || paths[0] == "-" {
		return errors.New("-labels: give the one stories file the pairs come from (JSONL with id, date, text)")
	}
	pairs, err := labels.ReadFile(labelsPath)
	if err != nil {
		return err
	}
	stories, err := corpus.Read(paths[0], 1<<30, nil)
	if err != nil {
		return err
	}
	cfg, err := pipeline.Config()
	if err != nil {
		return err
	}
	rows, err := labels.Agreement(stories, pairs, cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", paths[0], err)
	}
	fmt.Fprintf(stdout, "%d labelled pairs (%s), %d stories (%s)\n\n", len(pairs), labelsPath, len(stories), paths[0])
	return labels.WriteTable(stdout, rows)
}
