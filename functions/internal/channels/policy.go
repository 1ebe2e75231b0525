package channels

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// Policy says which destinations a channel may post to.
//
// Deployed (the zero Policy): https only, to a host name (not an IP
// literal) whose every address is public. Local mode (AllowLoopbackHTTP)
// also accepts http and https on loopback (127.0.0.0/8, ::1, "localhost"),
// so a developer can point a channel at a receiver on their machine; it
// still refuses private, link-local and metadata addresses.
type Policy struct {
	AllowLoopbackHTTP bool
	// Resolver answers host names, at validation and at dial time; nil is
	// net.DefaultResolver. Tests inject one.
	Resolver Resolver
}

// Resolver looks host names up; *net.Resolver is one.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

var _ Resolver = (*net.Resolver)(nil)

func (p Policy) resolver() Resolver {
	if p.Resolver != nil {
		return p.Resolver
	}
	return net.DefaultResolver
}

const maxURLLength = 2048

// errUnresolved is a lookup that failed: a refusal when a channel is
// saved, but at send time a transient error like any other.
var errUnresolved = errors.New("host name cannot be resolved")

// checkURL refuses a destination URL on its text alone: scheme, host form,
// IP literals, loopback names. It returns a reason safe to show.
func (p Policy) checkURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("is required")
	}
	if len(raw) > maxURLLength {
		return nil, errors.New("is longer than 2048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, errors.New("is not an absolute URL")
	}
	if u.User != nil {
		return nil, errors.New("must not carry a user name or password")
	}
	host := u.Hostname()
	loopback := false
	if ip, err := netip.ParseAddr(host); err == nil {
		if !p.AllowLoopbackHTTP || !ip.Unmap().IsLoopback() || ip.Zone() != "" {
			return nil, errors.New("must name a host, not an IP address")
		}
		loopback = true
	} else {
		if !validHostName(host) {
			return nil, errors.New("has an invalid host name")
		}
		if isLocalhost(host) {
			if !p.AllowLoopbackHTTP {
				return nil, errors.New("must not point at this machine (localhost)")
			}
			loopback = true
		}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback {
			return nil, errors.New("must use https")
		}
	default:
		return nil, errors.New("must use https")
	}
	return u, nil
}

// checkHost resolves host and refuses it unless every address is allowed:
// one private answer among public ones is enough to refuse, since the
// dialer could be handed either.
func (p Policy) checkHost(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := p.checkIP(ip); err != nil {
			return nil, err
		}
		return []netip.Addr{ip}, nil
	}
	if isLocalhost(host) && !p.AllowLoopbackHTTP {
		return nil, errors.New("points at this machine (localhost)")
	}
	answers, err := p.resolver().LookupIPAddr(ctx, host)
	if err != nil || len(answers) == 0 {
		// The resolver's own error names servers and addresses; the user
		// needs only this.
		return nil, errUnresolved
	}
	ips := make([]netip.Addr, 0, len(answers))
	for _, a := range answers {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			return nil, errors.New("host name resolves to an invalid address")
		}
		if err := p.checkIP(ip); err != nil {
			return nil, err
		}
		ips = append(ips, ip.Unmap())
	}
	return ips, nil
}

// checkIP refuses an address that is not public. The reason names the
// kind of address but not the address: a validation error must not tell a
// user what an internal name resolves to.
func (p Policy) checkIP(ip netip.Addr) error {
	ip = ip.Unmap().WithZone("")
	if metadata[ip] {
		return errors.New("host name resolves to a cloud metadata address")
	}
	if v4, ok := embeddedIPv4(ip); ok {
		return p.checkIP(v4)
	}
	if ip.IsLoopback() {
		if p.AllowLoopbackHTTP {
			return nil
		}
		return errors.New("host name resolves to a loopback address")
	}
	for _, r := range refused {
		if r.prefix.Contains(ip) {
			return errors.New("host name resolves to " + r.what)
		}
	}
	if !ip.IsGlobalUnicast() {
		return errors.New("host name resolves to a non-public address")
	}
	return nil
}

// metadata are the instance metadata and link-local service addresses of
// the clouds the stack runs in; the ranges below cover them too, this
// only gives the clearer reason.
var metadata = map[netip.Addr]bool{
	netip.MustParseAddr("169.254.169.254"): true, // EC2, ECS, GCP, Azure IMDS
	netip.MustParseAddr("169.254.170.2"):   true, // ECS task metadata and credentials
	netip.MustParseAddr("169.254.169.253"): true, // Amazon DNS
	netip.MustParseAddr("fd00:ec2::254"):   true, // EC2 IMDS over IPv6
	netip.MustParseAddr("fd00:ec2::253"):   true, // Amazon DNS over IPv6
}

var refused = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified or reserved address"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT) address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a reserved address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a reserved address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a reserved address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("::/96"), "an unspecified or reserved address"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a reserved address"},
	{netip.MustParsePrefix("100::/64"), "a reserved address"},
	{netip.MustParsePrefix("2001::/32"), "a tunnelling (Teredo) address"},
	{netip.MustParsePrefix("2001:db8::/32"), "a reserved address"},
	{netip.MustParsePrefix("fc00::/7"), "a private address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "a reserved address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 is the IPv4 address a NAT64 or 6to4 address reaches: a
// resolver behind DNS64 answers public IPv4 hosts this way, and private
// ones must not slip through it.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	b := ip.As16()
	switch {
	case !ip.Is6():
		return netip.Addr{}, false
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

func isLocalhost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

// validHostName accepts an ASCII (punycode) DNS name.
func validHostName(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
