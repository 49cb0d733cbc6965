// Command review is the newsroom's review web app: it serves, read-only,
// a store written by the flagger (flag -index DIR).
//
// Usage:
//
//	go run ./examples/review -index DIR [-addr 127.0.0.1:8080] [pipeline flags]
//
// Pages: the story list (/: sorted by size or newest, searched by the
// words of a story's first line, an article ID or an outlet, filtered by
// outlet, kind, credit and date, 50 a page), a page per story
// (/story/ID: its provenance graph, the timeline of its publication, its
// articles, and a copy side by side with its source, passages taken
// highlighted, when the flagger kept texts), the outlets (/outlets) and a
// page per outlet (/outlet/KEY: whom it copies and who copies it, credited
// or not, and how fast).
//
// The store is read once, at start, without locking or changing it: a
// flagger may add to it meanwhile, and the pages show it as committed
// when the server started (restart the server to see later runs).
// Give the pipeline flags the flagger was given: -shingle, -char-shingle,
// -hashes and -method are checked against the store (a mismatch is
// refused), and -skew decides stories and origins as it did for the
// flagger. The other pipeline flags are accepted and have no effect.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/internal/review"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "review:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("index", "", "the store to review: the directory given to flag -index")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	pipeline := cli.AddPipelineFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: review -index DIR [-addr HOST:PORT] [pipeline flags as given to flag]\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("give the store with -index DIR, and nothing else")
	}
	cfg, err := pipeline.Config()
	if err != nil {
		return err
	}
	start := time.Now()
	data, err := review.Load(review.Options{
		Dir: *dir, Settings: cfg.Index.Settings.String(), Shingle: cfg.Index.Settings.Shingle, ClockSkew: cfg.ClockSkew,
	})
	if err != nil {
		return fmt.Errorf("-index %s: %w", *dir, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "review: %d articles in %d stories read from %s in %v; serving http://%s/\n",
		data.Articles(), data.Stories(), *dir, time.Since(start).Round(time.Millisecond), ln.Addr())
	srv := &http.Server{
		Handler:           review.Handler(data),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
