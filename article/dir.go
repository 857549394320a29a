package article

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// FileError reports an article file that was skipped and why.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *FileError) Unwrap() error { return e.Err }

// IsArticleFile reports whether name has an article extension (.txt, .md).
func IsArticleFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".md", ".markdown", ".text":
		return !strings.HasPrefix(path.Base(name), ".")
	}
	return false
}

// LoadDir parses every article file under the root of fsys, in lexical
// order. Files that cannot be parsed are skipped and reported as *FileError;
// an error reading the directory itself is returned as err. Two files with
// the same article id are an error for the second.
func LoadDir(fsys fs.FS) (arts []*Article, skipped []error, err error) {
	seen := map[string]string{}
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return err
			}
			skipped = append(skipped, &FileError{name, err})
			return nil
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !IsArticleFile(name) {
			return nil
		}
		a, perr := load(fsys, name, d)
		if perr != nil {
			skipped = append(skipped, &FileError{name, perr})
			return nil
		}
		if prev, dup := seen[a.ID]; dup {
			skipped = append(skipped, &FileError{name, fmt.Errorf("%w: article id %q is already used by %s", ErrFormat, a.ID, prev)})
			return nil
		}
		seen[a.ID] = name
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read articles: %w", err)
	}
	return arts, skipped, nil
}

func load(fsys fs.FS, name string, d fs.DirEntry) (*Article, error) {
	if info, err := d.Info(); err == nil && info.Size() > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), MaxSize)
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	a, err := Parse(name, src)
	if errors.Is(err, ErrEmpty) && len(src) == 0 {
		return nil, fmt.Errorf("%w (0 bytes)", err)
	}
	return a, err
}
