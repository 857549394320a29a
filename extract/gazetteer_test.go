package extract

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"summitbot/internal/tsv"
)

func loadTestGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, problems, err := LoadGazetteer(os.DirFS("../data/gazetteer"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("gazetteer problem: %v", p)
	}
	return g
}

func TestGazetteerCoverage(t *testing.T) {
	g := loadTestGazetteer(t)
	states := strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB NO IS CA US TR UA RU AU NZ JP")
	for _, c := range states {
		if g.State(c) == nil {
			t.Errorf("state %s missing", c)
		}
	}
	for _, id := range []string{"emmanuel-macron", "ursula-von-der-leyen", "wolodymyr-selenskyj", "friedrich-merz", "stefan-kornelius", "donald-trump"} {
		if g.Person(id) == nil {
			t.Errorf("person %s missing", id)
		}
	}
	for _, id := range []string{"EU", "NATO", "UN"} {
		if g.Org(id) == nil {
			t.Errorf("org %s missing", id)
		}
	}
}

func TestMentions(t *testing.T) {
	g := loadTestGazetteer(t)
	tests := []struct {
		text string
		want []string // "kind:id:text"
	}{
		{"kündigte Frankreichs Präsident Emmanuel Macron an", []string{"state:FR:Frankreichs", "person:emmanuel-macron:Emmanuel Macron"}},
		{"Nach Angaben aus Élysée-Kreisen", []string{"state:FR:Élysée"}},
		{"die Entsendung deutscher Truppen", []string{"state:DE:deutscher"}},
		{"mit US-Präsident Donald Trump", []string{"state:US:US", "person:donald-trump:Donald Trump"}},
		{"dass Europa hinter Kiew stehe", []string{"group:europa:Europa", "state:UA:Kiew"}},
		{"Stattdessen wolle Berlin die Ukraine stärken", []string{"state:DE:Berlin", "state:UA:Ukraine"}},
		{"hielt sich die Bundesregierung zurück", []string{"state:DE:Bundesregierung"}},
		{"Blick nach Washington", []string{"state:US:Washington"}},
		{"the White House and Downing Street", []string{"state:US:White House", "state:GB:Downing Street"}},
		{"Ursula von der Leyen sagte", []string{"person:ursula-von-der-leyen:Ursula von der Leyen"}},
		{"von der Leyen sagte", []string{"person:ursula-von-der-leyen:von der Leyen"}},
		{"Selenskyj forderte", []string{"person:wolodymyr-selenskyj:Selenskyj"}},
		{"Macrons Plan", []string{"person:emmanuel-macron:Macrons"}},
		{"let us talk", nil},         // "us" is not the US
		{"a turkey for dinner", nil}, // lower case is not Turkey
		{"die EU und die Nato", []string{"org:EU:EU", "org:NATO:Nato"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range g.Mentions(tt.text) {
			if m.Kind == KindRole {
				continue
			}
			got = append(got, m.Kind+":"+m.ID+":"+m.Text)
			if tt.text[m.Start:m.End] != m.Text {
				t.Errorf("%q: offsets of %q point at %q", tt.text, m.Text, tt.text[m.Start:m.End])
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Mentions(%q)\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

func TestRoles(t *testing.T) {
	g := loadTestGazetteer(t)
	var roles []string
	for _, m := range g.Mentions("Bundeskanzler Merz und Regierungssprecher Kornelius") {
		if m.Kind == KindRole {
			roles = append(roles, m.Text)
		}
	}
	if strings.Join(roles, ",") != "Bundeskanzler,Regierungssprecher" {
		t.Errorf("roles = %q", roles)
	}
	if ps := g.PersonsWithRole("Regierungssprecher"); len(ps) == 0 || ps[0].ID != "stefan-kornelius" {
		t.Errorf("PersonsWithRole(Regierungssprecher) = %v", ps)
	}
}

func TestLoadGazetteerMalformed(t *testing.T) {
	fsys := fstest.MapFS{
		PersonsFile: {Data: []byte("id\tname\taliases\trole\tstate\tgender\n" +
			"a-b\tAnna B\t\tMinisterin\tDE\tf\n" +
			"broken\tonly two cells\n" +
			"\tNo Id\t\t\t\t\n" +
			"a-b\tDuplicate\t\t\t\t\n")},
		StatesFile: {Data: []byte("code\tname_de\tname_en\tnames\tadjectives\tcapitals\tmetonyms\tdemonyms\n" +
			"DE\tDeutschland\tGermany\t\tdeutsch\tBerlin\t\t\n" +
			"XYZ\tNirgendwo\tNowhere\t\t\t\t\t\n")},
		OrgsFile:   {Data: []byte("id\tname\taliases\tkind\nEU\tEU\t\torg\n")},
		GroupsFile: {Data: []byte("id\tname\taliases\n")},
	}
	g, problems, err := LoadGazetteer(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Error())
		var re *tsv.RowError
		if !errors.As(p, &re) && !strings.Contains(p.Error(), "duplicate") {
			t.Errorf("problem without file and line: %v", p)
		}
	}
	want := []string{
		"persons.tsv:3: 2 cells, the header has 6",
		"persons.tsv:4: id and name must not be empty",
		`states.tsv:3: code must be two letters and name_de set, got "XYZ" "Nirgendwo"`,
		`persons.tsv: duplicate id "a-b", the later row is ignored`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if g.Person("a-b") == nil || g.Person("a-b").Name != "Anna B" || g.State("DE") == nil {
		t.Error("good rows did not load")
	}
	if _, _, err := LoadGazetteer(fstest.MapFS{}); err == nil {
		t.Error("missing files: no error")
	}
}

func TestTokenize(t *testing.T) {
	var got []string
	for _, tok := range Tokenize("US-Präsident Élysée-Kreise, U.S. troops; Germany's") {
		s := tok.Fold
		if tok.Hyphen {
			s += "-"
		}
		got = append(got, s)
	}
	if want := "us- prasident elysee- kreise u.s troops germany s"; strings.Join(got, " ") != want {
		t.Errorf("Tokenize = %q, want %q", strings.Join(got, " "), want)
	}
}
