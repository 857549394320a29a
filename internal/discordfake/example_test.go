package discordfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"summitbot/internal/discordfake"
)

// A real discordgo session answers a slash command dispatched by the fake.
func Example() {
	fake, err := discordfake.Start(discordfake.Options{})
	if err != nil {
		panic(err)
	}
	defer fake.Close()

	dg, _ := discordgo.New("Bot test-token")
	dg.Client = fake.HTTPClient() // REST goes to the fake
	dg.Dialer = fake.Dialer()     // so does the gateway
	dg.ShouldReconnectOnError = false
	dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "pong"},
		})
	})
	if err := dg.Open(); err != nil {
		panic(err)
	}
	defer dg.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ix, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "ping"}})
	if err != nil {
		panic(err)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		panic(err)
	}
	cb, _ := ix.WaitResponse(ctx)
	fmt.Println(final.Content, cb.Type, cb.Latency < 3*time.Second)
	// Output: pong 4 true
}
