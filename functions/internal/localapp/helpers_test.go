package localapp

import "github.com/cloudcensus/cloudcensus/functions/internal/auth"

func hashOf(code string) string { return auth.HashInviteCode(code) }
