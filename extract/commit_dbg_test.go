package extract

import (
	"os"
	"testing"

	"summitbot/article"
)

func TestCmDebug(t *testing.T) {
	src := os.Getenv("CMDBG")
	if src == "" {
		t.Skip()
	}
	g, _, _ := LoadGazetteer(os.DirFS("../data/gazetteer"))
	lex, _, _ := LoadLexicon(os.DirFS("../data/lexicon"))
	a, _ := article.Parse("dbg."+os.Getenv("CMLANG")+".txt", []byte("Title\n\n"+src))
	x := New(g, lex)
	ms := make([][]Mention, len(a.Sentences))
	for i, s := range a.Sentences {
		ms[i] = g.Mentions(s.Text)
	}
	ar := &cmArticle{a: a, gaz: g, lex: &lex.Commit, mentions: ms, sents: map[int]*cmSent{}, reported: map[int]*Entity{}, actors: map[int][]Entity{}}
	_ = x
	for i := 1; i < len(a.Sentences); i++ {
		s := ar.sent(i)
		for k, tk := range s.toks {
			t.Logf("%d %q hard=%v punct=%v", k, tk.Text, s.hard[k], s.punct[k])
		}
		for _, u := range s.units {
			t.Logf("unit %+v %q", *u, s.mentionOf(u))
		}
		for _, h := range s.findCues() {
			t.Logf("hit %q lits=%v", h.cue.text, h.lits)
			ca, cb := s.clauseOf(h.first())
			t.Logf("clause %d-%d", ca, cb)
		}
		t.Logf("%+v", ar.sentence(i))
	}
}
