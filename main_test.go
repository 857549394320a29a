package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command with a private index and returns exit code,
// stdout and stderr.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["INDEX_DIR"]; !ok {
		env["INDEX_DIR"] = t.TempDir()
	}
	env["ENV_FILE"] = filepath.Join(t.TempDir(), "no.env")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb}, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestServeWithoutToken(t *testing.T) {
	code, out, errs := runCLI(t, map[string]string{"DISCORD_TOKEN": ""}, "", "serve")
	if code != exitUsage || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "console") {
		t.Errorf("serve without token: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestAskJSON(t *testing.T) {
	code, out, errs := runCLI(t, nil, "", "ask", "--json", "stählernes", "Stachelschwein")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"question", "lang", "intent", "answer", "citations"} {
		if _, ok := got[k]; !ok {
			t.Errorf("ask --json lacks %q", k)
		}
	}
	var cites []struct {
		Article, SentenceID, Section, Text string
	}
	json.Unmarshal(got["citations"], &cites)
	if len(cites) == 0 || !strings.Contains(cites[0].Text, "Stachelschwein") {
		t.Errorf("citations = %+v", cites)
	}
	if !strings.Contains(string(got["citations"]), `"sentence_id": "paris-koalition-der-willigen#`) {
		t.Errorf("citation fields not as in DESIGN.md: %s", got["citations"])
	}
}

func TestExtractJSON(t *testing.T) {
	code, out, errs := runCLI(t, nil, "", "extract", "--json", "data/articles/paris-koalition-der-willigen.de.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got extractJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 1 {
		t.Fatalf("%d articles", len(got.Articles))
	}
	a := got.Articles[0]
	src, _ := os.ReadFile("data/articles/paris-koalition-der-willigen.de.txt")
	if a.ID != "paris-koalition-der-willigen" || a.Lang != "de" || len(a.Sentences) < 20 {
		t.Errorf("article %s %s with %d sentences", a.ID, a.Lang, len(a.Sentences))
	}
	for _, s := range a.Sentences {
		if string(src[s.Start:s.End]) != s.Text {
			t.Errorf("sentence %s offsets do not match its text", s.ID)
		}
	}
	for _, k := range []string{`"quotes":`, `"commitments":`, `"sentence_ids":`, `"speaker":`} {
		if !strings.Contains(out, k) {
			t.Errorf("extract --json lacks %s", k)
		}
	}
}

func TestConsolePiped(t *testing.T) {
	code, out, errs := runCLI(t, nil, "/search Elysee\n\nStachelschwein\n/frobnicate\n", "console")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "> ") && strings.HasPrefix(out, "> ") {
		t.Error("prompt printed for piped input")
	}
	answers := strings.Split(strings.TrimSpace(out), "\n\n**")
	if len(answers) < 2 || !strings.Contains(out, "Élysée") || !strings.Contains(out, "Stachelschwein") || !strings.Contains(out, "/frobnicate") {
		t.Errorf("console output:\n%s", out)
	}
}

func TestBadData(t *testing.T) {
	code, _, errs := runCLI(t, map[string]string{"DATA_DIR": "/nonexistent/summitbot"}, "", "ask", "Merz")
	if code != 1 || !strings.Contains(errs, "data directory") {
		t.Errorf("missing data: exit %d, %q", code, errs)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	seed, _ := os.ReadFile("data/articles/paris-koalition-der-willigen.de.txt")
	os.WriteFile(filepath.Join(dir, "articles", "seed.de.txt"), seed, 0o644)
	os.WriteFile(filepath.Join(dir, "articles", "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "articles", "photo.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o644)
	code, out, errs := runCLI(t, map[string]string{"DATA_DIR": dir}, "", "ask", "Stachelschwein")
	if code != 0 || !strings.Contains(out, "Stachelschwein") {
		t.Errorf("exit %d, out %q", code, out)
	}
	for _, f := range []string{"empty.txt", "photo.txt"} {
		if !strings.Contains(errs, "skipped "+f) {
			t.Errorf("no warning naming %s: %q", f, errs)
		}
	}
}

func TestUsage(t *testing.T) {
	if code, _, errs := runCLI(t, nil, "", "frobnicate"); code != exitUsage || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, nil, "", "ask", "--lang", "fr", "x"); code != exitUsage || !strings.Contains(errs, "--lang") {
		t.Errorf("bad --lang: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, map[string]string{"LOG_LEVEL": "loud"}, "", "ask", "x"); code != exitUsage || !strings.Contains(errs, "LOG_LEVEL") {
		t.Errorf("bad LOG_LEVEL: %d %q", code, errs)
	}
}

func TestDotEnv(t *testing.T) {
	dir := t.TempDir()
	envPath := filepath.Join(dir, ".env")
	os.WriteFile(envPath, []byte("DISCORD_TOKEN=from-dotenv\nDATA_DIR=/from/dotenv\n"), 0o600)
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"ENV_FILE": envPath, "DATA_DIR": "/from/env"}[k]
	}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "from-dotenv" || cfg.DataDir != "/from/env" {
		t.Errorf("token %q data %q: .env not read or the environment did not win", cfg.Token, cfg.DataDir)
	}
}

func TestAskJSONIntents(t *testing.T) {
	contract := map[string]bool{"who_said": true, "said_about": true, "commitments": true, "states": true, "search": true, "help": true, "unknown": true}
	for _, q := range []string{
		"Was hat Merz gesagt?", "Did Merz really say Germany will send troops?", "Wie viele Staaten wollen Truppen entsenden?",
		"Gibt es Widersprüche?", "Hilfe", "", "asdf qwer", "What did Italy commit?", "Stachelschwein",
	} {
		code, out, errs := runCLI(t, nil, "", "ask", "--json", q)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", q, code, errs)
		}
		var got struct{ Intent string }
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !contract[got.Intent] {
			t.Errorf("%q: intent %q is not in the contract", q, got.Intent)
		}
	}
}
