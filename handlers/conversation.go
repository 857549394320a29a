package handlers

import (
	"sync"
	"time"
)

// conversationTTL is how long a DM follow-up ("und Macron?") refers to
// the question before it.
const conversationTTL = 30 * time.Minute

// maxConversations bounds the memory used for follow-ups.
const maxConversations = 10000

// turn is what a follow-up needs of the question before.
type turn struct {
	q    Question
	when time.Time
}

// conversations remembers each user's last question.
type conversations struct {
	mu   sync.Mutex
	now  func() time.Time
	last map[string]turn
}

func newConversations(now func() time.Time) *conversations {
	return &conversations{now: now, last: map[string]turn{}}
}

// get returns the user's last question if it is recent.
func (c *conversations) get(user string) (Question, bool) {
	if user == "" {
		return Question{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.last[user]
	if !ok || c.now().Sub(t.when) > conversationTTL {
		return Question{}, false
	}
	return t.q, true
}

// put remembers the user's question.
func (c *conversations) put(user string, q Question) {
	if user == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.last) >= maxConversations {
		for u, t := range c.last {
			if now.Sub(t.when) > conversationTTL || len(c.last) >= maxConversations {
				delete(c.last, u)
			}
		}
	}
	c.last[user] = turn{q, now}
}
