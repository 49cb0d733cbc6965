package credit

// agencyDisplay maps each known agency's key to the name it is shown by.
var agencyDisplay = func() map[string]string {
	m := map[string]string{}
	for _, a := range agencyTable {
		switch {
		case len(a.fold) > 0:
			m[a.key] = a.fold[0]
		case len(a.exact) > 0:
			m[a.key] = a.exact[0]
		}
	}
	return m
}()

// AgencyName returns the name a known agency is shown by when name is
// one way of writing it ("REUTER", "reuters.com", "wire:reuters" give
// "Reuters"; "AP" gives "Associated Press"), and false when name is not
// a known agency (see [NormalizeOutlet]). It is a pure function, safe
// for concurrent use.
func AgencyName(name string) (string, bool) {
	s, ok := agencyDisplay[NormalizeOutlet(name)]
	return s, ok
}
