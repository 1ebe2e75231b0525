package domain

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"
)

// CredentialType says how a credential reaches its target account.
type CredentialType string

const (
	// CredentialAssumeRole assumes a role in the target account from the
	// base principal, presenting the credential's ExternalId.
	CredentialAssumeRole CredentialType = "assume_role"
	// CredentialAccessKey signs with a stored (encrypted) access key.
	CredentialAccessKey CredentialType = "access_key"
	// CredentialOrganization assumes a role in an organization's management
	// (or delegated administrator) account: it lists the member accounts,
	// and a task scans each through its MemberRoleName role.
	CredentialOrganization CredentialType = "organization"
)

// Valid reports whether t is a known credential type.
func (t CredentialType) Valid() bool {
	return t == CredentialAssumeRole || t == CredentialAccessKey || t == CredentialOrganization
}

// ValidationReason says why a credential did not validate.
type ValidationReason string

// Validation reasons: what the console tells the user to fix.
const (
	ReasonAccessDenied       ValidationReason = "access_denied"        // the base principal may not assume the role
	ReasonExternalIDMismatch ValidationReason = "external_id_mismatch" // the role's trust policy refused the principal or its ExternalId
	ReasonInvalidKey         ValidationReason = "invalid_key"          // unknown key id or wrong secret
	ReasonExpiredToken       ValidationReason = "expired_token"
	ReasonRegionDisabled     ValidationReason = "region_disabled" // opt-in region not enabled, or STS deactivated there
	ReasonAccountMismatch    ValidationReason = "account_mismatch"
	ReasonNetwork            ValidationReason = "network"
	ReasonNoPlatformIdentity ValidationReason = "no_platform_identity" // this machine has no AWS identity to assume the role from
	ReasonNotPrepared        ValidationReason = "not_prepared"         // the stored secret or the base principal setting could not be read
	ReasonUnknown            ValidationReason = "unknown"
	// ReasonMissingPermissions: the credential signs in (OK stays true)
	// but the dry run found services a scan could not read completely.
	ReasonMissingPermissions ValidationReason = "missing_permissions"
)

// Validation is the outcome of the last credential check: whom AWS said
// the credential signs in as, or why it could not.
type Validation struct {
	OK        bool             `json:"ok" dynamo:"ok"`
	Reason    ValidationReason `json:"reason,omitempty" dynamo:"reason,omitempty"`
	Message   string           `json:"message" dynamo:"message"`
	ARN       string           `json:"arn,omitempty" dynamo:"arn,omitempty"`
	AccountID string           `json:"accountId,omitempty" dynamo:"accountId,omitempty"`
	// Services is the dry run of the scan's read actions, service by
	// service, when the credential signed in; Unreadable counts those a
	// scan could not read completely (the credential is valid, with
	// warnings).
	Services   []ServiceCheck `json:"services,omitempty" dynamo:"services,omitempty"`
	Unreadable int            `json:"unreadable,omitempty" dynamo:"unreadable,omitempty"`
	// Cause is the whole error chain behind a failure, for the log only:
	// never stored, never sent.
	Cause string `json:"-" dynamo:"-"`
}

// ServiceCheck is one service's outcome in a credential's dry run.
type ServiceCheck struct {
	Service string `json:"service" dynamo:"service"`
	Region  string `json:"region" dynamo:"region"`
	// Status is the coverage status a scan would record (ok,
	// access_denied, partial, region_disabled, throttled, error).
	Status string `json:"status" dynamo:"status"`
	// Action is the IAM action denied or failing, when known.
	Action string `json:"action,omitempty" dynamo:"action,omitempty"`
	// Calls are a partial service's detail calls that failed.
	Calls []string `json:"calls,omitempty" dynamo:"calls,omitempty"`
}

// SealedSecret is a secret under envelope encryption: the secret sealed
// with AES-256-GCM under a data key, and the data key sealed by the key
// service (KMS) under an encryption context naming the workspace and the
// owner of the secret. Neither part is ever sent to a client.
type SealedSecret struct {
	KeyID      string `dynamo:"keyId"`      // the key service's key that sealed the data key
	DataKey    []byte `dynamo:"dataKey"`    // the data key, encrypted by the key service
	Ciphertext []byte `dynamo:"ciphertext"` // nonce || AES-256-GCM(secret)
}

// Credential gives CloudCensus read access to one target AWS account.
// The secret access key is stored only sealed (Secret) and never leaves the
// server; answers use Public, which masks the access key id.
type Credential struct {
	ID          string         `json:"id" dynamo:"id"`
	WorkspaceID string         `json:"-" dynamo:"workspaceId"`
	Name        string         `json:"name" dynamo:"name"`
	Type        CredentialType `json:"credentialType" dynamo:"credentialType"`
	AccountID   string         `json:"accountId" dynamo:"accountId"`
	RoleARN     string         `json:"roleArn,omitempty" dynamo:"roleArn,omitempty"`
	ExternalID  string         `json:"externalId,omitempty" dynamo:"externalId,omitempty"`
	// MemberRoleName is the role an organization credential assumes in
	// each member account (the StackSets variant of the role template
	// deploys it); default DefaultMemberRole.
	MemberRoleName  string        `json:"memberRoleName,omitempty" dynamo:"memberRoleName,omitempty"`
	AccessKeyID     string        `json:"-" dynamo:"accessKeyId,omitempty"`
	Secret          *SealedSecret `json:"-" dynamo:"secret,omitempty"`
	IsActive        bool          `json:"isActive" dynamo:"isActive"`
	Demo            bool          `json:"demo,omitempty" dynamo:"demo,omitempty"` // backed by the simulated AWS (local mode)
	LastValidatedAt *time.Time    `json:"lastValidatedAt,omitempty" dynamo:"lastValidatedAt,omitempty"`
	// LastSignedInByScanAt is when a scan last signed in with the
	// credential: proof it works even if never validated by hand (kept to
	// the hour, so a scan writes it once per credential and hour).
	LastSignedInByScanAt *time.Time  `json:"lastSignedInByScanAt,omitempty" dynamo:"lastScanSignInAt,omitempty"`
	Validation           *Validation `json:"validation,omitempty" dynamo:"validation,omitempty"`
	CreatedBy            string      `json:"createdBy" dynamo:"createdBy"`
	Stamp
}

// PublicCredential is what an answer (or an audit entry) shows of a
// credential: everything but the secret, with the access key id masked.
type PublicCredential struct {
	Credential
	AccessKeyID string `json:"accessKeyId,omitempty"`
	// DuplicateOf names the other credentials the caller sees that reach
	// the same account the same way (the same role, or the same access
	// key): one of them is likely a mistake.
	DuplicateOf []string `json:"duplicateOf,omitempty"`
}

// SameAccess reports whether two credentials reach the same account the
// same way.
func (c *Credential) SameAccess(o *Credential) bool {
	if c.ID == o.ID || c.AccountID != o.AccountID || c.Type != o.Type {
		return false
	}
	switch c.Type {
	case CredentialAccessKey:
		return c.AccessKeyID != "" && c.AccessKeyID == o.AccessKeyID
	default:
		return c.RoleARN != "" && strings.EqualFold(c.RoleARN, o.RoleARN)
	}
}

// Public returns the view of c that may leave the server.
func (c *Credential) Public() PublicCredential {
	p := PublicCredential{Credential: *c, AccessKeyID: MaskKeyID(c.AccessKeyID)}
	p.Credential.Secret = nil
	return p
}

// MaskKeyID shows the first and last four characters of an access key id:
// "AKIA****WXYZ". Shorter ids are masked whole.
func MaskKeyID(id string) string {
	if id == "" {
		return ""
	}
	if len(id) < 12 {
		return "****"
	}
	return id[:4] + "****" + id[len(id)-4:]
}

// Secret is a plaintext secret (a secret access key) in memory. It prints,
// logs and marshals as "[redacted]" so that no format verb, log line or
// JSON answer can show it by accident; Reveal is the one way to read it.
type Secret string

const redacted = "[redacted]"

// Reveal returns the plaintext, for the one place that signs with it.
func (s Secret) Reveal() string { return string(s) }

// String keeps fmt from printing the secret.
func (s Secret) String() string { return redacted }

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return redacted }

// LogValue keeps slog from logging the secret.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON keeps encoding/json from writing the secret.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText keeps text encoders from writing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

var (
	accountIDPattern  = regexp.MustCompile(`^[0-9]{12}$`)
	accessKeyPattern  = regexp.MustCompile(`^(AKIA|ASIA)[A-Z0-9]{16}$`)
	secretKeyPattern  = regexp.MustCompile(`^[A-Za-z0-9/+=]{40}$`)
	externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
	roleNamePattern   = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	rolePathPattern   = regexp.MustCompile(`^(/[\x21-\x7e]*)?/$`)
)

// ValidateAccountID checks a 12-digit AWS account id.
func ValidateAccountID(field, s string) error {
	if s == "" {
		return Invalid(field, "is required")
	}
	if !accountIDPattern.MatchString(s) {
		return Invalid(field, "must be 12 digits")
	}
	return nil
}

// ParseRoleARN checks an IAM role ARN
// (arn:<partition>:iam::<12-digit account>:role/<path/>name) and returns
// its account id.
func ParseRoleARN(field, arn string) (accountID string, err error) {
	if arn == "" {
		return "", Invalid(field, "is required")
	}
	parts := strings.SplitN(arn, ":", 6)
	bad := Invalid(field, "must be an IAM role ARN: arn:aws:iam::123456789012:role/Name")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" ||
		(parts[1] != "aws" && parts[1] != "aws-cn" && parts[1] != "aws-us-gov") {
		return "", bad
	}
	if !accountIDPattern.MatchString(parts[4]) {
		return "", Invalid(field, "the role's account must be 12 digits")
	}
	resource, ok := strings.CutPrefix(parts[5], "role/")
	if !ok {
		return "", bad
	}
	path, name := "/", resource
	if i := strings.LastIndex(resource, "/"); i >= 0 {
		path, name = "/"+resource[:i+1], resource[i+1:]
	}
	if !roleNamePattern.MatchString(name) || !rolePathPattern.MatchString(path) || len(arn) > 2048 {
		return "", Invalid(field, "the role name or path has characters IAM does not allow")
	}
	return parts[4], nil
}

// ValidateAccessKeyID checks the shape of an AWS access key id.
func ValidateAccessKeyID(field, s string) error {
	if s == "" {
		return Invalid(field, "is required")
	}
	if !accessKeyPattern.MatchString(s) {
		return Invalid(field, "must be an AWS access key id: AKIA or ASIA and 16 more capital letters or digits")
	}
	return nil
}

// ValidateSecretKey checks the shape of a secret access key. Its message
// never repeats the value.
func ValidateSecretKey(field string, s Secret) error {
	if s == "" {
		return Invalid(field, "is required")
	}
	if !secretKeyPattern.MatchString(s.Reveal()) {
		return Invalid(field, "must be 40 characters: letters, digits, '/', '+' or '='")
	}
	return nil
}

// ValidateExternalID checks an ExternalId as STS accepts it.
func ValidateExternalID(field, s string) error {
	if len(s) < 2 || len(s) > 1224 || !externalIDPattern.MatchString(s) {
		return Invalid(field, "2 to 1224 letters, digits or any of _+=,.@:/-")
	}
	return nil
}

// NewExternalID makes a fresh ExternalId: unguessable, so that only the
// holder of this credential can make the platform assume the role.
func NewExternalID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "cc-" + hex.EncodeToString(b)
}

// ValidateCredentialName checks a credential's display name.
func ValidateCredentialName(s string) error {
	switch n := len([]rune(strings.TrimSpace(s))); {
	case n == 0:
		return Invalid("name", "is required")
	case n > 100:
		return Invalid("name", "at most 100 characters")
	}
	return nil
}

// Check verifies that a credential is complete and consistent for its
// type: the fields it needs are valid and the fields of the other type are
// empty. hasSecret says whether a secret is (or will be) stored.
func (c *Credential) Check(hasSecret bool) error {
	if err := ValidateCredentialName(c.Name); err != nil {
		return err
	}
	if err := ValidateAccountID("accountId", c.AccountID); err != nil {
		return err
	}
	switch c.Type {
	case CredentialAssumeRole, CredentialOrganization:
		if c.Type == CredentialOrganization && !roleNameRE.MatchString(c.MemberRoleName) {
			return Invalid("memberRoleName", "an IAM role name (letters, digits and +=,.@_-, at most 64 characters)")
		}
		if c.Type == CredentialAssumeRole && c.MemberRoleName != "" {
			return Invalid("memberRoleName", "only an organization credential names a member role")
		}
		acct, err := ParseRoleARN("roleArn", c.RoleARN)
		if err != nil {
			return err
		}
		if acct != c.AccountID {
			return Invalid("roleArn", "the role is in account "+acct+", not in accountId "+c.AccountID)
		}
		if err := ValidateExternalID("externalId", c.ExternalID); err != nil {
			return err
		}
		if c.AccessKeyID != "" || hasSecret {
			return Invalid("accessKeyId", "only an access_key credential has an access key")
		}
	case CredentialAccessKey:
		if err := ValidateAccessKeyID("accessKeyId", c.AccessKeyID); err != nil {
			return err
		}
		if !hasSecret {
			return Invalid("secretAccessKey", "is required")
		}
		if c.RoleARN != "" || c.ExternalID != "" {
			return Invalid("roleArn", "only an assume_role credential has a role")
		}
	default:
		return Invalid("credentialType", "must be assume_role, access_key or organization")
	}
	return nil
}

// BaseRoleMode says which principal calls AssumeRole into target accounts.
type BaseRoleMode string

const (
	// BaseExecutionRole is the platform's own execution role (the default).
	BaseExecutionRole BaseRoleMode = "execution_role"
	// BaseAccessKey is a stored (encrypted) access key.
	BaseAccessKey BaseRoleMode = "access_key"
)

// Valid reports whether m is a known mode.
func (m BaseRoleMode) Valid() bool { return m == BaseExecutionRole || m == BaseAccessKey }

// BaseRole is a workspace's base principal setting. A workspace that never
// set one uses the execution role.
type BaseRole struct {
	WorkspaceID string        `json:"-" dynamo:"workspaceId"`
	Mode        BaseRoleMode  `json:"mode" dynamo:"mode"`
	AccessKeyID string        `json:"-" dynamo:"accessKeyId,omitempty"`
	Secret      *SealedSecret `json:"-" dynamo:"secret,omitempty"`
	UpdatedBy   string        `json:"-" dynamo:"updatedBy,omitempty"`
	Stamp
}

// BaseRoleSecretID names the base access key in its encryption context,
// where a credential's id would be.
const BaseRoleSecretID = "base-role"

// EnumValues lists the types for the API description.
func (CredentialType) EnumValues() []string {
	return []string{string(CredentialAssumeRole), string(CredentialAccessKey), string(CredentialOrganization)}
}

// EnumValues lists the modes for the API description.
func (BaseRoleMode) EnumValues() []string {
	return []string{string(BaseExecutionRole), string(BaseAccessKey)}
}

// DefaultMemberRole is the role an organization credential assumes in its
// member accounts unless it names another: the scanner role's name.
const DefaultMemberRole = "CloudCensusScanner"

var roleNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

// OrgAccount is a member account of an organization, as discovered.
type OrgAccount struct {
	ID     string `json:"id" dynamo:"id"`
	Name   string `json:"name" dynamo:"name"`
	Email  string `json:"email" dynamo:"email"`
	OUPath string `json:"ouPath" dynamo:"ouPath"` // e.g. "Root / Workloads / Prod"
	// OUIDs are the ids of the OUs above it, root first.
	OUIDs  []string `json:"ouIds,omitempty" dynamo:"ouIds,omitempty"`
	Status string   `json:"status" dynamo:"status"` // ACTIVE, SUSPENDED, PENDING_CLOSURE
}

// OrgFilter narrows an organization credential's accounts in a task: only
// accounts under one of the OUs, or named; empty: every active account.
type OrgFilter struct {
	OUIDs      []string `json:"ouIds,omitempty" dynamo:"ouIds,omitempty"`
	AccountIDs []string `json:"accountIds,omitempty" dynamo:"accountIds,omitempty"`
}

// Match reports whether the filter keeps account a (an active one).
func (f OrgFilter) Match(a OrgAccount) bool {
	if a.Status != "ACTIVE" {
		return false
	}
	if len(f.OUIDs) == 0 && len(f.AccountIDs) == 0 {
		return true
	}
	return slices.Contains(f.AccountIDs, a.ID) || slices.ContainsFunc(a.OUIDs, func(ou string) bool { return slices.Contains(f.OUIDs, ou) })
}
