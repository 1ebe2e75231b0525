package report

import (
	"strconv"
	"strings"
)

// NextVersion is the version of the next report of a project given the
// revisions of the earlier ones: "1.0" for the first, then the last
// version's minor number plus one ("1.3" -> "1.4"). A last version that is
// not major.minor starts again from the number of revisions.
func NextVersion(revisions []Revision) string {
	if len(revisions) == 0 {
		return "1.0"
	}
	last := strings.TrimPrefix(strings.TrimSpace(revisions[len(revisions)-1].Version), "v")
	major, minor, ok := strings.Cut(last, ".")
	maj, err1 := strconv.Atoi(major)
	mnr, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || maj < 0 || mnr < 0 {
		return strconv.Itoa(len(revisions)+1) + ".0"
	}
	return strconv.Itoa(maj) + "." + strconv.Itoa(mnr+1)
}
