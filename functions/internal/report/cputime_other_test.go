//go:build !unix

package report

// cpuSeconds is not measured here; the benchmark reports 0.
func cpuSeconds() float64 { return 0 }
