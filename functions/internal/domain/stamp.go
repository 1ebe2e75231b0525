package domain

import "time"

// Stamp is what every stored entity carries: when it was made and changed,
// and the version that optimistic locking compares.
type Stamp struct {
	CreatedAt time.Time `json:"createdAt" dynamo:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" dynamo:"updatedAt"`
	Version   int       `json:"version" dynamo:"version"`
}

// Stamped gives the store access to the stamp of any entity embedding it.
func (s *Stamp) Stamped() *Stamp { return s }
