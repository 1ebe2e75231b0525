// Package report builds the Word implementation document of a scan: the
// cover, document control with its revision history, a table of contents,
// the network diagram, the Implementation List (one section per service
// with resources, laid out exactly as the column spec says), the changes
// since the previous scan, and the coverage and scan-error appendices.
//
// fumiama/go-docx produces the body (paragraphs, runs, tables, the inline
// picture). What it lacks is added around it from template parts embedded
// in this package: styles with Title and Heading 1-3 and a table style, a
// header and a footer with a PAGE field, A4 section properties, the TOC
// field, repeating table header rows and bookmarks. The package is
// assembled part by part into the zip rather than by parsing and saving a
// .docx, because go-docx drops field characters and header/footer
// references when it round-trips a document.
//
// Memory follows the largest service, not the estate: unit results are read
// one at a time, each service's records are spilled to a temporary file,
// and the document is streamed service by service into the output.
//
// It reads unit results through its own small Source interface and imports
// only spec and inventory of the project: never store, blob, httpapi or the
// AWS SDK.
package report
