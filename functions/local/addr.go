package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"
)

// loopbackOnly refuses a listen address any other machine could reach.
// Local mode's identity provider signs tokens with a key kept in the data
// folder and its admin password is printed on the terminal; the stand-ins
// listen on 127.0.0.1 only. Serving the API beyond this machine would hand
// it to anyone on the network. A host name must resolve to loopback
// addresses only.
func loopbackOnly(ctx context.Context, addr string, lookup func(context.Context, string) ([]net.IPAddr, error)) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("CLOUDCENSUS_ADDR=%q is not host:port (for example 127.0.0.1:8080)", addr)
	}
	refuse := func(why string) error {
		return fmt.Errorf("CLOUDCENSUS_ADDR=%q %s: local mode serves this machine only (its identity provider's signing key and admin password are not secrets); use 127.0.0.1, ::1 or localhost", addr, why)
	}
	if host == "" {
		return refuse("listens on every interface")
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil {
		if !ip.IsLoopback() {
			return refuse("is not a loopback address")
		}
		return nil
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ips, err := lookup(ctx, host)
	if err != nil || len(ips) == 0 {
		return refuse("does not resolve")
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return refuse("resolves to " + ip.IP.String() + ", not a loopback address")
		}
	}
	return nil
}
