// Command skipcheck reads `go test -json` output on standard input, prints
// what plain `go test` would (package lines, the output of failed tests)
// plus every skipped test with its reason, and fails when a test skipped for a reason CI does not
// accept: CI provides the Reuters corpus, redis-server and long mode, so a
// test that skips for want of them has not tested what CI promises. The
// accepted reasons are the race detector (allocation counts and memory
// bounds mean nothing under it), helper processes that a test starts
// itself, and -short.
//
// Usage: go test -json ./... | go run ./.ci/skipcheck
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// accepted are the substrings of a skip message that CI accepts.
var accepted = []string{"race detector", "helper process", "-short"}

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	output := map[string]*strings.Builder{} // package/test -> its output
	var bad []string
	var passed, failed, skipped int
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // build output and the like
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if e.Test == "" {
				fmt.Print(e.Output)
			} else {
				b := output[key]
				if b == nil {
					b = &strings.Builder{}
					output[key] = b
				}
				b.WriteString(e.Output)
			}
		case "pass":
			if e.Test != "" {
				passed++
			}
			delete(output, key)
		case "fail":
			if e.Test != "" {
				failed++
				if b := output[key]; b != nil {
					fmt.Print(b.String())
				}
			}
			delete(output, key)
		case "skip":
			if e.Test == "" {
				continue // a package without tests
			}
			skipped++
			msg := ""
			if b := output[key]; b != nil {
				msg = b.String()
			}
			delete(output, key)
			ok := false
			for _, a := range accepted {
				ok = ok || strings.Contains(msg, a)
			}
			fmt.Printf("skip %s: %s\n", key, reason(msg))
			if !ok {
				bad = append(bad, fmt.Sprintf("%s: %s", key, reason(msg)))
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "skipcheck:", err)
		os.Exit(2)
	}
	sort.Strings(bad)
	for _, b := range bad {
		fmt.Fprintln(os.Stderr, "skipcheck: skipped in CI:", b)
	}
	fmt.Printf("skipcheck: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if len(bad) > 0 || failed > 0 {
		os.Exit(1)
	}
}

// reason returns a skipped test's output without the lines go test adds
// around it (=== RUN, --- SKIP, and the like).
func reason(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		keep = append(keep, t)
	}
	return strings.Join(keep, " / ")
}
