package attach

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDF text comes from PDFium, the PDF engine of Chromium, compiled to
// WebAssembly (go-pdfium) and run by wazero: no cgo, no external program, and
// the hostile file is parsed inside a sandbox whose memory is capped. PDFium
// reads what a hand-written parser cannot: CID fonts with ToUnicode maps (the
// Identity-H fonts of nearly every Chinese PDF), object streams, every
// filter, broken cross-reference tables.

// pdfMemoryLimit caps the memory of one PDFium instance. A PDF whose content
// needs more (a decompression bomb in a stream the pre-check does not see)
// makes PDFium fail, and the file is refused.
const pdfMemoryLimit = 256 << 20

// pdfEngine is the process's one PDFium: compiling the module takes seconds
// and a few hundred MB once, so it happens on the first PDF, never in a
// process that sees none. Each document gets a fresh instance (cheap: a few
// milliseconds), so nothing one file does survives into the next and its
// memory is returned at once; at most maxConcurrent instances exist.
type pdfEngine struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// engine is package state on purpose: the compiled module and its pool are
// one per process, shared by every caller (upload, masking, review).
var engine pdfEngine

func (e *pdfEngine) get() (pdfium.Pool, error) {
	e.once.Do(func() {
		ctx := experimental.WithMemoryAllocator(context.Background(), wasmMemoryAllocator())
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(pdfMemoryLimit >> 16).
			// A timeout or a cancelled upload stops PDFium mid-page.
			WithCloseOnContextDone(true)
		e.pool, e.err = webassembly.Init(webassembly.Config{
			Context:       ctx,
			MaxIdle:       maxConcurrent,
			MaxTotal:      maxConcurrent,
			RuntimeConfig: rc,
			// No file system: PDFium gets the bytes and nothing else.
			FSConfig: wazero.NewFSConfig(),
			Stdout:   io.Discard,
			Stderr:   io.Discard,
		})
	})
	return e.pool, e.err
}

// pdfFail is the error for a PDF that PDFium could not get through.
func pdfFail(ctx context.Context, l Limits, page int, err error) error {
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return fail(ErrTooLarge, "PDF 内容过于复杂，%d 秒内未能读完，可能是恶意构造的文件", int(l.PDFTimeout/time.Second))
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return fail(ErrEncrypted, "PDF 已加密，无法检查其中的个人信息，请取消加密后重新上传")
	case page > 0:
		return fail(ErrCorrupt, "PDF 第%d页无法读取（已损坏或内容过大）", page)
	}
	return fail(ErrCorrupt, "PDF 文件已损坏，无法读取")
}

// extractPDF writes the text of every page to out and returns the pages
// that have content but no text the guard can read: scanned pages, text
// drawn as outlines, fonts whose codes do not map to characters.
func extractPDF(ctx context.Context, data []byte, l Limits, out *textBuf) ([]int, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, fail(ErrMismatch, "文件内容不是 PDF")
	}
	if pdfEncrypted(data) {
		return nil, fail(ErrEncrypted, "PDF 已加密，无法检查其中的个人信息，请取消加密后重新上传")
	}
	if _, err := pdfInflateCheck(data, l.MaxUncompressed); err != nil {
		return nil, err
	}
	wasmMemBegin()
	defer wasmMemEnd()
	pool, err := engine.get()
	if err != nil {
		return nil, fmt.Errorf("attach: start PDFium: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, l.PDFTimeout)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, pdfFail(ctx, l, 0, err)
	}
	// Past the deadline the instance is killed, which interrupts PDFium
	// wherever it is; otherwise it is closed and its memory freed.
	stop := context.AfterFunc(ctx, func() { _ = inst.Kill() })
	defer func() {
		if stop() {
			_ = inst.Close()
		}
	}()
	doc, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
	if err != nil {
		return nil, pdfFail(ctx, l, 0, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, pdfFail(ctx, l, 0, err)
	}
	var unread []int
	for i := range count.PageCount {
		readable, err := pdfPage(inst, doc.Document, i, out)
		if err != nil || ctx.Err() != nil {
			return nil, pdfFail(ctx, l, i+1, err)
		}
		if !readable {
			unread = append(unread, i+1)
		}
	}
	return unread, nil
}

// pdfPage writes the text of one page and reports whether the guard can
// read it: a page with content (images, drawings) but no text, or whose
// characters mostly have no Unicode mapping, cannot be.
func pdfPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, out *textBuf) (bool, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return false, err
	}
	ref := requests.Page{ByReference: &page.Page}
	// Filled-in form fields and other annotations are drawn over the page
	// but are not part of its content: flattened into it, their text is
	// read with the rest (a reloaded page sees the flattened content).
	if n, err := inst.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: ref}); err == nil && n.Count > 0 {
		f, err := inst.FPDFPage_Flatten(&requests.FPDFPage_Flatten{Page: ref, Usage: requests.FPDFPage_FlattenUsageNormalDisplay})
		if err == nil && f.Result == responses.FPDFPage_FlattenResultSuccess {
			inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
			if page, err = inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index}); err != nil {
				return false, err
			}
			ref = requests.Page{ByReference: &page.Page}
		}
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return false, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	chars, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return false, err
	}
	visible := 0
	if chars.Count > 0 {
		text, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, Count: chars.Count})
		if err != nil {
			return false, err
		}
		t := strings.ReplaceAll(text.Text, "\r\n", "\n")
		t = strings.ReplaceAll(t, "\r", "\n")
		out.WriteString(t)
		out.sep('\n')
		for _, r := range t {
			if !unicode.IsSpace(r) {
				visible++
			}
		}
	}
	if visible == 0 {
		objs, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
		if err != nil {
			return false, err
		}
		return objs.Count == 0, nil // a blank page hides nothing
	}
	// Characters without a Unicode mapping (a CID font without its
	// ToUnicode map) come out as other characters, digits included: the
	// text is not what the page shows.
	bad := 0
	for i := range chars.Count {
		e, err := inst.FPDFText_HasUnicodeMapError(&requests.FPDFText_HasUnicodeMapError{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return false, err
		}
		if e.HasUnicodeMapError {
			bad++
		}
	}
	return bad*4 <= chars.Count, nil
}

// pdfContentSkip matches the dictionaries of streams that cannot hold page
// content: images, cross-reference streams, metadata and predictor-encoded
// data (PNG-style image data).
var pdfContentSkip = regexp.MustCompile(`/(Subtype\s*/Image|Type\s*/XRef|Type\s*/Metadata|Predictor)`)

// pdfInflateCheck decompresses every Flate stream that can hold content or
// objects, counting the bytes without keeping them, and refuses the file
// once the total passes limit: a 500 KB file whose content stream inflates
// to 500 MB is refused after reading limit+1 bytes, in 32 KiB steps, before
// PDFium sees it. (PDFium's own memory cap is the bound for streams this
// check skips.) It returns the bytes inflated.
func pdfInflateCheck(data []byte, limit int64) (int64, error) {
	var total int64
	buf := make([]byte, 32<<10)
	var failure error
	pdfStreams(data, func(dict, raw []byte) bool {
		if pdfContentSkip.Match(dict) || !pdfFlate(dict) {
			return true
		}
		var r io.Reader
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(raw))
		}
		for {
			n, err := r.Read(buf[:min(int64(len(buf)), limit-total+1)])
			total += int64(n)
			if total > limit {
				failure = fail(ErrZipBomb, "PDF 内容解压后超过 %s，可能是恶意构造的文件", sizeText(limit))
				return false
			}
			if err != nil { // a damaged stream counts for what it yielded
				return true
			}
		}
	})
	return total, failure
}

// pdfFlate reports a stream whose only filter is FlateDecode.
func pdfFlate(dict []byte) bool {
	fi := bytes.Index(dict, []byte("/Filter"))
	if fi < 0 {
		return false
	}
	v := bytes.TrimLeft(dict[fi+7:], " \t\r\n")
	var names []string
	switch {
	case bytes.HasPrefix(v, []byte("[")):
		end := bytes.IndexByte(v, ']')
		if end < 0 {
			return false
		}
		names = strings.Fields(strings.ReplaceAll(string(v[1:end]), "/", " "))
	case bytes.HasPrefix(v, []byte("/")):
		n := 1
		for n < len(v) && isRegular(v[n]) {
			n++
		}
		names = []string{string(v[1:n])}
	}
	return len(names) == 1 && (names[0] == "FlateDecode" || names[0] == "Fl")
}

func pdfEncrypted(data []byte) bool {
	i := bytes.Index(data, []byte("/Encrypt"))
	// /EncryptMetadata is a key of the encryption dictionary itself, which
	// only exists if /Encrypt does; any other /Encrypt… name is not it.
	return i >= 0 && (i+8 == len(data) || !isRegular(data[i+8]) || bytes.HasPrefix(data[i+8:], []byte("Metadata")))
}

// pdfStreams calls fn with the dictionary and data of every stream, found
// by their keywords rather than through the cross-reference table, which an
// incremental update can hide streams from. fn returns false to stop.
func pdfStreams(data []byte, fn func(dict, raw []byte) bool) {
	pos := 0
	for {
		k := bytes.Index(data[pos:], []byte("stream"))
		if k < 0 {
			return
		}
		k += pos
		pos = k + 6
		if k >= 3 && string(data[k-3:k]) == "end" {
			continue
		}
		j := k
		for j > 0 && isSpace(data[j-1]) {
			j--
		}
		if j < 2 || string(data[j-2:j]) != ">>" {
			continue
		}
		ds := k + 6
		if ds < len(data) && data[ds] == '\r' {
			ds++
		}
		if ds < len(data) && data[ds] == '\n' {
			ds++
		}
		e := bytes.Index(data[ds:], []byte("endstream"))
		if e < 0 {
			return
		}
		e += ds
		raw := data[ds:e]
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		dictStart := bytes.LastIndex(data[:j], []byte("obj"))
		if dictStart < 0 {
			dictStart = 0
		}
		if !fn(data[dictStart:j], raw) {
			return
		}
		pos = e + 9
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }
