package inventory

// StatusExcluded is a service a scope rule left out: not scanned at all.
const StatusExcluded Status = "excluded"

// Excluded counts the resources one scope rule dropped from a unit's
// result before it was written.
type Excluded struct {
	Rule      string `json:"rule"`             // as the report states it, e.g. "tag Owner=alice"
	Source    string `json:"source,omitempty"` // workspace or task
	Resources int    `json:"resources"`
}
