package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"summitbot/bot"
)

// config is every setting, read once at start from .env and the
// environment (the environment wins).
type config struct {
	DataDir        string
	IndexDir       string
	Token          string // DISCORD_TOKEN: never logged or printed
	AppID          string
	GuildID        string
	ModeratorRoles []string
	LogLevel       slog.Level
	LogLevelSet    bool // LOG_LEVEL was given
	ShardID        int
	ShardCount     int
	RatePerMinute  int
	// WatchInterval is how often serve looks for an index generation
	// another process built (INDEX_WATCH_INTERVAL, default 2 s; 0 = never).
	WatchInterval time.Duration
	// APIURL is DISCORD_API_URL: a stand-in for Discord on this machine,
	// for testing against a local fake; empty means Discord.
	APIURL string

	log *slog.Logger
}

// loadConfig reads .env (if present) and the environment.
func loadConfig(getenv func(string) string, stderr io.Writer) (*config, error) {
	dot, err := godotenv.Read(envFile(getenv))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read .env: %w", err)
	}
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		if v := strings.TrimSpace(dot[k]); v != "" {
			return v
		}
		return def
	}
	c := &config{
		DataDir:  get("DATA_DIR", "./data"),
		IndexDir: get("INDEX_DIR", "./.summitbot/index"),
		Token:    get("DISCORD_TOKEN", ""),
		AppID:    get("DISCORD_APP_ID", ""),
		GuildID:  get("DISCORD_GUILD_ID", ""),
	}
	for _, r := range strings.FieldsFunc(get("MODERATOR_ROLE_IDS", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		c.ModeratorRoles = append(c.ModeratorRoles, r)
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", defaultLogLevel))); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL: %w (use debug, info, warn or error)", err)
	}
	c.LogLevelSet = get("LOG_LEVEL", "") != ""
	ints := []struct {
		key string
		def int
		dst *int
	}{
		{"SHARD_ID", 0, &c.ShardID},
		{"SHARD_COUNT", 1, &c.ShardCount},
		{"RATE_LIMIT_PER_MINUTE", 10, &c.RatePerMinute},
	}
	for _, n := range ints {
		v, err := strconv.Atoi(get(n.key, strconv.Itoa(n.def)))
		if err != nil || v < 0 {
			return nil, fmt.Errorf("%s must be a whole number ≥ 0", n.key)
		}
		*n.dst = v
	}
	if c.ShardCount < 1 || c.ShardID >= c.ShardCount {
		return nil, fmt.Errorf("SHARD_ID %d must be below SHARD_COUNT %d", c.ShardID, c.ShardCount)
	}
	c.WatchInterval, err = parseInterval(get("INDEX_WATCH_INTERVAL", defaultWatchInterval.String()))
	if err != nil {
		return nil, fmt.Errorf("INDEX_WATCH_INTERVAL: %w", err)
	}
	if c.APIURL = get("DISCORD_API_URL", ""); c.APIURL != "" {
		if _, err := bot.ParseAPIURL(c.APIURL); err != nil {
			return nil, err
		}
	}
	c.setLogLevel(c.LogLevel, stderr)
	return c, nil
}

// defaultWatchInterval is how often serve checks INDEX_DIR/CURRENT for a
// generation another process built: a reindex shows in every shard within
// about this time, for one small file read per interval.
const defaultWatchInterval = 2 * time.Second

// minWatchInterval keeps INDEX_WATCH_INTERVAL from spinning.
const minWatchInterval = 100 * time.Millisecond

// parseInterval reads a duration such as 2s or 500ms; a bare number is
// seconds, 0 turns watching off.
func parseInterval(s string) (time.Duration, error) {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		s = fmt.Sprintf("%gs", secs)
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration (use e.g. 2s or 500ms; 0 turns it off)", s)
	case d == 0:
		return 0, nil
	case d < minWatchInterval:
		return 0, fmt.Errorf("%s is below %s (0 turns it off)", d, minWatchInterval)
	}
	return d, nil
}

// defaultLogLevel keeps the command-line tools quiet; serve logs at info
// unless LOG_LEVEL says otherwise.
const defaultLogLevel = "warn"

// envFile is the .env file to read: ENV_FILE if set, else ./.env.
func envFile(getenv func(string) string) string {
	if f := getenv("ENV_FILE"); f != "" {
		return f
	}
	return ".env"
}

// dataFS returns the data directory as a file system.
func (c *config) dataFS() fs.FS { return os.DirFS(c.DataDir) }

// setLogLevel replaces the logger with one at level.
func (c *config) setLogLevel(level slog.Level, stderr io.Writer) {
	c.LogLevel = level
	c.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
}
