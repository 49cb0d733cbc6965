package provenance

import (
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/dedup"
)

// Adding many articles: the work of an addition that needs no lock
// (cutting the text into shingles and words, signing it, reading its
// credits) is done for the next articles on GOMAXPROCS workers while
// the tracker applies the current one.

// AddBatch adds articles in order, as calling [Tracker.Add] on each in
// turn would, and returns their verdicts, in the same order. Texts are
// fingerprinted on GOMAXPROCS goroutines; articles are matched and
// recorded one at a time, in input order, so that the verdicts, the
// graph and everything stored are those of adding the articles one by
// one (boilerplate learned from an article is left out of the next
// one's signature, as with Add).
//
// If article k cannot be added, AddBatch returns the verdicts of
// articles[:k], which are added, and a [*BatchError] with Index k that
// wraps the error Add returns for it (errors.Is sees through it);
// articles[k+1:] are not added. It is safe for concurrent use: Adds
// made by other goroutines meanwhile are applied between the batch's
// articles, in the order they take the tracker's lock.
func (t *Tracker) AddBatch(articles []Article) ([]Verdict, error) {
	verdicts := make([]Verdict, 0, len(articles))
	for v, err := range t.AddAll(slices.Values(articles)) {
		if err != nil {
			return verdicts, err
		}
		verdicts = append(verdicts, v)
	}
	return verdicts, nil
}

// AddAll adds the articles of seq in order, as AddBatch does, and
// yields each one's verdict as soon as it is added, before the next
// article is added: the loop body sees the tracker as one-by-one Adds
// would leave it. It reads a few articles per worker ahead of the one
// being added, so memory is bounded on an endless seq.
//
// seq is ranged over on another goroutine (never on two at once), and
// the iteration ends once seq has returned. If article k cannot be
// added, the iteration yields a [*BatchError] with Index k (counted
// from 0) wrapping Add's error, and ends; the articles after k, which
// may have been read from seq, are not added. When the loop ends early
// (an error, or break), seq's yield returns false from then on, and the
// iteration waits for seq to return: a seq that blocks waiting for
// input (a pipe) holds it until the input comes or ends. It is safe for
// concurrent use, as AddBatch.
func (t *Tracker) AddAll(seq iter.Seq[Article]) iter.Seq2[Verdict, error] {
	return func(yield func(Verdict, error) bool) {
		for added, err := range t.addAll(seq, false) {
			if !yield(added.Verdict, err) {
				return
			}
		}
	}
}

// Added is an article's outcome in [Tracker.AddAllWithChanges]: its
// verdict, and the verdicts of the articles added earlier that adding
// it changed, as [Tracker.AddWithChanges] returns them.
type Added struct {
	Verdict Verdict
	Changed []Verdict
}

// AddAllWithChanges is [Tracker.AddAll] yielding with each verdict the
// verdicts of the earlier articles its addition changed, as
// [Tracker.AddWithChanges] does (and at the same cost).
func (t *Tracker) AddAllWithChanges(seq iter.Seq[Article]) iter.Seq2[Added, error] {
	return t.addAll(seq, true)
}

// BatchError is the error of [Tracker.AddBatch], [Tracker.AddAll] and
// [Tracker.AddAllWithChanges] when an article cannot be added: the
// articles before it were added, it and those after it were not.
type BatchError struct {
	// Index is the article's position in the input, from 0.
	Index int
	// ID is the article's ID.
	ID string
	// Err is the error [Tracker.Add] returns for the article.
	Err error
}

func (e *BatchError) Error() string { return fmt.Sprintf("article %d: %v", e.Index, e.Err) }

// Unwrap returns Err.
func (e *BatchError) Unwrap() error { return e.Err }

// pipelineDepth is how many articles per worker AddAll has in hand at
// most, read and not yet added. The fewer, the fewer are signed before
// boilerplate learned from the articles ahead of them changes their
// signature, and must be signed again: on the synthetic corpus (many
// outlets, each with its templates) 24% of the articles at 128 per
// worker, 1.7% at 4. The workers, which prepare an article in half the
// time the tracker takes to add one, keep ahead all the same.
const pipelineDepth = 4

// addAll is AddAll and AddAllWithChanges: an article is prepared by one
// of the workers and applied by the caller's goroutine in input order.
func (t *Tracker) addAll(seq iter.Seq[Article], withChanges bool) iter.Seq2[Added, error] {
	return func(yield func(Added, error) bool) {
		if withChanges {
			t.startTracking()
		}
		workers := runtime.GOMAXPROCS(0)
		depth := max(8, pipelineDepth*workers)
		done := make(chan struct{})
		order := make(chan *prepared, depth) // to the applier, in input order
		jobs := make(chan *prepared, depth+1)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // the feeder
			defer wg.Done()
			defer close(order)
			defer close(jobs)
			for a := range seq {
				p := &prepared{ready: make(chan struct{})}
				p.a = a
				select {
				case order <- p:
				case <-done:
					return
				}
				select {
				case jobs <- p:
				case <-done:
					return
				}
			}
		}()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case p, ok := <-jobs:
						if !ok {
							return
						}
						t.prepare(p, p.a)
						close(p.ready)
					case <-done:
						return
					}
				}
			}()
		}
		defer wg.Wait()
		defer close(done)
		i := 0
		for p := range order {
			<-p.ready
			if t.boilerplateChanged(p) {
				t.sign(p) // learned since: sign it as Add would now
			}
			var changed *[]Verdict
			if withChanges {
				changed = new([]Verdict)
			}
			v, err := t.addPrepared(p, changed)
			t.release(p)
			if err != nil {
				yield(Added{}, &BatchError{Index: i, ID: p.a.ID, Err: err})
				return
			}
			added := Added{Verdict: v}
			if changed != nil {
				added.Changed = *changed
			}
			if !yield(added, nil) {
				return
			}
			i++
		}
	}
}

// prepared is an article and the work of adding it that needs no lock.
type prepared struct {
	a     Article
	err   error         // from checking or signing, returned when its turn comes
	ready chan struct{} // closed when prepared (AddAll)

	sig     *dedup.Signature // nil if too short to fingerprint
	skipped int              // shingle occurrences left out as boilerplate
	hashes  []uint64         // the text's shingle hashes, in order, with repeats
	left    []int32          // positions in hashes of those left out
	// leftRanges are the byte ranges of the text covered by the shingles
	// left out, merged (see dedup.Signer.SignToExceptRanges), when the
	// tracker uses them (see needsLeftRanges).
	leftRanges [][2]int
	credited   []string
	ds         *docScratch // holds doc; nil without a second index
	doc        *align.Doc
}

// prepare checks article a and does the work of adding it that needs
// no lock, into p.
func (t *Tracker) prepare(p *prepared, a Article) {
	p.a = a
	if err := CheckID(a.ID); err != nil {
		p.err = err
		return
	}
	if strings.TrimSpace(a.Text) == "" {
		p.err = fmt.Errorf("%w: %q", ErrEmptyText, a.ID)
		return
	}
	t.sign(p)
	if p.err == nil {
		p.credited = creditedNames(a.Text)
	}
}

// sign signs p's text, leaving out the boilerplate learned so far, and
// cuts its words for the second index.
func (t *Tracker) sign(p *prepared) {
	signer := t.signers.Get().(*dedup.Signer)
	defer t.signers.Put(signer)
	p.err, p.left = nil, p.left[:0]
	if p.sig == nil {
		p.sig = new(dedup.Signature)
	}
	var err error
	if t.needsLeftRanges() {
		// Where the shingles left out are: their words are left out of
		// the second index too (see words), and with texts kept, they
		// are the passages Boilerplate returns (see learnFrom).
		p.skipped, p.leftRanges, err = signer.SignToExceptRanges(p.sig, p.a.Text, t.skipFor(p), p.leftRanges[:0])
	} else {
		p.skipped, err = signer.SignToExcept(p.sig, p.a.Text, t.skipFor(p))
	}
	if errors.Is(err, dedup.ErrTooShort) {
		p.sig, err = nil, nil
	}
	if err != nil {
		p.err = err
		return
	}
	p.hashes = append(p.hashes[:0], signer.Hashes()...)
	if t.rewrites != nil {
		if p.ds == nil {
			p.ds = t.docs.Get().(*docScratch)
		}
		p.doc = t.words(p.ds, p.a.Text, p.leftRanges)
		p.doc.Prepare() // the second index's work on the text alone, off the applier
	}
}

// needsLeftRanges reports whether sign notes where in the text the
// shingles left out as boilerplate are: for the second index, or for
// the passages of texts kept.
func (t *Tracker) needsLeftRanges() bool {
	return t.rewrites != nil || t.keepText && t.boilerplate != nil
}

// addPrepared adds p's article under the lock, then learns from it.
func (t *Tracker) addPrepared(p *prepared, changed *[]Verdict) (Verdict, error) {
	if p.err != nil {
		return Verdict{}, p.err
	}
	v, err := t.add(p.a, p.credited, p.sig, p.skipped, p.doc, changed)
	t.learnFrom(p, err == nil, err == nil && t.teaches(v, p.a))
	return v, err
}

// release returns p's scratch space.
func (t *Tracker) release(p *prepared) {
	if p.ds != nil {
		t.docs.Put(p.ds)
		p.ds, p.doc = nil, nil
	}
}
