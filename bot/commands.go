package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

// Locales the English texts are registered for besides the default.
var englishLocales = []discordgo.Locale{discordgo.EnglishUS, discordgo.EnglishGB}

// optionTypes maps handlers' option types to Discord's.
var optionTypes = map[handlers.OptionType]discordgo.ApplicationCommandOptionType{
	handlers.OptionString:     discordgo.ApplicationCommandOptionString,
	handlers.OptionInteger:    discordgo.ApplicationCommandOptionInteger,
	handlers.OptionBoolean:    discordgo.ApplicationCommandOptionBoolean,
	handlers.OptionAttachment: discordgo.ApplicationCommandOptionAttachment,
}

// appCommands turns the command table into Discord's registration data:
// English names and descriptions by default, German (and other)
// localizations, autocomplete where the option completes, Manage Server as
// the default permission of moderator commands. Global commands are usable
// in guilds and in the bot's DMs (moderator commands in guilds only, where
// permissions can be checked) and installed to guilds; contexts and
// integration types apply to global commands only, so guild commands go
// without.
func appCommands(cmds []handlers.Command, global bool) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		ac := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.Name,
			NameLocalizations:        ptr(localizedNames(c.Localized)),
			Description:              truncate(c.Describe("en"), 100),
			DescriptionLocalizations: ptr(localizedDescriptions(c.Description)),
			Options:                  []*discordgo.ApplicationCommandOption{},
		}
		if global {
			ac.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
			ac.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
		}
		if c.Moderator {
			ac.DefaultMemberPermissions = ptr(int64(discordgo.PermissionManageGuild))
			if global {
				ac.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
			}
		}
		// Discord wants required options first.
		opts := append([]handlers.Option(nil), c.Options...)
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].Required && !opts[j].Required })
		for _, o := range opts {
			ao := &discordgo.ApplicationCommandOption{
				Type:                     optionTypes[o.Type],
				Name:                     o.Name,
				NameLocalizations:        localizedNames(o.Localized),
				Description:              truncate(o.Describe("en"), 100),
				DescriptionLocalizations: localizedDescriptions(o.Description),
				Required:                 o.Required,
				Autocomplete:             o.Complete != nil && len(o.Choices) == 0,
			}
			for _, ch := range o.Choices {
				ao.Choices = append(ao.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch.Name, Value: ch.Value})
			}
			ac.Options = append(ac.Options, ao)
		}
		out = append(out, ac)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// localizedNames keeps the localizations whose key is a Discord locale.
func localizedNames(m map[string]string) map[discordgo.Locale]string {
	out := map[discordgo.Locale]string{}
	for k, v := range m {
		if _, ok := discordgo.Locales[discordgo.Locale(k)]; ok && v != "" {
			out[discordgo.Locale(k)] = v
		}
	}
	return out
}

// localizedDescriptions returns the German description for "de" and the
// English one for the English locales.
func localizedDescriptions(d [2]string) map[discordgo.Locale]string {
	out := map[discordgo.Locale]string{}
	if d[0] != "" {
		out[discordgo.German] = truncate(d[0], 100)
	}
	if d[1] != "" {
		for _, l := range englishLocales {
			out[l] = truncate(d[1], 100)
		}
	}
	return out
}

// normalized is the part of a command definition the bot controls, in a
// canonical form: what it sends and what Discord lists back hash alike.
type normalized struct {
	Name        string            `json:"name"`
	NameLoc     map[string]string `json:"name_loc,omitempty"`
	Description string            `json:"description"`
	DescLoc     map[string]string `json:"desc_loc,omitempty"`
	Permissions *int64            `json:"permissions,omitempty"`
	Contexts    []int             `json:"contexts,omitempty"`
	Integration []int             `json:"integration,omitempty"`
	Options     []normalizedOpt   `json:"options,omitempty"`
}

type normalizedOpt struct {
	Type         int               `json:"type"`
	Name         string            `json:"name"`
	NameLoc      map[string]string `json:"name_loc,omitempty"`
	Description  string            `json:"description"`
	DescLoc      map[string]string `json:"desc_loc,omitempty"`
	Required     bool              `json:"required,omitempty"`
	Autocomplete bool              `json:"autocomplete,omitempty"`
	Choices      []string          `json:"choices,omitempty"`
}

// commandsHash fingerprints command definitions. want supplies the
// contexts and integration types for commands Discord lists without them
// (guild commands), so that only what Discord keeps is compared.
func commandsHash(cmds []*discordgo.ApplicationCommand, want map[string]*discordgo.ApplicationCommand) string {
	norm := make([]normalized, 0, len(cmds))
	for _, c := range cmds {
		n := normalized{
			Name: c.Name, Description: c.Description,
			Permissions: c.DefaultMemberPermissions,
		}
		if c.NameLocalizations != nil {
			n.NameLoc = locMap(*c.NameLocalizations)
		}
		if c.DescriptionLocalizations != nil {
			n.DescLoc = locMap(*c.DescriptionLocalizations)
		}
		contexts, integration := c.Contexts, c.IntegrationTypes
		if w := want[c.Name]; w != nil {
			if contexts == nil {
				contexts = w.Contexts
			}
			if integration == nil {
				integration = w.IntegrationTypes
			}
		}
		if contexts != nil {
			for _, x := range *contexts {
				n.Contexts = append(n.Contexts, int(x))
			}
			sort.Ints(n.Contexts)
		}
		if integration != nil {
			for _, x := range *integration {
				n.Integration = append(n.Integration, int(x))
			}
			sort.Ints(n.Integration)
		}
		for _, o := range c.Options {
			no := normalizedOpt{
				Type: int(o.Type), Name: o.Name, Description: o.Description,
				NameLoc: locMap(o.NameLocalizations), DescLoc: locMap(o.DescriptionLocalizations),
				Required: o.Required, Autocomplete: o.Autocomplete,
			}
			for _, ch := range o.Choices {
				no.Choices = append(no.Choices, ch.Name+"="+fmt.Sprint(ch.Value))
			}
			n.Options = append(n.Options, no)
		}
		norm = append(norm, n)
	}
	sort.Slice(norm, func(i, j int) bool { return norm[i].Name < norm[j].Name })
	b, _ := json.Marshal(norm)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func locMap(m map[discordgo.Locale]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

// register makes Discord's commands match the table with one bulk
// overwrite, and only when the definitions changed: Discord allows 200
// command creations a day (discord-api-docs #6188), so restarting the bot
// must not re-create them. It reports whether it overwrote.
func (b *frontend) register(ctx context.Context, appID string) (bool, error) {
	want := appCommands(b.svc.Commands(), b.cfg.GuildID == "")
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range want {
		byName[c.Name] = c
	}
	wantHash := commandsHash(want, nil)
	have, err := b.dg.ApplicationCommands(appID, b.cfg.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Warn("could not list the registered commands; overwriting", "err", err)
	} else if commandsHash(have, byName) == wantHash {
		b.log.Info("commands unchanged", "commands", len(want), "hash", wantHash[:12], "guild", b.cfg.GuildID)
		return false, nil
	}
	if _, err := b.dg.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, want, discordgo.WithContext(ctx)); err != nil {
		return false, fmt.Errorf("register commands: %w", err)
	}
	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	b.log.Info("commands registered", "commands", len(want), "scope", scope, "hash", wantHash[:12])
	return true, nil
}
