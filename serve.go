package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"summitbot/bot"
	"summitbot/handlers"
	"summitbot/index"
)

// runServe connects to Discord and serves until ctx ends. Several
// processes, one per shard (--shard-id and --shard-count, or SHARD_ID and
// SHARD_COUNT), may serve the same DATA_DIR and INDEX_DIR: each follows
// the index generations the others build (Watch), so a reindex in one
// shows in all.
func runServe(ctx context.Context, c *config, args []string, io stdio) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.err)
	fl.IntVar(&c.ShardID, "shard-id", c.ShardID, "the Discord shard this process serves (default SHARD_ID)")
	fl.IntVar(&c.ShardCount, "shard-count", c.ShardCount, "how many shards run (default SHARD_COUNT)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageError{"serve takes only --shard-id and --shard-count; configure the rest in .env"}
	}
	if c.ShardCount < 1 || c.ShardID < 0 || c.ShardID >= c.ShardCount {
		return usageError{fmt.Sprintf("shard id %d must be at least 0 and below the shard count %d", c.ShardID, c.ShardCount)}
	}
	if c.Token == "" {
		return usageError{"DISCORD_TOKEN is not set (put it in .env or the environment, see .env.example); to try the bot without Discord run: go run . console"}
	}
	if !c.LogLevelSet {
		c.setLogLevel(slog.LevelInfo, io.err)
	}
	if c.ShardCount > 1 {
		c.log = c.log.With("shard", c.ShardID) // tell the shards' logs apart
	}
	ix, svc, err := openService(ctx, c, io)
	if err != nil {
		return err
	}
	defer ix.Close()
	var watching sync.WaitGroup
	wctx, stopWatching := context.WithCancel(ctx)
	if c.WatchInterval > 0 {
		watching.Go(func() { ix.Watch(wctx, c.WatchInterval) })
	}
	defer func() { stopWatching(); watching.Wait() }() // before ix.Close
	return serve(ctx, c, svc)
}

// serve runs the Discord bot until ctx ends.
func serve(ctx context.Context, c *config, svc *handlers.Service) error {
	return bot.Run(ctx, bot.Config{
		Token: c.Token, AppID: c.AppID, GuildID: c.GuildID,
		ModeratorRoles: c.ModeratorRoles,
		RatePerMinute:  c.RatePerMinute,
		ShardID:        c.ShardID, ShardCount: c.ShardCount,
		APIURL: c.APIURL,
		Logger: c.log,
	}, svc)
}

// ensureFresh builds the index when it is stale. When another process is
// building it (another shard, or a reindex command), it serves the
// current generation if there is one (serve's Watch swaps the new one in
// once it is done), or else waits for that build to finish and follows
// it; if that build fails it tries again itself.
func ensureFresh(ctx context.Context, ix *index.Index, log *slog.Logger, stderr io.Writer) error {
	const poll = 200 * time.Millisecond
	said := false
	for {
		rep, rebuilt, err := ix.EnsureFresh(ctx, progressBar(stderr))
		if err == nil {
			if rebuilt {
				reportSkipped(stderr, rep.Skipped)
			}
			return nil
		}
		if !errors.Is(err, index.ErrBusy) {
			return err
		}
		if ix.Ready() {
			log.Warn("another process is rebuilding the index; answering from the current one meanwhile")
			return nil
		}
		if !said {
			log.Info("another process is building the index; waiting for it")
			said = true
		}
		if err := waitReady(ctx, ix, poll, 5*poll); err != nil {
			return fmt.Errorf("waiting for the index another process builds: %w", err)
		}
		if ix.Ready() {
			return nil
		}
	}
}

// waitReady follows the generations other processes build for up to d,
// or until one is live.
func waitReady(ctx context.Context, ix *index.Index, poll, d time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, d)
	var w sync.WaitGroup
	w.Go(func() { ix.Watch(wctx, poll) })
	defer func() { cancel(); w.Wait() }()
	t := time.NewTicker(poll / 2)
	defer t.Stop()
	for !ix.Ready() {
		select {
		case <-wctx.Done():
			return context.Cause(ctx) // nil when only d passed
		case <-t.C:
		}
	}
	return nil
}
