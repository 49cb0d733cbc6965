// Package labels holds the hand-labelled pairs of real news stories
// (testdata/labels) and the tools around them: the stratified sampler
// that picked the pairs ([Sample]), the reader of the labels file
// ([Read]) and the measure of the pipeline's agreement with the labels
// ([Agreement]). The labelling rules are in docs/labelling.md.
package labels
