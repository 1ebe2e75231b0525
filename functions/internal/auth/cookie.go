package auth

import (
	"net"
	"net/http"
	"time"
)

// The session cookie holds the refresh token, so that a reload or a new
// tab restores the session while no script of the page can read it
// (HttpOnly): scoped to the sign-in routes (Path), sent only by this site
// (SameSite Strict) and only over HTTPS (Secure), but on a loopback
// address, where local mode serves plain HTTP and browsers treat the
// origin as secure anyway. The access token stays in the page's memory.
const (
	SessionCookie = "cc_session"
	// CSRFHeader must come with a request that uses the cookie.
	CSRFHeader    = "X-CloudCensus-CSRF"
	cookiePath    = "/api/auth"
	sessionMaxAge = 30 * 24 * time.Hour // the pool's refresh token validity
)

func setSessionCookie(w http.ResponseWriter, r *http.Request, refreshToken string) {
	if refreshToken == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: refreshToken, Path: cookiePath, MaxAge: int(sessionMaxAge.Seconds()),
		HttpOnly: true, Secure: secureCookie(r), SameSite: http.SameSiteStrictMode})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: cookiePath, MaxAge: -1,
		HttpOnly: true, Secure: secureCookie(r), SameSite: http.SameSiteStrictMode})
}

// secureCookie is false only for plain HTTP to a loopback host: local mode.
func secureCookie(r *http.Request) bool {
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
