package handlers

import (
	"context"
	"sort"
	"strings"

	"summitbot/extract"
	"summitbot/internal/fold"
)

// candidate is an entity the user may mean, with the names it answers to.
type candidate struct {
	ID, Name, Kind string
	Count          int
	names          []string // folded: full name, aliases, surname, id
}

// match scores how well the folded input names the candidate: 3 exact,
// 2 a whole word of a name ("macron"), 1 a prefix, 0.x fuzzy, 0 none.
func (c candidate) match(in string) float64 {
	best := 0.0
	for _, n := range c.names {
		switch {
		case n == in:
			return 3
		case containsWord(n, in):
			best = max(best, 2)
		case len(in) >= 3 && strings.HasPrefix(n, in):
			best = max(best, 1)
		default:
			if d := fuzzyDistance(in, n); d >= 0 {
				best = max(best, 0.9-0.2*float64(d))
			}
		}
	}
	return best
}

// containsWord reports whether in is one or more whole words of n.
func containsWord(n, in string) bool {
	i := strings.Index(n, in)
	for i >= 0 {
		before := i == 0 || n[i-1] == ' ' || n[i-1] == '-'
		end := i + len(in)
		after := end == len(n) || n[end] == ' ' || n[end] == '-'
		if before && after {
			return true
		}
		j := strings.Index(n[i+1:], in)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// fuzzyDistance returns the edit distance between in and the closest word
// sequence of n of the same length in words, if it is small enough for the
// length (1 up to 5 letters, 2 beyond), else -1.
func fuzzyDistance(in, n string) int {
	iw, nw := strings.Fields(in), strings.Fields(n)
	if len(iw) == 0 || len(iw) > len(nw) {
		return -1
	}
	best := -1
	for k := 0; k+len(iw) <= len(nw); k++ {
		d := fold.Distance(in, strings.Join(nw[k:k+len(iw)], " "))
		allowed := 1
		if len(in) > 5 {
			allowed = 2
		}
		if len(in) < 4 {
			allowed = 0
		}
		if d <= allowed && (best < 0 || d < best) {
			best = d
		}
	}
	return best
}

// resolve picks the candidate the input names. It returns nil and the
// closest names when nothing fits well.
func resolve(in string, cands []candidate) (*candidate, []string) {
	f := fold.String(strings.TrimSpace(in))
	if f == "" {
		return nil, nil
	}
	type scored struct {
		c candidate
		s float64
	}
	var all []scored
	for _, c := range cands {
		if fold.String(c.ID) == f {
			return &c, nil
		}
		if s := c.match(f); s > 0 {
			all = append(all, scored{c, s})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].s != all[j].s {
			return all[i].s > all[j].s
		}
		return all[i].c.Count > all[j].c.Count
	})
	if len(all) > 0 && all[0].s >= 0.5 {
		c := all[0].c
		return &c, nil
	}
	// Nothing fits: the closest names by edit distance.
	type near struct {
		name string
		d    int
	}
	var nears []near
	for _, c := range cands {
		d := 1 << 30
		for _, n := range c.names {
			d = min(d, fold.Distance(f, n))
		}
		nears = append(nears, near{c.Name, d})
	}
	sort.SliceStable(nears, func(i, j int) bool { return nears[i].d < nears[j].d })
	var out []string
	for i := 0; i < len(nears) && i < 3; i++ {
		out = append(out, nears[i].name)
	}
	return nil, out
}

// speakerCandidates lists every speaker in the index, with the names the
// gazetteer knows for each.
func (s *Service) speakerCandidates(ctx context.Context) ([]candidate, error) {
	speakers, err := s.cfg.Index.Speakers(ctx)
	if err != nil {
		return nil, err
	}
	g := s.cfg.Index.Gazetteer()
	out := make([]candidate, 0, len(speakers))
	for _, sp := range speakers {
		c := candidate{ID: sp.ID, Name: sp.Name, Kind: sp.Kind, Count: sp.Count}
		c.names = append(c.names, fold.String(sp.Name), fold.String(strings.ReplaceAll(sp.ID, "-", " ")))
		c.names = append(c.names, sp.Roles...) // "die Konfliktforscherin"
		if g != nil {
			if p := g.Person(sp.ID); p != nil {
				for _, a := range p.Aliases {
					c.names = append(c.names, fold.String(a))
				}
				for _, r := range p.Roles {
					c.names = append(c.names, fold.String(r))
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// actorCandidates lists every state of the gazetteer (in both languages,
// with adjectives and capitals) and every actor with commitments.
func (s *Service) actorCandidates(ctx context.Context) ([]candidate, error) {
	actors, err := s.cfg.Index.Actors(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]*candidate{}
	var order []string
	for _, st := range extract.Statuses {
		for _, a := range actors[st] {
			c := counts[a.ID]
			if c == nil {
				c = &candidate{ID: a.ID, Name: a.Name, Kind: a.Kind}
				c.names = append(c.names, fold.String(a.Name), fold.String(a.ID))
				counts[a.ID] = c
				order = append(order, a.ID)
			}
			c.Count += a.Count
		}
	}
	if g := s.cfg.Index.Gazetteer(); g != nil {
		for i := range g.States {
			st := &g.States[i]
			c := counts[st.Code]
			if c == nil {
				c = &candidate{ID: st.Code, Name: st.NameDE, Kind: extract.KindState}
				counts[st.Code] = c
				order = append(order, st.Code)
			}
			c.Name = st.NameDE
			for _, n := range [][]string{{st.NameDE, st.NameEN, st.Code}, st.Names, st.Adjectives, st.Capitals, st.Metonyms, st.Demonyms} {
				for _, x := range n {
					c.names = append(c.names, fold.String(strings.TrimSuffix(x, "-")))
				}
			}
		}
		for i := range g.Groups {
			gr := &g.Groups[i]
			if c := counts[gr.ID]; c != nil {
				for _, a := range gr.Aliases {
					c.names = append(c.names, fold.String(a))
				}
			}
		}
	}
	out := make([]candidate, 0, len(order))
	for _, id := range order {
		out = append(out, *counts[id])
	}
	return out, nil
}

// complete turns candidates into autocomplete choices for the typed prefix:
// the best matches first, at most 25, every name and value at most 100
// bytes.
func complete(cands []candidate, typed string, label func(candidate) string) []Choice {
	f := fold.String(strings.TrimSpace(typed))
	type scored struct {
		c candidate
		s float64
	}
	var list []scored
	for _, c := range cands {
		s := 1.0
		if f != "" {
			s = c.match(f)
			for _, n := range c.names {
				if strings.Contains(n, f) {
					s = max(s, 0.95)
				}
			}
		}
		if s > 0 {
			list = append(list, scored{c, s})
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].s != list[j].s {
			return list[i].s > list[j].s
		}
		if list[i].c.Count != list[j].c.Count {
			return list[i].c.Count > list[j].c.Count
		}
		return list[i].c.Name < list[j].c.Name
	})
	var out []Choice
	for _, sc := range list {
		if len(out) == 25 {
			break
		}
		out = append(out, Choice{Name: shorten(label(sc.c), 100), Value: shorten(sc.c.ID, 100)})
	}
	return out
}
