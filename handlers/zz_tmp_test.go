package handlers

import (
	"os"
	"testing"
	"time"

	"summitbot/extract"
)

func TestKnowSpeedTmp(t *testing.T) {
	g, _, _ := extract.LoadGazetteer(os.DirFS("../data/gazetteer"))
	lex, _, _ := LoadLexicon(os.DirFS("../data/lexicon"))
	start := time.Now()
	for i := 0; i < 20; i++ {
		NewKnowledge(g, lex)
	}
	t.Logf("NewKnowledge %v", time.Since(start)/20)
}
