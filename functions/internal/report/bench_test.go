package report

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkBuild builds reports of synthetic estates over every service of
// the spec and three accounts, compared with a previous scan, and reports
// build time, peak heap and peak RSS per size and per 1,000 resources, so
// growth from 1,000 to 50,000 resources reads off one run:
//
//	go test -run '^$' -bench Build -benchtime 1x ./functions/internal/report/
func BenchmarkBuild(b *testing.B) {
	// The first size that runs is the baseline the others report their growth
	// against (x-time and x-heap: how many times the baseline's).
	var baseCPU, baseHeap float64
	for _, total := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("resources=%d", total), func(b *testing.B) {
			src := benchEstate(b, total)
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			var peakHeap, peakRSS uint64
			var elapsed time.Duration
			var cpu float64
			var size int64
			b.ResetTimer()
			for range b.N {
				debug.FreeOSMemory() // the estate's garbage must not count
				resetPeakRSS()
				stop := sampleHeap()
				cpu0 := cpuSeconds()
				start := time.Now()
				cw := &countingWriter{}
				_, err := Build(context.Background(), cw, Request{
					Meta: benchMeta(), Source: src, TaskID: "bench-current", PreviousTaskID: "bench-previous",
					TempDir: b.TempDir(), Logger: log,
				})
				elapsed += time.Since(start)
				cpu += cpuSeconds() - cpu0
				peakHeap = max(peakHeap, stop())
				peakRSS = max(peakRSS, readPeakRSS())
				size = cw.n
				if err != nil {
					b.Fatal(err)
				}
			}
			perOp := elapsed / time.Duration(b.N)
			per1k := float64(total) / 1000
			b.ReportMetric(float64(perOp.Milliseconds()), "ms/report")
			b.ReportMetric(float64(perOp.Milliseconds())/per1k, "ms/1k-resources")
			b.ReportMetric(cpu*1000/float64(b.N), "cpu-ms/report")
			b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
			if baseCPU == 0 {
				baseCPU, baseHeap = cpu/float64(b.N), float64(peakHeap)
			} else if baseCPU > 0 {
				b.ReportMetric(cpu/float64(b.N)/baseCPU, "x-time")
				b.ReportMetric(float64(peakHeap)/baseHeap, "x-heap")
			}
			if peakRSS > 0 {
				b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
			}
			b.ReportMetric(float64(size)/(1<<20), "docx-MB")
		})
	}
}

func benchMeta() Metadata {
	m := Metadata{ClientName: "Bench Corp", ProjectName: "Scale", CloudEngineer: "Bench", Version: "1.0",
		Date: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC), TaskName: "bench",
		Accounts: []string{"111111111111", "222222222222", "333333333333"}, Regions: []string{"eu-west-1", "us-east-1"}}
	return m
}

// benchEstate is a previous scan of total resources and a current one
// derived from it, in an in-memory source.
func benchEstate(b *testing.B, total int) MemSource {
	b.Helper()
	m := benchMeta()
	prev := synthesize(synthOptions{taskID: "bench-previous", accounts: m.Accounts, regions: m.Regions, total: total})
	cur := mutate(prev, "bench-current")
	src := MemSource{}
	if err := src.Put(prev); err != nil {
		b.Fatal(err)
	}
	if err := src.Put(cur); err != nil {
		b.Fatal(err)
	}
	return src
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// sampleHeap samples the live heap every 5 ms (runtime/metrics
// reads it without stopping the world) until the returned func is called,
// which returns the peak.
func sampleHeap() func() uint64 {
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// resetPeakRSS and readPeakRSS use Linux's VmHWM; elsewhere they do nothing.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func readPeakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
