package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
// A build computes the same fingerprint from the files it reads.
func (d Data) Digest() (string, error) {
	if err := d.Check(); err != nil {
		return "", err
	}
	fixed, err := d.fixedLines()
	if err != nil {
		return "", err
	}
	afs, err := d.Sub(ArticlesDir)
	if err != nil {
		return "", err
	}
	names, _, err := article.ListDir(afs)
	if err != nil {
		return "", err
	}
	sums := make([]string, len(names))
	for i, name := range names {
		if sums[i], err = fingerprintFile(afs, name); err != nil {
			return "", fmt.Errorf("fingerprint %s: %w", name, err)
		}
	}
	return digestOf(names, sums, fixed), nil
}

// fixedLines fingerprints the gazetteer and lexicon files, one line each.
func (d Data) fixedLines() ([]string, error) {
	var lines []string
	for _, dir := range []string{GazetteerDir, LexiconDir} {
		sub, err := d.Sub(dir)
		if err != nil {
			return nil, err
		}
		err = fs.WalkDir(sub, ".", func(name string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			sum, err := fingerprintFile(sub, name)
			lines = append(lines, dir+"/"+name+" "+sum)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("fingerprint %s: %w", dir, err)
		}
	}
	return lines, nil
}

// fingerprintFile returns the SHA-256 of a file, or of its size for a file
// too large to be an article (it is never read).
func fingerprintFile(fsys fs.FS, name string) (string, error) {
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > article.MaxSize {
		return fmt.Sprintf("size:%d", info.Size()), nil
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	return sumOf(b), nil
}

func sumOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// digestOf combines the fingerprints of the article files (in order) and
// of the fixed files with the schema.
func digestOf(names, sums, fixed []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "schema %d\n", Schema)
	for i, name := range names {
		fmt.Fprintf(h, "%s/%s %s\n", ArticlesDir, name, sums[i])
	}
	for _, l := range fixed {
		fmt.Fprintln(h, l)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Load reads the gazetteer and the lexicon and lists the article files;
// the build reads, parses and extracts the articles. Problems with
// gazetteer rows and unreadable folders are in Corpus.Skipped; only a data
// directory that cannot be read at all is an error.
func (d Data) Load(ctx context.Context) (*Corpus, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	g, lex, problems, err := d.Gazetteer()
	if err != nil {
		return nil, err
	}
	fixed, err := d.fixedLines()
	if err != nil {
		return nil, err
	}
	afs, err := d.Sub(ArticlesDir)
	if err != nil {
		return nil, err
	}
	names, skipped, err := article.ListDir(afs)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no article could be read: " + joinErrs(append(problems, skipped...)))
	}
	return &Corpus{FS: afs, Files: names, Extractor: extract.New(g, lex), Gazetteer: g,
		Skipped: append(problems, skipped...), fixed: fixed}, ctx.Err()
}

func joinErrs(errs []error) string {
	if len(errs) == 0 {
		return "the articles folder is empty"
	}
	return errors.Join(errs...).Error()
}
