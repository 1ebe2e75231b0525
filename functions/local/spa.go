package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// withSPA serves the built single-page app on the API's origin: /api/ goes
// to the API, a file that exists is served, anything else gets index.html
// so client-side routes survive a reload.
func withSPA(api http.Handler, dir string) http.Handler {
	index := filepath.Join(dir, "index.html")
	if _, err := os.Stat(index); dir == "" || err != nil {
		return api
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.ServeHTTP(w, r)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		p := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			if strings.HasPrefix(r.URL.Path, "/assets/") {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFile(w, r, index)
	})
}
