package handlers

import (
	"context"
	"strings"
	"testing"
)

// TestFactCommands checks the who-said, said-about, commitments and states
// commands on the seed article.
func TestFactCommands(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		name   string
		req    Request
		title  string   // in the title
		texts  []string // in the rendered answer
		cite   string   // in a citation
		absent string   // never in the answer
	}{
		{"who-said by surname", Request{Command: "who-said", Options: map[string]string{"speaker": "Macron"}, Lang: "de"},
			"Emmanuel Macron", []string{"wörtlich", "Streitmacht"}, "Diese Streitmacht", ""},
		{"who-said with a typo and no accent", Request{Command: "who-said", Options: map[string]string{"speaker": "Selenski"}, Lang: "en"},
			"Wolodymyr Selenskyj", []string{"Rüstungsunternehmen"}, "Produktionskapazitäten", ""},
		{"who-said topic", Request{Command: "who-said", Options: map[string]string{"speaker": "von der Leyen", "topic": "porcupine"}, Lang: "en"},
			"Ursula von der Leyen", []string{"**Stachelschwein**"}, "Stachelschwein", ""},
		{"who-said group source", Request{Command: "who-said", Options: map[string]string{"speaker": "Elysee-Kreise"}, Lang: "de"},
			"Élysée-Kreise", []string{"indirekt"}, "Élysée-Kreisen", ""},
		{"who-said unknown", Request{Command: "who-said", Options: map[string]string{"speaker": "Scholz"}, Lang: "en"},
			"", []string{"does not appear as a speaker"}, "", ""},
		{"said-about", Request{Command: "said-about", Options: map[string]string{"topic": "Truppen"}, Lang: "de"},
			"Truppen", []string{"Stefan Kornelius"}, "Entsendung deutscher Truppen", ""},
		{"commitments of a state", Request{Command: "commitments", Options: map[string]string{"state": "Germany"}, Lang: "en"},
			"Germany", []string{"committed", "deferred", "declined", "planned", "Luftverteidigung"}, "Luftverteidigung", ""},
		{"commitments with status", Request{Command: "commitments", Options: map[string]string{"state": "DE", "status": "deferred"}, Lang: "de"},
			"Deutschland", []string{"vertagt"}, "Entsendung deutscher Truppen", "Luftverteidigung"},
		{"commitments by capital", Request{Command: "commitments", Options: map[string]string{"state": "Washington"}, Lang: "de"},
			"Vereinigte Staaten", []string{"aufgefordert"}, "amerikanische Zusagen", ""},
		{"commitments of an unmentioned state", Request{Command: "commitments", Options: map[string]string{"state": "Italien"}, Lang: "de"},
			"Italien", []string{"sagen nichts"}, "", ""},
		{"states overview", Request{Command: "states", Lang: "en"},
			"overview", []string{"Germany", "26"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := handle(t, s, tt.req)
			text := ans.Text()
			if !strings.Contains(ans.Title, tt.title) {
				t.Errorf("title %q lacks %q", ans.Title, tt.title)
			}
			for _, want := range tt.texts {
				if !strings.Contains(text, want) {
					t.Errorf("answer lacks %q:\n%s", want, text)
				}
			}
			if tt.absent != "" && strings.Contains(text, tt.absent) {
				t.Errorf("answer has %q:\n%s", tt.absent, text)
			}
			if tt.cite != "" {
				found := false
				for _, c := range ans.Citations {
					found = found || strings.Contains(c.Text, tt.cite)
				}
				if !found {
					t.Errorf("no citation contains %q: %+v", tt.cite, ans.Citations)
				}
			}
			for _, c := range ans.Citations {
				if c.SentenceID == "" || c.Text == "" {
					t.Errorf("incomplete citation %+v", c)
				}
			}
		})
	}
}

func TestAutocompleteCommands(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		cmd, option, typed, want string
	}{
		{"who-said", "speaker", "macr", "emmanuel-macron"},
		{"who-said", "speaker", "Selensky", "wolodymyr-selenskyj"},
		{"who-said", "speaker", "", "emmanuel-macron"},
		{"commitments", "state", "germ", "DE"},
		{"commitments", "state", "Deutschl", "DE"},
		{"commitments", "state", "26", "26-staaten"},
		{"search", "article", "paris", "paris-koalition-der-willigen"},
	}
	for _, tt := range tests {
		ans, err := s.Handle(context.Background(), Request{Command: tt.cmd, Focused: tt.option, Options: map[string]string{tt.option: tt.typed}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Choices) > 25 {
			t.Errorf("%s %q: %d choices", tt.cmd, tt.typed, len(ans.Choices))
		}
		found := false
		for _, c := range ans.Choices {
			if len(c.Name) > 100 || len(c.Value) > 100 {
				t.Errorf("choice too long: %+v", c)
			}
			found = found || c.Value == tt.want
		}
		if !found {
			t.Errorf("%s %s %q: no choice %q in %+v", tt.cmd, tt.option, tt.typed, tt.want, ans.Choices)
		}
	}
}
