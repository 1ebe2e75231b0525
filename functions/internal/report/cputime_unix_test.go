//go:build unix

package report

import "syscall"

// cpuSeconds is the CPU time the process has used, user and system, so a
// loaded machine does not inflate the benchmark's figure as wall time does.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
