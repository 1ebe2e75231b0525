package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Invite lets someone register in a workspace with a role. Only the hash
// of its code is stored; the code is shown once, when it is made.
type Invite struct {
	ID          string    `json:"id" dynamo:"id"`
	WorkspaceID string    `json:"-" dynamo:"workspaceId"`
	CodeHash    string    `json:"-" dynamo:"codeHash"`
	Hint        string    `json:"hint" dynamo:"hint"` // the code's last characters, to tell invites apart
	Role        Role      `json:"role" dynamo:"role"`
	ExpiresAt   time.Time `json:"expiresAt" dynamo:"expiresAtTime"`
	MaxUses     int       `json:"maxUses" dynamo:"maxUses"`
	Uses        int       `json:"uses" dynamo:"uses"`
	CreatedBy   string    `json:"createdBy" dynamo:"createdBy"`
	Stamp
}

// HashInviteCode is how invite codes are stored: only their hash.
func HashInviteCode(code string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(code)))
	return hex.EncodeToString(sum[:])
}
