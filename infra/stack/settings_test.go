package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadSettings(t *testing.T) {
	ctx := func(m map[string]any) ContextReader { return func(k string) any { return m[k] } }
	s, err := LoadSettings(ctx(nil), "/repo")
	if err != nil {
		t.Fatal(err)
	}
	if s.Root != "/repo" || s.ContractFile != "/repo/.cache/build/contract.json" || s.LambdaDir != "/repo/.cache/build" || s.MaxConcurrency != 0 {
		t.Errorf("defaults (concurrency 0: the contract's default): %+v", s)
	}
	s, err = LoadSettings(ctx(map[string]any{CtxWebDir: "/abs/web", CtxMaxConcurrency: "25", CtxAuditRetentionDays: float64(30), CtxLogLevel: "debug"}), "/repo")
	if err != nil {
		t.Fatal(err)
	}
	if s.WebDir != "/abs/web" || s.MaxConcurrency != 25 || s.AuditRetentionDays != 30 || s.LogLevel != "debug" {
		t.Errorf("from context: %+v", s)
	}
	for _, tc := range []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"concurrency beyond an inline Map", map[string]any{CtxMaxConcurrency: float64(41)}, "max concurrency 41"},
		{"no concurrency", map[string]any{CtxMaxConcurrency: float64(0)}, "max concurrency 0"},
		{"concurrency not a number", map[string]any{CtxMaxConcurrency: "ten"}, "whole number"},
		{"no retention", map[string]any{CtxAuditRetentionDays: float64(0)}, "audit retention"},
		{"log level", map[string]any{CtxLogLevel: "verbose"}, "log level"},
		{"path not a string", map[string]any{CtxContract: true}, "want a string"},
		{"the retired routes file", map[string]any{"cloudcensus:routes": ".cache/build/routes.json"}, "cloudcensus:routes is no longer read: the routes are the contract's"},
		{"the retired definition file", map[string]any{"cloudcensus:stateMachine": "statemachines/scan-task.asl.json"}, "definition file is the contract's"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadSettings(ctx(tc.ctx), "/repo"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadSettings = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "infra", "stack")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "cdk.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := FindRoot(deep)
	if err != nil || got != root {
		t.Errorf("FindRoot = %q, %v; want %q", got, err, root)
	}
	if _, err := FindRoot(t.TempDir()); err == nil {
		t.Error("FindRoot found a root where there is no cdk.json")
	}
}
