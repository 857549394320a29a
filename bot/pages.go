package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"summitbot/handlers"
)

// Page buttons carry the request that produced the answer in their custom
// id, so they keep working after a restart (stateless, as disgo's
// "/search/2/<key>"):
//
//	pg|<page>|<lang>|<command>|<option index>=<value>|…
//
// A free question is command "" with the option "q". Values escape "%",
// "|" and "=" as %XX. A request too long for Discord's 100 characters is
// kept in a bounded in-memory table instead and its button reads
//
//	pk|<page>|<key>
//
// Such buttons do not survive a restart; the user is asked to ask again.
const (
	prefixPage = "pg"
	prefixKey  = "pk"
)

// pageState is what a page button needs to show another page of an answer.
type pageState struct {
	Command string            // "" for a free question
	Options map[string]string // by option name; "q" holds a free question
	Lang    string
}

// request is the handlers request for page p of the state.
func (st pageState) request(page int) handlers.Request {
	req := handlers.Request{Command: st.Command, Lang: st.Lang, Page: page}
	if st.Command == "" {
		req.Text = st.Options["q"]
		return req
	}
	req.Options = map[string]string{}
	for k, v := range st.Options {
		req.Options[k] = v
	}
	return req
}

var idEscaper = strings.NewReplacer("%", "%25", "|", "%7C", "=", "%3D")

// pager makes and reads page button ids.
type pager struct {
	commands func(name string) *handlers.Command

	mu    sync.Mutex
	keys  map[string]pageState
	order []string // insertion order, for eviction
}

// maxKeptStates bounds the in-memory table of long page states.
const maxKeptStates = 4096

func newPager(commands func(string) *handlers.Command) *pager {
	return &pager{commands: commands, keys: map[string]pageState{}}
}

// ids returns the custom id builder for the answer to st.
func (p *pager) ids(st pageState) func(page int) string {
	enc, ok := p.encode(st)
	if ok {
		return func(page int) string {
			return prefixPage + "|" + strconv.Itoa(page) + "|" + enc
		}
	}
	key := p.keep(st)
	return func(page int) string {
		return prefixKey + "|" + strconv.Itoa(page) + "|" + key
	}
}

// encode writes "<lang>|<command>|<i>=<v>|…" and reports whether a button
// id built from it fits Discord's limit.
func (p *pager) encode(st pageState) (string, bool) {
	var b strings.Builder
	b.WriteString(st.Lang + "|" + st.Command)
	if st.Command == "" {
		b.WriteString("|q=" + idEscaper.Replace(st.Options["q"]))
	} else {
		cmd := p.commands(st.Command)
		if cmd == nil {
			return "", false
		}
		for i, o := range cmd.Options {
			if v, ok := st.Options[o.Name]; ok && v != "" {
				b.WriteString("|" + strconv.Itoa(i) + "=" + idEscaper.Replace(v))
			}
		}
	}
	s := b.String()
	// Leave room for the prefix and a page number of up to 4 digits.
	return s, utf8.RuneCountInString(s)+len(prefixPage)+6 <= maxCustomID
}

// keep stores a state too long for a custom id and returns its key.
func (p *pager) keep(st pageState) string {
	var b strings.Builder
	b.WriteString(st.Lang + "\x00" + st.Command)
	for _, k := range sortedKeys(st.Options) {
		b.WriteString("\x00" + k + "=" + st.Options[k])
	}
	sum := sha256.Sum256([]byte(b.String()))
	key := hex.EncodeToString(sum[:12])
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.keys[key]; !ok {
		p.keys[key] = st
		p.order = append(p.order, key)
		if len(p.order) > maxKeptStates {
			delete(p.keys, p.order[0])
			p.order = p.order[1:]
		}
	}
	return key
}

// parse reads a button's custom id. ok is false for an id that is not a
// page button or whose state is gone (a long state after a restart).
func (p *pager) parse(id string) (st pageState, page int, ok bool) {
	parts := strings.Split(id, "|")
	if len(parts) < 3 {
		return pageState{}, 0, false
	}
	page, err := strconv.Atoi(parts[1])
	if err != nil || page < 0 {
		return pageState{}, 0, false
	}
	switch parts[0] {
	case prefixKey:
		p.mu.Lock()
		st, ok = p.keys[parts[2]]
		p.mu.Unlock()
		return st, page, ok
	case prefixPage:
		if len(parts) < 4 {
			return pageState{}, 0, false
		}
	default:
		return pageState{}, 0, false
	}
	st = pageState{Lang: parts[2], Command: parts[3], Options: map[string]string{}}
	if st.Lang != "de" && st.Lang != "en" {
		st.Lang = ""
	}
	var cmd *handlers.Command
	if st.Command != "" {
		if cmd = p.commands(st.Command); cmd == nil {
			return pageState{}, 0, false
		}
	}
	for _, kv := range parts[4:] {
		k, v, found := strings.Cut(kv, "=")
		if !found {
			return pageState{}, 0, false
		}
		v, err := url.PathUnescape(v)
		if err != nil {
			return pageState{}, 0, false
		}
		if cmd == nil {
			if k == "q" {
				st.Options["q"] = v
			}
			continue
		}
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(cmd.Options) {
			return pageState{}, 0, false
		}
		st.Options[cmd.Options[i].Name] = v
	}
	return st, page, true
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
