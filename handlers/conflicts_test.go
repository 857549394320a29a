package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"summitbot/extract"
	"summitbot/index"
)

// commitmentHit builds a hit for the table: article, actor, status,
// action; a source and a group count when given.
func commitmentHit(article, actor, kind string, count int, status, action, source string) index.CommitmentHit {
	c := extract.Commitment{Actor: extract.Entity{ID: actor, Name: actor, Kind: kind, Count: count}, Status: status, Action: action,
		SentenceIDs: []string{article + "#1"}}
	if source != "" {
		c.Source = &extract.Entity{ID: source, Name: source, Kind: extract.KindPerson}
	}
	return index.CommitmentHit{Article: article, Commitment: c, Citations: []index.Citation{{Article: article, SentenceID: article + "#1", Text: action}}}
}

func TestFindConflicts(t *testing.T) {
	c := newComparer(testKnowledge(t))
	langs := map[string]string{"de1": "de", "de2": "de", "en1": "en"}
	st, grp := extract.KindState, extract.KindGroup
	tests := []struct {
		name string
		a, b index.CommitmentHit
		want string // conflict kind and shared topic, "" for none
	}{
		{"committed vs declined, two languages",
			commitmentHit("en1", "IT", st, 0, extract.Committed, "send troops to Ukraine", ""),
			commitmentHit("de1", "IT", st, 0, extract.Declined, "die Entsendung eigener Truppen", ""), "status troops"},
		{"planned vs declined",
			commitmentHit("de1", "PL", st, 0, extract.Planned, "Soldaten stationieren", ""),
			commitmentHit("de2", "PL", st, 0, extract.Declined, "die Entsendung von Truppen", ""), "status Soldaten"},
		{"committed vs deferred",
			commitmentHit("de1", "PL", st, 0, extract.Committed, "Truppen zu entsenden", ""),
			commitmentHit("en1", "PL", st, 0, extract.Deferred, "whether to send troops", ""), "status Truppen"},
		{"planned vs deferred is no conflict",
			commitmentHit("de1", "PL", st, 0, extract.Planned, "Truppen zu entsenden", ""),
			commitmentHit("en1", "PL", st, 0, extract.Deferred, "whether to send troops", ""), ""},
		{"committed vs planned is no conflict",
			commitmentHit("de1", "IT", st, 0, extract.Committed, "Truppen", ""),
			commitmentHit("en1", "IT", st, 0, extract.Planned, "troops", ""), ""},
		{"other topic",
			commitmentHit("de1", "DE", st, 0, extract.Committed, "eine Steigerung bei der Luftverteidigung", ""),
			commitmentHit("de2", "DE", st, 0, extract.Declined, "die Entsendung von Truppen", ""), ""},
		{"only a generic verb in common",
			commitmentHit("de1", "DE", st, 0, extract.Committed, "Luftabwehr liefern", ""),
			commitmentHit("de2", "DE", st, 0, extract.Declined, "Panzer liefern", ""), ""},
		{"only the state in common",
			commitmentHit("de1", "DE", st, 0, extract.Committed, "die Ukraine mit Geld stärken", ""),
			commitmentHit("de2", "DE", st, 0, extract.Declined, "Truppen in die Ukraine", ""), ""},
		{"another actor",
			commitmentHit("de1", "IT", st, 0, extract.Committed, "Truppen", ""),
			commitmentHit("de2", "FR", st, 0, extract.Declined, "Truppen", ""), ""},
		{"same article, no sources",
			commitmentHit("de1", "IT", st, 0, extract.Committed, "Truppen", ""),
			commitmentHit("de1", "IT", st, 0, extract.Declined, "Truppen", ""), ""},
		{"same article, two sources",
			commitmentHit("de1", "IT", st, 0, extract.Committed, "Truppen", "giorgia-meloni"),
			commitmentHit("de1", "IT", st, 0, extract.Declined, "Truppen", "guido-crosetto"), "status Truppen"},
		{"group counts differ",
			commitmentHit("de1", "26-staaten", grp, 26, extract.Committed, "Truppen zu entsenden", ""),
			commitmentHit("en1", "24-countries", grp, 24, extract.Planned, "sending troops", ""), "count Truppen"},
		{"group counts agree",
			commitmentHit("de1", "26-staaten", grp, 26, extract.Committed, "Truppen zu entsenden", ""),
			commitmentHit("en1", "26-countries", grp, 26, extract.Committed, "sending troops", ""), ""},
		{"group counts on other topics",
			commitmentHit("de1", "26-staaten", grp, 26, extract.Committed, "Truppen zu entsenden", ""),
			commitmentHit("en1", "30-countries", grp, 30, extract.Committed, "frozen assets", ""), ""},
	}
	for _, tt := range tests {
		got := ""
		if cs := findConflicts(c, []index.CommitmentHit{tt.a, tt.b}, langs); len(cs) > 0 {
			got = cs[0].Kind + " " + cs[0].TopicA
			if len(cs) > 1 {
				t.Errorf("%s: %d conflicts", tt.name, len(cs))
			}
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPaginateBlocks(t *testing.T) {
	f := func(n int) block { return block{fields: make([]Field, n), cites: make([]index.Citation, n)} }
	blocks := []block{f(2), f(1), f(2), f(1), f(1), f(3)}
	var sizes []int
	for p := 0; ; p++ {
		fields, page, pages, cites := paginateBlocks(blocks, p, 5)
		if page != p || len(cites) != len(fields) {
			t.Fatalf("page %d: got page %d, %d fields, %d cites", p, page, len(fields), len(cites))
		}
		sizes = append(sizes, len(fields))
		if p == pages-1 {
			break
		}
	}
	if fmt.Sprint(sizes) != "[5 5]" {
		t.Errorf("page sizes %v, want [5 5]", sizes)
	}
	if fields, _, pages, _ := paginateBlocks(nil, 3, 5); fields != nil || pages != 0 {
		t.Error("no blocks, yet a page")
	}
}

// conflictData is the repository's data with the two articles of
// testdata/conflicts added, which disagree with each other and with the
// seed.
func conflictData(t testing.TB) index.Data {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, index.ArticlesDir), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, glob := range []string{"../data/articles/*", "testdata/conflicts/*.txt"} {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", glob, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, index.ArticlesDir, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return index.Data{FS: os.DirFS(dir), Defaults: os.DirFS("../data")}
}

// TestConflicts checks the answers over the seed plus two articles that
// disagree: Italy pledges troops in one and refuses in the other; Poland
// commits in one and decides later in the other; 24 countries against
// the seed's 26.
func TestConflicts(t *testing.T) {
	s := newTestServiceData(t, conflictData(t))
	tests := []struct {
		name  string
		req   Request
		texts []string // in the answer
		cites []string // each in some citation
	}{
		{"/conflicts lists all", Request{Command: "conflicts", Lang: "de"},
			[]string{"3 Widersprüche", "Italien – Truppen", "Polen – Truppen", "26 Staaten / 24 countries", "26 laut", "24 laut",
				"abgelehnt", "zugesagt", "vertagt", "Bergstadt-Kurier", "Harbour Gazette"},
			[]string{"Italien hat die Entsendung eigener Truppen", "Italy has pledged to send troops", "Polen hat zugesagt",
				"Poland will decide later", "26 Staaten bereit", "Only 24 countries"}},
		{"/conflicts for one state", Request{Command: "conflicts", Options: map[string]string{"state": "Poland"}, Lang: "en"},
			[]string{"Where sources disagree: Poland", "1 disagreements", "committed", "deferred"},
			[]string{"Polen hat zugesagt", "Poland will decide later"}},
		{"/commitments shows both sides", Request{Command: "commitments", Options: map[string]string{"state": "Italien"}, Lang: "de"},
			[]string{"Die Quellen widersprechen sich", "Italien – Truppen", "abgelehnt", "zugesagt", "geplant"},
			[]string{"Italien hat die Entsendung eigener Truppen", "Italy has pledged to send troops"}},
		{"yes/no question", Request{Text: "Hat Italien Truppen zugesagt?"},
			[]string{"Die Quellen widersprechen sich", "✅ zugesagt laut *Harbour Gazette", "❌ abgelehnt / zurückgehalten laut *Bergstadt-Kurier"},
			[]string{"Italien hat die Entsendung eigener Truppen", "Italy has pledged to send troops"}},
		{"yes/no question in English", Request{Text: "Is Poland sending troops?"},
			[]string{"Sources disagree", "committed according to", "deferred according to"},
			[]string{"Polen hat zugesagt", "Poland will decide later"}},
		{"which states", Request{Text: "Welche Staaten wollen Truppen entsenden?"},
			[]string{"Die Quellen widersprechen sich", "Italien", "Polen"}, nil},
		{"how many", Request{Text: "Wie viele Staaten wollen Truppen entsenden?"},
			[]string{"Die Quellen widersprechen sich", "26 laut", "24 laut"},
			[]string{"26 Staaten bereit", "Only 24 countries"}},
		{"misquote in the new articles", Request{Command: "check-quote", Options: map[string]string{"quote": "Crosetto: Italian soldiers will be sent to Ukraine"}, Lang: "en"},
			[]string{"Distorted", "Negation dropped", "Guido Crosetto"},
			[]string{"Italienische Soldaten werden nicht"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := handle(t, s, tt.req)
			text := ans.Text()
			for _, want := range tt.texts {
				if !strings.Contains(text, want) {
					t.Errorf("answer lacks %q:\n%s", want, text)
				}
			}
			for _, want := range tt.cites {
				found := false
				for _, c := range ans.Citations {
					found = found || strings.Contains(c.Text, want)
				}
				if !found {
					t.Errorf("no citation contains %q: %+v", want, ans.Citations)
				}
			}
			for _, f := range ans.Fields {
				if f.Name == "" || f.Value == "" || len(f.Value) > 1024 || len(f.Name) > 256 {
					t.Errorf("field out of Discord's limits: %q (%d) / %d bytes", f.Name, len(f.Name), len(f.Value))
				}
			}
		})
	}
}

// TestNoConflictsInSeed: the seed article alone contradicts itself
// nowhere, and the answers about it do not claim it does.
func TestNoConflictsInSeed(t *testing.T) {
	s := newTestService(t)
	ans := handle(t, s, Request{Command: "conflicts", Lang: "en"})
	if !strings.Contains(ans.Body, "do not contradict") || len(ans.Fields) != 0 {
		t.Errorf("/conflicts on the seed:\n%s", ans.Text())
	}
	for _, r := range []Request{
		{Command: "commitments", Options: map[string]string{"state": "Deutschland"}, Lang: "de"},
		{Text: "Hat Deutschland Truppen zugesagt?"},
		{Text: "Welche Staaten wollen Truppen entsenden?"},
	} {
		if a := handle(t, s, r); strings.Contains(a.Text(), "widersprechen sich") {
			t.Errorf("%+v claims a conflict:\n%s", r, a.Text())
		}
	}
}
