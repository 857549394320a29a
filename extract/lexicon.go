package extract

import (
	"fmt"
	"io/fs"

	"summitbot/internal/tsv"
)

// Lexicon holds the word lists the extractors work with, read from the
// lexicon directory (data/lexicon): speech cues for quotes, status cues for
// commitments. It is read-only after loading.
type Lexicon struct {
	Speech SpeechLexicon
	Commit CommitLexicon
}

// LoadLexicon reads the extractor word lists from the root of fsys.
// Malformed rows are returned as problems and skipped; a missing file is an
// error.
func LoadLexicon(fsys fs.FS) (*Lexicon, []error, error) {
	lex := &Lexicon{}
	var problems []error
	for _, load := range []func(fs.FS) ([]error, error){lex.Speech.load, lex.Commit.load} {
		p, err := load(fsys)
		problems = append(problems, p...)
		if err != nil {
			return nil, problems, fmt.Errorf("lexicon: %w", err)
		}
	}
	return lex, problems, nil
}

// readTSV opens name in fsys and reads it with tsv.Read.
func readTSV(fsys fs.FS, name string, header []string, fn func(line int, row map[string]string) error) ([]error, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return tsv.Read(f, name, header, fn)
}
