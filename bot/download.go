package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

// allowedURL reports whether a file may be downloaded from u: its host is
// one of Config.AttachmentHosts, over https (plain http only for a
// loopback host, as in tests).
func (b *frontend) allowedURL(u *url.URL) bool {
	if u == nil || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if !b.hosts[host] {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		ip := net.ParseIP(host)
		return host == "localhost" || (ip != nil && ip.IsLoopback())
	}
	return false
}

// download fetches an attachment of a command, size-capped, only from an
// allowed host (also after redirects). On failure it returns the key of
// the text to show.
func (b *frontend) download(ctx context.Context, a *discordgo.MessageAttachment) (*handlers.Attachment, string, error) {
	if a == nil {
		return nil, txtFileHost, errors.New("no resolved attachment")
	}
	u, err := url.Parse(a.URL)
	if err != nil || !b.allowedURL(u) {
		return nil, txtFileHost, fmt.Errorf("attachment host not allowed: %q", hostOf(a.URL))
	}
	limit := b.cfg.MaxAttachmentBytes
	if int64(a.Size) > limit {
		return nil, txtFileTooLarge, fmt.Errorf("attachment of %d bytes", a.Size)
	}
	client := *b.cfg.httpClient
	client.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) >= 3 || !b.allowedURL(r.URL) {
			return errors.New("redirect not allowed")
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, txtFileDownload, err
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL and its signature
		}
		return nil, txtFileDownload, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, txtFileDownload, fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, txtFileTooLarge, fmt.Errorf("attachment of %d bytes", resp.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, txtFileDownload, err
	}
	if int64(len(data)) > limit {
		return nil, txtFileTooLarge, fmt.Errorf("attachment over %d bytes", limit)
	}
	return &handlers.Attachment{Name: a.Filename, Data: data}, "", nil
}

// hostOf returns the host of a URL for logs, never the path (it may hold
// signed parameters).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return u.Host
}
