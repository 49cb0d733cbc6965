package provenance

import (
	"container/heap"
	"time"
)

// windowState is a tracker's window (Config.Window and Config.Forget).
type windowState struct {
	width  time.Duration // 0: no window
	forget bool
	clock  windowClock
	aging  agingQueue // articles in the window, oldest first
	// unstamped are articles without a time added while there was no
	// clock yet: they take the clock's time once there is one.
	unstamped []aged
	// due are the articles that left the window during the current
	// add, forgotten once its verdicts are out.
	due []string
}

// age records article x (just applied to the graph) in the window, moves
// the window's clock, and takes the articles that fell out of the window
// out of the index (and their texts out of memory); with Forget they are
// queued to leave the graph too (see forgetDue). An article without a
// time ages from the clock's time when it was added.
func (t *Tracker) age(x int) {
	w := &t.win
	n := &t.graph.nodes[x]
	if n.timed {
		w.clock.observe(n.at)
	}
	now, ok := w.clock.now()
	switch e := (aged{at: n.at, seq: n.seq, id: n.id}); {
	case n.timed:
		heap.Push(&w.aging, e)
	case ok:
		e.at = now
		heap.Push(&w.aging, e)
	default:
		w.unstamped = append(w.unstamped, e)
	}
	if !ok {
		return
	}
	for _, e := range w.unstamped {
		e.at = now
		heap.Push(&w.aging, e)
	}
	w.unstamped = nil
	cutoff := now.Add(-w.width)
	for len(w.aging) > 0 && w.aging[0].at.Before(cutoff) {
		old := heap.Pop(&w.aging).(aged)
		_, _ = t.index.Remove(old.id) // not indexed if too short; an in-memory index never fails
		if t.rewrites != nil {
			t.rewrites.Remove(old.id)
		}
		delete(t.texts, old.id)
		delete(t.boilerplatePassages, old.id)
		if w.forget {
			w.due = append(w.due, old.id)
		}
	}
}

// forgetDue drops from the graph the articles that left the window
// (Config.Forget), once the verdicts of the add that moved them out are
// computed.
func (t *Tracker) forgetDue() {
	w := &t.win
	if len(w.due) == 0 {
		return
	}
	for _, id := range w.due {
		if x, ok := t.graph.byID[id]; ok {
			t.graph.forget(x)
			t.forgotten++
		}
	}
	w.due = w.due[:0]
	t.graph.compactIfDue()
}

// aged is an article in the window and the time it ages from.
type aged struct {
	at  time.Time
	seq int // order added, to break ties
	id  string
}

// agingQueue is a min-heap of articles by time.
type agingQueue []aged

func (q agingQueue) Len() int { return len(q) }
func (q agingQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q agingQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *agingQueue) Push(x any)   { *q = append(*q, x.(aged)) }
func (q *agingQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// Forgotten returns the number of articles the tracker forgot after they
// left the window (Config.Forget); 0 without Forget.
func (t *Tracker) Forgotten() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.forgotten
}
