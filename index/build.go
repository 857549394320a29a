package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"summitbot/article"
	"summitbot/extract"
	"summitbot/internal/fold"
)

// countsKey stores the generation's Counts inside the index, so Count reads
// them through the alias in one call.
const countsKey = "summitbot.counts"

// asyncErrorCallback is the name under which buildError is registered
// with scorch, Bleve's plug-in point for background errors.
const asyncErrorCallback = "summitbot-build"

// buildErrs maps the path of each index being built to the channel its
// background write errors go to. Scorch's callback registry is global and
// names callbacks, so the one callback finds its build by path.
var buildErrs sync.Map

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = buildError
}

// buildError hands a scorch background error to the build writing under
// path (scorch reports the path of its store inside the index).
func buildError(err error, path string) {
	buildErrs.Range(func(k, v any) bool {
		if p := k.(string); path == p || strings.HasPrefix(path, p+string(filepath.Separator)) {
			select {
			case v.(chan error) <- err:
			default: // one error is enough
			}
			return false
		}
		return true
	})
}

// build writes a new Bleve index for the corpus into dir and returns its
// description. The index is closed when build returns.
func build(ctx context.Context, dir string, c *Corpus, progress func(done, total int)) (m Meta, err error) {
	im, err := newMapping()
	if err != nil {
		return Meta{}, fmt.Errorf("mapping: %w", err)
	}
	maker, err := newDocMaker(im)
	if err != nil {
		return Meta{}, fmt.Errorf("mapping: %w", err)
	}
	// "unsafe_batch": a batch returns once its segment is in memory, not
	// after an fsync, so writers do not wait on the disk. Scorch closes
	// without persisting what is still in memory, so the last batch below
	// carries a persisted callback and build waits for it (without it,
	// reopening found 0 documents).
	// Scorch persists in the background and retries a failed write
	// forever (a full disk): its errors come through the async error
	// callback, which fails the build instead of letting it wait.
	path := filepath.Join(dir, bleveDir)
	writeErr := make(chan error, 1)
	buildErrs.Store(path, writeErr)
	defer buildErrs.Delete(path)
	idx, err := bleve.NewUsing(path, im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
		map[string]interface{}{"unsafe_batch": true, "asyncErrorCallbackName": asyncErrorCallback})
	if err != nil {
		return Meta{}, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case err := <-writeErr:
			cancel(fmt.Errorf("write index: %w", err))
		case <-ctx.Done():
		}
	}()
	defer func() {
		if cerr := idx.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close: %w", cerr)
		}
	}()
	m = Meta{Schema: Schema}
	for _, e := range c.Skipped {
		m.Skipped = append(m.Skipped, e.Error())
	}
	// One pipeline: workers read, parse and extract the articles and pack
	// their documents into batches, writers hand the batches to Bleve.
	// Each batch becomes a segment built on one core, so the workers and
	// several writers keep every core busy, and every file is read once.
	total := len(c.Files)
	infos := make([]*ArticleInfo, total) // nil for a skipped file
	sums := make([]string, total)
	fails := make([]error, total)
	t := newTally()
	var tallyMu sync.Mutex
	workers := max(2, runtime.GOMAXPROCS(0))
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	batches := make(chan *bleve.Batch, workers)
	var done atomic.Int64
	g.Go(func() error {
		defer close(next)
		for i := range c.Files {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	// Each worker maps its documents into a batch of its own (Bleve's
	// mapping is CPU work too) and hands it on when full.
	var extractors sync.WaitGroup
	for w := 0; w < workers; w++ {
		extractors.Add(1)
		g.Go(func() error {
			defer extractors.Done()
			batch := idx.NewBatch()
			send := func() error {
				select {
				case batches <- batch:
				case <-gctx.Done():
					return gctx.Err()
				}
				batch = idx.NewBatch()
				return nil
			}
			for i := range next {
				a, src, err := article.ReadFile(c.FS, c.Files[i])
				if src != nil {
					sums[i] = sumOf(src)
				} else {
					sums[i], _ = fingerprintFile(c.FS, c.Files[i]) // too large to read
				}
				done.Add(1)
				if err != nil {
					fails[i] = &article.FileError{File: c.Files[i], Err: err}
					continue
				}
				r := c.Extractor.Extract(a)
				ds := docs(r, c.Gazetteer)
				info := articleInfo(r, sums[i])
				infos[i] = &info
				tallyMu.Lock()
				t.add(r, ds)
				tallyMu.Unlock()
				for _, d := range ds {
					bd, err := maker.document(d)
					if err == nil {
						err = batch.IndexAdvanced(bd)
					}
					if err != nil {
						return fmt.Errorf("%s: %w", d.id, err)
					}
				}
				if batch.Size() >= batchDocs {
					if err := send(); err != nil {
						return err
					}
				}
			}
			if batch.Size() > 0 {
				return send()
			}
			return nil
		})
	}
	g.Go(func() error {
		extractors.Wait()
		close(batches)
		return nil
	})
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			for b := range batches {
				if err := gctx.Err(); err != nil {
					return err
				}
				if err := idx.Batch(b); err != nil {
					return err
				}
				progress(int(done.Load()), total)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
			return Meta{}, cause // a write error, or the caller's deadline
		}
		return Meta{}, err
	}
	langs := map[string]bool{}
	for i, info := range infos {
		if fails[i] != nil {
			m.Skipped = append(m.Skipped, fails[i].Error())
			continue
		}
		langs[info.Lang] = true
		m.Counts.Articles++
		m.Counts.Sentences += info.Sentences
		m.Counts.Quotes += info.Quotes
		m.Counts.Commitments += info.Commitments
		m.Articles = append(m.Articles, *info)
	}
	if m.Counts.Articles == 0 {
		return Meta{}, errors.New("no article could be read: " + strings.Join(m.Skipped, "; "))
	}
	m.Digest = digestOf(c.Files, sums, c.fixed)
	last := idx.NewBatch()
	last.SetInternal([]byte(countsKey), []byte(mustJSON(m.Counts)))
	last.SetInternal([]byte(summaryKey), []byte(mustJSON(t.summary())))
	persisted := make(chan error, 1)
	last.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(last); err != nil {
		return Meta{}, fmt.Errorf("store counts: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return Meta{}, fmt.Errorf("persist: %w", err)
		}
	case <-ctx.Done():
		return Meta{}, context.Cause(ctx)
	}
	for l := range langs {
		m.Languages = append(m.Languages, l)
	}
	sort.Strings(m.Languages)
	return m, nil
}

// articleInfo describes an extracted article.
func articleInfo(r *extract.Result, digest string) ArticleInfo {
	a := r.Article
	return ArticleInfo{
		ID: a.ID, File: a.File, Title: a.Title, Lang: a.Lang, Source: a.Source, URL: a.URL, Date: a.Date,
		Sections: a.Sections, Digest: digest[:16], Sentences: len(a.Sentences),
		Quotes: len(r.Quotes), Commitments: len(r.Commitments),
	}
}

// tally accumulates a generation's summary while its documents are built,
// so the extraction results need not be kept.
type tally struct {
	speakers map[string]*EntityCount
	actors   map[string]map[string]*EntityCount // by status
	states   map[string]int
}

func newTally() *tally {
	return &tally{speakers: map[string]*EntityCount{}, actors: map[string]map[string]*EntityCount{}, states: map[string]int{}}
}

// add counts the quotes and commitments of r and the states its
// documents mention.
func (t *tally) add(r *extract.Result, ds []doc) {
	count := func(m map[string]*EntityCount, e extract.Entity) {
		c := m[e.ID]
		if c == nil {
			c = &EntityCount{ID: e.ID, Name: nameOr(e.Name, e.ID), Kind: e.Kind, State: e.State}
			m[e.ID] = c
		}
		c.Count++
	}
	for _, q := range r.Quotes {
		count(t.speakers, q.Speaker)
		c := t.speakers[q.Speaker.ID]
		for _, w := range roleWords(q.Speaker) {
			if !slices.Contains(c.Roles, w) && len(c.Roles) < 8 {
				c.Roles = append(c.Roles, w)
			}
		}
	}
	for _, c := range r.Commitments {
		if t.actors[c.Status] == nil {
			t.actors[c.Status] = map[string]*EntityCount{}
		}
		count(t.actors[c.Status], c.Actor)
	}
	for _, d := range ds {
		if st, ok := d.fields[fStates].([]string); ok {
			for _, code := range st {
				t.states[code]++
			}
		}
	}
}

// summary returns what was counted, most frequent first.
func (t *tally) summary() summary {
	sorted := func(m map[string]*EntityCount) []EntityCount {
		out := make([]EntityCount, 0, len(m))
		for _, c := range m {
			out = append(out, *c)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].ID < out[j].ID
		})
		return out
	}
	sum := summary{Speakers: sorted(t.speakers), Actors: map[string][]EntityCount{}}
	for st, m := range t.actors {
		sum.Actors[st] = sorted(m)
	}
	for code, n := range t.states {
		sum.States = append(sum.States, Facet{Value: code, Count: n})
	}
	sort.Slice(sum.States, func(i, j int) bool {
		if sum.States[i].Count != sum.States[j].Count {
			return sum.States[i].Count > sum.States[j].Count
		}
		return sum.States[i].Value < sum.States[j].Value
	})
	return sum
}

// roleWords returns the words of a speaker's mention that are not its
// name: "Konfliktforscherin" of "die Konfliktforscherin Katrin
// Weidinger", "analyst" of "the analyst Jane Doe". Articles, pronouns and
// short words are left out.
func roleWords(e extract.Entity) []string {
	if e.Mention == "" || e.Kind != extract.KindPerson {
		return nil
	}
	name := map[string]bool{}
	for _, w := range strings.Fields(fold.String(e.Name)) {
		name[w] = true
	}
	var out []string
	for _, t := range extract.Tokenize(e.Mention) {
		f := t.Fold
		if len(f) < 5 || name[f] || roleStop[f] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// roleStop are words of a mention that are no role.
var roleStop = map[string]bool{"einer": true, "eines": true, "einem": true, "seiner": true, "seinen": true, "ihrer": true,
	"their": true, "which": true, "whose": true, "named": true, "nicht": true, "genannt": true, "werden": true, "wollte": true}
