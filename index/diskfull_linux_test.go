//go:build linux

package index

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// diskFullEnv names the index directory in the child process of
// TestDiskFullKeepsServing.
const diskFullEnv = "SUMMITBOT_TEST_DISKFULL_DIR"

// TestDiskFullKeepsServing fills the disk half way through a reindex: a
// child process may write no file beyond 32 KiB (RLIMIT_FSIZE, the way a
// full disk fails a write), so its build fails while writing segments.
// The reindex must return the error within seconds, the old index must
// still answer, in the child and after a restart, and the data must be
// untouched.
func TestDiskFullKeepsServing(t *testing.T) {
	if dir := os.Getenv(diskFullEnv); dir != "" {
		diskFullChild(t, dir)
		return
	}
	small, big := seedWithExtra(t, 0), seedWithExtra(t, 40)
	ix, dir := openBuilt(t, small)
	before, _ := ix.Count(context.Background())
	ix.Close()
	dataBefore := dirDigest(t, big.FS)

	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFullKeepsServing$", "-test.v")
	cmd.Env = append(os.Environ(), diskFullEnv+"="+dir)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "reindex failed:") {
		t.Fatalf("the child's reindex did not fail:\n%s", out)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the failing reindex took %v", d)
	}
	t.Logf("child: %s", grepLine(string(out), "reindex failed:"))
	if dirDigest(t, big.FS) != dataBefore {
		t.Error("the data changed")
	}
	ix2, err := Open(context.Background(), testConfig(dir, small))
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if c, err := ix2.Count(context.Background()); err != nil || c != before {
		t.Errorf("after a restart: %+v %v, want the old %+v", c, err, before)
	}
	if gens := generations(t, dir); gens != 1 {
		t.Errorf("%d generations on disk, want only the old one", gens)
	}
}

// diskFullChild runs in the child: it limits file sizes, reindexes the
// bigger corpus and checks the old index still serves.
func diskFullChild(t *testing.T, dir string) {
	signal.Ignore(syscall.SIGXFSZ) // a write beyond the limit fails with EFBIG instead
	lim := syscall.Rlimit{Cur: 32 << 10, Max: 32 << 10}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	ix, err := Open(context.Background(), testConfig(dir, seedWithExtra(t, 40)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	before, err := ix.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = ix.Reindex(ctx, nil)
	if err == nil {
		t.Fatal("the reindex succeeded on a full disk")
	}
	if ctx.Err() != nil {
		t.Fatalf("the reindex hung until the deadline: %v", err)
	}
	t.Logf("reindex failed: %v", err)
	if c, err := ix.Count(context.Background()); err != nil || c != before {
		t.Errorf("after the failed reindex: %+v %v, want %+v", c, err, before)
	}
	if _, total, err := ix.Sentences(context.Background(), SentenceQuery{Topic: Topic{Text: "Macron"}}); err != nil || total == 0 {
		t.Errorf("search after the failed reindex: %d, %v", total, err)
	}
}

func grepLine(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
