package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadJSONLStream(t *testing.T) {
	var ids []string
	err := Reader{}.ReadJSONL("shard-3.jsonl", strings.NewReader(
		`{"id":"a","text":"one","published":"2024-11-06"}`+"\n\n"+`{"id":"b","text":"two"}`+"\n"),
		func(in Input) error { ids = append(ids, in.ID+"@"+in.Where); return nil })
	require.NoError(t, err)
	assert.Equal(t, []string{"a@shard-3.jsonl:1", "b@shard-3.jsonl:3"}, ids)

	err = Reader{}.ReadJSONL("shard-3.jsonl", strings.NewReader(
		`{"id":"a","text":"one"}`+"\n"+`{"id":"a","text":"two"}`+"\n"), func(Input) error { return nil })
	assert.EqualError(t, err, `shard-3.jsonl:2: duplicate id "a" (first at shard-3.jsonl:1)`)
	err = Reader{}.ReadJSONL("s.jsonl", strings.NewReader(`{"id":"a\u0007","text":"one"}`), func(Input) error { return nil })
	assert.ErrorContains(t, err, "s.jsonl:1: ")
}
