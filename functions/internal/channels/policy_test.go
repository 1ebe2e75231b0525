package channels

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// internal resolves names to every kind of address a channel must not
// reach.
func internal() *fakeResolver {
	return resolver(map[string][]string{
		"metadata.example.com":   {"169.254.169.254"},
		"metadata6.example.com":  {"fd00:ec2::254"},
		"ecs.example.com":        {"169.254.170.2"},
		"ten.example.com":        {"10.0.0.1"},
		"home.example.com":       {"192.168.1.1"},
		"corp.example.com":       {"172.16.5.4"},
		"loop6.example.com":      {"::1"},
		"loop.example.com":       {"127.0.0.1"},
		"mapped.example.com":     {"::ffff:127.0.0.1"},
		"cgnat.example.com":      {"100.64.0.1"},
		"ula.example.com":        {"fd12:3456::1"},
		"linklocal6.example.com": {"fe80::1"},
		"zero.example.com":       {"0.0.0.0"},
		"unspec6.example.com":    {"::"},
		"multicast.example.com":  {"224.0.0.1"},
		"broadcast.example.com":  {"255.255.255.255"},
		"nat64.example.com":      {"64:ff9b::a00:1"},    // 10.0.0.1 through NAT64
		"6to4.example.com":       {"2002:a9fe:a9fe::1"}, // 169.254.169.254 through 6to4
		"mixed.example.com":      {"93.184.216.34,10.0.0.1"},
		"localhost":              {"127.0.0.1"},
		"public.example.com":     {"93.184.216.34"},
	})
}

func TestDestinationsRefused(t *testing.T) {
	for _, tc := range []struct {
		url   string
		local bool // in local mode (AllowLoopbackHTTP) too
	}{
		{"https://metadata.example.com/latest/meta-data/", true},
		{"https://metadata6.example.com/", true},
		{"https://ecs.example.com/v2/credentials", true},
		{"https://ten.example.com/", true},
		{"https://home.example.com/", true},
		{"https://corp.example.com/", true},
		{"https://cgnat.example.com/", true},
		{"https://ula.example.com/", true},
		{"https://linklocal6.example.com/", true},
		{"https://zero.example.com/", true},
		{"https://unspec6.example.com/", true},
		{"https://multicast.example.com/", true},
		{"https://broadcast.example.com/", true},
		{"https://nat64.example.com/", true},
		{"https://6to4.example.com/", true},
		{"https://mixed.example.com/", true},
		{"https://loop.example.com/", false},
		{"https://loop6.example.com/", false},
		{"https://mapped.example.com/", false},
		{"https://localhost/hook", false},
		{"https://api.localhost/hook", false},
		{"https://[::1]/hook", false},
		{"https://127.0.0.1/hook", false},
		{"https://169.254.169.254/latest/meta-data/", true},
		{"https://10.0.0.1/", true},
		{"https://93.184.216.34/", true}, // public, but an IP literal
		{"https://[fd00:ec2::254]/", true},
		{"https://[::ffff:a9fe:a9fe]/", true},
		{"https://[fe80::1%25eth0]/", true},
		{"http://public.example.com/", true}, // http only on loopback
		{"http://ten.example.com/", true},
	} {
		for _, local := range []bool{false, true} {
			if local && !tc.local {
				continue
			}
			p := Policy{AllowLoopbackHTTP: local, Resolver: internal()}
			err := Validate(context.Background(), Webhook, Config{URL: tc.url, Secret: "0123456789abcdef"}, p)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "config.url" {
				t.Errorf("%s (local %v): error %v, want a refusal", tc.url, local, err)
				continue
			}
			for _, leak := range []string{"10.0", "169.254", "192.168", "127.0", "fd00"} {
				if strings.Contains(fe.Reason, leak) && !strings.Contains(tc.url, leak) {
					t.Errorf("%s: reason %q tells the address", tc.url, fe.Reason)
				}
			}
		}
	}
}

func TestLocalModeAcceptsLoopback(t *testing.T) {
	p := Policy{AllowLoopbackHTTP: true, Resolver: internal()}
	for _, u := range []string{
		"http://localhost:8080/hook", "http://127.0.0.1:9000/hook", "http://127.1.2.3/hook",
		"http://[::1]:9000/hook", "https://localhost/hook", "https://loop.example.com/hook",
		"https://public.example.com/hook",
	} {
		if err := Validate(context.Background(), Webhook, Config{URL: u, Secret: "0123456789abcdef"}, p); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestCheckIP(t *testing.T) {
	deployed, local := Policy{}, Policy{AllowLoopbackHTTP: true}
	for _, tc := range []struct {
		ip            string
		deployed, loc bool // allowed
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"64:ff9b::5db8:d822", true, true},
		{"127.0.0.1", false, true},
		{"127.255.0.9", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"169.254.169.254", false, false},
		{"fd00:ec2::254", false, false},
		{"10.1.2.3", false, false},
		{"::ffff:10.1.2.3", false, false},
		{"100.127.255.255", false, false},
		{"100.128.0.1", true, true},
		{"198.18.0.1", false, false},
		{"2001:db8::1", false, false},
		{"2001::1", false, false},
		{"ff02::1", false, false},
	} {
		ip := netip.MustParseAddr(tc.ip)
		if got := deployed.checkIP(ip) == nil; got != tc.deployed {
			t.Errorf("deployed %s: allowed %v", tc.ip, got)
		}
		if got := local.checkIP(ip) == nil; got != tc.loc {
			t.Errorf("local %s: allowed %v", tc.ip, got)
		}
	}
}

// TestSendRefusesAtDialTime: what validation let through, the dialer
// checks again against the answer it dials, so a host that answered a
// public address when the channel was saved and a private one now (DNS
// rebinding) reaches nothing.
func TestSendRefusesAtDialTime(t *testing.T) {
	var hit bool
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	for _, tc := range []struct {
		name    string
		answers []string
	}{
		{"rebinding to loopback", []string{"93.184.216.34", "127.0.0.1"}},
		{"rebinding to metadata", []string{"93.184.216.34", "169.254.169.254"}},
		{"rebinding to private", []string{"93.184.216.34", "10.0.0.1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{Resolver: resolver(map[string][]string{"rebind.example.com": tc.answers})}
			cfg := Config{URL: "https://rebind.example.com:" + port + "/hook", Secret: "0123456789abcdef"}
			if err := Validate(context.Background(), Webhook, cfg, p); err != nil {
				t.Fatalf("validation saw a public address and refused: %v", err)
			}
			r := NewSender(p, nil, "").Send(context.Background(), Webhook, cfg, events("x", 1)[0])
			if !errors.Is(r.Err, ErrBlockedDestination) || r.Retryable || r.StatusCode != 0 {
				t.Errorf("result %+v, want a blocked, final failure", r)
			}
		})
	}
	if hit {
		t.Error("the receiver on loopback was reached")
	}
}

// TestDialerChecksTheConnectedAddress: the socket's own check refuses an
// address whatever resolved it.
func TestDialerChecksTheConnectedAddress(t *testing.T) {
	g := &guardedDialer{policy: Policy{}}
	for _, addr := range []string{"127.0.0.1:443", "[::1]:443", "10.0.0.1:443", "169.254.169.254:80", "[fd00:ec2::254]:80", "[fe80::1%eth0]:443"} {
		if err := g.control("tcp", addr, nil); !errors.Is(err, ErrBlockedDestination) {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if err := g.control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	// A loopback listener, reached by IP literal through the transport
	// with the deployed policy, is refused before any byte is sent.
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("reached") }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := NewHTTPClient(Policy{}).Do(req); !errors.Is(err, ErrBlockedDestination) {
		t.Errorf("deployed client reached loopback: %v", err)
	}
}

// TestUnresolvableHostIsRetried: a lookup failing at send time is a
// transient failure, not a refusal.
func TestUnresolvableHostIsRetried(t *testing.T) {
	p := Policy{Resolver: resolver(map[string][]string{})}
	cfg := Config{WebhookURL: "https://gone.example.com/x"}
	r := NewSender(p, nil, "").Send(context.Background(), Teams, cfg, events("x", 1)[0])
	if r.OK() || !r.Retryable || errors.Is(r.Err, ErrBlockedDestination) {
		t.Errorf("result %+v", r)
	}
}
