package cli

import (
	"fmt"
	"io"

	"github.com/reprintlab/reprint/provenance"
)

// ReadJSONL calls fn for every article of the JSONL stream rd, in order,
// with the checks of [Reader.Read] (IDs checked, no ID twice within rd);
// messages name the stream name and the line. It is how a program that
// opens its files itself, such as a batch job reading from a cluster's
// storage, reads one shard. It stops at the first error, from rd or
// from fn.
func (r Reader) ReadJSONL(name string, rd io.Reader, fn func(Input) error) error {
	firstSeen := map[string]string{}
	return r.readJSONL(name, rd, func(in Input) error {
		if err := provenance.CheckID(in.ID); err != nil {
			return fmt.Errorf("%s: %w", in.Where, err)
		}
		if prev, dup := firstSeen[in.ID]; dup {
			return fmt.Errorf("%s: duplicate id %q (first at %s)", in.Where, in.ID, prev)
		}
		firstSeen[in.ID] = in.Where
		return fn(in)
	})
}
