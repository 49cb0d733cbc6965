module github.com/reprintlab/reprint/bench

go 1.24.0

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/dgryski/go-minhash v0.0.0-20190315135803-ad340ca03076
	github.com/ekzhu/minhash-lsh v0.0.0-20190924033628-faac2c6342f8
	github.com/reprintlab/reprint v0.0.0
)

require golang.org/x/text v0.30.0 // indirect

replace github.com/reprintlab/reprint => ../
