// Package config reads a Lambda's settings from its environment, which the
// CDK stack sets. Loading fails fast with the name of what is missing, so a
// misconfigured function dies at cold start instead of answering 500s.
package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Config is every setting a CloudCensus Lambda may read.
type Config struct {
	TableName            string
	ResultsBucket        string
	ReportsBucket        string
	KMSKeyID             string
	UserPoolID           string
	UserPoolClientID     string
	StateMachineARN      string
	ScannerRoleName      string
	PlatformPrincipalARN string
	SchedulerGroup       string
	SchedulerRoleARN     string
	SPAOrigin            string
	LogLevel             string
	AuditRetentionDays   int
}

// Load reads the environment; required names the variables this function
// cannot run without.
func Load(required ...string) (Config, error) {
	c := Config{
		TableName:            os.Getenv("TABLE_NAME"),
		ResultsBucket:        os.Getenv("RESULTS_BUCKET"),
		ReportsBucket:        os.Getenv("REPORTS_BUCKET"),
		KMSKeyID:             os.Getenv("KMS_KEY_ID"),
		UserPoolID:           os.Getenv("USER_POOL_ID"),
		UserPoolClientID:     os.Getenv("USER_POOL_CLIENT_ID"),
		StateMachineARN:      os.Getenv("STATE_MACHINE_ARN"),
		ScannerRoleName:      os.Getenv("SCANNER_ROLE_NAME"),
		PlatformPrincipalARN: os.Getenv("PLATFORM_PRINCIPAL_ARN"),
		SchedulerGroup:       os.Getenv("SCHEDULER_GROUP"),
		SchedulerRoleARN:     os.Getenv("SCHEDULER_ROLE_ARN"),
		SPAOrigin:            os.Getenv("SPA_ORIGIN"),
		LogLevel:             strings.ToLower(os.Getenv("LOG_LEVEL")),
		AuditRetentionDays:   365,
	}
	if v := os.Getenv("AUDIT_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("AUDIT_RETENTION_DAYS=%q: want a whole number of days", v)
		}
		c.AuditRetentionDays = n
	}
	var missing []string
	for _, name := range required {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("missing environment: %s", strings.Join(missing, ", "))
	}
	return c, nil
}
