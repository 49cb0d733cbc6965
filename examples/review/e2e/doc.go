// Package e2e drives the review web app (examples/review) in a real
// browser: headless Chromium, through the DevTools protocol
// (github.com/chromedp/chromedp). It is a module of its own so that
// chromedp stays out of the library's go.mod. Run it with
//
//	cd examples/review/e2e && go test ./...
//
// It needs the chromium binary (Debian: apt-get install chromium), or
// the one named by $CHROMIUM; without one the test skips, saying so.
// Set $REVIEW_SCREENSHOTS to a directory to keep the screenshots there.
package e2e
