package main

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
)

func TestServeAddressLoopbackOnly(t *testing.T) {
	hosts := map[string][]net.IPAddr{
		"lan.example":      {{IP: net.ParseIP("192.168.1.20")}},
		"mixed.example":    {{IP: net.ParseIP("127.0.0.1")}, {IP: net.ParseIP("10.0.0.3")}},
		"loopback.example": {{IP: net.ParseIP("127.0.0.2")}, {IP: net.ParseIP("::1")}},
	}
	lookup := func(_ context.Context, h string) ([]net.IPAddr, error) {
		if ips, ok := hosts[h]; ok {
			return ips, nil
		}
		return nil, errors.New("no such host")
	}
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:8080", "LOCALHOST:0", "127.0.0.1:0", "loopback.example:8080"} {
		if err := loopbackOnly(context.Background(), addr, lookup); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "[::]:8080", "192.168.1.20:8080", "10.0.0.1:80",
		"lan.example:8080", "mixed.example:8080", "nowhere.example:8080", "8080", "[fe80::1]:8080"} {
		err := loopbackOnly(context.Background(), addr, lookup)
		if err == nil {
			t.Errorf("%s accepted", addr)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "CLOUDCENSUS_ADDR") {
			t.Errorf("%s: want a one-line error naming CLOUDCENSUS_ADDR, got %q", addr, msg)
		}
	}
}

// serve refuses before it starts anything.
func TestServeRefusesAddressBeyondLoopback(t *testing.T) {
	t.Setenv("CLOUDCENSUS_ADDR", "0.0.0.0:0")
	t.Setenv("CLOUDCENSUS_DATA_DIR", t.TempDir())
	if code := serve(context.Background(), nil); code != 1 {
		t.Fatalf("serve on 0.0.0.0 exited %d, want 1", code)
	}
}
