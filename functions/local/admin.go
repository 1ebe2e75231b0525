package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/localapp"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// stackOutputs are the deploy outputs the admin command needs.
type stackOutputs struct {
	Region           string `json:"Region"`
	TableName        string `json:"TableName"`
	UserPoolID       string `json:"UserPoolId"`
	UserPoolClientID string `json:"UserPoolClientId"`
	ConsoleURL       string `json:"ConsoleUrl"`
}

// adminCmd creates the first admin of a deployed stack: it seeds the
// default workspace and role matrix when missing, then creates the user in
// the pool and the table with a temporary password, which the first
// sign-in replaces.
func adminCmd(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	outputs := fs.String("outputs", "", "the deploy outputs file (cdk deploy --outputs-file)")
	username := fs.String("username", "", "the admin's sign-in name")
	email := fs.String("email", "", "the admin's email address")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *outputs == "" || *username == "" || *email == "" {
		fmt.Fprintln(os.Stderr, "usage: cloudcensus admin --outputs FILE --username NAME --email ADDRESS")
		return 2
	}
	if err := createAdmin(ctx, *outputs, *username, *email, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus admin:", err)
		return 1
	}
	return 0
}

func createAdmin(ctx context.Context, outputsFile, username, email string, w io.Writer) error {
	raw, err := os.ReadFile(outputsFile)
	if err != nil {
		return err
	}
	var all map[string]stackOutputs
	if err := json.Unmarshal(raw, &all); err != nil {
		return fmt.Errorf("read %s: %w", outputsFile, err)
	}
	out, ok := all["CloudCensus"]
	if !ok || out.TableName == "" || out.UserPoolID == "" {
		return fmt.Errorf("%s has no CloudCensus stack outputs", outputsFile)
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(out.Region))
	if err != nil {
		return err
	}
	st := store.New(cfg, out.TableName)
	ws, err := st.EnsureDefaultWorkspace(ctx, "Default workspace")
	if err != nil {
		return err
	}
	if err := localapp.SeedRoles(ctx, st, ws.ID); err != nil {
		return err
	}
	password := localapp.GeneratePassword()
	svc := identity.NewUsers(identity.New(cfg, out.UserPoolID, out.UserPoolClientID), st)
	u, err := svc.Create(ctx, ws.ID, identity.NewUser{Username: username, Email: email, Password: password, Role: domain.RoleAdmin, Temporary: true})
	if err != nil {
		return err
	}
	slog.Info("admin created", "user", u.ID, "workspace", ws.ID)
	fmt.Fprintf(w, "Admin %s created. Sign in at %s with this temporary password, then choose your own:\n  %s\n", u.Username, out.ConsoleURL, password)
	return nil
}
