package index

import (
	"context"
	"os"
	"sync"
	"testing"
	"unicode/utf8"
)

var (
	sharedOnce sync.Once
	shared     *Index
	sharedDir  string
	sharedErr  error
)

// TestMain removes the shared index after all tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// sharedIndex builds one index of the repository data for benchmarks and
// fuzzing, which cannot use t.TempDir across iterations.
func sharedIndex(tb testing.TB) *Index {
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "summitbot-index-bench-")
		if sharedErr != nil {
			return
		}
		shared, sharedErr = Open(context.Background(), testConfig(sharedDir, seedWithExtra(tb, 20)))
		if sharedErr == nil {
			_, _, sharedErr = shared.EnsureFresh(context.Background(), nil)
		}
	})
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return shared
}

func BenchmarkSentences(b *testing.B) {
	ix := sharedIndex(b)
	ctx := context.Background()
	for _, q := range []string{"Truppen", "stählernes Stachelschwein", "Selensky", "air defence Luftverteidigung"} {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := ix.Sentences(ctx, SentenceQuery{Topic: Topic{Text: q}, Limit: 10}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkQuotes(b *testing.B) {
	ix := sharedIndex(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, _, err := ix.Quotes(ctx, QuoteQuery{SpeakerID: "emmanuel-macron", Topic: Topic{Text: "Truppen"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzTopic sends arbitrary text through the query builder: it never
// errors or panics, whatever the user types (query-string syntax, quotes,
// control characters, huge input).
func FuzzTopic(f *testing.F) {
	for _, s := range []string{"Truppen", `+title:"x" -y OR z~2 ^3 /re.*/`, "„Stachelschwein“", "\x00\xff", "a*b?c", "(((", "von der Leyen"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		ix := sharedIndex(t)
		hits, total, err := ix.Sentences(context.Background(), SentenceQuery{Topic: Topic{Text: s, Also: []string{s}}, Limit: 5})
		if err != nil {
			t.Fatalf("Sentences(%q): %v", s, err)
		}
		if total < len(hits) {
			t.Fatalf("total %d < %d hits", total, len(hits))
		}
		if _, _, err := ix.Quotes(context.Background(), QuoteQuery{Topic: Topic{Text: s}, SpeakerID: s}); err != nil {
			t.Fatalf("Quotes(%q): %v", s, err)
		}
	})
}
