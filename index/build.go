package index

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/blevesearch/bleve/v2"

	"summitbot/extract"
)

// countsKey stores the generation's Counts inside the index, so Count reads
// them through the alias in one call.
const countsKey = "summitbot.counts"

// build writes a new Bleve index for the corpus into dir and returns its
// description. The index is closed when build returns.
func build(ctx context.Context, dir string, c *Corpus, progress func(done, total int)) (m Meta, err error) {
	im, err := newMapping()
	if err != nil {
		return Meta{}, fmt.Errorf("mapping: %w", err)
	}
	// "unsafe_batch": a batch returns once its segment is in memory, not
	// after an fsync, so writers do not wait on the disk. Scorch closes
	// without persisting what is still in memory, so the last batch below
	// carries a persisted callback and build waits for it (without it,
	// reopening found 0 documents).
	idx, err := bleve.NewUsing(filepath.Join(dir, bleveDir), im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
		map[string]interface{}{"unsafe_batch": true})
	if err != nil {
		return Meta{}, err
	}
	defer func() {
		if cerr := idx.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close: %w", cerr)
		}
	}()
	m = Meta{Schema: Schema, Digest: c.Digest}
	langs := map[string]bool{}
	total := 0
	for _, a := range c.Articles {
		total += len(a.Sentences)
	}
	for _, e := range c.Skipped {
		m.Skipped = append(m.Skipped, e.Error())
	}
	// One pipeline: extractors turn articles into documents, a batcher
	// packs them, writers hand batches to Bleve. Each batch becomes a
	// segment built on one core, so extraction and several writers keep
	// every core busy instead of extracting first and indexing after.
	results := make([]*extract.Result, len(c.Articles))
	workers := max(2, runtime.GOMAXPROCS(0))
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	extracted := make(chan []doc, workers)
	batches := make(chan *bleve.Batch, workers)
	var done atomic.Int64
	g.Go(func() error {
		defer close(next)
		for i := range c.Articles {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var extractors sync.WaitGroup
	for w := 0; w < workers; w++ {
		extractors.Add(1)
		g.Go(func() error {
			defer extractors.Done()
			for i := range next {
				r := c.Extractor.Extract(c.Articles[i])
				results[i] = r
				select {
				case extracted <- docs(r, c.Gazetteer):
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		extractors.Wait()
		close(extracted)
		return nil
	})
	g.Go(func() error {
		defer close(batches)
		batch := idx.NewBatch()
		for ds := range extracted {
			for _, d := range ds {
				if err := batch.Index(d.id, d.fields); err != nil {
					return fmt.Errorf("%s: %w", d.id, err)
				}
			}
			if batch.Size() < batchDocs {
				continue
			}
			select {
			case batches <- batch:
			case <-gctx.Done():
				return gctx.Err()
			}
			batch = idx.NewBatch()
		}
		if batch.Size() > 0 {
			batches <- batch
		}
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
				progress(int(done.Add(int64(b.Size()))), total)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Meta{}, err
	}
	for _, r := range results {
		a := r.Article
		langs[a.Lang] = true
		m.Counts.Articles++
		m.Counts.Sentences += len(a.Sentences)
		m.Counts.Quotes += len(r.Quotes)
		m.Counts.Commitments += len(r.Commitments)
		m.Articles = append(m.Articles, ArticleInfo{
			ID: a.ID, File: a.File, Title: a.Title, Lang: a.Lang, Source: a.Source, URL: a.URL, Date: a.Date,
			Sections: a.Sections, Digest: c.Files[a.ID], Sentences: len(a.Sentences),
			Quotes: len(r.Quotes), Commitments: len(r.Commitments),
		})
	}
	last := idx.NewBatch()
	last.SetInternal([]byte(countsKey), []byte(mustJSON(m.Counts)))
	last.SetInternal([]byte(summaryKey), []byte(mustJSON(summaryOf(results, c.Gazetteer))))
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
		return Meta{}, ctx.Err()
	}
	for l := range langs {
		m.Languages = append(m.Languages, l)
	}
	sort.Strings(m.Languages)
	return m, nil
}
