module github.com/reprintlab/reprint

go 1.24.0

require (
	github.com/cespare/xxhash/v2 v2.3.0
	golang.org/x/text v0.30.0
)

require (
	github.com/dgryski/go-minhash v0.0.0-20190315135803-ad340ca03076 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
)
