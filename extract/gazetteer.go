package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"summitbot/internal/fold"
	"summitbot/internal/tsv"
)

// Entity kinds, as in the JSON contract.
const (
	KindPerson  = "person"
	KindGroup   = "group"
	KindOrg     = "org"
	KindState   = "state"
	KindUnknown = "unknown"
)

// Person is a row of persons.tsv.
type Person struct {
	ID      string
	Name    string
	Aliases []string
	Roles   []string // role nouns: "Bundeskanzler", "Präsident", "Prime Minister"
	State   string   // ISO code of the state, or the id of the org, the person acts for
	Gender  string   // "m", "f" or ""
}

// State is a row of states.tsv.
type State struct {
	Code       string // ISO 3166-1 alpha-2
	NameDE     string
	NameEN     string
	Names      []string // other names and inflections; "US-" is a compound prefix
	Adjectives []string // German stems ("deutsch") and English adjectives ("German")
	Capitals   []string
	Metonyms   []string // "Bundesregierung", "Élysée", "Weißes Haus"
	Demonyms   []string // "Deutschen", "Franzosen", "Germans"
}

// Name returns the state's name in lang ("de" or "en").
func (s *State) Name(lang string) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.NameDE
}

// Org is a row of orgs.tsv: an international organisation.
type Org struct {
	ID      string
	Name    string
	Aliases []string
	Kind    string
}

// Group is a row of groups.tsv: a named collective actor such as
// "Koalition der Willigen" or "Europa".
type Group struct {
	ID      string
	Name    string
	Aliases []string
}

// Gazetteer holds the known persons, states, organisations and groups and
// finds their mentions in text. Build it with [LoadGazetteer] or
// [NewGazetteer]; it is read-only afterwards and safe for concurrent use.
type Gazetteer struct {
	Persons []Person
	States  []State
	Orgs    []Org
	Groups  []Group

	persons map[string]*Person
	states  map[string]*State
	orgs    map[string]*Org
	groups  map[string]*Group
	roles   map[string][]*Person // folded role noun -> persons with that role
	index   map[string][]*pattern
	// forms maps each word a pattern's first word may be written as
	// (itself, or inflected: see inflections) to the patterns, and keys
	// filters the words of forms.
	forms map[string][]patternForm
	keys  wordFilter
	// lastWords maps a state code and the folded last word of one of its
	// names, capitals or metonyms to true: "FR\x00frankreich".
	lastWords map[string]bool
}

// Gazetteer file names inside the gazetteer directory.
const (
	PersonsFile = "persons.tsv"
	StatesFile  = "states.tsv"
	OrgsFile    = "orgs.tsv"
	GroupsFile  = "groups.tsv"
)

// LoadGazetteer reads the gazetteer files from the root of fsys. Malformed
// rows are returned as problems (file and line) and skipped; a missing or
// unreadable file is an error.
func LoadGazetteer(fsys fs.FS) (g *Gazetteer, problems []error, err error) {
	g = &Gazetteer{}
	read := func(name string, header []string, fn func(line int, row map[string]string) error) {
		if err != nil {
			return
		}
		f, oerr := fsys.Open(name)
		if oerr != nil {
			err = fmt.Errorf("gazetteer: %w", oerr)
			return
		}
		defer f.Close()
		p, rerr := tsv.Read(f, name, header, fn)
		problems = append(problems, p...)
		if rerr != nil {
			err = fmt.Errorf("gazetteer: %w", rerr)
		}
	}
	read(PersonsFile, []string{"id", "name", "aliases", "role", "state"}, func(_ int, r map[string]string) error {
		if r["id"] == "" || r["name"] == "" {
			return errors.New("id and name must not be empty")
		}
		g.Persons = append(g.Persons, Person{
			ID: r["id"], Name: r["name"], Aliases: tsv.Alternatives(r["aliases"]),
			Roles: tsv.Alternatives(r["role"]), State: r["state"], Gender: r["gender"],
		})
		return nil
	})
	read(StatesFile, []string{"code", "name_de", "name_en"}, func(_ int, r map[string]string) error {
		if len(r["code"]) != 2 || r["name_de"] == "" {
			return fmt.Errorf("code must be two letters and name_de set, got %q %q", r["code"], r["name_de"])
		}
		g.States = append(g.States, State{
			Code: strings.ToUpper(r["code"]), NameDE: r["name_de"], NameEN: r["name_en"],
			Names: tsv.Alternatives(r["names"]), Adjectives: tsv.Alternatives(r["adjectives"]),
			Capitals: tsv.Alternatives(r["capitals"]), Metonyms: tsv.Alternatives(r["metonyms"]),
			Demonyms: tsv.Alternatives(r["demonyms"]),
		})
		return nil
	})
	read(OrgsFile, []string{"id", "name", "aliases"}, func(_ int, r map[string]string) error {
		if r["id"] == "" || r["name"] == "" {
			return errors.New("id and name must not be empty")
		}
		g.Orgs = append(g.Orgs, Org{ID: r["id"], Name: r["name"], Aliases: tsv.Alternatives(r["aliases"]), Kind: r["kind"]})
		return nil
	})
	read(GroupsFile, []string{"id", "name", "aliases"}, func(_ int, r map[string]string) error {
		if r["id"] == "" || r["name"] == "" {
			return errors.New("id and name must not be empty")
		}
		g.Groups = append(g.Groups, Group{ID: r["id"], Name: r["name"], Aliases: tsv.Alternatives(r["aliases"])})
		return nil
	})
	if err != nil {
		return nil, problems, err
	}
	problems = append(problems, g.build()...)
	return g, problems, nil
}

// NewGazetteer builds a gazetteer from rows given in code (tests, the
// benchmark). Duplicate ids are returned as problems.
func NewGazetteer(persons []Person, states []State, orgs []Org, groups []Group) (*Gazetteer, []error) {
	g := &Gazetteer{Persons: persons, States: states, Orgs: orgs, Groups: groups}
	return g, g.build()
}

// Person returns the person with the given id, or nil.
func (g *Gazetteer) Person(id string) *Person { return g.persons[id] }

// State returns the state with the given ISO code, or nil.
func (g *Gazetteer) State(code string) *State { return g.states[strings.ToUpper(code)] }

// Org returns the organisation with the given id, or nil.
func (g *Gazetteer) Org(id string) *Org { return g.orgs[id] }

// Group returns the group with the given id, or nil.
func (g *Gazetteer) Group(id string) *Group { return g.groups[id] }

// PersonsWithRole returns the persons whose role list holds role (folded
// comparison), in file order.
func (g *Gazetteer) PersonsWithRole(role string) []*Person { return g.roles[fold.String(role)] }

// build fills the lookup maps and the mention index.
func (g *Gazetteer) build() (problems []error) {
	g.persons = map[string]*Person{}
	g.states = map[string]*State{}
	g.orgs = map[string]*Org{}
	g.groups = map[string]*Group{}
	g.roles = map[string][]*Person{}
	g.index = map[string][]*pattern{}
	g.lastWords = map[string]bool{}
	dup := func(file, id string) {
		problems = append(problems, fmt.Errorf("%s: duplicate id %q, the later row is ignored", file, id))
	}
	for i := range g.States {
		s := &g.States[i]
		if g.states[s.Code] != nil {
			dup(StatesFile, s.Code)
			continue
		}
		g.states[s.Code] = s
		for _, lists := range [][]string{{s.NameDE, s.NameEN}, s.Names, s.Capitals, s.Metonyms} {
			for _, n := range lists {
				g.lastWords[s.Code+"\x00"+fold.String(lastWord(n))] = true
			}
		}
		ref := Ref{Kind: KindState, ID: s.Code}
		g.add(ref, ViaName, s.NameDE, s.NameEN)
		g.add(ref, ViaName, s.Names...)
		g.add(ref, ViaCapital, s.Capitals...)
		g.add(ref, ViaMetonym, s.Metonyms...)
		g.add(ref, ViaDemonym, s.Demonyms...)
		for _, a := range s.Adjectives {
			g.addPattern(ref, ViaAdjective, a, isLowerWord(lastWord(a)))
		}
	}
	for i := range g.Orgs {
		o := &g.Orgs[i]
		if g.orgs[o.ID] != nil {
			dup(OrgsFile, o.ID)
			continue
		}
		g.orgs[o.ID] = o
		ref := Ref{Kind: KindOrg, ID: o.ID}
		g.add(ref, ViaName, o.ID, o.Name)
		g.add(ref, ViaName, o.Aliases...)
	}
	for i := range g.Groups {
		gr := &g.Groups[i]
		if g.groups[gr.ID] != nil {
			dup(GroupsFile, gr.ID)
			continue
		}
		g.groups[gr.ID] = gr
		ref := Ref{Kind: KindGroup, ID: gr.ID}
		g.add(ref, ViaName, gr.Name)
		g.add(ref, ViaName, gr.Aliases...)
	}
	for i := range g.Persons {
		p := &g.Persons[i]
		if g.persons[p.ID] != nil {
			dup(PersonsFile, p.ID)
			continue
		}
		g.persons[p.ID] = p
		ref := Ref{Kind: KindPerson, ID: p.ID}
		g.add(ref, ViaName, p.Name)
		g.add(ref, ViaAlias, p.Aliases...)
		g.add(ref, ViaSurname, surname(p.Name))
		for _, r := range p.Roles {
			f := fold.String(r)
			if n := len(g.roles[f]); n == 0 || g.roles[f][n-1] != p {
				g.roles[f] = append(g.roles[f], p)
			}
			g.add(Ref{Kind: KindRole, ID: f}, ViaRole, r)
		}
	}
	for k, ps := range g.index {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
		g.index[k] = ps
	}
	g.buildForms()
	return problems
}

// nameEnds reports whether the folded word w is the last word of a name,
// capital or metonym of the state with the given code: the base of a
// genitive ("Frankreichs", "Kiews").
func (g *Gazetteer) nameEnds(code, w string) bool {
	return g.lastWords[code+"\x00"+w]
}

// surname returns the family name of a full name: the last word, with
// particles kept ("Ursula von der Leyen" -> "von der Leyen").
func surname(name string) string {
	w := strings.Fields(name)
	if len(w) < 2 {
		return ""
	}
	i := len(w) - 1
	for i > 1 && isParticle(w[i-1]) {
		i--
	}
	return strings.Join(w[i:], " ")
}

func isParticle(w string) bool {
	switch w {
	case "von", "van", "der", "den", "de", "da", "di", "du", "le", "la", "al", "bin", "ter", "zu":
		return true
	}
	return false
}

func lastWord(s string) string {
	w := strings.Fields(s)
	if len(w) == 0 {
		return ""
	}
	return w[len(w)-1]
}
