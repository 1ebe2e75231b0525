package awsclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
)

const (
	platformAccount = "111111111111"
	targetAccount   = "222222222222"
	platformSecret  = "platform/secret/0000000000000000000000000"
	targetSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	baseSecret      = "base/secret/key/00000000000000000000000000"
	scannerRole     = "arn:aws:iam::222222222222:role/CloudCensusScanner"
	ws              = "ws1"
)

// memBaseRoles is the base role setting of one workspace.
type memBaseRoles struct {
	mu sync.Mutex
	b  *domain.BaseRole
}

func (m *memBaseRoles) GetBaseRole(_ context.Context, ws string) (*domain.BaseRole, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.b == nil {
		return &domain.BaseRole{WorkspaceID: ws, Mode: domain.BaseExecutionRole}, nil
	}
	cp := *m.b
	return &cp, nil
}

type env struct {
	sts      *fakeSTS
	box      *secrets.Box
	bases    *memBaseRoles
	r        *Resolver
	platform string // the platform principal's ARN
}

func noRetry() aws.Retryer { return aws.NopRetryer{} }

func newEnv(t *testing.T) *env {
	t.Helper()
	f := newFakeSTS(t)
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{sts: f, box: secrets.New(k), bases: &memBaseRoles{}}
	platformKey := f.user(platformAccount, "cloudcensus-platform", platformSecret)
	e.platform = "arn:aws:iam::" + platformAccount + ":user/cloudcensus-platform"
	f.role(scannerRole, "ext-good-0001", e.platform)
	e.r = New(Options{Base: f.config(credentials.NewStaticCredentialsProvider(platformKey, platformSecret, "")),
		BaseRoles: e.bases, Secrets: e.box, Retryer: noRetry})
	return e
}

func (e *env) keyCredential(t *testing.T, keyID, secret, account string) *domain.Credential {
	t.Helper()
	c := &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "key", Type: domain.CredentialAccessKey,
		AccountID: account, AccessKeyID: keyID, IsActive: true, Stamp: domain.Stamp{Version: 1}}
	sealed, err := e.box.Seal(context.Background(), ws, c.ID, domain.Secret(secret))
	if err != nil {
		t.Fatal(err)
	}
	c.Secret = &sealed
	return c
}

func roleCredential(roleARN, externalID string) *domain.Credential {
	return &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "role", Type: domain.CredentialAssumeRole,
		AccountID: strings.Split(roleARN, ":")[4], RoleARN: roleARN, ExternalID: externalID, IsActive: true,
		Stamp: domain.Stamp{Version: 1}}
}

// useBaseKey makes the workspace assume roles with a base access key.
func (e *env) useBaseKey(t *testing.T, keyID, secret string) {
	t.Helper()
	sealed, err := e.box.Seal(context.Background(), ws, domain.BaseRoleSecretID, domain.Secret(secret))
	if err != nil {
		t.Fatal(err)
	}
	e.bases.mu.Lock()
	e.bases.b = &domain.BaseRole{WorkspaceID: ws, Mode: domain.BaseAccessKey, AccessKeyID: keyID, Secret: &sealed,
		Stamp: domain.Stamp{Version: 1}}
	e.bases.mu.Unlock()
}

func TestValidateOverTheWire(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, e *env) (*domain.Credential, string) // credential, region
		reason domain.ValidationReason                                 // "" means ok
		arn    string
		inMsg  string
	}{
		{"access key", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(targetAccount, "scanner", targetSecret)
			return e.keyCredential(t, id, targetSecret, targetAccount), ""
		}, "", "arn:aws:iam::222222222222:user/scanner", "Signed in as"},
		{"wrong secret", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(targetAccount, "scanner", targetSecret)
			return e.keyCredential(t, id, strings.Replace(targetSecret, "w", "W", 1), targetAccount), ""
		}, domain.ReasonInvalidKey, "", "SignatureDoesNotMatch"},
		{"unknown key id", func(t *testing.T, e *env) (*domain.Credential, string) {
			return e.keyCredential(t, "AKIAUNKNOWN000000000", targetSecret, targetAccount), ""
		}, domain.ReasonInvalidKey, "", "InvalidClientTokenId"},
		{"key of another account", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user("333333333333", "scanner", targetSecret)
			return e.keyCredential(t, id, targetSecret, targetAccount), ""
		}, domain.ReasonAccountMismatch, "arn:aws:iam::333333333333:user/scanner", "333333333333"},
		{"expired session key", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(targetAccount, "scanner", targetSecret)
			e.sts.mu.Lock()
			k := e.sts.keys[id]
			k.expired = true
			e.sts.keys[id] = k
			e.sts.mu.Unlock()
			return e.keyCredential(t, id, targetSecret, targetAccount), ""
		}, domain.ReasonExpiredToken, "", "ExpiredToken"},
		{"opt-in region not enabled", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(targetAccount, "scanner", targetSecret)
			e.sts.disabled["ap-east-1"] = true
			return e.keyCredential(t, id, targetSecret, targetAccount), "ap-east-1"
		}, domain.ReasonRegionDisabled, "", "ap-east-1"},
		{"tampered stored secret", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(targetAccount, "scanner", targetSecret)
			c := e.keyCredential(t, id, targetSecret, targetAccount)
			c.Secret.Ciphertext[len(c.Secret.Ciphertext)-1] ^= 1
			return c, ""
		}, domain.ReasonNotPrepared, "", "could not be prepared"},
		{"assume role from the execution role", func(t *testing.T, e *env) (*domain.Credential, string) {
			return roleCredential(scannerRole, "ext-good-0001"), ""
		}, "", "arn:aws:sts::222222222222:assumed-role/CloudCensusScanner/CloudCensus-validate-", "Signed in as"},
		{"ExternalId mismatch", func(t *testing.T, e *env) (*domain.Credential, string) {
			return roleCredential(scannerRole, "ext-wrong-0001"), ""
		}, domain.ReasonExternalIDMismatch, "", "sts:ExternalId"},
		{"base principal may not assume roles", func(t *testing.T, e *env) (*domain.Credential, string) {
			e.sts.denyAssume[e.platform] = true
			return roleCredential(scannerRole, "ext-good-0001"), ""
		}, domain.ReasonAccessDenied, "", "identity-based policy"},
		{"assume role from a base access key", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(platformAccount, "base", baseSecret)
			e.useBaseKey(t, id, baseSecret)
			e.sts.role(scannerRole, "ext-good-0001", "arn:aws:iam::111111111111:user/base")
			return roleCredential(scannerRole, "ext-good-0001"), ""
		}, "", "arn:aws:sts::222222222222:assumed-role/CloudCensusScanner/", "Signed in as"},
		{"wrong base secret", func(t *testing.T, e *env) (*domain.Credential, string) {
			id := e.sts.user(platformAccount, "base", baseSecret)
			e.useBaseKey(t, id, strings.Replace(baseSecret, "b", "B", 1))
			return roleCredential(scannerRole, "ext-good-0001"), ""
		}, domain.ReasonInvalidKey, "", "base principal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			c, region := tc.setup(t, e)
			v := e.r.Validate(context.Background(), c, region)
			if tc.reason == "" && (!v.OK || v.Reason != "") || tc.reason != "" && (v.OK || v.Reason != tc.reason) {
				t.Fatalf("validation %+v, want reason %q", v, tc.reason)
			}
			if !strings.HasPrefix(v.ARN, tc.arn) || !strings.Contains(v.Message, tc.inMsg) {
				t.Fatalf("validation %+v, want arn %q and %q in the message", v, tc.arn, tc.inMsg)
			}
			for _, s := range []string{targetSecret, platformSecret, baseSecret, "session-secret", "session-token"} {
				if strings.Contains(v.Message, s) {
					t.Fatalf("message shows a secret: %s", v.Message)
				}
			}
			noSDKText(t, v)
		})
	}
}

// sdkPhrases are the marks of the SDK's error chain and of Go's error
// types: a validation message a person reads has none of them.
var sdkPhrases = []string{"operation error", "failed to", "https://", "http://", "RequestID", "StatusCode",
	"smithy", "*errors", "IMDS", "dial tcp", "exceeded maximum number of attempts", "get identity", "credential id"}

func noSDKText(t *testing.T, v domain.Validation) {
	t.Helper()
	for _, p := range sdkPhrases {
		if strings.Contains(v.Message, p) {
			t.Fatalf("message quotes the SDK (%q): %s", p, v.Message)
		}
	}
	if strings.ContainsAny(v.Message, "\n\r") || len(v.Message) > 1000 {
		t.Fatalf("message not one bounded line: %q", v.Message)
	}
	if !v.OK && v.Reason != domain.ReasonAccountMismatch && v.Cause == "" {
		t.Fatalf("no cause kept for the log: %+v", v)
	}
}

// An assume-role credential on a machine with no AWS identity at all:
// the SDK's whole default chain (environment, files, containers, the
// instance metadata service) finds nothing.
func TestValidateWithoutPlatformIdentity(t *testing.T) {
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no role", http.StatusNotFound)
	}))
	defer imds.Close()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_EC2_METADATA_DISABLED"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithRegion("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	for name, base := range map[string]aws.Config{
		"the default chain finds nothing": cfg,
		"no provider at all":              {Region: "us-east-1"},
	} {
		t.Run(name, func(t *testing.T) {
			r := New(Options{Base: base, BaseRoles: e.bases, Secrets: e.box, Retryer: noRetry})
			v := r.Validate(context.Background(), roleCredential(scannerRole, "ext-good-0001"), "")
			if v.OK || v.Reason != domain.ReasonNoPlatformIdentity || v.Message != NoPlatformIdentityMessage {
				t.Fatalf("validation %+v, want no_platform_identity", v)
			}
			noSDKText(t, v)
		})
	}
	// A base access key is an identity: AWS judges it, whatever the machine has.
	id := e.sts.user(platformAccount, "base", baseSecret)
	e.useBaseKey(t, id, baseSecret)
	e.sts.role(scannerRole, "ext-good-0001", "arn:aws:iam::111111111111:user/base")
	r := New(Options{Base: e.sts.config(nil), BaseRoles: e.bases, Secrets: e.box, Retryer: noRetry})
	if v := r.Validate(context.Background(), roleCredential(scannerRole, "ext-good-0001"), ""); !v.OK {
		t.Fatalf("base access key on a machine without identity: %+v", v)
	}
}

func TestValidateNetworkFailure(t *testing.T) {
	dead := httptest.NewServer(nil)
	url := dead.URL
	dead.Close()
	e := newEnv(t)
	r := New(Options{Base: aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("AKIAFAKE000000000001", platformSecret, "")},
		BaseRoles: e.bases, Secrets: e.box, Retryer: noRetry})
	for _, c := range []*domain.Credential{e.keyCredential(t, "AKIAFAKE000000000002", targetSecret, targetAccount), roleCredential(scannerRole, "x-1")} {
		v := r.Validate(context.Background(), c, "")
		if v.OK || v.Reason != domain.ReasonNetwork || !strings.Contains(v.Message, "could not be reached") {
			t.Fatalf("%s: %+v", c.Type, v)
		}
		noSDKText(t, v)
	}
}

func TestTaskCredentialsAreCachedUntilNearExpiry(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		life    time.Duration
		assumes int // for two units of one task plus one of another
	}{
		{"an hour", time.Hour, 2},
		{"within the refresh window", 4 * time.Minute, 3}, // the second unit renews
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.sts.life = tc.life
			c := roleCredential(scannerRole, "ext-good-0001")
			for _, u := range []struct{ task, region string }{{"task-1", "eu-west-1"}, {"task-1", "us-east-2"}, {"task-2", "eu-west-1"}} {
				cfg, err := e.r.Config(ctx, c, u.region, ForTask(u.task))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Region != u.region {
					t.Fatalf("region %q, want %q", cfg.Region, u.region)
				}
				creds, err := cfg.Credentials.Retrieve(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(creds.AccessKeyID, "ASIA") || creds.SessionToken == "" {
					t.Fatalf("not assumed-role credentials: %s", creds.AccessKeyID)
				}
			}
			calls := e.sts.callsOf("AssumeRole")
			if len(calls) != tc.assumes {
				t.Fatalf("%d AssumeRole calls, want %d", len(calls), tc.assumes)
			}
			for _, call := range calls {
				f := call.Form
				if f.Get("DurationSeconds") != "3600" || f.Get("ExternalId") != "ext-good-0001" ||
					!strings.HasPrefix(f.Get("RoleSessionName"), "CloudCensus-task-task-") || call.Caller != e.platform {
					t.Fatalf("AssumeRole %v by %s", f, call.Caller)
				}
			}
			// An edited credential assumes afresh.
			c.Version++
			cfg, _ := e.r.Config(ctx, c, "eu-west-1", ForTask("task-1"))
			if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
				t.Fatal(err)
			}
			if got := len(e.sts.callsOf("AssumeRole")); got != tc.assumes+1 {
				t.Fatalf("after an edit: %d AssumeRole calls, want %d", got, tc.assumes+1)
			}
		})
	}
}

func TestIdleTasksAreForgotten(t *testing.T) {
	e := newEnv(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e.r.o.Now = func() time.Time { return now }
	c := roleCredential(scannerRole, "ext-good-0001")
	if _, err := e.r.Config(context.Background(), c, "eu-west-1", ForTask("old")); err != nil {
		t.Fatal(err)
	}
	now = now.Add(3 * time.Hour)
	if _, err := e.r.Config(context.Background(), c, "eu-west-1", ForTask("new")); err != nil {
		t.Fatal(err)
	}
	e.r.mu.Lock()
	defer e.r.mu.Unlock()
	if len(e.r.cache) != 1 {
		t.Fatalf("%d cached tasks, want 1", len(e.r.cache))
	}
}

func TestSessionNames(t *testing.T) {
	for _, tc := range []struct {
		p    Purpose
		want string
	}{
		{ForTask("01JABCDEFGHJKMNPQRSTVWXYZ0"), "CloudCensus-task-01JABCDEFGHJKMNPQRSTVWXYZ0"},
		{ForValidation("01JABCDEFGHJKMNPQRSTVWXYZ0"), "CloudCensus-validate-01JABCDEFGHJKMNPQRSTVWXYZ0"},
		{ForTask("a b/c"), "CloudCensus-task-a_b_c"},
		{ForTask(strings.Repeat("x", 80)), "CloudCensus-task-" + strings.Repeat("x", 64-len("CloudCensus-task-"))},
	} {
		if got := tc.p.SessionName(); got != tc.want {
			t.Errorf("SessionName = %q, want %q", got, tc.want)
		}
	}
}

func TestPlatformPrincipal(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	if got, err := e.r.PlatformPrincipal(ctx, ws); err != nil || got != e.platform {
		t.Fatalf("asked of STS: %q %v", got, err)
	}
	e.r.o.PrincipalARN = "arn:aws:iam::111111111111:role/path/scan-unit"
	if got, _ := e.r.PlatformPrincipal(ctx, ws); got != e.r.o.PrincipalARN {
		t.Fatalf("configured: %q", got)
	}
	id := e.sts.user(platformAccount, "base", baseSecret)
	e.useBaseKey(t, id, baseSecret)
	if got, _ := e.r.PlatformPrincipal(ctx, ws); got != "arn:aws:iam::111111111111:user/base" {
		t.Fatalf("base key: %q", got)
	}
}

func TestRoleOfSession(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:sts::111111111111:assumed-role/scan-unit/i-1234": "arn:aws:iam::111111111111:role/scan-unit",
		"arn:aws:iam::111111111111:user/base":                     "arn:aws:iam::111111111111:user/base",
		"arn:aws-cn:sts::111111111111:assumed-role/r/s":           "arn:aws-cn:iam::111111111111:role/r",
	} {
		if got := RoleOfSession(in); got != want {
			t.Errorf("RoleOfSession(%q) = %q, want %q", in, got, want)
		}
	}
}
