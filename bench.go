package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"summitbot/article"
	"summitbot/handlers"
	"summitbot/index"
	"summitbot/internal/corpusgen"
)

// benchSize is one row of the benchmark, as `bench --json` prints it.
type benchSize struct {
	Sentences        int     `json:"sentences"`
	ReindexSeconds   float64 `json:"reindex_seconds"`
	ReindexDocsPerS  float64 `json:"reindex_docs_per_s"`
	RawBleveDocsPerS float64 `json:"raw_bleve_docs_per_s"`
	ReindexRatio     float64 `json:"reindex_ratio"`
	AnswerP50ms      float64 `json:"answer_p50_ms"`
	AnswerP99ms      float64 `json:"answer_p99_ms"`
	RawQueryP99ms    float64 `json:"raw_query_p99_ms"`
	AnswerRatio      float64 `json:"answer_ratio"`
	HeapMB           float64 `json:"heap_mb"`
	RSSMB            float64 `json:"rss_mb"`
	IndexMB          float64 `json:"index_mb"`
}

type benchReport struct {
	Go    string      `json:"go"`
	CPUs  int         `json:"cpus"`
	Sizes []benchSize `json:"sizes"`
}

// runBench generates a synthetic corpus at each size and measures, in one
// run, the reindex beside raw Bleve, answer latency beside raw queries,
// memory while serving, and the index size.
func runBench(ctx context.Context, c *config, args []string, io stdio) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(io.err)
	sizesFlag := fl.String("sizes", "1000,10000,100000", "comma-separated corpus sizes in sentences")
	asJSON := fl.Bool("json", false, "print JSON")
	queries := fl.Int("queries", 300, "questions answered per size")
	keep := fl.String("dir", "", "work in this directory and keep it (default: a temporary one, removed)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			return usageError{fmt.Sprintf("--sizes: %q is not a size of at least 10 sentences", s)}
		}
		sizes = append(sizes, n)
	}
	rep := benchReport{Go: runtime.Version(), CPUs: runtime.NumCPU()}
	for _, n := range sizes {
		work := *keep
		if work == "" {
			d, err := os.MkdirTemp("", "summitbot-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(d)
			work = d
		}
		row, err := benchOne(ctx, c, filepath.Join(work, strconv.Itoa(n)), n, *queries, io.err)
		if err != nil {
			return fmt.Errorf("bench %d: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, row)
	}
	if *asJSON {
		return writeJSON(io.out, rep)
	}
	printBench(io.out, rep)
	return nil
}

func benchOne(ctx context.Context, c *config, dir string, n, queries int, log io.Writer) (benchSize, error) {
	row := benchSize{Sentences: n}
	artDir := filepath.Join(dir, "data", index.ArticlesDir)
	if err := os.MkdirAll(artDir, 0o755); err != nil {
		return row, err
	}
	data := index.Data{FS: os.DirFS(filepath.Join(dir, "data")), Defaults: defaultsFS()}
	g, _, _, err := data.Gazetteer()
	if err != nil {
		return row, err
	}
	fmt.Fprintf(log, "bench %d: generating corpus…\n", n)
	err = corpusgen.Generate(g, corpusgen.Options{Sentences: n, Seed: 1}, func(name string, b []byte) error {
		return os.WriteFile(filepath.Join(artDir, name), b, 0o644)
	})
	if err != nil {
		return row, err
	}

	// Raw Bleve first, so the OS file cache is as warm for both.
	fmt.Fprintf(log, "bench %d: raw Bleve…\n", n)
	texts, err := benchTexts(artDir)
	if err != nil {
		return row, err
	}
	i := 0
	start := time.Now()
	raw, err := index.BuildRaw(ctx, dir, func() (string, string, bool) {
		if i == len(texts) {
			return "", "", false
		}
		i++
		return strconv.Itoa(i), texts[i-1], true
	})
	if err != nil {
		return row, err
	}
	defer raw.Close()
	row.RawBleveDocsPerS = float64(len(texts)) / time.Since(start).Seconds()
	texts = nil

	fmt.Fprintf(log, "bench %d: reindex with extraction…\n", n)
	ix, err := index.Open(ctx, data.Config(filepath.Join(dir, "index")))
	if err != nil {
		return row, err
	}
	defer ix.Close()
	start = time.Now()
	built, err := ix.Reindex(ctx, nil)
	if err != nil {
		return row, err
	}
	row.ReindexSeconds = time.Since(start).Seconds()
	row.ReindexDocsPerS = float64(built.Sentences) / row.ReindexSeconds
	row.ReindexRatio = row.ReindexDocsPerS / row.RawBleveDocsPerS
	row.IndexMB = dirMB(filepath.Join(dir, "index"))

	lfs, err := data.Sub(index.LexiconDir)
	if err != nil {
		return row, err
	}
	lex, _, err := handlers.LoadLexicon(lfs)
	if err != nil {
		return row, err
	}
	svc := handlers.New(handlers.Config{Index: ix, Lexicon: lex})
	cmds := svc.Commands()

	fmt.Fprintf(log, "bench %d: answering %d questions…\n", n, queries)
	runtime.GC()
	debug.FreeOSMemory()
	mem := sampleMemory()
	qs := corpusgen.Questions(g, queries, 2)
	var lat, rawLat []float64
	for _, q := range qs {
		req, isCmd := handlers.ParseCommand(q, cmds)
		if !isCmd {
			req = handlers.Request{Text: q}
		}
		t := time.Now()
		if _, err := svc.Handle(ctx, req); err != nil {
			mem.stop()
			return row, err
		}
		lat = append(lat, ms(time.Since(t)))
		t = time.Now()
		if _, err := raw.Query(ctx, q); err != nil {
			mem.stop()
			return row, err
		}
		rawLat = append(rawLat, ms(time.Since(t)))
	}
	row.HeapMB, row.RSSMB = mem.stop()
	row.AnswerP50ms = percentile(lat, 50)
	row.AnswerP99ms = percentile(lat, 99)
	row.RawQueryP99ms = percentile(rawLat, 99)
	if row.RawQueryP99ms > 0 {
		row.AnswerRatio = row.AnswerP99ms / row.RawQueryP99ms
	}
	return row, nil
}

// benchTexts reads every sentence of the generated articles.
func benchTexts(dir string) ([]string, error) {
	arts, _, err := article.LoadDir(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range arts {
		for _, s := range a.Sentences {
			out = append(out, s.Text)
		}
	}
	return out, nil
}

// memSampler records the peak heap and RSS while it runs.
type memSampler struct {
	done     chan struct{}
	wg       sync.WaitGroup
	heap     uint64
	rssBytes uint64
}

func sampleMemory() *memSampler {
	m := &memSampler{done: make(chan struct{})}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.heap = max(m.heap, ms.HeapInuse)
	m.rssBytes = max(m.rssBytes, rss())
}

// stop ends sampling and returns the peaks in MB.
func (m *memSampler) stop() (heapMB, rssMB float64) {
	close(m.done)
	m.wg.Wait()
	m.sample()
	return float64(m.heap) / (1 << 20), float64(m.rssBytes) / (1 << 20)
}

// rss returns the resident set size of this process (Linux), or 0.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func dirMB(dir string) float64 {
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return float64(total) / (1 << 20)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

func printBench(w io.Writer, rep benchReport) {
	fmt.Fprintf(w, "%s, %d CPUs\n", rep.Go, rep.CPUs)
	fmt.Fprintf(w, "%10s %9s %10s %10s %6s %8s %8s %8s %6s %8s %8s %8s\n",
		"sentences", "reindex s", "docs/s", "raw docs/s", "ratio", "p50 ms", "p99 ms", "raw p99", "ratio", "heap MB", "RSS MB", "index MB")
	for _, r := range rep.Sizes {
		fmt.Fprintf(w, "%10d %9.2f %10.0f %10.0f %6.2f %8.2f %8.2f %8.2f %6.1f %8.1f %8.1f %8.1f\n",
			r.Sentences, r.ReindexSeconds, r.ReindexDocsPerS, r.RawBleveDocsPerS, r.ReindexRatio,
			r.AnswerP50ms, r.AnswerP99ms, r.RawQueryP99ms, r.AnswerRatio, r.HeapMB, r.RSSMB, r.IndexMB)
	}
}
