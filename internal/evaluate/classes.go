package evaluate

import "strings"

// intensityRank orders intensities: light, medium, heavy, then others.
func intensityRank(s string) int {
	switch s {
	case "light":
		return 0
	case "medium":
		return 1
	case "heavy":
		return 2
	}
	return 3
}

// compareClasses orders groups by label, then intensity (light, medium,
// heavy, then others by name).
func compareClasses(a, b Group) int {
	if c := strings.Compare(a.Label, b.Label); c != 0 {
		return c
	}
	if c := intensityRank(a.Intensity) - intensityRank(b.Intensity); c != 0 {
		return c
	}
	return strings.Compare(a.Intensity, b.Intensity)
}

// negativesLinked reports, for each article with a partner (partners[i]
// >= 0), whether its predicted story holds an article of its partner's
// true cluster.
func negativesLinked(partners, clusters []int, stories []string) []bool {
	type key struct {
		story   string
		cluster int
	}
	wanted := map[key]bool{}
	for i, j := range partners {
		if j >= 0 {
			wanted[key{stories[i], clusters[j]}] = false
		}
	}
	if len(wanted) == 0 {
		return make([]bool, len(partners))
	}
	for i := range stories {
		k := key{stories[i], clusters[i]}
		if _, ok := wanted[k]; ok {
			wanted[k] = true
		}
	}
	out := make([]bool, len(partners))
	for i, j := range partners {
		out[i] = j >= 0 && wanted[key{stories[i], clusters[j]}]
	}
	return out
}
