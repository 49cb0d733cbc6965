package newsio

import (
	"io"
	"os"
	"testing"
)

// reutersPath is the Reuters-21578 corpus in JSONL, beside the
// repository; benchmarks and tests that need it skip without it.
const reutersPath = "../../shared/corpora/reuters21578/reuters21578.jsonl"

// BenchmarkReadJSONLReuters reads and parses every line of Reuters-21578
// (about 21,500 articles, 21 MB) from memory, as the flagger reads a
// .jsonl file, without adding the articles anywhere.
func BenchmarkReadJSONLReuters(b *testing.B) {
	data, err := os.ReadFile(reutersPath)
	if os.IsNotExist(err) {
		b.Skipf("SKIPPED: the Reuters corpus is not at %s", reutersPath)
	}
	if err != nil {
		b.Fatal(err)
	}
	// packed: with Reader.PackStrings, as the flagger reads.
	for _, packed := range []bool{false, true} {
		b.Run(map[bool]string{false: "strings", true: "packed"}[packed], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				r := Reader{PackStrings: packed}.withKeys(defaultKeys)
				err := r.readJSONL("reuters", &sliceReader{data: data}, func(Input) error { n++; return nil })
				if err != nil {
					b.Fatal(err)
				}
				if n < 20000 {
					b.Fatalf("read %d articles", n)
				}
			}
		})
	}
}

// sliceReader reads data without the io.WriterTo shortcut of
// bytes.Reader, as a file is read.
type sliceReader struct{ data []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
