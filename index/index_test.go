package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"summitbot/article"
)

// testData is the repository's data directory.
var testData = Data{FS: os.DirFS("../data")}

func testConfig(dir string, d Data) Config { return d.Config(dir) }

func openBuilt(t *testing.T, d Data) (*Index, string) {
	t.Helper()
	dir := t.TempDir()
	ix, err := Open(context.Background(), testConfig(dir, d))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if ix.Ready() {
		t.Fatal("a new index is ready before it was built")
	}
	if _, rebuilt, err := ix.EnsureFresh(context.Background(), nil); err != nil || !rebuilt {
		t.Fatalf("EnsureFresh: rebuilt %v, %v", rebuilt, err)
	}
	return ix, dir
}

func TestBuildAndSearch(t *testing.T) {
	ix, _ := openBuilt(t, testData)
	ctx := context.Background()
	c, err := ix.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ix.Meta()
	if c.Sentences != m.Counts.Sentences || c.Sentences < 20 || c.Articles != m.Counts.Articles {
		t.Errorf("count %+v, meta %+v", c, m.Counts)
	}
	tests := []struct {
		query, want string
	}{
		{"stählernes Stachelschwein", "Stachelschwein"},
		{"Elysee", "Élysée-Kreisen"},
		{"Selensky", "Selenskyj"},
		{"Kraefte", "internationalen Kräfte"},
		{"von der Leyen", "von der Leyen"},
		{"LUFTVERTEIDIGUNG", "Luftverteidigung"},
	}
	for _, tt := range tests {
		hits, total, err := ix.Sentences(ctx, SentenceQuery{Topic: Topic{Text: tt.query}, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 || !strings.Contains(hits[0].Text, tt.want) {
			t.Errorf("%q: %d hits, first %+v; want a sentence with %q", tt.query, total, hits, tt.want)
		}
	}
	if hits, total, _ := ix.Sentences(ctx, SentenceQuery{Topic: Topic{Text: "Quantenphysik Bananenrepublik"}}); total != 0 {
		t.Errorf("nonsense query found %d: %+v", total, hits)
	}
	sug, err := ix.Suggest(ctx, "Selensky", 3)
	if err != nil || len(sug) == 0 || sug[0] != "selenskyj" {
		t.Errorf("Suggest(Selensky) = %q, %v", sug, err)
	}
	// Filters.
	hits, _, err := ix.Sentences(ctx, SentenceQuery{State: "US"})
	if err != nil || len(hits) == 0 {
		t.Fatalf("state filter: %v, %v", hits, err)
	}
	for _, h := range hits {
		if !strings.Contains(h.Text, "US") && !strings.Contains(h.Text, "amerikanisch") && !strings.Contains(h.Text, "Washington") && !strings.Contains(h.Text, "Trump") {
			t.Errorf("sentence without the US in state filter: %q", h.Text)
		}
	}
}

func TestReopenIsFresh(t *testing.T) {
	ix, dir := openBuilt(t, testData)
	want, _ := ix.Meta()
	ix.Close()
	ix2, err := Open(context.Background(), testConfig(dir, testData))
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if stale, err := ix2.Stale(); stale || err != nil {
		t.Errorf("reopened index stale=%v err=%v", stale, err)
	}
	got, ok := ix2.Meta()
	if !ok || got.Digest != want.Digest || got.Counts != want.Counts {
		t.Errorf("reopened meta %+v, want %+v", got.Counts, want.Counts)
	}
}

func TestFailedReindexKeepsServing(t *testing.T) {
	ix, _ := openBuilt(t, testData)
	before, _ := ix.Meta()
	ix.cfg.Load = func(context.Context) (*Corpus, error) {
		return nil, errors.New("disk on fire")
	}
	if _, err := ix.Reindex(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Reindex error = %v", err)
	}
	after, _ := ix.Meta()
	if after.Digest != before.Digest {
		t.Error("the failed reindex replaced the index")
	}
	if _, total, err := ix.Sentences(context.Background(), SentenceQuery{Topic: Topic{Text: "Macron"}}); err != nil || total == 0 {
		t.Errorf("search after failed reindex: %d, %v", total, err)
	}
}

func TestSecondReindexIsBusy(t *testing.T) {
	ix, _ := openBuilt(t, testData)
	release := make(chan struct{})
	started := make(chan struct{})
	ix.cfg.Load = func(ctx context.Context) (*Corpus, error) {
		close(started)
		<-release
		return testData.Load(ctx)
	}
	done := make(chan error)
	go func() {
		_, err := ix.Reindex(context.Background(), nil)
		done <- err
	}()
	<-started
	if _, err := ix.Reindex(context.Background(), nil); !errors.Is(err, ErrBusy) {
		t.Errorf("second reindex: %v, want ErrBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestMissingData(t *testing.T) {
	for name, d := range map[string]Data{
		"no dir":      {FS: os.DirFS("/nonexistent/summitbot-data")},
		"no articles": {FS: fstest.MapFS{"gazetteer/persons.tsv": {Data: []byte("id\n")}}},
	} {
		if _, err := d.Load(context.Background()); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestDocFieldsAreMapped guards against a field the static mapping does
// not know (Bleve's mapping silently drops it, and its filter then
// matches nothing), and checks that the documents the build makes without
// the mapping's walk are the ones the mapping would make: same fields,
// options, values and analysed terms.
func TestDocFieldsAreMapped(t *testing.T) {
	c, err := testData.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	maker, err := newDocMaker(im)
	if err != nil {
		t.Fatal(err)
	}
	signature := func(d *document.Document) []string {
		var out []string
		d.VisitFields(func(f bleveindex.Field) {
			if f.Name() == "_all" {
				return
			}
			value := string(f.Value())
			f.Analyze()
			var terms []string
			for term, tf := range f.AnalyzedTokenFrequencies() {
				t := fmt.Sprintf("%s×%d", term, tf.Frequency())
				for _, l := range tf.Locations {
					t += fmt.Sprintf(" %s%v@%d:%d-%d", l.Field, l.ArrayPositions, l.Position, l.Start, l.End)
				}
				terms = append(terms, t)
			}
			sort.Strings(terms)
			out = append(out, fmt.Sprintf("%s%v %q %v %v", f.Name(), f.ArrayPositions(), value, f.Options(), terms))
		})
		sort.Strings(out)
		return out
	}
	compared := 0
	seen := map[string]bool{}
	for _, name := range c.Files {
		a, _, err := article.ReadFile(c.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs(c.Extractor.Extract(a), c.Gazetteer) {
			mapped := document.NewDocument(d.id)
			if err := im.MapDocument(mapped, d.fields); err != nil {
				t.Fatal(err)
			}
			made, err := maker.document(d)
			if err != nil {
				t.Fatal(err)
			}
			if want, got := signature(mapped), signature(made); !reflect.DeepEqual(want, got) {
				t.Errorf("%s: made\n%s\nmapping makes\n%s", d.id, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			compared++
			for f := range d.fields {
				seen[f] = true
				if im.DefaultMapping.Properties[f] == nil {
					t.Errorf("field %q of %s is not in the mapping", f, d.id)
				}
			}
		}
	}
	if compared == 0 {
		t.Fatal("no document compared")
	}
	for _, f := range []string{fHas, fSpeaker, fActorSt, fFacts, fStates} {
		if !seen[f] {
			t.Errorf("the seed has no document with field %q", f)
		}
	}
}
