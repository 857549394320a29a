package main

import (
	"context"

	"summitbot/bot"
	"summitbot/handlers"
)

// serve runs the Discord bot until ctx ends.
func serve(ctx context.Context, c *config, svc *handlers.Service) error {
	return bot.Run(ctx, bot.Config{
		Token: c.Token, AppID: c.AppID, GuildID: c.GuildID,
		ModeratorRoles: c.ModeratorRoles,
		RatePerMinute:  c.RatePerMinute,
		ShardID:        c.ShardID, ShardCount: c.ShardCount,
		Logger: c.log,
	}, svc)
}
