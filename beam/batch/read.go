package batch

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// readFn reads one JSONL shard, with the flagger's checks, and emits its
// articles with their global order keys. A shard is read by one worker
// from start to end; parallelism comes from having many shards (or
// Options.Reshuffle).
type readFn struct {
	MaxArticle int64 `json:"maxArticle"`
	articles   beam.Counter
	bytes      beam.Counter
}

func (f *readFn) Setup() {
	f.articles = beam.NewCounter("reprint", "articles")
	f.bytes = beam.NewCounter("reprint", "input_text_bytes")
}

func (f *readFn) ProcessElement(ctx context.Context, shard Shard, emit func(Raw)) (err error) {
	fs, err := filesystem.New(ctx, shard.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", shard.Path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, shard.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", shard.Path, err)
	}
	defer func() {
		if cerr := rc.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", shard.Path, cerr)
		}
	}()
	var n uint64
	return newsio.Reader{MaxArticle: f.MaxArticle}.ReadFromReader(rc, shard.Path, func(in newsio.Input) error {
		if n >= 1<<shardBits {
			return fmt.Errorf("%s: more than %d articles in one file: split it", shard.Path, uint64(1)<<shardBits)
		}
		r := Raw{Order: orderKey(shard.Index, n), ID: in.ID, Text: in.Text, Title: in.Title, Source: in.Source, URL: in.URL}
		if !in.Published.IsZero() {
			b, err := in.Published.MarshalText()
			if err != nil {
				return fmt.Errorf("%s: published: %w", in.Where, err)
			}
			r.Published = string(b)
		}
		n++
		f.articles.Inc(ctx, 1)
		f.bytes.Inc(ctx, int64(len(in.Text)))
		emit(r)
		return nil
	})
}

// signFn signs an article with the library's signer and emits it; its
// band keys, each with the article as a bucket member; and the keys
// alone, to count the buckets' sizes.
type signFn struct {
	Index    dedup.IndexConfig `json:"index"` // normalized: banding solved
	signer   *dedup.Signer
	sig      dedup.Signature
	keys     []uint64
	values   []uint32
	tooShort beam.Counter
	bandOut  beam.Counter
	artOut   beam.Counter
	keyOut   beam.Counter
}

func (f *signFn) Setup() error {
	s, err := dedup.NewSigner(f.Index.Settings)
	if err != nil {
		return err
	}
	f.signer = s
	f.tooShort = beam.NewCounter("reprint", "too_short")
	f.bandOut = beam.NewCounter("reprint", "shuffle_bytes_bands")
	f.artOut = beam.NewCounter("reprint", "shuffle_bytes_articles")
	f.keyOut = beam.NewCounter("reprint", "shuffle_bytes_band_keys")
	return nil
}

// memberBytes is the fixed payload of one band-bucket element: key,
// order, time, band, shingle count; its ID and signature come on top.
const memberBytes = 40

func (f *signFn) ProcessElement(ctx context.Context, r Raw, emit func(Article), emitBand func(uint64, Member), emitKey func(uint64)) error {
	a := Article{Order: r.Order, ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL, Published: r.Published, At: noTime,
		Credited: provenance.Credited(r.Text)}
	if r.Published != "" {
		t, err := parsePublished(r.Published)
		if err != nil {
			return fmt.Errorf("article %q: published %q: %w", r.ID, r.Published, err)
		}
		a.At = t.UnixNano()
	}
	err := f.signer.SignTo(&f.sig, r.Text)
	switch {
	case errors.Is(err, dedup.ErrTooShort):
		f.tooShort.Inc(ctx, 1)
		f.artOut.Inc(ctx, articleBytes(&a))
		emit(a)
		return nil
	case err != nil:
		return fmt.Errorf("article %q: %w", r.ID, err)
	}
	a.Shingles = int64(f.sig.Shingles())
	a.Sig = packSig(&f.sig, f.values)
	f.keys, err = f.Index.Banding.AppendKeys(f.keys[:0], &f.sig)
	if err != nil {
		return err
	}
	emit(a)
	f.artOut.Inc(ctx, articleBytes(&a)) // joined with its candidates
	for b, k := range f.keys {
		emitBand(k, Member{Order: a.Order, At: a.At, Band: int64(b), ID: a.ID, Shingles: a.Shingles, Sig: a.Sig})
		emitKey(k)
	}
	f.bandOut.Inc(ctx, int64((memberBytes+len(a.ID)+len(a.Sig))*len(f.keys)))
	f.keyOut.Inc(ctx, int64(8*len(f.keys)))
	return nil
}

// articleBytes is the payload of an article keyed by its order key.
func articleBytes(a *Article) int64 {
	n := 8 + 8 + len(a.ID) + len(a.Title) + len(a.Source) + len(a.URL) + len(a.Published) + 8 + 8 + len(a.Sig)
	for _, c := range a.Credited {
		n += len(c)
	}
	return int64(n)
}
