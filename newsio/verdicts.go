package newsio

import (
	"bufio"
	"encoding/json"
	"io"
	"iter"

	"github.com/reprintlab/reprint/provenance"
)

// WriteVerdictsJSONL writes one JSONL line per verdict, in the order
// verdicts gives them, as [Report.WriteJSONL] writes a tracker's articles
// when it keeps no texts (flag -format jsonl -passages=false): each line
// echoes what about says of its article, with outlets named by the
// spellings of all the verdicts. It is for verdicts made without a
// Tracker, such as a provenance.Graph's (a batch job's). verdicts is
// iterated twice; about may be nil. It returns the first error from w.
func WriteVerdictsJSONL(w io.Writer, verdicts iter.Seq[provenance.Verdict], about map[string]About) error {
	var names outletNames
	for vd := range verdicts {
		names.addArticle(about[vd.ID], vd.Credited)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for vd := range verdicts {
		out := NewVerdictJSON(vd)
		if a, ok := about[vd.ID]; ok {
			out.SetAbout(a, names.of(a))
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return bw.Flush()
}
