package bot

import (
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per user: each user may ask perMinute
// questions in a burst, and earns one back every 60/perMinute seconds.
// It lives in its frontend (one per Run); there is no package state.
type limiter struct {
	perMinute int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
	warned bool // the user was told to slow down since the bucket ran dry
}

// maxBuckets bounds memory; full buckets are dropped first.
const maxBuckets = 100000

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for user. When none is left it returns how long
// until the next one and whether this is the first refusal since the
// bucket ran dry (message questions are refused out loud only once).
func (l *limiter) allow(user string) (ok bool, wait time.Duration, first bool) {
	if l == nil || l.perMinute <= 0 || user == "" {
		return true, 0, false
	}
	rate := float64(l.perMinute) / 60 // tokens per second
	capacity := float64(l.perMinute)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweepLocked(now, rate, capacity)
	b := l.buckets[user]
	if b == nil {
		b = &bucket{tokens: capacity, last: now}
		l.buckets[user] = b
	}
	b.tokens = math.Min(capacity, b.tokens+now.Sub(b.last).Seconds()*rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return true, 0, false
	}
	first = !b.warned
	b.warned = true
	wait = time.Duration((1 - b.tokens) / rate * float64(time.Second))
	return false, wait, first
}

// sweepLocked forgets users whose bucket has refilled, once a minute or
// when there are too many.
func (l *limiter) sweepLocked(now time.Time, rate, capacity float64) {
	if now.Sub(l.sweep) < time.Minute && len(l.buckets) < maxBuckets {
		return
	}
	l.sweep = now
	for u, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*rate >= capacity {
			delete(l.buckets, u)
		}
	}
}
