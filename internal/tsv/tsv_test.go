package tsv

import (
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := "id\tname\taliases\n" +
		"a\tAnna\tAnni|Ann\n" +
		"# a comment\n" +
		"\n" +
		"b\tBen\n" +
		"c\t\tx\n" +
		"d\tDora\t\r\n"
	var got []string
	problems, err := Read(strings.NewReader(in), "p.tsv", []string{"id", "name"}, func(line int, row map[string]string) error {
		if row["name"] == "" {
			return errEmptyName
		}
		got = append(got, row["id"]+"="+strings.Join(Alternatives(row["aliases"]), ","))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a=Anni,Ann", "d="}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Error())
	}
	if want := []string{"p.tsv:5: 2 cells, the header has 3", "p.tsv:6: empty name"}; !reflect.DeepEqual(msgs, want) {
		t.Errorf("problems = %q, want %q", msgs, want)
	}
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errEmptyName = constErr("empty name")

func TestReadHeader(t *testing.T) {
	for _, in := range []string{"", "name\tid\n", "# only comments\n"} {
		if _, err := Read(strings.NewReader(in), "x.tsv", []string{"id"}, func(int, map[string]string) error { return nil }); err == nil {
			t.Errorf("Read(%q): no error", in)
		}
	}
}
