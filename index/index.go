// Package index keeps the Bleve full-text index of the articles: one
// document per sentence, quote and commitment. It builds a new index
// generation beside the live one and swaps it in through a bleve.IndexAlias,
// so searches running during a reindex finish on the old generation and
// never fail; a failed build leaves the old one serving.
//
// On disk, INDEX_DIR holds one directory per generation and a file CURRENT
// naming the live one, replaced atomically (write, fsync, rename). Live
// generations are opened read-only, so several processes can serve the same
// index; a reindex takes an exclusive lock file, so only one runs at a time.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"summitbot/extract"
	"summitbot/internal/atomicfile"
)

// Schema is the version of the document layout and the extraction rules.
// A generation built with another schema is stale.
const Schema = 6

const (
	currentFile = "CURRENT"
	metaFile    = "meta.json"
	lockFile    = "reindex.lock"
	bleveDir    = "bleve"
	genPrefix   = "gen-"
	batchDocs   = 1000 // documents per Bleve batch: bounded memory (bleve #1304)
)

// Errors.
var (
	// ErrBusy means another reindex is running, in this process or another.
	ErrBusy = errors.New("a reindex is already running")
	// ErrNoIndex means no generation has been built yet.
	ErrNoIndex = errors.New("the index has not been built yet")
	// ErrLocked means the index files are locked by another process.
	ErrLocked = errors.New("the index is locked by another process")
)

// Config configures an Index. Build it once in main.
type Config struct {
	Dir string // INDEX_DIR
	// Load reads the data directory: articles, gazetteer, lexicon. The
	// index calls it at each reindex, so a reindex also picks up gazetteer
	// and lexicon changes.
	Load func(ctx context.Context) (*Corpus, error)
	// Digest fingerprints the data directory cheaply, to tell whether the
	// live generation is stale.
	Digest func() (string, error)
	// Gazetteer loads just the gazetteer, for a generation opened from disk.
	Gazetteer func() (*extract.Gazetteer, error)
	// OpenTimeout bounds waiting for another process's lock (default 3 s).
	OpenTimeout time.Duration
	Logger      *slog.Logger
}

// Corpus is what a generation is built from: the article files, read,
// parsed and extracted inside the build pipeline, and the extractor.
type Corpus struct {
	FS        fs.FS    // the articles folder
	Files     []string // article files in FS, lexical order
	Extractor *extract.Extractor
	Gazetteer *extract.Gazetteer
	Skipped   []error  // files and gazetteer rows skipped, with reasons
	fixed     []string // fingerprint lines of the gazetteer and lexicon files
}

// Index is the live, swappable search index. Its methods are safe for
// concurrent use.
type Index struct {
	cfg      Config
	log      *slog.Logger
	alias    bleve.IndexAlias
	state    atomic.Pointer[generation]
	swapMu   sync.Mutex   // serialises swaps and Close
	genMu    sync.RWMutex // held for reading while a generation is used outside the alias
	building atomic.Bool  // a reindex runs in this process
	closed   bool
}

// generation is one built index directory, open read-only.
type generation struct {
	name     string
	idx      bleve.Index
	meta     Meta
	gaz      *extract.Gazetteer
	sum      summary
	articles map[string]ArticleInfo // by id, from meta
	langs    map[string]string      // article id -> language
}

// Meta describes a generation; it is stored beside it as meta.json.
type Meta struct {
	Schema    int           `json:"schema"`
	Digest    string        `json:"digest"`
	Built     time.Time     `json:"built"`
	Seconds   float64       `json:"seconds"`
	Counts    Counts        `json:"counts"`
	Articles  []ArticleInfo `json:"articles"`
	Skipped   []string      `json:"skipped,omitempty"`
	Languages []string      `json:"languages,omitempty"`
}

// Counts are the sizes of a generation.
type Counts struct {
	Articles    int `json:"articles"`
	Sentences   int `json:"sentences"`
	Quotes      int `json:"quotes"`
	Commitments int `json:"commitments"`
}

// ArticleInfo describes one indexed article.
type ArticleInfo struct {
	ID          string   `json:"id"`
	File        string   `json:"file"`
	Title       string   `json:"title"`
	Lang        string   `json:"lang"`
	Source      string   `json:"source,omitempty"`
	URL         string   `json:"url,omitempty"`
	Date        string   `json:"date,omitempty"`
	Sections    []string `json:"sections,omitempty"`
	Digest      string   `json:"digest"`
	Sentences   int      `json:"sentences"`
	Quotes      int      `json:"quotes"`
	Commitments int      `json:"commitments"`
}

// Report is what a reindex did.
type Report struct {
	Counts
	Seconds float64
	Added   []string // article ids
	Removed []string
	Changed []string
	Skipped []string // "file: reason"
}

// Progress is reported while a reindex runs.
type Progress struct {
	Phase string // "load", "index" (extracting and indexing), "swap"
	Done  int
	Total int
}

// Open opens the index in cfg.Dir. When a generation exists it is opened
// read-only and served; otherwise the index is empty until [Index.Reindex]
// (see [Index.Ready]). A corrupt generation is reported in the log and
// treated as missing, so the next reindex replaces it.
func Open(ctx context.Context, cfg Config) (*Index, error) {
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = 3 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("index dir: %w", err)
	}
	ix := &Index{cfg: cfg, log: cfg.Logger, alias: bleve.NewIndexAlias()}
	name, err := readCurrent(cfg.Dir)
	if err != nil || name == "" {
		return ix, err
	}
	g, err := ix.openGeneration(name)
	switch {
	case errors.Is(err, ErrLocked):
		return nil, err
	case errors.Is(err, errOldSchema):
		ix.log.Info("the index was built by another version and will be rebuilt", "generation", name)
		return ix, nil
	case err != nil:
		ix.log.Warn("index generation unusable, it will be rebuilt", "generation", name, "err", err)
		return ix, nil
	}
	if g.gaz, err = cfg.Gazetteer(); err != nil {
		g.idx.Close()
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	ix.alias.Add(g.idx)
	ix.state.Store(g)
	return ix, nil
}

// Ready reports whether a generation is being served.
func (ix *Index) Ready() bool { return ix.state.Load() != nil }

// Meta returns the description of the live generation; ok is false when
// none is served.
func (ix *Index) Meta() (m Meta, ok bool) {
	g := ix.state.Load()
	if g == nil {
		return Meta{}, false
	}
	return g.meta, true
}

// Article returns the description of one article of the live generation.
func (ix *Index) Article(id string) (ArticleInfo, bool) {
	g := ix.state.Load()
	if g == nil {
		return ArticleInfo{}, false
	}
	a, ok := g.articles[id]
	return a, ok
}

// ArticleLangs maps every article id of the live generation to its
// language. The map is shared: callers must not change it.
func (ix *Index) ArticleLangs() map[string]string {
	if g := ix.state.Load(); g != nil {
		return g.langs
	}
	return map[string]string{}
}

// Gazetteer returns the gazetteer of the live generation, or nil.
func (ix *Index) Gazetteer() *extract.Gazetteer {
	if g := ix.state.Load(); g != nil {
		return g.gaz
	}
	return nil
}

// Stale reports whether the live generation is missing or was built from
// other data or another schema than the data directory has now.
func (ix *Index) Stale() (bool, error) {
	g := ix.state.Load()
	if g == nil || g.meta.Schema != Schema || g.gaz == nil {
		return true, nil
	}
	d, err := ix.cfg.Digest()
	if err != nil {
		return false, err
	}
	return d != g.meta.Digest, nil
}

// EnsureFresh rebuilds the index when it is stale. rebuilt tells whether it
// did. A fresh generation another process built meanwhile is taken over
// instead of building again.
func (ix *Index) EnsureFresh(ctx context.Context, progress func(Progress)) (rep Report, rebuilt bool, err error) {
	if stale, err := ix.Stale(); err != nil || !stale {
		return Report{}, false, err
	}
	rep, err = ix.reindex(ctx, progress, true)
	if errors.Is(err, errFresh) {
		return Report{}, false, nil
	}
	return rep, err == nil, err
}

// errOldSchema marks a generation built with another Schema.
var errOldSchema = errors.New("built by another version")

// errFresh tells EnsureFresh that the index became fresh while it waited.
var errFresh = errors.New("index is fresh")

// Building reports whether a reindex is running in this process.
func (ix *Index) Building() bool { return ix.building.Load() }

// Reindex loads the data, builds a new generation beside the live one and
// swaps it in. Searches keep running on the old generation until the swap
// and never fail. On any error the old generation stays live and nothing
// of the new one is left behind. A second call while one runs, here or in
// another process, returns ErrBusy at once.
func (ix *Index) Reindex(ctx context.Context, progress func(Progress)) (Report, error) {
	return ix.reindex(ctx, progress, false)
}

// reindex is Reindex; with ifStale it first takes over the generation
// CURRENT names and returns errFresh when that one is fresh, so processes
// started together build once.
func (ix *Index) reindex(ctx context.Context, progress func(Progress), ifStale bool) (Report, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	if !ix.building.CompareAndSwap(false, true) {
		return Report{}, ErrBusy
	}
	defer ix.building.Store(false)
	unlock, err := lockDir(ix.cfg.Dir)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	if ifStale {
		if _, err := ix.follow(true); err != nil && !errors.Is(err, errOldSchema) {
			ix.log.Warn("take over index generation", "err", err)
		}
		if stale, err := ix.Stale(); err == nil && !stale {
			return Report{}, errFresh
		}
	}

	start := time.Now()
	progress(Progress{"load", 0, 1})
	corpus, err := ix.cfg.Load(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("load data: %w", err)
	}
	name := fmt.Sprintf("%s%d", genPrefix, time.Now().UnixNano())
	dir := filepath.Join(ix.cfg.Dir, name)
	meta, err := build(ctx, dir, corpus, func(done, total int) { progress(Progress{"index", done, total}) })
	if err != nil {
		os.RemoveAll(dir)
		return Report{}, fmt.Errorf("build index: %w", err)
	}
	meta.Seconds = time.Since(start).Seconds()
	meta.Built = time.Now().UTC()
	if err := writeJSONAtomic(filepath.Join(dir, metaFile), meta); err != nil {
		os.RemoveAll(dir)
		return Report{}, err
	}
	progress(Progress{"swap", 0, 1})
	g, err := ix.openGeneration(name)
	if err != nil {
		os.RemoveAll(dir)
		return Report{}, fmt.Errorf("open new index: %w", err)
	}
	g.gaz = corpus.Gazetteer
	if err := ctx.Err(); err != nil {
		g.idx.Close()
		os.RemoveAll(dir)
		return Report{}, err
	}
	if err := writeCurrent(ix.cfg.Dir, name); err != nil {
		g.idx.Close()
		os.RemoveAll(dir)
		return Report{}, err
	}
	old, err := ix.swap(g)
	if err != nil {
		g.idx.Close()
		return Report{}, err
	}
	rep := report(old, g, time.Since(start))
	if old != nil {
		ix.genMu.Lock()
		old.idx.Close()
		ix.genMu.Unlock()
	}
	ix.removeOldGenerations(name, genName(old))
	progress(Progress{"swap", 1, 1})
	ix.log.Info("reindexed", "generation", name, "articles", rep.Articles, "sentences", rep.Sentences,
		"quotes", rep.Quotes, "commitments", rep.Commitments, "seconds", fmt.Sprintf("%.2f", rep.Seconds))
	return rep, nil
}

// swap puts g in the alias in place of the live generation and returns the
// old one. bleve's alias takes its write lock for the swap, so searches
// that started on the old generation finish before it is taken out.
func (ix *Index) swap(g *generation) (*generation, error) {
	ix.swapMu.Lock()
	defer ix.swapMu.Unlock()
	if ix.closed {
		return nil, errors.New("index closed during reindex")
	}
	old := ix.state.Load()
	var out []bleve.Index
	if old != nil {
		out = append(out, old.idx)
	}
	ix.alias.Swap([]bleve.Index{g.idx}, out)
	ix.state.Store(g)
	return old, nil
}

// Close closes the live generation and releases its files. Searches after
// Close fail.
func (ix *Index) Close() error {
	ix.swapMu.Lock()
	defer ix.swapMu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	// The alias only stops answering; the generation must be closed too,
	// or its bolt lock outlives the Index.
	err := ix.alias.Close()
	if g := ix.state.Load(); g != nil {
		ix.genMu.Lock()
		if cerr := g.idx.Close(); err == nil {
			err = cerr
		}
		ix.genMu.Unlock()
	}
	return err
}

func genName(g *generation) string {
	if g == nil {
		return ""
	}
	return g.name
}

// openGeneration opens a generation read-only, within OpenTimeout.
func (ix *Index) openGeneration(name string) (*generation, error) {
	dir := filepath.Join(ix.cfg.Dir, name)
	var meta Meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, fmt.Errorf("generation %s: %w", name, err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, fmt.Errorf("generation %s: corrupt %s: %w", name, metaFile, err)
	}
	if meta.Schema != Schema {
		return nil, fmt.Errorf("generation %s: %w (schema %d, this version reads %d)", name, errOldSchema, meta.Schema, Schema)
	}
	idx, err := openBleve(filepath.Join(dir, bleveDir), ix.cfg.OpenTimeout)
	if err != nil {
		return nil, err
	}
	sum, err := summarize(context.Background(), idx)
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("generation %s: %w", name, err)
	}
	g := &generation{name: name, idx: idx, meta: meta, sum: sum,
		articles: make(map[string]ArticleInfo, len(meta.Articles)), langs: make(map[string]string, len(meta.Articles))}
	for _, a := range meta.Articles {
		g.articles[a.ID] = a
		g.langs[a.ID] = a.Lang
	}
	return g, nil
}

// openBleve opens a Bleve index read-only. bolt waits forever for a lock
// held by another process; the timeout turns that into ErrLocked.
func openBleve(path string, timeout time.Duration) (bleve.Index, error) {
	idx, err := bleve.OpenUsing(path, map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": timeout.String(),
	})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, timeout)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return idx, nil
}

// removeOldGenerations deletes generation directories other than the live
// one and the one before it (another process may still be serving that).
func (ix *Index) removeOldGenerations(keep ...string) {
	entries, err := os.ReadDir(ix.cfg.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !strings.HasPrefix(n, genPrefix) || contains(keep, n) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(ix.cfg.Dir, n)); err != nil {
			ix.log.Warn("remove old index generation", "generation", n, "err", err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// report compares the article lists of two generations.
func report(old, g *generation, took time.Duration) Report {
	rep := Report{Counts: g.meta.Counts, Seconds: took.Seconds(), Skipped: g.meta.Skipped}
	before := map[string]string{}
	if old != nil {
		for _, a := range old.meta.Articles {
			before[a.ID] = a.Digest
		}
	}
	for _, a := range g.meta.Articles {
		d, ok := before[a.ID]
		switch {
		case !ok:
			rep.Added = append(rep.Added, a.ID)
		case d != a.Digest:
			rep.Changed = append(rep.Changed, a.ID)
		}
		delete(before, a.ID)
	}
	for id := range before {
		rep.Removed = append(rep.Removed, id)
	}
	sort.Strings(rep.Removed)
	return rep
}

// readCurrent returns the name of the live generation, or "" when none.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", currentFile, err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, genPrefix) || strings.ContainsAny(name, `/\`) {
		return "", nil // corrupt pointer: rebuild
	}
	return name, nil
}

func writeCurrent(dir, name string) error {
	return atomicfile.Write(filepath.Join(dir, currentFile), []byte(name+"\n"), 0o644)
}

func writeJSONAtomic(path string, v interface{}) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, b, 0o644)
}

// lockDir takes the exclusive reindex lock of dir without waiting. The lock
// is an flock, released by the kernel if the process dies.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("reindex lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (another process holds %s)", ErrBusy, filepath.Join(dir, lockFile))
		}
		return nil, fmt.Errorf("reindex lock: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// Watch follows reindexes done by other processes: every interval it reads
// CURRENT, and when it names another generation than the live one, opens
// that one read-only and swaps it in, as Reindex does. It returns when ctx
// ends. Several processes (Discord shards) serve one INDEX_DIR this way
// while any of them reindexes.
func (ix *Index) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if swapped, err := ix.follow(false); err != nil {
			ix.log.Warn("follow index generation", "err", err)
		} else if swapped != "" {
			ix.log.Info("picked up index generation", "generation", swapped)
		}
	}
}

// follow swaps in the generation CURRENT names if it is not the live one.
// It returns the name of the generation swapped in, or "". While this
// process reindexes it does nothing, unless inReindex says the caller is
// that reindex.
func (ix *Index) follow(inReindex bool) (string, error) {
	if ix.building.Load() && !inReindex {
		return "", nil // our own reindex will swap
	}
	name, err := readCurrent(ix.cfg.Dir)
	if err != nil || name == "" || name == genName(ix.state.Load()) {
		return "", err
	}
	g, err := ix.openGeneration(name)
	if err != nil {
		return "", err
	}
	if g.gaz, err = ix.cfg.Gazetteer(); err != nil {
		g.idx.Close()
		return "", fmt.Errorf("gazetteer: %w", err)
	}
	old, err := ix.swap(g)
	if err != nil {
		g.idx.Close()
		return "", err
	}
	if old != nil {
		ix.genMu.Lock()
		old.idx.Close()
		ix.genMu.Unlock()
	}
	return name, nil
}
