package attach

import (
	"archive/zip"
	"context"
	"io"
	"strings"
	"sync/atomic"

	"gongkai/internal/ooxml"
)

// maxConcurrent bounds the extractions and masks that run at once in the
// process, uploads and reviews together: each may hold a PDFium instance (up
// to pdfMemoryLimit) or a worksheet being rewritten, and the machine of a
// county has two cores. Others wait their turn (or for their context).
const maxConcurrent = 2

// slots is the process-wide semaphore of maxConcurrent; active counts the
// holders, for the test that checks the bound.
var (
	slots  = make(chan struct{}, maxConcurrent)
	active atomic.Int32
	peak   atomic.Int32
)

// acquire waits for a slot; release gives it back.
func acquire(ctx context.Context) (release func(), err error) {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	n := active.Add(1)
	for {
		p := peak.Load()
		if n <= p || peak.CompareAndSwap(p, n) {
			break
		}
	}
	return func() {
		active.Add(-1)
		<-slots
	}, nil
}

// job is one extraction or mask: its limits and what it has used of them.
// An embedded file shares the job of the file it is in, so the bounds hold
// for the upload as a whole.
type job struct {
	ctx      context.Context
	l        Limits
	inflated int64 // bytes decompressed so far, every part and every pass
	rows     int   // worksheet rows read so far
	depth    int   // 1 inside an embedded file
	out      textBuf
}

func newJob(ctx context.Context, limits Limits) *job {
	l := limits.withDefaults()
	return &job{ctx: ctx, l: l, out: textBuf{limit: l.MaxText}}
}

// open opens a container entry for reading; every byte read counts against
// MaxUncompressed, whatever the directory declared.
func (j *job) open(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fail(ErrCorrupt, "文件已损坏（无法读取\"%s\"）", f.Name)
	}
	return &countingReader{rc: rc, j: j}, nil
}

// read reads a whole entry, bounded like open and by the size the directory
// declared.
func (j *job) read(f *zip.File) ([]byte, error) {
	b, err := ooxml.ReadPart(f, j.l.MaxUncompressed, j.open)
	if e, ok := err.(*Error); ok {
		return nil, e
	}
	if err != nil {
		return nil, fail(ErrCorrupt, "文件已损坏（无法读取\"%s\"）", f.Name)
	}
	return b, nil
}

// countingReader is io.LimitReader over the job's whole budget: it never
// asks the decompressor for more than one byte past what is left, and fails
// with ErrZipBomb past it.
type countingReader struct {
	rc io.ReadCloser
	j  *job
}

func (r *countingReader) Read(p []byte) (int, error) {
	if err := r.j.ctx.Err(); err != nil {
		return 0, err
	}
	left := r.j.l.MaxUncompressed - r.j.inflated
	if int64(len(p)) > left+1 {
		p = p[:left+1]
	}
	n, err := r.rc.Read(p)
	r.j.inflated += int64(n)
	if r.j.inflated > r.j.l.MaxUncompressed {
		return n, fail(ErrZipBomb, "文档解压后超过 %s，可能是恶意构造的文件", sizeText(r.j.l.MaxUncompressed))
	}
	return n, err
}

func (r *countingReader) Close() error { return r.rc.Close() }

// row counts one worksheet row against MaxRows.
func (j *job) row() error {
	j.rows++
	if j.rows > j.l.MaxRows {
		return fail(ErrTooLarge, "工作表超过 %d 行，请拆分后上传", j.l.MaxRows)
	}
	return nil
}

// textBuf collects extracted text up to a limit; what does not fit is
// dropped and reported by err, so memory stays bounded however much text a
// small file expands to.
type textBuf struct {
	b     strings.Builder
	limit int64
	over  bool
}

func (t *textBuf) WriteString(s string) {
	if t.over {
		return
	}
	if int64(t.b.Len())+int64(len(s)) > t.limit {
		t.over = true
		return
	}
	t.b.WriteString(s)
}

// sep writes a separator: a tab or a line break.
func (t *textBuf) sep(c byte) {
	t.WriteString(string([]byte{c}))
}

func (t *textBuf) Len() int       { return t.b.Len() }
func (t *textBuf) String() string { return t.b.String() }

func (t *textBuf) err() error {
	if t.over {
		return fail(ErrTooLarge, "文件中的文字超过 %s，无法完整检查，请拆分后上传", sizeText(t.limit))
	}
	return nil
}
