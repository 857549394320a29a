package index

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// seedWithExtra returns the repository data plus n copies of the seed
// article under other names, so two data sets give different counts.
func seedWithExtra(t testing.TB, n int) Data {
	t.Helper()
	seed, err := os.ReadFile("../data/articles/paris-koalition-der-willigen.de.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for i := 0; i <= n; i++ {
		m[fmt.Sprintf("articles/copy-%d.de.txt", i)] = &fstest.MapFile{Data: seed}
	}
	return Data{FS: m, Defaults: os.DirFS("../data")}
}

// TestReindexUnderLoad swaps a bigger corpus in while 200 searches run:
// no search fails, and every count is the old or the new one, never a mix,
// never the old one again after the new one was seen.
func TestReindexUnderLoad(t *testing.T) {
	small, big := seedWithExtra(t, 0), seedWithExtra(t, 3)
	ix, _ := openBuilt(t, small)
	ctx := context.Background()
	before, _ := ix.Count(ctx)
	var failures atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	afterSeen := make(chan Counts, 1)
	for w := 0; w < 200; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sawNew := false
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, total, err := ix.Sentences(ctx, SentenceQuery{Topic: Topic{Text: "Truppen entsenden"}}); err != nil || total == 0 {
					t.Errorf("search failed during reindex: total %d, %v", total, err)
					failures.Add(1)
					return
				}
				c, err := ix.Count(ctx)
				switch {
				case err != nil:
					t.Errorf("count failed: %v", err)
					failures.Add(1)
					return
				case c == before && sawNew:
					t.Error("old counts after new ones")
					failures.Add(1)
					return
				case c != before:
					if !sawNew {
						select {
						case afterSeen <- c:
						default:
						}
					}
					sawNew = true
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	ix.cfg.Load, ix.cfg.Digest = big.Load, big.Digest
	rep, err := ix.Reindex(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	if failures.Load() > 0 {
		t.Fatalf("%d searches failed", failures.Load())
	}
	if rep.Articles != 4 || rep.Sentences != 4*before.Sentences {
		t.Errorf("report %+v, before %+v", rep.Counts, before)
	}
	select {
	case c := <-afterSeen:
		if c != rep.Counts {
			t.Errorf("searchers saw %+v, the new index has %+v", c, rep.Counts)
		}
	default:
		t.Error("no searcher saw the new counts")
	}
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	for _, corrupt := range []struct {
		name string
		do   func(genDir, indexDir string) error
	}{
		{"garbage root.bolt", func(g, _ string) error {
			return os.WriteFile(filepath.Join(g, bleveDir, "store", "root.bolt"), []byte("not a bolt file"), 0o600)
		}},
		{"missing segments", func(g, _ string) error {
			return os.RemoveAll(filepath.Join(g, bleveDir, "store"))
		}},
		{"garbage meta.json", func(g, _ string) error {
			return os.WriteFile(filepath.Join(g, metaFile), []byte("{"), 0o600)
		}},
		{"CURRENT points nowhere", func(_, d string) error {
			return os.WriteFile(filepath.Join(d, currentFile), []byte("gen-0\n"), 0o600)
		}},
	} {
		t.Run(corrupt.name, func(t *testing.T) {
			ix, dir := openBuilt(t, testData)
			m, _ := ix.Meta()
			name, _ := readCurrent(dir)
			ix.Close()
			if err := corrupt.do(filepath.Join(dir, name), dir); err != nil {
				t.Fatal(err)
			}
			ix2, err := Open(context.Background(), testConfig(dir, testData))
			if err != nil {
				t.Fatalf("Open of a corrupt index: %v", err)
			}
			defer ix2.Close()
			if ix2.Ready() {
				t.Fatal("a corrupt generation is served")
			}
			if _, rebuilt, err := ix2.EnsureFresh(context.Background(), nil); err != nil || !rebuilt {
				t.Fatalf("rebuild: %v %v", rebuilt, err)
			}
			c, err := ix2.Count(context.Background())
			if err != nil || c != m.Counts {
				t.Errorf("after rebuild: %+v %v, want %+v", c, err, m.Counts)
			}
		})
	}
}

func TestLockedIndexFailsFast(t *testing.T) {
	ix, dir := openBuilt(t, testData)
	name, _ := readCurrent(dir)
	ix.Close()
	// Another process writing the generation holds bolt's exclusive lock.
	w, err := bleve.Open(filepath.Join(dir, name, bleveDir))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg := testConfig(dir, testData)
	cfg.OpenTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err = Open(context.Background(), cfg)
	if !errors.Is(err, ErrLocked) || time.Since(start) > 5*time.Second {
		t.Fatalf("Open of a locked index: %v after %v, want ErrLocked within seconds", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "locked by another process") {
		t.Errorf("unclear error: %v", err)
	}
}

// dirDigest fingerprints every file of a data set.
func dirDigest(t testing.TB, fsys fs.FS) string {
	h := sha256.New()
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(fsys, p)
			fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestInterruptedReindex cancels a reindex half way (shutdown, or a
// failure while writing): the old index keeps serving, nothing of the new
// one is left, the data is untouched, and a restart opens the old one.
func TestInterruptedReindex(t *testing.T) {
	data := seedWithExtra(t, 40)
	ix, dir := openBuilt(t, seedWithExtra(t, 0))
	before, _ := ix.Count(context.Background())
	dataBefore := dirDigest(t, data.FS)
	ctx, cancel := context.WithCancel(context.Background())
	ix.cfg.Load, ix.cfg.Digest = data.Load, data.Digest
	var once sync.Once
	_, err := ix.Reindex(ctx, func(p Progress) {
		if p.Phase == "index" && p.Done > 0 {
			once.Do(cancel)
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted reindex: %v", err)
	}
	if c, err := ix.Count(context.Background()); err != nil || c != before {
		t.Errorf("after the interruption the index has %+v (%v), want the old %+v", c, err, before)
	}
	if gens := generations(t, dir); gens != 1 {
		t.Errorf("%d generations on disk after the interruption, want only the old one", gens)
	}
	if dirDigest(t, data.FS) != dataBefore {
		t.Error("the data changed")
	}
	ix.Close()
	ix2, err := Open(context.Background(), testConfig(dir, seedWithExtra(t, 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if c, err := ix2.Count(context.Background()); err != nil || c != before {
		t.Errorf("after a restart: %+v %v, want %+v", c, err, before)
	}
}

// TestWatchFollowsOtherProcess: two Index values on one INDEX_DIR stand for
// two processes; a reindex in one is picked up by the other.
func TestWatchFollowsOtherProcess(t *testing.T) {
	small, big := seedWithExtra(t, 0), seedWithExtra(t, 2)
	a, dir := openBuilt(t, small)
	b, err := Open(context.Background(), testConfig(dir, small))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before, _ := b.Count(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go b.Watch(ctx, 20*time.Millisecond)
	a.cfg.Load, a.cfg.Digest = big.Load, big.Digest
	rep, err := a.Reindex(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := b.Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c == rep.Counts && c != before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the watching index still has %+v, want %+v", c, rep.Counts)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, total, err := b.Sentences(context.Background(), SentenceQuery{Topic: Topic{Text: "Stachelschwein"}}); err != nil || total != 3 {
		t.Errorf("search in the watching index: %d hits, %v", total, err)
	}
}

// TestStartTogetherBuildsOnce: two processes (two Index values on one
// INDEX_DIR) start on a missing index at once; one builds, the other takes
// the result over.
func TestStartTogetherBuildsOnce(t *testing.T) {
	dir := t.TempDir()
	var ixs [2]*Index
	for i := range ixs {
		ix, err := Open(context.Background(), testConfig(dir, testData))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		ixs[i] = ix
	}
	var wg sync.WaitGroup
	rebuilt := make([]bool, 2)
	errs := make([]error, 2)
	for i, ix := range ixs {
		wg.Go(func() {
			for {
				_, rebuilt[i], errs[i] = ix.EnsureFresh(context.Background(), nil)
				if !errors.Is(errs[i], ErrBusy) {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	for i := range ixs {
		if errs[i] != nil || !ixs[i].Ready() {
			t.Fatalf("index %d: ready %v, %v", i, ixs[i].Ready(), errs[i])
		}
	}
	if rebuilt[0] == rebuilt[1] {
		t.Errorf("rebuilt = %v, want exactly one build", rebuilt)
	}
	if gens := generations(t, dir); gens != 1 {
		t.Errorf("%d generations, want 1", gens)
	}
}

// generations counts the generation directories in an index directory.
func generations(t testing.TB, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), genPrefix) {
			n++
		}
	}
	return n
}
