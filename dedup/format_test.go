package dedup_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

func TestSignatureBinaryRoundTrip(t *testing.T) {
	for _, m := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		sig := sign(t, newSigner(t, dedup.Settings{Method: m}), seed(t, 1))
		data, err := sig.MarshalBinary()
		require.NoError(t, err)
		require.Len(t, data, 24+4*128)
		var back dedup.Signature
		require.NoError(t, back.UnmarshalBinary(data))
		assert.Equal(t, sig.Settings(), back.Settings())
		assert.Equal(t, sig.SettingsID(), back.SettingsID())
		assert.Equal(t, sig.Shingles(), back.Shingles())
		assert.Equal(t, sig.AppendValues(nil), back.AppendValues(nil))
		sc, err := dedup.Compare(sig, &back)
		require.NoError(t, err)
		assert.Equal(t, 1.0, sc.Jaccard)
	}
}

func TestSignatureBinaryGolden(t *testing.T) {
	// The header of seed 000's default signature, byte by byte, and the
	// hash of the whole encoding. A change here breaks every stored
	// signature: bump FormatVersion instead.
	sig := sign(t, newSigner(t, dedup.Settings{}), seed(t, 0))
	data, err := sig.MarshalBinary()
	require.NoError(t, err)
	id := dedup.Settings{}.ID()
	want := "52505347" + // "RPSG"
		"01" + // format version
		"01" + "04" + "08" + "01" + "00" + // minwise, 4 words, 8 chars, normalisation 1, reserved
		"8000" + // k = 128
		fmt.Sprintf("%02x%02x0000", sig.Shingles()&0xff, sig.Shingles()>>8) +
		hex.EncodeToString(leUint64(uint64(id)))
	assert.Equal(t, want, hex.EncodeToString(data[:24]))
	assert.Equal(t, "160d4f00", hex.EncodeToString(data[24:28]), "slot 0 is goldenFirst, little-endian")
	// Family minwise-xxh64-mixed; minwise-xxh64 gave 0x0f79fa3b2f2b352e.
	assert.Equal(t, uint64(0x7ab732704631cc5f), xxhash.Sum64(data), "whole encoding")
}

func leUint64(v uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	return b
}

func TestSignatureBinaryRejects(t *testing.T) {
	sig := sign(t, newSigner(t, dedup.Settings{}), seed(t, 1))
	good, err := sig.MarshalBinary()
	require.NoError(t, err)
	mutate := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	cases := map[string]struct {
		data []byte
		want error
	}{
		"empty":          {nil, dedup.ErrFormat},
		"magic":          {mutate(func(b []byte) []byte { b[0] = 'X'; return b }), dedup.ErrFormat},
		"version":        {mutate(func(b []byte) []byte { b[4] = 2; return b }), dedup.ErrFormat},
		"truncated":      {good[:len(good)-1], dedup.ErrFormat},
		"trailing":       {append(bytes.Clone(good), 0), dedup.ErrFormat},
		"no shingles":    {mutate(func(b []byte) []byte { b[12], b[13], b[14], b[15] = 0, 0, 0, 0; return b }), dedup.ErrFormat},
		"bad method":     {mutate(func(b []byte) []byte { b[5] = 9; return b }), dedup.ErrFormat},
		"reserved":       {mutate(func(b []byte) []byte { b[9] = 1; return b }), dedup.ErrFormat},
		"other words":    {mutate(func(b []byte) []byte { b[6] = 6; return b }), dedup.ErrSettingsMismatch},
		"other seeds":    {mutate(func(b []byte) []byte { b[16] ^= 1; return b }), dedup.ErrSettingsMismatch},
		"normalisation":  {mutate(func(b []byte) []byte { b[8] = shingle.NormalizationVersion + 1; return b }), dedup.ErrSettingsMismatch},
		"k without data": {mutate(func(b []byte) []byte { b[10] = 64; return b }), dedup.ErrSettingsMismatch},
	}
	for name, c := range cases {
		before := *sig
		err := sig.UnmarshalBinary(c.data)
		assert.ErrorIs(t, err, c.want, name)
		assert.Equal(t, before, *sig, "%s: receiver unchanged", name)
	}
	var empty dedup.Signature
	_, err = empty.MarshalBinary()
	assert.ErrorIs(t, err, dedup.ErrEmptySignature)
}

// snapshotIndex returns an index of n random documents, some of them
// near-copies of others, and its snapshot.
func snapshotIndex(t *testing.T, cfg dedup.IndexConfig, n int) (*dedup.Index, []*dedup.Signature, []byte) {
	ix := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(5, 5))
	var sigs []*dedup.Signature
	for i := range n {
		var base []uint32
		shared := 0
		if i > 0 && i%3 == 0 {
			base, shared = sigs[i-1].AppendValues(nil), 110
		}
		sig := randomSignature(t, r, ix.Config().Settings, base, shared)
		require.NoError(t, ix.Add(fmt.Sprint("doc-", i), sig))
		sigs = append(sigs, sig)
	}
	require.True(t, must(ix.Remove("doc-1")))
	var buf bytes.Buffer
	n64, err := ix.WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n64)
	return ix, sigs, buf.Bytes()
}

func TestIndexSnapshotRoundTrip(t *testing.T) {
	ix, sigs, data := snapshotIndex(t, dedup.IndexConfig{}, 500)
	assert.Equal(t, "RPIX\x01", string(data[:5]))

	back, err := dedup.ReadIndex(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, ix.Config(), back.Config())
	assert.Equal(t, ix.Len(), back.Len())
	assert.False(t, back.Contains("doc-1"))
	for i, sig := range sigs {
		want, err := ix.Query(sig)
		require.NoError(t, err)
		got, err := back.Query(sig)
		require.NoError(t, err)
		assert.Equal(t, want, got, "doc-%d", i)
	}

	// ReadFrom into an index of the same settings but other rules keeps
	// its own rules and takes the documents.
	other := newIndex(t, dedup.IndexConfig{MinContainment: 0.9})
	require.NoError(t, other.Add("to be replaced", sigs[0]))
	n, err := other.ReadFrom(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), n)
	assert.Equal(t, 0.9, other.Config().MinContainment)
	assert.Equal(t, ix.Len(), other.Len())
	assert.False(t, other.Contains("to be replaced"))

	// Snapshots are deterministic: written again, byte for byte the same.
	var again bytes.Buffer
	_, err = back.WriteTo(&again)
	require.NoError(t, err)
	assert.Equal(t, data, again.Bytes())
}

func TestIndexSnapshotRejects(t *testing.T) {
	_, sigs, data := snapshotIndex(t, dedup.IndexConfig{}, 50)

	// Another signature setting: refused, index unchanged.
	ix := newIndex(t, dedup.IndexConfig{Settings: dedup.Settings{Method: dedup.OnePermutation}})
	_, err := ix.ReadFrom(bytes.NewReader(data))
	assert.ErrorIs(t, err, dedup.ErrSettingsMismatch)

	target := newIndex(t, dedup.IndexConfig{})
	require.NoError(t, target.Add("keep", sigs[0]))
	for _, cut := range []int{0, 3, 5, 20, len(data) / 2, len(data) - 1} {
		_, err := target.ReadFrom(bytes.NewReader(data[:cut]))
		assert.ErrorIs(t, err, dedup.ErrFormat, "cut at %d", cut)
	}
	// Every single flipped byte after the header is caught (checksum,
	// or a field out of range), and the target keeps its document.
	for i := 5; i < len(data); i += 7 {
		bad := bytes.Clone(data)
		bad[i] ^= 0x40
		_, err := target.ReadFrom(bytes.NewReader(bad))
		assert.Error(t, err, "byte %d", i)
	}
	assert.Equal(t, 1, target.Len())
	assert.True(t, target.Contains("keep"))
}

func FuzzSignatureUnmarshal(f *testing.F) {
	s, _ := dedup.NewSigner(dedup.Settings{})
	sig, _ := s.Sign("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen")
	good, _ := sig.MarshalBinary()
	f.Add(good)
	f.Add([]byte("RPSG\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sig dedup.Signature
		if err := sig.UnmarshalBinary(data); err != nil {
			return
		}
		again, err := sig.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("decoded %x but re-encoded %x (%v)", data, again, err)
		}
	})
}

func FuzzIndexReadFrom(f *testing.F) {
	ix, _ := dedup.NewIndex(dedup.IndexConfig{})
	r := rand.New(rand.NewPCG(1, 1))
	for i := range 3 {
		v := make([]uint32, 128)
		for j := range v {
			v[j] = r.Uint32()
		}
		sig, _ := dedup.NewSignature(dedup.Settings{}, 20+i, v)
		_ = ix.Add(fmt.Sprint(i), sig)
	}
	var buf bytes.Buffer
	_, _ = ix.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("RPIX\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		back, err := dedup.ReadIndex(bytes.NewReader(data))
		if err != nil {
			return
		}
		var again bytes.Buffer
		if _, err := back.WriteTo(&again); err != nil {
			t.Fatal(err)
		}
		if back.Len() > 0 && !bytes.Equal(again.Bytes(), data) {
			t.Fatalf("decoded snapshot re-encodes differently")
		}
	})
}

// retired reads a file written by an earlier build (see
// testdata/retired-minwise-xxh64/ORIGIN.txt).
func retired(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "retired-minwise-xxh64", name))
	require.NoError(t, err)
	return b
}

func TestRetiredMinWiseFamilyIsRefused(t *testing.T) {
	// A signature and an index snapshot written with the unmixed MinWise
	// family are refused with an error that says what happened and what
	// to do; OnePermutation data of the same build still reads.
	checkRetired := func(err error) {
		t.Helper()
		require.ErrorIs(t, err, dedup.ErrRetiredFamily)
		require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
		for _, want := range []string{"minwise-xxh64", "before December 2026", "rebuild"} {
			assert.Contains(t, err.Error(), want)
		}
	}
	var sig dedup.Signature
	checkRetired(sig.UnmarshalBinary(retired(t, "seed000.sig")))
	assert.Zero(t, sig.Len(), "receiver unchanged")

	_, err := dedup.ReadIndex(bytes.NewReader(retired(t, "index.snap")))
	checkRetired(err)
	ix := newIndex(t, dedup.IndexConfig{})
	_, err = ix.ReadFrom(bytes.NewReader(retired(t, "index.snap")))
	checkRetired(err)
	assert.Zero(t, ix.Len())

	// The description an old store recorded is recognised too.
	checkRetired(dedup.CheckRetired("sig/1 minwise-xxh64 seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1"))
	assert.NoError(t, dedup.CheckRetired(dedup.Settings{}.String()))
	assert.NoError(t, dedup.CheckRetired(dedup.Settings{Method: dedup.OnePermutation, NumHashes: 64}.String()))
	assert.NoError(t, dedup.CheckRetired(""))

	// OnePermutation kept its family: the old signature equals a new one.
	require.NoError(t, sig.UnmarshalBinary(retired(t, "seed000-oph.sig")))
	fresh := sign(t, newSigner(t, dedup.Settings{Method: dedup.OnePermutation}), seed(t, 0))
	assert.Equal(t, fresh.AppendValues(nil), sig.AppendValues(nil))
	assert.Equal(t, fresh.SettingsID(), sig.SettingsID())
}
