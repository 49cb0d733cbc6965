package provenance_test

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// errInDoubt is the error of a write that may have been applied: a
// timeout, a broken connection.
var errInDoubt = errors.New("i/o timeout")

// A fault of the next write.
const (
	noFault = iota
	landed  // applied, but the caller is told it failed
	lost    // not applied, and the caller is told it failed
)

// idempotentStore is a Store shared by goroutines, as package
// redisindex's is by processes: one record per article ID, the same
// record again a no-op; its next Append can fail in doubt.
type idempotentStore struct {
	mu    sync.Mutex
	recs  [][]byte
	byID  map[string]int
	fault int
}

func (s *idempotentStore) Append(r *provenance.Record) error {
	b, err := r.MarshalBinary()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fault := s.fault
	s.fault = noFault
	if fault == lost {
		return errInDoubt
	}
	if i, ok := s.byID[r.Article.ID]; ok {
		if !bytes.Equal(s.recs[i], b) {
			return fmt.Errorf("%w: %q has another record", provenance.ErrDuplicateID, r.Article.ID)
		}
	} else {
		if s.byID == nil {
			s.byID = make(map[string]int)
		}
		s.byID[r.Article.ID] = len(s.recs)
		s.recs = append(s.recs, b)
	}
	if fault == landed {
		return errInDoubt
	}
	return nil
}

func (s *idempotentStore) Commit() error { return nil }
func (s *idempotentStore) Close() error  { return nil }

func (s *idempotentStore) Records(from int) iter.Seq2[*provenance.Record, error] {
	return func(yield func(*provenance.Record, error) bool) {
		s.mu.Lock()
		recs := s.recs[min(from, len(s.recs)):len(s.recs):len(s.recs)]
		s.mu.Unlock()
		for _, b := range recs {
			r := new(provenance.Record)
			if err := r.UnmarshalBinary(b); err != nil {
				yield(nil, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// faultyIndex is an in-memory index (whose Add of an indexed ID is
// always a duplicate) whose next Add or query can fail in doubt.
type faultyIndex struct {
	*dedup.Index
	addFault, queryFault int
}

func (ix *faultyIndex) Add(id string, sig *dedup.Signature) error {
	fault := ix.addFault
	ix.addFault = noFault
	if fault == lost {
		return errInDoubt
	}
	if err := ix.Index.Add(id, sig); err != nil {
		return err
	}
	if fault == landed {
		return errInDoubt
	}
	return nil
}

func (ix *faultyIndex) AppendQueryExcept(dst []dedup.Match, sig *dedup.Signature, except string) ([]dedup.Match, error) {
	if ix.queryFault != noFault {
		ix.queryFault = noFault
		return dst, errInDoubt
	}
	return ix.Index.AppendQueryExcept(dst, sig, except)
}

// TestSharedAddInDoubt fails each write of a tracker on a shared index
// and store in doubt, applied or not. The tracker must say the outcome is
// unknown, take nothing back, and settle on a retry of the same article:
// one index entry, one record, the verdict returned, and a later
// verbatim copy finds the article.
func TestSharedAddInDoubt(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		addFault, queryFault, save int
	}{
		{"index add landed", landed, noFault, noFault},
		{"index add lost", lost, noFault, noFault},
		{"query failed", noFault, landed, noFault},
		{"append landed", noFault, noFault, landed},
		{"append lost", noFault, noFault, lost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem, err := dedup.NewIndex(dedup.IndexConfig{})
			require.NoError(t, err)
			ix := &faultyIndex{Index: mem}
			st := &idempotentStore{}
			tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
			require.NoError(t, err)
			add(t, tr, seedArticle(t, 0))
			x := seedArticle(t, 1)

			ix.addFault, ix.queryFault, st.fault = tc.addFault, tc.queryFault, tc.save
			_, err = tr.Add(x)
			require.ErrorIs(t, err, errInDoubt)
			require.ErrorIs(t, err, provenance.ErrOutcomeUnknown)
			t.Log(err)
			if tc.addFault == landed || tc.queryFault != noFault || tc.save != noFault {
				require.True(t, mem.Contains(x.ID), "the index entry was taken back")
			}

			v, err := tr.Add(x)
			require.NoError(t, err, "retrying the Add")
			require.Equal(t, x.ID, v.ID)
			require.Equal(t, 2, mem.Len())
			require.Len(t, st.recs, 2)
			v = add(t, tr, provenance.Article{ID: "x-copy", Text: x.Text})
			require.NotEmpty(t, v.Sources)
			require.Equal(t, x.ID, v.Sources[0].Source)
			_, err = tr.Add(x)
			require.ErrorIs(t, err, provenance.ErrDuplicateID)
		})
	}

	// After a failure in doubt, another article under the same ID is not
	// a retry: it is a duplicate.
	t.Run("another article", func(t *testing.T) {
		mem, err := dedup.NewIndex(dedup.IndexConfig{})
		require.NoError(t, err)
		ix := &faultyIndex{Index: mem}
		st := &idempotentStore{}
		tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
		require.NoError(t, err)
		x := seedArticle(t, 1)
		st.fault = landed
		_, err = tr.Add(x)
		require.ErrorIs(t, err, provenance.ErrOutcomeUnknown)
		other := seedArticle(t, 2)
		other.ID = x.ID
		_, err = tr.Add(other)
		require.ErrorIs(t, err, provenance.ErrDuplicateID)
		require.Len(t, st.recs, 1)
		// The first article itself still settles.
		_, err = tr.Add(x)
		require.NoError(t, err)
		require.Len(t, st.recs, 1)
	})
}
