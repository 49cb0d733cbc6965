package credit

// AppendRef is the reference Append (reference_test.go), for the
// differential tests of package credit_test.
var AppendRef = appendRef

// PhotoLabels are the picture-credit labels, for a test of their guard.
var PhotoLabels = photoLabels
