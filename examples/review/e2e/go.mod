module github.com/reprintlab/reprint/examples/review/e2e

go 1.25

require (
	github.com/chromedp/chromedp v0.23.0
	github.com/reprintlab/reprint v0.0.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	golang.org/x/sys v0.30.0 // indirect
	golang.org/x/text v0.30.0 // indirect
)

replace github.com/reprintlab/reprint => ../../..
