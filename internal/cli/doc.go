// Package cli holds what the example programs share on the command line:
// the pipeline flags, -max-article, and a progress line. Reading articles
// and writing reports are in package newsio.
package cli
