package report

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// BenchmarkWorkbook writes workbooks of the synthetic estates BenchmarkBuild
// uses (every service of the spec, three accounts, two regions, compared
// with a previous scan, so the Changes sheet is written too):
//
//	go test -run '^$' -bench Workbook -benchmem ./functions/internal/report/
//
// Besides time and -benchmem's allocations it reports, per size:
//
//   - peak-heap-MB: the largest live heap seen while the workbook is
//     written, sampled every 5 ms from runtime/metrics
//     (/memory/classes/heap/objects:bytes: live objects and those dead but
//     not yet swept, so it is an upper bound of what the writer holds);
//   - base-heap-MB: the same figure after a GC just before the run, i.e.
//     the in-memory source of both scans the benchmark keeps alive; the
//     writer's own share is the difference;
//   - peak-RSS-MB: the process's high-water mark (Linux VmHWM, reset
//     before each run), which includes the Go runtime's free pages;
//   - xlsx-MB: the size of the workbook written.
func BenchmarkWorkbook(b *testing.B) {
	for _, total := range []int{10000, 50000} {
		b.Run(fmt.Sprintf("resources=%d", total), func(b *testing.B) {
			src := benchEstate(b, total)
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			var peakHeap, baseHeap, peakRSS uint64
			var size int64
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				runtime.GC()
				debug.FreeOSMemory() // the estate's garbage and the last run's must not count
				baseHeap = max(baseHeap, heapObjects())
				resetPeakRSS()
				dir := b.TempDir()
				b.StartTimer()

				stop := sampleHeap()
				cw := &countingWriter{}
				_, err := Workbook(context.Background(), cw, Request{
					Meta: benchMeta(), Source: src, TaskID: "bench-current", PreviousTaskID: "bench-previous",
					TempDir: dir, Logger: log,
				})
				peakHeap = max(peakHeap, stop())
				if err != nil {
					b.Fatal(err)
				}

				b.StopTimer()
				peakRSS = max(peakRSS, readPeakRSS())
				size = cw.n
				b.StartTimer()
			}
			b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(baseHeap)/(1<<20), "base-heap-MB")
			if peakRSS > 0 {
				b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
			}
			b.ReportMetric(float64(size)/(1<<20), "xlsx-MB")
		})
	}
}

// heapObjects is the heap's object bytes now, as sampleHeap reads it.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
