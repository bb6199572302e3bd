package attach

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Store keeps attachments by content under a directory: the file with
// SHA-256 abcdef… lives at dir/ab/cdef…. The same file uploaded twice (a list
// attached to several records) is stored once, a stored file never changes,
// and the hash doubles as an integrity check and a cache-safe URL.
type Store struct {
	dir string
}

// ErrBadHash is returned for a string that is not a lower-case hex SHA-256.
var ErrBadHash = errors.New("attach: invalid content hash")

// NewStore returns a store under dir, creating it if needed.
func NewStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("attach: create store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// ValidHash reports whether h is 64 lower-case hex digits. Nothing else may
// reach the file system, which rules out path traversal.
func ValidHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Hash returns the content hash Put would store data under.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Path returns the file path of a hash (whether or not it is stored).
func (s *Store) Path(hash string) (string, error) {
	if !ValidHash(hash) {
		return "", fmt.Errorf("%w: %q", ErrBadHash, hash)
	}
	return filepath.Join(s.dir, hash[:2], hash[2:]), nil
}

// Put stores data and returns its hash. Writing goes to a temporary file in
// the target folder that is synced and then renamed, so a reader never sees
// a partial file and a crash leaves at most a stray temporary file. Storing
// content that is already there does nothing.
func (s *Store) Put(data []byte) (string, error) {
	h := Hash(data)
	p, _ := s.Path(h)
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		return h, nil
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	if err := f.Chmod(0o640); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return "", fmt.Errorf("attach: store %s: %w", h, err)
	}
	ok = true
	// Make the rename itself durable; not every platform can sync a folder.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return h, nil
}

// Open opens a stored file. A hash that is not stored gives an error
// matching fs.ErrNotExist.
func (s *Store) Open(hash string) (*os.File, error) {
	p, err := s.Path(hash)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("attach: %s not stored: %w", hash, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("attach: open %s: %w", hash, err)
	}
	return f, nil
}
