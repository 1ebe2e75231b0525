package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// TestCreateAdminOnADeployedStack runs `cloudcensus admin` against real
// stand-ins for the deployed table and pool, reached the way the AWS SDK
// reaches any endpoint: through the standard endpoint variables.
func TestCreateAdminOnADeployedStack(t *testing.T) {
	ctx := context.Background()
	tools, err := standin.FindTools()
	if err != nil {
		t.Fatal(err)
	}
	ddbURL, stopDDB, err := standin.DynamoDBForTests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stopDDB()
	port, _ := standin.FreePort()
	cog, cogURL, err := standin.StartCognito(ctx, tools, port, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cog.Stop()
	pool, err := identity.CreatePool(ctx, standin.AWSConfig(cogURL), "deployed")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.New(standin.AWSConfig(ddbURL), "deployed-table").EnsureTable(ctx); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": standin.AccessKey, "AWS_SECRET_ACCESS_KEY": standin.SecretKey,
		"AWS_ENDPOINT_URL_DYNAMODB": ddbURL, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": cogURL,
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
	} {
		t.Setenv(k, v)
	}
	outputs := filepath.Join(t.TempDir(), "outputs.json")
	b, _ := json.Marshal(map[string]stackOutputs{"CloudCensus": {Region: "us-east-1", TableName: "deployed-table",
		UserPoolID: pool.PoolID, UserPoolClientID: pool.ClientID, ConsoleURL: "https://console.example"}})
	if err := os.WriteFile(outputs, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := createAdmin(ctx, outputs, "firstadmin", "first@example.com", &out); err != nil {
		t.Fatal(err)
	}
	pw := regexp.MustCompile(`\n  (\S+)\n`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("no password printed: %q", out.String())
	}
	_, ch, err := pool.SignIn(ctx, "firstadmin", pw[1])
	if err != nil || ch == nil || ch.Name != "NEW_PASSWORD_REQUIRED" {
		t.Fatalf("first sign-in: challenge %v, %v", ch, err)
	}
	if err := createAdmin(ctx, outputs, "firstadmin", "other@example.com", &out); err == nil {
		t.Fatal("a second admin with the same name was created")
	}
	if err := createAdmin(ctx, filepath.Join(t.TempDir(), "missing.json"), "x", "x@example.com", &out); err == nil {
		t.Fatal("a missing outputs file was accepted")
	}
}
