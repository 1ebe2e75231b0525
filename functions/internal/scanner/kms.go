package scanner

import "strings"

// kmsEncryption formats a customer managed KMS key setting: "No" without
// one, else "Yes (key/1234abcd-...)" naming the key (or alias) without the
// ARN's region and account, which the record already carries.
func kmsEncryption(keyID string) string {
	if keyID == "" {
		return "No"
	}
	if strings.HasPrefix(keyID, "arn:") {
		if parts := strings.SplitN(keyID, ":", 6); len(parts) == 6 {
			keyID = parts[5]
		}
	}
	return withDetail("Yes", keyID)
}
