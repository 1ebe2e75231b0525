package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/localapp"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
)

// serve runs the product until Ctrl-C, SIGTERM or a child server's death.
func serve(ctx context.Context, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(os.Stderr, "cloudcensus serve: takes no arguments; configure it with CLOUDCENSUS_* variables (see README)")
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, log); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus serve:", err)
		return 1
	}
	return 0
}

func run(ctx context.Context, log *slog.Logger) error {
	addr := envOr("CLOUDCENSUS_ADDR", "127.0.0.1:8080")
	dataDir := os.Getenv("CLOUDCENSUS_DATA_DIR")
	if dataDir == "" {
		root, err := standin.RepoRoot()
		if err != nil {
			return err
		}
		dataDir = filepath.Join(root, ".cache", "data")
	}
	if err := loopbackOnly(ctx, addr, net.DefaultResolver.LookupIPAddr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (%v): stop what uses it or set CLOUDCENSUS_ADDR", addr, err)
	}
	url := "http://" + ln.Addr().String()

	// Until the stand-ins are up, only the health route answers (503).
	sys := system.New()
	var handler atomic.Value
	bootMux, err := localapp.BootMux(sys, log)
	if err != nil {
		return err
	}
	handler.Store(bootMux)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.Load().(http.Handler).ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	start := time.Now()
	local, err := localapp.Start(ctx, localapp.Config{
		DataDir:       dataDir,
		AdminUsername: os.Getenv("CLOUDCENSUS_ADMIN_USERNAME"),
		AdminPassword: os.Getenv("CLOUDCENSUS_ADMIN_PASSWORD"),
		Origins:       []string{url},
	}, sys, log)
	if err != nil {
		return err
	}
	defer local.Close()
	mux, err := local.Mux()
	if err != nil {
		return err
	}
	handler.Store(withSPA(mux, webDir()))
	fmt.Fprintf(os.Stderr, "\nCloudCensus is ready in %.1fs at %s\n  admin username: %s\n  admin password: %s\n  data folder:    %s\nPress Ctrl-C to stop.\n\n",
		time.Since(start).Seconds(), url, local.AdminUsername, local.AdminPassword, dataDir)

	select {
	case <-ctx.Done():
		fmt.Fprintln(os.Stderr, "stopping")
		return nil
	case err := <-local.Died():
		return fmt.Errorf("a local server stopped unexpectedly: %w", err)
	case err := <-srvErr:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("http server: %w", err)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// webDir is the built SPA (CLOUDCENSUS_WEB_DIR, default web/dist).
func webDir() string {
	if d := os.Getenv("CLOUDCENSUS_WEB_DIR"); d != "" {
		return d
	}
	root, err := standin.RepoRoot()
	if err != nil {
		return ""
	}
	return filepath.Join(root, "web", "dist")
}
