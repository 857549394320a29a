package handlers

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestParseGolden parses testdata/questions.txt and compares the result
// with testdata/questions.golden; -update rewrites it. The golden file
// shows reviewers how a change of the parser or of the data changes the
// understanding of many questions at once.
func TestParseGolden(t *testing.T) {
	k := testKnowledge(t)
	in, err := os.ReadFile("testdata/questions.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	var prev *Question
	for _, line := range strings.Split(string(in), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, follow := strings.CutPrefix(line, "+")
		if !follow {
			prev = nil
		}
		q := ParseQuestion(text, textLangOr(text, "de"), k, prev)
		prev = &q
		fmt.Fprintf(&out, "%s\n\t%s\n", line, describeQuestion(q))
	}
	if *update {
		if err := os.WriteFile("testdata/questions.golden", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/questions.golden")
	if err != nil {
		t.Fatalf("%v (run go test ./handlers -run TestParseGolden -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		got, wantLines := strings.Split(out.String(), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(got) || i < len(wantLines); i++ {
			g, w := at(got, i), at(wantLines, i)
			if g != w {
				t.Errorf("questions.golden differs at line %d:\n got: %s\nwant: %s\n(run go test ./handlers -run TestParseGolden -update and review the diff)", i+1, g, w)
				break
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

func textLangOr(text, def string) string {
	if l := textLang(text); l != "" {
		return l
	}
	return def
}

// describeQuestion renders the understood parts of a question on one
// line.
func describeQuestion(q Question) string {
	m := map[string]interface{}{"kind": q.Kind, "intent": q.Intent, "lang": q.Lang}
	if q.Topic != "" {
		m["topic"] = q.Topic
	}
	if q.Speaker != nil {
		m["speaker"] = q.Speaker.ID
	}
	if q.Actor != nil {
		m["actor"] = q.Actor.ID
	}
	if len(q.Candidates) > 0 {
		var ids []string
		for _, c := range q.Candidates {
			ids = append(ids, c.ID)
		}
		m["candidates"] = ids
	}
	if q.Name != "" {
		m["name"] = q.Name
	}
	if len(q.Statuses) > 0 {
		m["statuses"] = q.Statuses
	}
	if q.Cue != "" {
		m["cue"] = q.Cue
	}
	if q.FollowUp {
		m["follow_up"] = true
	}
	if q.Loose {
		m["loose"] = true
	}
	b, _ := json.Marshal(m)
	return string(b)
}
