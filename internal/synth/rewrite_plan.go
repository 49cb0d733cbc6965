package synth

// This file plans what Config.Rewrites adds to a run: material stories
// for partial copies and added sentences, and same-topic negatives.

import (
	"math/rand/v2"
	"slices"
)

// SameTopicMaxContainment bounds how much a same-topic negative may
// share with any other kept story, as DistractorMaxContainment does for
// distractors but looser: a same-topic negative is a hard negative, and
// may share a newswire formula or two with its partner, but not enough
// to be an update or re-send of it.
const SameTopicMaxContainment = 0.25

// materialShare is the share of usable stories set aside as material
// (at most maxMaterial): two in three as hosts of partial copies (each
// used once), the others as donors of added sentences (each sentence
// used once).
const (
	materialShare = 0.2
	maxMaterial   = 8000
)

// setAsideMaterial marks the first stories of order (a random order of
// the unused ones) as material, hosts and donors, and
// returns how many.
func (r *run) setAsideMaterial(order []int, used []bool) int {
	n := min(int(materialShare*float64(len(r.p.stories))), maxMaterial, len(order))
	if len(r.p.stories) < 40 {
		n = 0
	}
	for k, i := range order[:n] {
		used[i] = true
		pool := r.hosts
		if k%3 == 2 {
			pool = r.donors
		}
		pool.add(int32(i), r.p.stories[i].day)
	}
	r.stats.Material = n
	return n
}

// findSameTopic returns an unused story published later on the same day
// as story i, on the same topic, that shares little text with any kept
// story (under SameTopicMaxContainment); -1 if there is none. Same topic
// means a shared topic code when both stories have topics, else a
// shared distinctive headline word; among candidates, the most topics,
// headline words and dateline city in common wins.
func (r *run) findSameTopic(rng *rand.Rand, i int32, used []bool) int {
	st := &r.p.stories[i]
	cands := r.p.days[st.day]
	best, bestScore := -1, 0
	off := rng.IntN(max(1, len(cands)))
	for k := range min(len(cands), 400) {
		j := cands[(off+k)%len(cands)]
		c := &r.p.stories[j]
		if j == i || used[j] || c.t <= st.t || c.maxC >= SameTopicMaxContainment || c.exposure >= SameTopicMaxContainment {
			continue
		}
		topics := sharedKeys(st.topics, c.topics)
		keys := sharedKeys(st.titleKeys, c.titleKeys)
		if len(st.topics) > 0 && len(c.topics) > 0 {
			if topics == 0 {
				continue
			}
		} else if keys == 0 {
			continue
		}
		score := 3*topics + keys
		if st.city != "" && st.city == c.city {
			score++
		}
		if score > bestScore {
			best, bestScore = int(j), score
		}
	}
	return best
}

// sortedTopics returns the distinct topics, sorted.
func sortedTopics(topics []string) []string {
	out := slices.Clone(topics)
	slices.Sort(out)
	return slices.Compact(out)
}
