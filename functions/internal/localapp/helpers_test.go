package localapp

import "github.com/cloudcensus/cloudcensus/functions/internal/domain"

func hashOf(code string) string { return domain.HashInviteCode(code) }
