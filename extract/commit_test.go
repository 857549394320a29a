package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"summitbot/article"
	"summitbot/internal/tsv"
)

// cmTestData loads the project's gazetteer and lexicon.
func cmTestData(t testing.TB) (*Gazetteer, *Lexicon) {
	t.Helper()
	g, problems, err := LoadGazetteer(os.DirFS("../data/gazetteer"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Logf("gazetteer: %v", p)
	}
	lex, problems, err := LoadLexicon(os.DirFS("../data/lexicon"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Error(), "commit") {
			t.Errorf("lexicon: %v", p)
		}
	}
	return g, lex
}

// cmGold is one expected commitment.
type cmGold struct {
	actor     string // id, or a fragment of the actor's name or mention
	kind      string
	count     int
	status    string
	action    []string // fragments the action holds, in order
	source    string   // the source's name, "" for none
	condition string   // a fragment of the condition, "" for none
}

func (g cmGold) String() string {
	return fmt.Sprintf("%s %s %q source=%q cond=%q", g.actor, g.status, strings.Join(g.action, " … "), g.source, g.condition)
}

// Source comparison modes of cmGold.matches.
const (
	cmSourcesAll   = iota // compare every source, "-" is no source
	cmSourcesNamed        // compare only the sources the gold names
)

// matches reports whether c is the commitment g describes.
func (g cmGold) matches(c Commitment, sources int) bool {
	a := c.Actor
	if a.ID != g.actor && !strings.Contains(a.Name, g.actor) && !strings.Contains(a.Mention, g.actor) {
		return false
	}
	if a.Kind != g.kind || g.count != 0 && a.Count != g.count || c.Status != g.status {
		return false
	}
	rest := c.Action
	for _, f := range g.action {
		i := strings.Index(rest, f)
		if i < 0 {
			return false
		}
		rest = rest[i+len(f):]
	}
	switch {
	case g.source == "" && c.Source != nil && sources == cmSourcesAll:
		return false
	case g.source != "" && (c.Source == nil || c.Source.Name != g.source):
		return false
	}
	if g.condition == "" {
		return c.Condition == ""
	}
	return strings.Contains(c.Condition, g.condition)
}

func cmFmt(c Commitment) string {
	src := "-"
	if c.Source != nil {
		src = c.Source.Name
	}
	return fmt.Sprintf("%v %s/%s/%s(%d) %s %q source=%q cond=%q cue=%q", c.Sentences, c.Actor.ID, c.Actor.Kind, c.Actor.Mention,
		c.Actor.Count, c.Status, c.Action, src, c.Condition, c.Cue)
}

// cmCheckGold checks that got holds exactly the gold commitments.
func cmCheckGold(t *testing.T, got []Commitment, gold []cmGold, sources int) {
	t.Helper()
	used := make([]bool, len(got))
	for _, g := range gold {
		found := false
		for i, c := range got {
			if !used[i] && g.matches(c, sources) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing: %v", g)
		}
	}
	for i, c := range got {
		if !used[i] {
			t.Errorf("unexpected: %s", cmFmt(c))
		}
	}
	if t.Failed() {
		for _, c := range got {
			t.Logf("got: %s", cmFmt(c))
		}
	}
}

// cmExtract parses and extracts an article; with quotes false the
// commitments are found without the quote extractor's speakers (the
// fallback cues of this file decide the sources).
func cmExtract(t *testing.T, x *Extractor, name string, src []byte, quotes bool) []Commitment {
	t.Helper()
	a, err := article.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if quotes {
		return x.Extract(a).Commitments
	}
	ms := make([][]Mention, len(a.Sentences))
	for i, s := range a.Sentences {
		ms[i] = x.gaz.Mentions(s.Text)
	}
	return x.commitments(a, ms, nil)
}

// The seed gold of issue 5.
var cmSeedGold = []cmGold{
	{actor: "26 Staaten", kind: KindGroup, count: 26, status: Committed, action: []string{"Truppen", "entsenden"}, source: "Emmanuel Macron"},
	{actor: "Teilnehmerstaaten", kind: KindGroup, status: Committed, action: []string{"rechtlichen und politischen Vorbereitungen"}},
	{actor: "DE", kind: KindState, status: Declined, action: []string{"militärischen Zusage"}},
	{actor: "DE", kind: KindState, status: Committed, action: []string{"Luftverteidigung"}, source: "Friedrich Merz"},
	{actor: "DE", kind: KindState, status: Deferred, action: []string{"Entsendung deutscher Truppen"}, source: "Stefan Kornelius"},
	{actor: "DE", kind: KindState, status: Planned, action: []string{"technische Unterstützung", "Langstreckenraketen"}, source: "Stefan Kornelius"},
	{actor: "US", kind: KindState, status: Requested, action: []string{"amerikanische Zusagen"}, source: "deutsche Regierungskreise"},
}

func TestCommitmentsSeedGold(t *testing.T) {
	g, lex := cmTestData(t)
	x := New(g, lex)
	const name = "paris-koalition-der-willigen.de.txt"
	src, err := os.ReadFile(filepath.Join("..", "data", "articles", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, quotes := range []bool{true, false} {
		t.Run(fmt.Sprintf("quotes=%v", quotes), func(t *testing.T) {
			got := cmExtract(t, x, name, src, quotes)
			cmCheckGold(t, got, cmSeedGold, cmSourcesAll)
			for _, c := range got {
				switch c.Actor.ID {
				case "FR", "UA", "EU":
					t.Errorf("%s has no commitment of its own: %s", c.Actor.ID, cmFmt(c))
				}
			}
		})
	}
}

// TestCommitmentsTestdata checks the articles in testdata/commitments
// against their gold files. Without the quote extractor every field is
// compared; with it, the sources come from its speakers and are compared
// only where the gold names one.
func TestCommitmentsTestdata(t *testing.T) {
	g, lex := cmTestData(t)
	x := New(g, lex)
	files, err := filepath.Glob(filepath.Join("testdata", "commitments", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test articles: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := article.IDFromFile(f)
		gold := cmReadGold(t, filepath.Join(filepath.Dir(f), id+".gold.tsv"))
		for _, quotes := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/quotes=%v", id, quotes), func(t *testing.T) {
				got := cmExtract(t, x, filepath.Base(f), src, quotes)
				mode := cmSourcesAll
				if quotes {
					mode = cmSourcesNamed
				}
				cmCheckGold(t, got, gold, mode)
			})
		}
	}
}

func cmReadGold(t *testing.T, path string) []cmGold {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []cmGold
	problems, err := tsv.Read(f, path, []string{"actor", "kind", "count", "status", "action", "source", "condition"}, func(_ int, r map[string]string) error {
		g := cmGold{actor: r["actor"], kind: r["kind"], status: r["status"]}
		if r["count"] != "" {
			n, err := strconv.Atoi(r["count"])
			if err != nil {
				return err
			}
			g.count = n
		}
		for _, p := range strings.Split(r["action"], "…") {
			if p = strings.TrimSpace(p); p != "" {
				g.action = append(g.action, p)
			}
		}
		if r["source"] != "-" {
			g.source = r["source"]
		}
		if r["condition"] != "-" {
			g.condition = r["condition"]
		}
		out = append(out, g)
		return nil
	})
	if err != nil || len(problems) > 0 {
		t.Fatalf("%s: %v %v", path, err, problems)
	}
	return out
}
