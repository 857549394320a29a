// Command summitbot answers questions about news coverage of a summit: who
// said what, and which states committed what. It runs as a Discord bot
// (serve), as a local console without Discord (console), or one question at
// a time (ask); reindex, extract and bench serve moderators and tools.
//
// Usage:
//
//	summitbot console                     local REPL on the data, no token needed
//	summitbot ask [--json] [--lang de|en] QUESTION...
//	summitbot reindex                     rebuild the index from DATA_DIR
//	summitbot extract [--json] FILE...    parse and extract only
//	summitbot serve [--shard-id N --shard-count M]
//	                                      connect to Discord (needs DISCORD_TOKEN)
//	summitbot bench [--sizes N,...] [--json]
//
// Every command reads .env if present, then the environment (see
// .env.example).
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
)

// defaults are the gazetteer and lexicon built into the binary; a
// DATA_DIR without gazetteer/ or lexicon/ uses them.
//
//go:embed data/gazetteer data/lexicon
var defaults embed.FS

// exitUsage is the exit code for a usage or configuration error.
const exitUsage = 2

// usageError is an error the user fixes by calling differently.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}

// stdio are the streams a command uses.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

const usage = `summitbot answers questions about news coverage of a summit.

Usage:
  summitbot console                        local console on the data, no Discord token needed
  summitbot ask [--json] [--lang de|en] QUESTION...
  summitbot reindex                        rebuild the search index from DATA_DIR
  summitbot extract [--json] FILE...       parse and extract articles, print the result
  summitbot serve [--shard-id N --shard-count M]
                                           run the Discord bot (needs DISCORD_TOKEN)
  summitbot bench [--sizes 1000,100000] [--json]

Settings come from .env and the environment; see .env.example.
`

// run runs the command in args and returns the process exit code.
func run(ctx context.Context, args []string, io stdio, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(io.out, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	cfg, err := loadConfig(getenv, io.err)
	if err != nil {
		fmt.Fprintln(io.err, "summitbot:", err)
		return exitUsage
	}
	cmds := map[string]func(context.Context, *config, []string, stdio) error{
		"console": runConsole,
		"ask":     runAsk,
		"reindex": runReindex,
		"extract": runExtract,
		"serve":   runServe,
		"bench":   runBench,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(io.err, "summitbot: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	err = cmd(ctx, cfg, args[1:], io)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(io.err, "summitbot:", err)
		return exitUsage
	case errors.Is(err, context.Canceled):
		return 130
	default:
		fmt.Fprintln(io.err, "summitbot:", err)
		return 1
	}
}

// defaultsFS returns the built-in data directory (gazetteer/, lexicon/).
func defaultsFS() fs.FS {
	sub, err := fs.Sub(defaults, "data")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
