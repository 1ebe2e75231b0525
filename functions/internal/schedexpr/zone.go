package schedexpr

import (
	"fmt"
	"sync"
	"time"
	// The zone database travels with the binary: Lambda's OS-only runtimes
	// have no /usr/share/zoneinfo, and a schedule must not change meaning
	// with the host it is evaluated on.
	_ "time/tzdata"
)

// maxZoneLen is ScheduleExpressionTimezone's length limit in the Scheduler
// API (1 to 50 characters).
const maxZoneLen = 50

var zones sync.Map // name -> *time.Location; loading reads the database each time

// LoadZone returns the time zone a schedule is evaluated in. Scheduler takes
// names from the IANA Time Zone Database; "" means UTC, Scheduler's
// default. "Local" is refused: it names whatever zone the host happens to
// be in, which Scheduler has no notion of.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if name == "Local" {
		return nil, zoneError("Local is not a time zone name: use an IANA name such as Europe/London or UTC")
	}
	if len(name) > maxZoneLen {
		return nil, zoneError("a time zone name has at most %d characters: use an IANA name such as America/New_York", maxZoneLen)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, zoneError("%q is not a time zone: use an IANA name such as America/New_York (names are case-sensitive)", name)
	}
	zones.Store(name, loc)
	return loc, nil
}

func zoneError(format string, args ...any) *Error {
	return &Error{Field: "timezone", Reason: fmt.Sprintf(format, args...)}
}
