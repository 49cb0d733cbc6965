package dedup

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkTables verifies the cell tables against the slots: every table
// has exactly one cell for each live slot, under that slot's key, reachable
// from the key's home; used counts the non-empty cells; no cell names a
// free slot.
func checkTables(t *testing.T, l *lsh) {
	t.Helper()
	mask := l.slotMask()
	for tb, tab := range l.tables {
		used, perSlot := 0, map[uint32]int{}
		for _, c := range tab {
			if c != cellEmpty {
				used++
			}
			if c&mask > cellDeleted {
				slot := c&mask - 2
				require.NotZero(t, l.shingles[slot], "table %d names free slot %d", tb, slot)
				perSlot[slot]++
			}
		}
		require.Equal(t, used, l.used[tb], "table %d used count", tb)
		require.Len(t, perSlot, l.live, "table %d live cells", tb)
		for slot, n := range perSlot {
			require.Equal(t, 1, n, "table %d cells of slot %d", tb, slot)
			found := false
			l.lookup(tb, l.key(tb, slot), func(s uint32) bool { found = s == slot; return !found })
			require.True(t, found, "table %d: slot %d unreachable from its home", tb, slot)
		}
	}
}

func TestTablesWidenRebuildAndForget(t *testing.T) {
	// Start with a 2-bit slot field so that it widens four times, and
	// churn enough to rebuild the tables both up and down.
	cfg, err := IndexConfig{MinShare: -1}.normalized()
	require.NoError(t, err)
	var l lsh
	l.init(cfg)
	l.slotBits = 2
	r := rand.New(rand.NewPCG(1, 1))
	var live []string
	for step := range 5000 {
		if len(live) > 0 && (r.IntN(3) == 0 || step > 3000) {
			i := r.IntN(len(live))
			require.True(t, l.remove(live[i]))
			require.False(t, l.remove(live[i]), "removed twice")
			live[i] = live[len(live)-1]
			live = live[:len(live)-1]
		} else {
			values := make([]uint32, l.k)
			for i := range values {
				values[i] = r.Uint32()
			}
			id := fmt.Sprint("doc", step)
			l.add(id, &Signature{settings: cfg.Settings, id: l.settingsID, shingles: 100, values: values}, Place{})
			live = append(live, id)
		}
		if step%500 == 0 || step == 4999 {
			checkTables(t, &l)
			for _, id := range live {
				slot, ok := l.findID(id)
				require.True(t, ok, id)
				require.Equal(t, id, l.ids[slot])
			}
		}
	}
	require.GreaterOrEqual(t, l.slotBits, uint(10), "slot field widened from 2 bits")
	require.Empty(t, live)
	require.Zero(t, l.live)
	// Every deleted cell was turned back into an empty one.
	for _, u := range l.used {
		require.Zero(t, u)
	}
}
