package attach

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestStore(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("低保名单")
	h, err := s.Put(data)
	if err != nil {
		t.Fatal(err)
	}
	if h != Hash(data) || !ValidHash(h) {
		t.Fatalf("hash %q", h)
	}
	p, err := s.Path(h)
	if err != nil || p != filepath.Join(dir, "blobs", h[:2], h[2:]) {
		t.Fatalf("Path = %q, %v", p, err)
	}
	f, err := s.Open(h)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if string(got) != string(data) {
		t.Fatalf("read %q", got)
	}

	// Idempotent: same hash, file untouched.
	fi1, _ := os.Stat(p)
	h2, err := s.Put(data)
	fi2, _ := os.Stat(p)
	if err != nil || h2 != h || !fi1.ModTime().Equal(fi2.ModTime()) {
		t.Fatalf("second Put: %q, %v, rewritten=%v", h2, err, !fi1.ModTime().Equal(fi2.ModTime()))
	}

	// Empty content is content too.
	if _, err := s.Put(nil); err != nil {
		t.Fatal(err)
	}

	missing := strings.Repeat("0", 64)
	if _, err := s.Open(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open(missing) = %v, want fs.ErrNotExist", err)
	}
}

func TestStoreRejectsBadHashes(t *testing.T) {
	s, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	good := Hash([]byte("x"))
	for _, h := range []string{
		"", "../../etc/passwd", strings.ToUpper(good), good[:63], good + "0", "../" + good[3:],
		good[:2] + "/" + good[3:], strings.Repeat("g", 64), good[:62] + "/.",
	} {
		if _, err := s.Path(h); !errors.Is(err, ErrBadHash) {
			t.Errorf("Path(%q) = %v", h, err)
		}
		if _, err := s.Open(h); !errors.Is(err, ErrBadHash) {
			t.Errorf("Open(%q) = %v", h, err)
		}
	}
}

func TestStoreConcurrentPut(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			data := []byte(fmt.Sprintf("file %d", i%4)) // four contents, eight writers each
			h, err := s.Put(data)
			if err == nil && h != Hash(data) {
				err = fmt.Errorf("hash %s", h)
			}
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var files, temps int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
			if strings.HasPrefix(d.Name(), ".tmp-") {
				temps++
			}
		}
		return nil
	})
	if files != 4 || temps != 0 {
		t.Fatalf("%d files, %d temporary files left; want 4 and 0", files, temps)
	}
}
