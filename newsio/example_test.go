package newsio_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reprintlab/reprint/newsio"
)

// Reading articles from any io.Reader (a network body, a decompressed
// archive), keeping a key of one's own beside the article's fields.
func ExampleReader_ReadFromReader() {
	body := strings.NewReader(`{"id":"r1","date":"1987-02-26T15:01:01","text":"Wheat rose.","topics":["grain"]}
{"id":"r2","date":"1987-02-26T16:00:00","text":"Corn fell.","topics":["grain","corn"]}
`)
	r := newsio.Reader{Keep: []string{"topics"}}
	err := r.ReadFromReader(body, "feed", func(in newsio.Input) error {
		var topics []string
		if err := json.Unmarshal(in.Extra["topics"], &topics); err != nil {
			return fmt.Errorf("%s: topics: %w", in.Where, err)
		}
		fmt.Println(in.Where, in.ID, in.Published.Format("15:04"), in.Text, topics)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// feed:1 r1 15:01 Wheat rose. [grain]
	// feed:2 r2 16:00 Corn fell. [grain corn]
}
