package awsclient

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// fakeSTS is STS on the wire: it answers the query protocol with the XML
// AWS sends, checks SigV4 signatures against the secrets it issued (so a
// wrong secret is SignatureDoesNotMatch, as in AWS), and evaluates role
// trust with the ExternalId condition.
type fakeSTS struct {
	srv *httptest.Server

	mu         sync.Mutex
	keys       map[string]fakeKey  // access key id -> key
	roles      map[string]fakeRole // role ARN -> role
	denyAssume map[string]bool     // principal ARN -> its identity policy lacks sts:AssumeRole
	disabled   map[string]bool     // regions the accounts have not enabled
	life       time.Duration       // of issued sessions
	calls      []fakeCall
	next       int
}

type fakeKey struct {
	secret, token, arn, account string
	expired                     bool
}

type fakeRole struct {
	externalID string
	trusts     string // principal ARN
}

type fakeCall struct {
	Action, Region, Caller string
	Form                   url.Values
}

func newFakeSTS(t *testing.T) *fakeSTS {
	f := &fakeSTS{keys: map[string]fakeKey{}, roles: map[string]fakeRole{}, denyAssume: map[string]bool{},
		disabled: map[string]bool{}, life: time.Hour}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// user adds an IAM user's access key and returns its id.
func (f *fakeSTS) user(account, name, secret string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	id := fmt.Sprintf("AKIAFAKE%012d", f.next)
	f.keys[id] = fakeKey{secret: secret, arn: "arn:aws:iam::" + account + ":user/" + name, account: account}
	return id
}

func (f *fakeSTS) role(arn, externalID, trusts string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.roles[arn] = fakeRole{externalID: externalID, trusts: trusts}
}

func (f *fakeSTS) callsOf(action string) []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeCall
	for _, c := range f.calls {
		if c.Action == action {
			out = append(out, c)
		}
	}
	return out
}

// config is an SDK configuration that sends STS calls to the fake.
func (f *fakeSTS) config(creds aws.CredentialsProvider) aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: creds, BaseEndpoint: aws.String(f.srv.URL)}
}

func (f *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	key, region, code, msg := f.authenticate(r, body)
	f.mu.Lock()
	f.calls = append(f.calls, fakeCall{Action: form.Get("Action"), Region: region, Caller: key.arn, Form: form})
	f.mu.Unlock()
	if code != "" {
		stsError(w, code, msg)
		return
	}
	switch form.Get("Action") {
	case "GetCallerIdentity":
		writeXML(w, fmt.Sprintf(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>%s</Arn>
    <UserId>AIDAFAKEUSERID</UserId>
    <Account>%s</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`, key.arn, key.account))
	case "AssumeRole":
		f.assumeRole(w, key, form)
	default:
		stsError(w, "InvalidAction", "Could not find operation "+form.Get("Action"))
	}
}

func (f *fakeSTS) assumeRole(w http.ResponseWriter, caller fakeKey, form url.Values) {
	arn := form.Get("RoleArn")
	f.mu.Lock()
	role, ok := f.roles[arn]
	denied := f.denyAssume[caller.arn]
	f.mu.Unlock()
	if denied {
		stsError(w, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s because no identity-based policy allows the sts:AssumeRole action", caller.arn, arn))
		return
	}
	if !ok || role.trusts != caller.arn || role.externalID != form.Get("ExternalId") {
		stsError(w, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.arn, arn))
		return
	}
	account := strings.Split(arn, ":")[4]
	name := arn[strings.LastIndex(arn, "/")+1:]
	session := form.Get("RoleSessionName")
	f.mu.Lock()
	f.next++
	id := fmt.Sprintf("ASIAFAKE%012d", f.next)
	k := fakeKey{secret: fmt.Sprintf("session-secret-%d", f.next), token: fmt.Sprintf("session-token-%d", f.next),
		arn: "arn:aws:sts::" + account + ":assumed-role/" + name + "/" + session, account: account}
	f.keys[id] = k
	expires := time.Now().Add(f.life).UTC().Format(time.RFC3339)
	f.mu.Unlock()
	writeXML(w, fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>%s</Arn>
      <AssumedRoleId>AROAFAKEROLEID:%s</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>%s</AccessKeyId>
      <SecretAccessKey>%s</SecretAccessKey>
      <SessionToken>%s</SessionToken>
      <Expiration>%s</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</AssumeRoleResponse>`, k.arn, session, id, k.secret, k.token, expires))
}

// authenticate checks the request's SigV4 signature as AWS does: the key
// must exist, the signature must be the one its secret makes, its session
// must not have expired, and the signing region must be enabled.
func (f *fakeSTS) authenticate(r *http.Request, body []byte) (key fakeKey, region, code, msg string) {
	auth := r.Header.Get("Authorization")
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return key, "", "MissingAuthenticationToken", "Request is missing Authentication Token"
	}
	scope, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(scope, "/") // AKID/date/region/sts/aws4_request
	if len(parts) != 5 {
		return key, "", "IncompleteSignature", "Authorization header is malformed"
	}
	region = parts[2]
	f.mu.Lock()
	key, known := f.keys[parts[0]]
	disabled := f.disabled[region]
	f.mu.Unlock()
	if !known || disabled {
		return key, region, "InvalidClientTokenId", "The security token included in the request is invalid."
	}
	if r.Header.Get("X-Amz-Security-Token") != key.token {
		return key, region, "InvalidClientTokenId", "The security token included in the request is invalid."
	}
	if key.expired {
		return key, region, "ExpiredToken", "The security token included in the request is expired"
	}
	if !f.signatureMatches(r, body, parts[0], key, region) {
		return key, region, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	}
	return key, region, "", ""
}

func (f *fakeSTS) signatureMatches(r *http.Request, body []byte, keyID string, key fakeKey, region string) bool {
	_, signed, _ := strings.Cut(r.Header.Get("Authorization"), "SignedHeaders=")
	signed, _, _ = strings.Cut(signed, ",")
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	req, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), strings.NewReader(string(body)))
	req.Host = r.Host
	for _, h := range strings.Split(signed, ";") {
		if h == "host" || h == "x-amz-date" || h == "x-amz-security-token" {
			continue
		}
		if h == "content-length" {
			req.ContentLength = r.ContentLength
			continue
		}
		req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: keyID, SecretAccessKey: key.secret, SessionToken: key.token}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sts", region, when); err != nil {
		return false
	}
	return req.Header.Get("Authorization") == r.Header.Get("Authorization")
}

func stsError(w http.ResponseWriter, code, msg string) {
	status := http.StatusForbidden
	if code == "InvalidAction" {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>%s</Code>
    <Message>%s</Message>
  </Error>
  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
</ErrorResponse>`, code, msg)
}

func writeXML(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(w, s)
}
