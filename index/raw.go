package index

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Raw is the benchmark's baseline: a plain Bleve scorch index of bare
// sentences with Bleve's default mapping and the same German analyzer, no
// extraction, no extra fields or document types.
type Raw struct {
	idx bleve.Index
}

// BuildRaw indexes the texts into a new plain index in dir, in batches of
// the same size the real build uses, and returns it opened read-only.
// next returns the texts one by one and false at the end.
func BuildRaw(ctx context.Context, dir string, next func() (id, text string, ok bool)) (*Raw, error) {
	im := bleve.NewIndexMapping()
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerDE
	idx, err := bleve.New(filepath.Join(dir, "raw"), im)
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	for {
		id, text, ok := next()
		if !ok {
			break
		}
		if err := b.Index(id, map[string]interface{}{"text": text}); err != nil {
			idx.Close()
			return nil, err
		}
		if b.Size() >= batchDocs {
			if err := ctx.Err(); err != nil {
				idx.Close()
				return nil, err
			}
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return nil, err
			}
			b.Reset()
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, err
	}
	// Closed and reopened read-only, like a generation after a reindex:
	// its background merging must not run on into what is measured next.
	if err := idx.Close(); err != nil {
		return nil, err
	}
	ro, err := openBleve(filepath.Join(dir, "raw"), 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &Raw{idx: ro}, nil
}

// Query runs a plain match query on the text and returns the hit count.
func (r *Raw) Query(ctx context.Context, text string) (int, error) {
	q := bleve.NewMatchQuery(text)
	q.SetField("text")
	res, err := r.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
	if err != nil {
		return 0, fmt.Errorf("raw query: %w", err)
	}
	return int(res.Total), nil
}

// Close closes the index.
func (r *Raw) Close() error { return r.idx.Close() }
