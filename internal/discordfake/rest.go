package discordfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest request body accepted (Discord's upload limit for
// bots plus room for the JSON part).
const maxBody = 26 << 20

// Request is one HTTP request the fake received, as recorded.
type Request struct {
	// Time is when the request arrived.
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Host is the host the client addressed, such as "discord.com", before
	// HTTPClient rewrote it; the fake's own address for direct requests.
	Host string
	// Path is the URL path as sent, such as "/api/v9/channels/1/messages".
	Path string
	// Route is the matched route, such as "POST /channels/{channel}/messages";
	// empty when the fake does not know the route (it answered 404).
	Route string
	// Query holds the URL query parameters.
	Query url.Values
	// Header holds the request headers.
	Header http.Header
	// Body is the raw body.
	Body []byte
	// JSON is the JSON payload: the body, or the payload_json part of a
	// multipart body. Nil when there is none.
	JSON json.RawMessage
	// Files are the files of a multipart body.
	Files []File
	// Status is the status code the fake answered with.
	Status int
}

// File is a file uploaded in a multipart body, or one served by the fake.
type File struct {
	// Field is the multipart field name, such as "files[0]".
	Field string
	// Name is the file name.
	Name string
	// ContentType is the part's content type.
	ContentType string
	// Data is the content.
	Data []byte
}

type rateLimit struct {
	method     string
	prefix     string
	left       int
	retryAfter time.Duration
}

// route is one REST route; pattern is relative to /api/vN, except for
// routes beginning with /attachments, which are served at the root.
type route struct {
	method  string
	pattern string
	auth    bool
	handle  func(*Server, *call)
}

// routes is the fixed routing table.
var routes = []route{
	{"GET", "/gateway", false, (*Server).handleGateway},
	{"GET", "/gateway/bot", true, (*Server).handleGatewayBot},
	{"GET", "/users/@me", true, (*Server).handleMe},
	{"GET", "/users/{user}", true, (*Server).handleUser},
	{"POST", "/users/@me/channels", true, (*Server).handleCreateDM},
	{"GET", "/applications/@me", true, (*Server).handleApplication},
	{"GET", "/oauth2/applications/@me", true, (*Server).handleApplication},
	{"GET", "/applications/{app}/commands", true, (*Server).handleListCommands},
	{"PUT", "/applications/{app}/commands", true, (*Server).handleOverwriteCommands},
	{"POST", "/applications/{app}/commands", true, (*Server).handleCreateCommand},
	{"GET", "/applications/{app}/commands/{command}", true, (*Server).handleGetCommand},
	{"PATCH", "/applications/{app}/commands/{command}", true, (*Server).handleEditCommand},
	{"DELETE", "/applications/{app}/commands/{command}", true, (*Server).handleDeleteCommand},
	{"GET", "/applications/{app}/guilds/{guild}/commands", true, (*Server).handleListCommands},
	{"PUT", "/applications/{app}/guilds/{guild}/commands", true, (*Server).handleOverwriteCommands},
	{"POST", "/applications/{app}/guilds/{guild}/commands", true, (*Server).handleCreateCommand},
	{"GET", "/applications/{app}/guilds/{guild}/commands/{command}", true, (*Server).handleGetCommand},
	{"PATCH", "/applications/{app}/guilds/{guild}/commands/{command}", true, (*Server).handleEditCommand},
	{"DELETE", "/applications/{app}/guilds/{guild}/commands/{command}", true, (*Server).handleDeleteCommand},
	{"POST", "/interactions/{interaction}/{token}/callback", false, (*Server).handleCallback},
	{"POST", "/webhooks/{app}/{token}", false, (*Server).handleFollowup},
	{"GET", "/webhooks/{app}/{token}/messages/{message}", false, (*Server).handleGetWebhookMessage},
	{"PATCH", "/webhooks/{app}/{token}/messages/{message}", false, (*Server).handleEditWebhookMessage},
	{"DELETE", "/webhooks/{app}/{token}/messages/{message}", false, (*Server).handleDeleteWebhookMessage},
	{"GET", "/channels/{channel}", true, (*Server).handleGetChannel},
	{"POST", "/channels/{channel}/typing", true, (*Server).handleNoContent},
	{"POST", "/channels/{channel}/messages", true, (*Server).handleCreateMessage},
	{"GET", "/channels/{channel}/messages/{message}", true, (*Server).handleGetMessage},
	{"PATCH", "/channels/{channel}/messages/{message}", true, (*Server).handleEditMessage},
	{"DELETE", "/channels/{channel}/messages/{message}", true, (*Server).handleDeleteMessage},
	{"PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", true, (*Server).handleNoContent},
	{"DELETE", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", true, (*Server).handleNoContent},
	{"GET", "/attachments/{attachment}/{filename}", false, (*Server).handleAttachment},
}

var apiPrefix = regexp.MustCompile(`^/api(/v[0-9]+)?(/|$)`)

// call is one REST request being served.
type call struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	rec     *Request
	params  map[string]string
	replied bool
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws" || strings.HasPrefix(r.URL.Path, "/ws/") {
		s.serveGateway(w, r)
		return
	}
	rec := &Request{
		Time:   time.Now(),
		Method: r.Method,
		Host:   r.Header.Get(hostHeader),
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
	}
	rec.Header.Del(hostHeader)
	if rec.Host == "" {
		rec.Host = r.Host
	}
	c := &call{s: s, w: w, r: r, rec: rec}
	defer func() {
		if !c.replied {
			c.fail(http.StatusInternalServerError, 0, "500: Internal Server Error")
		}
	}()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	rec.Body = body
	if err != nil {
		c.fail(http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
		return
	}
	if err := c.parseBody(); err != nil {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}

	path := r.URL.Path
	api := false
	if loc := apiPrefix.FindStringIndex(path); loc != nil {
		path = "/" + path[loc[1]:]
		api = true
	}
	var matched *route
	methodMismatch := false
	for i := range routes {
		rt := &routes[i]
		if api == strings.HasPrefix(rt.pattern, "/attachments/") {
			continue
		}
		params, ok := match(rt.pattern, path)
		if !ok {
			continue
		}
		if rt.method != r.Method {
			methodMismatch = true
			continue
		}
		matched, c.params = rt, params
		break
	}
	switch {
	case matched == nil && methodMismatch:
		c.fail(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
		return
	case matched == nil:
		s.log.Warn("unknown route", "method", r.Method, "path", r.URL.Path)
		c.fail(http.StatusNotFound, 0, "404: Not Found")
		return
	}
	rec.Route = matched.method + " " + matched.pattern
	if api && s.takeRateLimit(c, r.Method, path) {
		return
	}
	if matched.auth && s.opts.Token != "" && r.Header.Get("Authorization") != "Bot "+s.opts.Token {
		c.fail(http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	matched.handle(s, c)
}

// match matches path against pattern; "{name}" segments capture.
func match(pattern, path string) (map[string]string, bool) {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	xs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/"), "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") {
			if xs[i] == "" {
				return nil, false
			}
			params[strings.Trim(p, "{}")] = xs[i]
			continue
		}
		if p != xs[i] {
			return nil, false
		}
	}
	return params, true
}

// parseBody fills rec.JSON and rec.Files.
func (c *call) parseBody() error {
	rec := c.rec
	if len(rec.Body) == 0 {
		return nil
	}
	mt, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if !json.Valid(rec.Body) {
			return errors.New("invalid JSON")
		}
		rec.JSON = rec.Body
		return nil
	}
	mr := multipart.NewReader(bytes.NewReader(rec.Body), params["boundary"])
	fields := map[string]string{}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return err
		}
		switch {
		case p.FormName() == "payload_json":
			if !json.Valid(data) {
				return errors.New("invalid payload_json")
			}
			rec.JSON = data
		case p.FileName() != "":
			rec.Files = append(rec.Files, File{
				Field:       p.FormName(),
				Name:        p.FileName(),
				ContentType: p.Header.Get("Content-Type"),
				Data:        data,
			})
		default:
			fields[p.FormName()] = string(data)
		}
	}
	if rec.JSON == nil && len(fields) > 0 {
		rec.JSON, _ = json.Marshal(fields)
	}
	return nil
}

// object decodes the JSON payload as an object; on failure it answers 400.
func (c *call) object() (map[string]any, bool) {
	if c.rec.JSON == nil {
		return map[string]any{}, true
	}
	m, err := decodeObject(c.rec.JSON)
	if err != nil {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return nil, false
	}
	return m, true
}

// reply records the status and writes v as JSON (nothing for 204).
func (c *call) reply(status int, v any) {
	var body []byte
	if status != http.StatusNoContent {
		var err error
		if body, err = marshalJSON(v); err != nil {
			status, body = http.StatusInternalServerError, []byte(`{"message":"500: Internal Server Error","code":0}`)
		}
	}
	c.replyHeaders(status, body, nil)
}

// replyHeaders records the request with its status, then writes the
// response (JSON unless h sets Content-Type) and flushes it.
func (c *call) replyHeaders(status int, body []byte, h http.Header) {
	if c.replied {
		return
	}
	c.replied = true
	c.rec.Status = status
	c.s.mu.Lock()
	c.s.requests = append(c.s.requests, *c.rec)
	c.s.signalLocked()
	c.s.mu.Unlock()
	for k, v := range h {
		c.w.Header()[k] = v
	}
	if body != nil && c.w.Header().Get("Content-Type") == "" {
		c.w.Header().Set("Content-Type", "application/json")
	}
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
	if f, ok := c.w.(http.Flusher); ok {
		f.Flush()
	}
	c.s.log.Debug("rest", "method", c.rec.Method, "path", c.rec.Path, "status", status)
}

// fail answers with Discord's error body.
func (c *call) fail(status, code int, message string) {
	c.reply(status, map[string]any{"message": message, "code": code})
}

// invalid answers 400 Invalid Form Body with Discord's nested error tree.
func (c *call) invalid(errs []fieldError) {
	c.s.log.Warn("invalid form body", "method", c.rec.Method, "path", c.rec.Path, "errors", len(errs))
	c.reply(http.StatusBadRequest, map[string]any{
		"message": "Invalid Form Body",
		"code":    50035,
		"errors":  errorTree(errs),
	})
}

// RateLimitNext makes the next n REST requests whose method is method (any
// when empty) and whose path starts with pathPrefix get 429 Too Many
// Requests with retry_after. pathPrefix is relative to /api/v9 (a leading
// /api/v9 is accepted too), such as "/channels/" or
// "/interactions/".
func (s *Server) RateLimitNext(method, pathPrefix string, n int, retryAfter time.Duration) {
	if loc := apiPrefix.FindStringIndex(pathPrefix); loc != nil {
		pathPrefix = "/" + pathPrefix[loc[1]:]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimit{
		method:     strings.ToUpper(method),
		prefix:     pathPrefix,
		left:       n,
		retryAfter: retryAfter,
	})
}

// takeRateLimit answers 429 if a rate limit applies and reports so.
func (s *Server) takeRateLimit(c *call, method, path string) bool {
	s.mu.Lock()
	var hit *rateLimit
	for _, rl := range s.rateLimits {
		if rl.left > 0 && (rl.method == "" || rl.method == method) && strings.HasPrefix(path, rl.prefix) {
			rl.left--
			hit = rl
			break
		}
	}
	s.mu.Unlock()
	if hit == nil {
		return false
	}
	secs := hit.retryAfter.Seconds()
	after := strconv.FormatFloat(secs, 'f', 3, 64)
	reset := float64(time.Now().Add(hit.retryAfter).UnixMilli()) / 1000
	// Discord sends these headers with a Date header (net/http adds it);
	// discordgo needs Date to parse X-RateLimit-Reset.
	h := http.Header{
		"Retry-After":             {strconv.Itoa(int(math.Ceil(secs)))},
		"X-Ratelimit-Limit":       {"5"},
		"X-Ratelimit-Remaining":   {"0"},
		"X-Ratelimit-Reset":       {strconv.FormatFloat(reset, 'f', 3, 64)},
		"X-Ratelimit-Reset-After": {after},
		"X-Ratelimit-Bucket":      {"discordfake-" + strings.Trim(hit.prefix, "/")},
		"X-Ratelimit-Scope":       {"user"},
		"Date":                    {time.Now().UTC().Format(http.TimeFormat)},
	}
	body, _ := json.Marshal(map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": math.Round(secs*1000) / 1000,
		"global":      false,
	})
	s.log.Debug("rate limited", "method", method, "path", path, "retry_after", after)
	c.replyHeaders(http.StatusTooManyRequests, body, h)
	return true
}

// Requests returns every REST request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Unhandled returns the requests for routes the fake does not know (it
// answered them 404 or 405), so a test can assert there were none.
func (s *Server) Unhandled() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if r.Route == "" && (r.Status == http.StatusNotFound || r.Status == http.StatusMethodNotAllowed) {
			out = append(out, r)
		}
	}
	return out
}

// decodeObject decodes a JSON object keeping numbers as json.Number.
func decodeObject(b []byte) (map[string]any, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not an object")
	}
	return m, nil
}

func decodeAny(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

// str returns m[key] as a string; numbers are formatted.
func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// num returns v as an integer.
func num(v any) (int64, bool) {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, true
		}
		if f, err := v.Float64(); err == nil && f == math.Trunc(f) {
			return int64(f), true
		}
	case float64:
		if v == math.Trunc(v) {
			return int64(v), true
		}
	case int:
		return int64(v), true
	case int64:
		return v, true
	}
	return 0, false
}

func intField(m map[string]any, key string) int64 {
	n, _ := num(m[key])
	return n
}

func list(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}

func fmtErr(format string, a ...any) error { return fmt.Errorf("discordfake: "+format, a...) }
