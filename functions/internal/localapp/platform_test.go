package localapp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Start ran in TestMain with AWS_EC2_METADATA_SERVICE_ENDPOINT pointing at
// a listener that counts: the whole start-up (the platform principal, the
// resolver, the seed) and every test before this one left it alone.
func TestStartLeavesInstanceMetadataAlone(t *testing.T) {
	if n := imdsHits.Load(); n != 0 {
		t.Fatalf("local mode asked the instance metadata service %d times", n)
	}
	// Resolving the machine's identity, as a template for a real account
	// does, does not ask it either.
	cfg, err := platformConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_ = localPrincipal(context.Background(), cfg)
	if n := imdsHits.Load(); n != 0 {
		t.Fatalf("resolving the platform identity asked the instance metadata service %d times", n)
	}
}

// The opt-in restores the SDK's whole chain, instance metadata included.
func TestInstanceMetadataOptIn(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "not here", http.StatusNotFound)
	}))
	defer srv.Close()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.URL)
	t.Setenv(UseInstanceMetadataEnv, "true")
	cfg, err := platformConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(context.Background()); err == nil {
		t.Fatal("credentials from a metadata service that answers 404")
	}
	if hits.Load() == 0 {
		t.Fatal("CLOUDCENSUS_USE_INSTANCE_METADATA=true did not reach the instance metadata service")
	}

	t.Setenv(UseInstanceMetadataEnv, "maybe")
	if _, err := platformConfig(context.Background()); err == nil {
		t.Fatal("CLOUDCENSUS_USE_INSTANCE_METADATA=maybe accepted")
	}
}
