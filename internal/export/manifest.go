package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The manifest records what an export holds, in three files of the export directory:
//
//   - .gongkai-export.json, the header: where the export stands (content version, audit
//     cursor, fingerprints of what every page depends on) — small, read by every run;
//   - .gongkai-export.files, written by full runs: one line per file with its content hash
//     ("F hash path") and one per record with its state ("R id unit domain key updated
//     revision policy");
//   - .gongkai-export.journal, to which an incremental run appends the same lines for what
//     it changed, plus "D path" and "X id" for what it removed.
//
// A full listing of 100,000 records is several megabytes and tens of milliseconds to read or
// write; an incremental run, which must finish in well under 100 ms, therefore only appends
// to the journal, and only full runs read the listing. The header names how many journal
// bytes belong to the export, so lines appended by a run that failed before writing its
// header are ignored.
const (
	headerName  = ".gongkai-export.json"
	filesName   = ".gongkai-export.files"
	journalName = ".gongkai-export.journal"
	stagingName = ".gongkai-staging"
	lockName    = ".gongkai-export.lock"
)

// manifestFormat changes whenever the layout of the export or of its manifest does; an
// export of another format is redone in full.
const manifestFormat = 1

// header is the manifest's head.
type header struct {
	Format              int       `json:"format"`
	Generator           string    `json:"generator"`
	ExportedAt          time.Time `json:"exported_at"`
	Mode                string    `json:"mode"`
	ContentVersion      int64     `json:"content_version"`
	AuditID             int64     `json:"audit_id"`
	SiteFingerprint     string    `json:"site_fingerprint"`
	CatalogsFingerprint string    `json:"catalogs_fingerprint"`
	BaseURL             string    `json:"base_url"`
	DynamicURL          string    `json:"dynamic_url"`
	Units               []string  `json:"units"`
	SitemapAfters       []int64   `json:"sitemap_afters"`
	Files               int       `json:"files"`
	Records             int       `json:"records"`
	JournalBytes        int64     `json:"journal_bytes"`
}

// stamp is what the manifest keeps of an exported record.
type stamp struct {
	Unit, Domain, Key string
	Updated           int64 // updated_at in microseconds
	Revision          int
	Policy            int64
}

// listing is the manifest's full content: every file with its hash, every record.
type listing struct {
	files   map[string]string
	records map[int64]stamp
}

func readHeader(dir string) (*header, error) {
	b, err := os.ReadFile(filepath.Join(dir, headerName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var h header
	if err := json.Unmarshal(b, &h); err != nil || h.Format != manifestFormat {
		return nil, nil // unreadable or of another format: the export is redone in full
	}
	return &h, nil
}

// writeFileAtomic replaces name in dir by a temporary file renamed over it, synced so that
// the manifest never names more than the disk holds.
func writeFileAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func writeHeader(dir string, h *header) error {
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(dir, headerName, append(b, '\n'))
}

func stampLine(b *bytes.Buffer, id int64, s stamp) {
	fmt.Fprintf(b, "R %d %s %s %s %d %d %d\n", id, s.Unit, s.Domain, s.Key, s.Updated, s.Revision, s.Policy)
}

// readListing reads the full listing and the committed part of the journal.
func readListing(dir string, h *header) (*listing, error) {
	l := &listing{files: map[string]string{}, records: map[int64]stamp{}}
	b, err := os.ReadFile(filepath.Join(dir, filesName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := l.apply(b); err != nil {
		return nil, fmt.Errorf("%s: %w", filesName, err)
	}
	if h.JournalBytes > 0 {
		f, err := os.Open(filepath.Join(dir, journalName))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		j := make([]byte, h.JournalBytes)
		if _, err := io.ReadFull(f, j); err != nil {
			return nil, fmt.Errorf("%s is shorter than the header says: %w", journalName, err)
		}
		if err := l.apply(j); err != nil {
			return nil, fmt.Errorf("%s: %w", journalName, err)
		}
	}
	return l, nil
}

// apply replays manifest lines.
func (l *listing) apply(b []byte) error {
	for n := 1; len(b) > 0; n++ {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return fmt.Errorf("line %d: unterminated", n)
		}
		line := string(b[:i])
		b = b[i+1:]
		if len(line) < 3 || line[1] != ' ' {
			return fmt.Errorf("line %d: %q", n, line)
		}
		rest := line[2:]
		switch line[0] {
		case 'F':
			hash, p, ok := strings.Cut(rest, " ")
			if !ok {
				return fmt.Errorf("line %d: %q", n, line)
			}
			l.files[p] = hash
		case 'D':
			delete(l.files, rest)
		case 'R':
			f := strings.Split(rest, " ")
			if len(f) != 7 {
				return fmt.Errorf("line %d: %q", n, line)
			}
			id, err1 := strconv.ParseInt(f[0], 10, 64)
			up, err2 := strconv.ParseInt(f[4], 10, 64)
			rev, err3 := strconv.Atoi(f[5])
			pol, err4 := strconv.ParseInt(f[6], 10, 64)
			if err := errors.Join(err1, err2, err3, err4); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			l.records[id] = stamp{Unit: f[1], Domain: f[2], Key: f[3], Updated: up, Revision: rev, Policy: pol}
		case 'X':
			id, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			delete(l.records, id)
		default:
			return fmt.Errorf("line %d: %q", n, line)
		}
	}
	return nil
}

// writeListing writes the full listing, sorted so that two exports compare line by line.
func writeListing(dir string, l *listing) error {
	var b bytes.Buffer
	b.Grow(len(l.files)*80 + len(l.records)*60)
	paths := make([]string, 0, len(l.files))
	for p := range l.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		b.WriteString("F ")
		b.WriteString(l.files[p])
		b.WriteByte(' ')
		b.WriteString(p)
		b.WriteByte('\n')
	}
	ids := make([]int64, 0, len(l.records))
	for id := range l.records {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		stampLine(&b, id, l.records[id])
	}
	return writeFileAtomic(dir, filesName, b.Bytes())
}

// appendJournal appends lines after the committed part of the journal (dropping what a failed
// run may have left) and returns the journal's new committed size.
func appendJournal(dir string, committed int64, lines []byte) (int64, error) {
	f, err := os.OpenFile(filepath.Join(dir, journalName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Truncate(committed); err != nil {
		return 0, err
	}
	if _, err := f.WriteAt(lines, committed); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	return committed + int64(len(lines)), nil
}

// resetJournal empties the journal after a full listing was written.
func resetJournal(dir string) error {
	err := os.Truncate(filepath.Join(dir, journalName), 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// journalLines collects the lines of one run.
type journalLines struct {
	bytes.Buffer
}

func (j *journalLines) file(p, hash string) {
	j.WriteString("F " + hash + " " + p + "\n")
}

func (j *journalLines) removed(p string) { j.WriteString("D " + p + "\n") }

func (j *journalLines) record(id int64, s stamp) { stampLine(&j.Buffer, id, s) }

func (j *journalLines) recordGone(id int64) { j.WriteString("X " + strconv.FormatInt(id, 10) + "\n") }
