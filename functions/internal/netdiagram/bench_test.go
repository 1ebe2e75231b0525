package netdiagram

import (
	"fmt"
	"io"
	"testing"
)

var benchSizes = []int{1, 20, 200}

// BenchmarkBuild lays out generated estates of 1, 20 and 200 subnets.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		records := generated(n, 40)
		b.Run(fmt.Sprintf("subnets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var parts int
			for b.Loop() {
				parts = len(Build(testAccount, testRegion, records))
			}
			b.ReportMetric(float64(parts), "diagrams")
		})
	}
}

// BenchmarkPNG draws every diagram of the estate as a PNG.
func BenchmarkPNG(b *testing.B) {
	for _, n := range benchSizes {
		ds := Build(testAccount, testRegion, generated(n, 40))
		b.Run(fmt.Sprintf("subnets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var size countingWriter
			for b.Loop() {
				size = 0
				for _, d := range ds {
					if err := d.PNG(&size); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(size), "png-bytes")
			b.ReportMetric(float64(len(ds)), "diagrams")
		})
	}
}

// BenchmarkSVG writes every diagram of the estate as SVG.
func BenchmarkSVG(b *testing.B) {
	for _, n := range benchSizes {
		ds := Build(testAccount, testRegion, generated(n, 40))
		b.Run(fmt.Sprintf("subnets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var size countingWriter
			for b.Loop() {
				size = 0
				for _, d := range ds {
					if err := d.SVG(&size); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(size), "svg-bytes")
		})
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
