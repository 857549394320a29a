// Package tsv reads the project's tab-separated data files: one header line,
// then one record per line, cells separated by tabs, alternatives inside a
// cell separated by "|". A malformed row is reported with its file and line
// and skipped; the other rows still load.
package tsv

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// RowError reports a row that was skipped.
type RowError struct {
	File string
	Line int
	Msg  string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Read reads the file called name from r. The header must start with the
// columns in want, in order; extra columns are allowed. For every data row,
// fn gets the line number and a map from column name to cell (trimmed);
// a non-nil error from fn skips the row and is reported. Rows with the wrong
// number of cells are reported without calling fn. Blank lines and lines
// starting with "#" are ignored. The returned slice holds every problem;
// err is set only when the file cannot be read at all or lacks the header.
func Read(r io.Reader, name string, want []string, fn func(line int, row map[string]string) error) (problems []error, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var header []string
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cells := strings.Split(text, "\t")
		if header == nil {
			header = cells
			for i, w := range want {
				if i >= len(header) || strings.TrimSpace(header[i]) != w {
					return nil, fmt.Errorf("%s:%d: header must start with %q, got %q", name, line, strings.Join(want, "\t"), text)
				}
			}
			continue
		}
		if len(cells) != len(header) {
			problems = append(problems, &RowError{name, line, fmt.Sprintf("%d cells, the header has %d", len(cells), len(header))})
			continue
		}
		row := make(map[string]string, len(cells))
		for i, c := range cells {
			row[strings.TrimSpace(header[i])] = strings.TrimSpace(c)
		}
		if err := fn(line, row); err != nil {
			problems = append(problems, &RowError{name, line, err.Error()})
		}
	}
	if err := sc.Err(); err != nil {
		return problems, fmt.Errorf("%s: %w", name, err)
	}
	if header == nil {
		return nil, fmt.Errorf("%s: no header line", name)
	}
	return problems, nil
}

// Alternatives splits a cell at "|", trimming and dropping empty parts.
func Alternatives(cell string) []string {
	var out []string
	for _, p := range strings.Split(cell, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
