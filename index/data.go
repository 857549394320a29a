package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"summitbot/article"
	"summitbot/extract"
)

// Data directory layout.
const (
	ArticlesDir  = "articles"
	GazetteerDir = "gazetteer"
	LexiconDir   = "lexicon"
)

// Data is the data directory: articles/, gazetteer/ and lexicon/. When FS
// lacks gazetteer/ or lexicon/, those of Defaults (built into the binary)
// are used, so a data directory of articles alone works.
type Data struct {
	FS       fs.FS
	Defaults fs.FS
}

// Sub returns the directory name of the data, falling back to Defaults.
func (d Data) Sub(name string) (fs.FS, error) {
	if fi, err := fs.Stat(d.FS, name); err == nil && fi.IsDir() {
		return fs.Sub(d.FS, name)
	}
	if d.Defaults != nil {
		if fi, err := fs.Stat(d.Defaults, name); err == nil && fi.IsDir() {
			return fs.Sub(d.Defaults, name)
		}
	}
	return nil, fmt.Errorf("data directory has no %s/", name)
}

// Config returns the configuration of an index in dir built from d.
func (d Data) Config(dir string) Config {
	return Config{
		Dir:    dir,
		Load:   d.Load,
		Digest: d.Digest,
		Gazetteer: func() (*extract.Gazetteer, error) {
			g, _, _, err := d.Gazetteer()
			return g, err
		},
	}
}

// Check reports a data directory that cannot be used at all.
func (d Data) Check() error {
	if _, err := fs.Stat(d.FS, "."); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if fi, err := fs.Stat(d.FS, ArticlesDir); err != nil || !fi.IsDir() {
		return fmt.Errorf("data directory has no %s/ folder", ArticlesDir)
	}
	return nil
}

// Gazetteer loads the gazetteer and the extractor's lexicon. Malformed rows
// are returned as problems; the rest loads.
func (d Data) Gazetteer() (*extract.Gazetteer, *extract.Lexicon, []error, error) {
	gfs, err := d.Sub(GazetteerDir)
	if err != nil {
		return nil, nil, nil, err
	}
	g, problems, err := extract.LoadGazetteer(gfs)
	if err != nil {
		return nil, nil, problems, err
	}
	lfs, err := d.Sub(LexiconDir)
	if err != nil {
		return nil, nil, problems, err
	}
	lex, p, err := extract.LoadLexicon(lfs)
	problems = append(problems, p...)
	if err != nil {
		return nil, nil, problems, err
	}
	return g, lex, problems, nil
}

// Digest fingerprints everything a generation is built from: the schema
// and every file of articles/, gazetteer/ and lexicon/ (path and content).
func (d Data) Digest() (string, error) {
	if err := d.Check(); err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "schema %d\n", Schema)
	for _, dir := range []string{ArticlesDir, GazetteerDir, LexiconDir} {
		sub, err := d.Sub(dir)
		if err != nil {
			return "", err
		}
		err = fs.WalkDir(sub, ".", func(name string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			f, err := sub.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			fmt.Fprintf(h, "%s/%s\n", dir, name)
			_, err = io.Copy(h, f)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("fingerprint %s: %w", dir, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Load reads the gazetteer, the lexicon and every article. Problems with
// single files or gazetteer rows are in Corpus.Skipped; only a data
// directory that cannot be read is an error.
func (d Data) Load(ctx context.Context) (*Corpus, error) {
	digest, err := d.Digest()
	if err != nil {
		return nil, err
	}
	g, lex, problems, err := d.Gazetteer()
	if err != nil {
		return nil, err
	}
	afs, err := d.Sub(ArticlesDir)
	if err != nil {
		return nil, err
	}
	arts, skipped, err := article.LoadDir(afs)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := &Corpus{Articles: arts, Extractor: extract.New(g, lex), Gazetteer: g, Digest: digest,
		Files: map[string]string{}, Skipped: append(problems, skipped...)}
	for _, a := range arts {
		src, err := fs.ReadFile(afs, a.File)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(src)
		c.Files[a.ID] = hex.EncodeToString(sum[:8])
	}
	if len(arts) == 0 {
		return nil, errors.New("no article could be read: " + joinErrs(c.Skipped))
	}
	return c, nil
}

func joinErrs(errs []error) string {
	if len(errs) == 0 {
		return "the articles folder is empty"
	}
	return errors.Join(errs...).Error()
}
