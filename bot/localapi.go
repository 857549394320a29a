package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// ParseAPIURL checks Config.APIURL: a plain-http URL of a stand-in for
// Discord on this machine, such as http://127.0.0.1:8080 (an IP loopback
// address, or localhost, which means 127.0.0.1), without path, query or
// credentials. Any other host is refused, so the setting cannot send the
// bot token anywhere but the local machine.
func ParseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("DISCORD_API_URL: %w", err)
	}
	bad := func(why string) (*url.URL, error) {
		return nil, fmt.Errorf("DISCORD_API_URL %q: %s (it is for testing against a local fake, e.g. http://127.0.0.1:8080; leave it empty for Discord)", raw, why)
	}
	switch {
	case u.Scheme != "http":
		return bad("only http:// is supported")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/"):
		return bad("give scheme, host and port only")
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return bad("the host must be a loopback address (127.0.0.1, ::1 or localhost)")
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}, nil
}

// localAPI returns the REST client and gateway dialer that send every
// request and connection, whatever host discordgo names (its endpoints are
// package variables fixed at init), to the stand-in at base, a URL that
// ParseAPIURL returned. Proxies from the environment are not used.
func localAPI(base *url.URL) (*http.Client, *websocket.Dialer) {
	addr := base.Host
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         dial,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
	client := &http.Client{Transport: hostRewriter{addr: addr, next: tr}, Timeout: 20 * time.Second}
	dialer := &websocket.Dialer{NetDialContext: dial, HandshakeTimeout: 10 * time.Second}
	return client, dialer
}

// hostRewriter sends each request to addr over plain HTTP.
type hostRewriter struct {
	addr string
	next http.RoundTripper
}

func (t hostRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL == nil {
		return nil, errors.New("request without URL")
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = "http"
	r2.URL.Host = t.addr
	r2.Host = ""
	return t.next.RoundTrip(r2)
}
