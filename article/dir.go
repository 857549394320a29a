package article

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
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
	names, skipped, err := ListDir(fsys)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		a, _, perr := ReadFile(fsys, name)
		if perr != nil {
			skipped = append(skipped, &FileError{name, perr})
			continue
		}
		arts = append(arts, a)
	}
	sort.SliceStable(skipped, func(i, j int) bool { return fileOf(skipped[i]) < fileOf(skipped[j]) })
	return arts, skipped, nil
}

// fileOf returns the file a *FileError names, or "".
func fileOf(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.File
	}
	return ""
}

// ListDir returns the article files under the root of fsys (see
// IsArticleFile; hidden folders are left out), in lexical order. A file
// whose article id an earlier file already has is reported as *FileError
// and left out, as is a folder that cannot be read; an error reading the
// root is returned as err.
func ListDir(fsys fs.FS) (names []string, skipped []error, err error) {
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
		id, _ := IDFromFile(name)
		if prev, dup := seen[id]; dup {
			skipped = append(skipped, &FileError{name, fmt.Errorf("%w: article id %q is already used by %s", ErrFormat, id, prev)})
			return nil
		}
		seen[id] = name
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read articles: %w", err)
	}
	return names, skipped, nil
}

// ReadFile reads and parses the article file called name in fsys. It
// returns the file's bytes too, also when parsing fails, unless the file
// is over MaxSize and is not read at all.
func ReadFile(fsys fs.FS, name string) (*Article, []byte, error) {
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxSize {
		return nil, nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), MaxSize)
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	a, err := Parse(name, src)
	if errors.Is(err, ErrEmpty) && len(src) == 0 {
		return nil, src, fmt.Errorf("%w (0 bytes)", err)
	}
	return a, src, err
}
