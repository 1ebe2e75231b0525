package channels

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Timeouts of a delivery. The whole request, redirects refused, takes at
// most sendTimeout; a receiver that needs longer is treated as down.
const (
	sendTimeout   = 10 * time.Second
	dialTimeout   = 5 * time.Second
	maxReadBody   = 64 << 10 // what is read of a response
	maxLoggedBody = 512      // what of it Result keeps for the delivery log
)

// NewHTTPClient is the client Sender posts with: every connection goes
// through a dialer that resolves the host itself, refuses it unless every
// address is allowed by p, dials only the addresses it checked, and checks
// again the address the socket actually connects to. It uses no proxy (a
// proxy would hide the destination from the check), follows no redirect
// and gives up after 10 s.
func NewHTTPClient(p Policy) *http.Client {
	g := &guardedDialer{policy: p}
	g.dialer = net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, Control: g.control}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            g.dialContext,
			ForceAttemptHTTP2:      true,
			TLSHandshakeTimeout:    dialTimeout,
			ResponseHeaderTimeout:  sendTimeout,
			ExpectContinueTimeout:  time.Second,
			MaxIdleConns:           16,
			IdleConnTimeout:        30 * time.Second,
			MaxResponseHeaderBytes: maxReadBody,
		},
		Timeout: sendTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			// A receiver that redirects could send the request anywhere,
			// including where the dialer would not have gone by name.
			return http.ErrUseLastResponse
		},
	}
}

type guardedDialer struct {
	policy Policy
	dialer net.Dialer
}

func (g *guardedDialer) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := g.policy.checkHost(ctx, host)
	if errors.Is(err, errUnresolved) {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBlockedDestination, err)
	}
	var first error
	for _, ip := range ips {
		conn, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// control runs just before connect(2) with the address being dialed: the
// last word, whatever resolved it.
func (g *guardedDialer) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address", ErrBlockedDestination)
	}
	if err := g.policy.checkIP(ap.Addr()); err != nil {
		return fmt.Errorf("%w: %v", ErrBlockedDestination, err)
	}
	return nil
}
