package awssim

// FaultKind is what an injected fault answers.
type FaultKind int

const (
	// Deny answers AccessDenied (in the service's own words).
	Deny FaultKind = iota + 1
	// RegionDisabled answers as AWS does in an opt-in region the account
	// has not enabled: the credentials are unknown there.
	RegionDisabled
	// Throttle answers the service's throttling error.
	Throttle
	// ServerError answers a 5xx.
	ServerError
)

// Fault makes matching calls fail. Empty fields match anything.
type Fault struct {
	Kind      FaultKind
	Account   string
	Region    string
	Service   string // SDK service ID, e.g. "EC2"
	Operation string // e.g. "DescribeVpcs"
	Times     int    // fail this many matching calls, then stop; 0 means forever
}

func (f *Fault) matches(account, region, service, operation string) bool {
	return (f.Account == "" || f.Account == account) &&
		(f.Region == "" || f.Region == region) &&
		(f.Service == "" || f.Service == service) &&
		(f.Operation == "" || f.Operation == operation)
}

// Inject adds a fault. Faults are checked in the order they were added.
func (s *Sim) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// DenyService makes every call to an SDK service in an account answer
// AccessDenied.
func (s *Sim) DenyService(account, service string) {
	s.Inject(Fault{Kind: Deny, Account: account, Service: service})
}

// DisableRegion makes a region one the account has not enabled: every
// call of the account there answers as AWS does to unknown credentials,
// and ec2:DescribeRegions says not-opted-in. (An opt-in region the account
// has not opted in to is disabled without it: see Account.OptedIn.)
func (s *Sim) DisableRegion(account, region string) {
	s.setRegion(account, region, false)
}

// Burst5xx makes the next n calls of an operation answer 503.
func (s *Sim) Burst5xx(service, operation string, n int) {
	s.Inject(Fault{Kind: ServerError, Service: service, Operation: operation, Times: n})
}

// fault returns the first live fault matching a call and uses it up.
func (s *Sim) fault(account, region, service, operation string) (FaultKind, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Times < 0 || !f.matches(account, region, service, operation) {
			continue
		}
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				f.Times = -1 // used up
			}
		}
		return f.Kind, true
	}
	return 0, false
}
