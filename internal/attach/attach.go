// Package attach handles the files attached to records: it decides what a
// file really is (Sniff), pulls out its text so the personal-information guard
// can read it and says what it could not read (Extract), masks personal information inside XLSX and DOCX
// files (MaskXLSX, MaskDOCX), and stores files by content (Store).
//
// Attachments are where published lists leak personal information (docs/standards.md
// §7), and they come from outside, so every function here treats the bytes as
// hostile: the type comes from the content and must agree with the name, ZIP
// containers are checked against Limits before anything is decompressed, and
// all reads are bounded as they happen: decompressed bytes, worksheet rows,
// extracted text, time and memory per PDF, and extractions at once.
package attach

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Type is an allowed attachment type.
type Type string

// Allowed attachment types.
const (
	PDF  Type = "pdf"
	DOCX Type = "docx"
	XLSX Type = "xlsx"
	PNG  Type = "png"
	JPEG Type = "jpeg"
	GIF  Type = "gif"
	WebP Type = "webp"
)

// Types lists the allowed types in the order shown to users.
func Types() []Type { return []Type{PDF, DOCX, XLSX, PNG, JPEG, GIF, WebP} }

// Name is the name shown to users, e.g. "DOCX".
func (t Type) Name() string {
	if t == WebP {
		return "WebP"
	}
	return strings.ToUpper(string(t))
}

// MediaType is the Content-Type to serve the file with.
func (t Type) MediaType() string {
	switch t {
	case PDF:
		return "application/pdf"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case PNG:
		return "image/png"
	case JPEG:
		return "image/jpeg"
	case GIF:
		return "image/gif"
	case WebP:
		return "image/webp"
	}
	return "application/octet-stream"
}

// Ext is the canonical file extension, with the dot.
func (t Type) Ext() string {
	if t == JPEG {
		return ".jpg"
	}
	return "." + string(t)
}

// IsImage reports whether the type is an image (no text to extract).
func (t Type) IsImage() bool { return t == PNG || t == JPEG || t == GIF || t == WebP }

func typeForExt(ext string) (Type, bool) {
	switch strings.ToLower(ext) {
	case ".pdf":
		return PDF, true
	case ".docx":
		return DOCX, true
	case ".xlsx":
		return XLSX, true
	case ".png":
		return PNG, true
	case ".jpg", ".jpeg":
		return JPEG, true
	case ".gif":
		return GIF, true
	case ".webp":
		return WebP, true
	}
	return "", false
}

// Limits bound what an attachment may cost to inspect. A zero field means
// the default of DefaultLimits.
type Limits struct {
	// MaxFileSize is the largest accepted file, in bytes.
	MaxFileSize int64
	// MaxEntries is the most files a DOCX or XLSX container may hold.
	MaxEntries int
	// MaxUncompressed bounds the total decompressed size of a container (and
	// of all decompressed PDF streams), in bytes.
	MaxUncompressed int64
	// MaxRatio bounds decompressed/compressed size of any container entry
	// larger than 1 MiB: real XML compresses 5–30 times, bombs thousands.
	MaxRatio int64
	// MaxRows bounds the rows of all worksheets of an XLSX together,
	// counted while they are read.
	MaxRows int
	// MaxText bounds the extracted text (and an XLSX's shared strings), in
	// bytes.
	MaxText int64
	// PDFTimeout bounds the time PDFium may spend on one PDF.
	PDFTimeout time.Duration
}

// DefaultLimits returns the defaults: 20 MiB files, 2000 entries, 200 MiB
// decompressed (counted as it is read, however often a part is read),
// ratio 100, 100,000 worksheet rows, 16 MiB of text, 30 seconds per PDF.
func DefaultLimits() Limits {
	return Limits{MaxFileSize: 20 << 20, MaxEntries: 2000, MaxUncompressed: 200 << 20, MaxRatio: 100,
		MaxRows: 100_000, MaxText: 16 << 20, PDFTimeout: 30 * time.Second}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = d.MaxUncompressed
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxText <= 0 {
		l.MaxText = d.MaxText
	}
	if l.PDFTimeout <= 0 {
		l.PDFTimeout = d.PDFTimeout
	}
	return l
}

// Error kinds, for errors.Is. The text users see is Error.Error().
var (
	ErrNotAllowed = errors.New("不支持的文件类型")
	ErrMismatch   = errors.New("文件内容与扩展名不符")
	ErrTooLarge   = errors.New("文件过大")
	ErrZipBomb    = errors.New("压缩内容异常")
	ErrCorrupt    = errors.New("文件已损坏")
	ErrEncrypted  = errors.New("文件已加密")
	ErrEmpty      = errors.New("文件为空")
)

// Error is a refused or unreadable attachment. Its message is in Chinese and
// names the file when known, e.g.
// 附件"名单.xlsx"：文件内容与扩展名不符（实际为 DOCX）.
type Error struct {
	File   string // base name, empty when not known
	Reason string // Chinese, complete sentence part
	Kind   error  // one of the Err… values
}

func (e *Error) Error() string {
	if e.File == "" {
		return "附件：" + e.Reason
	}
	return fmt.Sprintf("附件\"%s\"：%s", e.File, e.Reason)
}

func (e *Error) Unwrap() error { return e.Kind }

// Named returns err with the file name set if it is an *Error or a
// *ReviewError, so that
// callers of ExtractText and the Mask functions, which get no name, can
// produce the same messages as Sniff.
func Named(err error, filename string) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		c.File = baseName(filename)
		return &c
	}
	var r *ReviewError
	if errors.As(err, &r) {
		c := *r
		c.File = baseName(filename)
		return &c
	}
	return err
}

func fail(kind error, format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...), Kind: kind}
}

// baseName strips any directory, including the Windows paths some browsers
// send.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

func allowedList() string {
	var names []string
	for _, t := range Types() {
		names = append(names, t.Name())
	}
	return strings.Join(names, "、")
}

// Sniff returns the type of an uploaded file. The type is read from the
// bytes and must agree with the extension of filename; a file that is too
// large, of a type that is not allowed, whose content does not match its
// extension, or whose container breaks the limits is refused with an *Error.
func Sniff(filename string, data []byte, limits Limits) (Type, error) {
	t, err := sniff(filename, data, limits.withDefaults())
	if err != nil {
		err.File = baseName(filename)
		return "", err
	}
	return t, nil
}

func sniff(filename string, data []byte, l Limits) (Type, *Error) {
	ext := path.Ext(baseName(filename))
	want, ok := typeForExt(ext)
	if !ok {
		if ext == "" {
			return "", fail(ErrNotAllowed, "文件没有扩展名，只能上传 %s 文件", allowedList())
		}
		return "", fail(ErrNotAllowed, "不支持的文件类型（%s），只能上传 %s 文件", strings.ToLower(ext), allowedList())
	}
	if len(data) == 0 {
		return "", fail(ErrEmpty, "文件为空")
	}
	if int64(len(data)) > l.MaxFileSize {
		return "", fail(ErrTooLarge, "文件大小 %s，超过上限 %s", sizeText(int64(len(data))), sizeText(l.MaxFileSize))
	}
	got, what := detect(data)
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		var err *Error
		got, what, err = detectPackage(data, l)
		if err != nil {
			return "", err
		}
	}
	if got == "" {
		return "", fail(ErrMismatch, "文件内容与扩展名不符（实际为 %s）", what)
	}
	if got != want {
		return "", fail(ErrMismatch, "文件内容与扩展名不符（实际为 %s）", got.Name())
	}
	return got, nil
}

// detect reads magic numbers. For content that is not allowed it returns a
// description for the error message.
func detect(b []byte) (Type, string) {
	has := func(p string) bool { return bytes.HasPrefix(b, []byte(p)) }
	switch {
	case has("%PDF-"):
		return PDF, ""
	case has("\x89PNG\r\n\x1a\n"):
		return PNG, ""
	case has("\xff\xd8\xff"):
		return JPEG, ""
	case has("GIF87a"), has("GIF89a"):
		return GIF, ""
	case len(b) >= 12 && has("RIFF") && string(b[8:12]) == "WEBP":
		return WebP, ""
	case has("PK\x03\x04"):
		return "", "ZIP 压缩包"
	case has("PK\x05\x06"):
		return "", "空的 ZIP 压缩包"
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "", "Office 97-2003 文档或加密的 Office 文档，请另存为 DOCX 或 XLSX"
	case has("MZ"), has("\x7fELF"), has("\xcf\xfa\xed\xfe"), has("\xfe\xed\xfa\xcf"):
		return "", "可执行程序"
	case has("Rar!\x1a\x07"):
		return "", "RAR 压缩包"
	case has("7z\xbc\xaf\x27\x1c"):
		return "", "7z 压缩包"
	case has("\x1f\x8b"):
		return "", "GZIP 压缩包"
	case has("{\\rtf"):
		return "", "RTF 文档"
	case has("BM"):
		return "", "BMP 图片"
	case has("II*\x00"), has("MM\x00*"):
		return "", "TIFF 图片"
	}
	// Text formats: look past a BOM and leading white space.
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 512 {
		t = t[:512]
	}
	lt := bytes.ToLower(t)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<a ", "<div", "<p>", "<table"} {
		if bytes.HasPrefix(lt, []byte(p)) {
			return "", "HTML 网页"
		}
	}
	if bytes.HasPrefix(lt, []byte("<svg")) || bytes.HasPrefix(lt, []byte("<?xml")) && bytes.Contains(lt, []byte("<svg")) {
		return "", "SVG 图片"
	}
	if bytes.HasPrefix(lt, []byte("<?xml")) {
		return "", "XML 文件"
	}
	return "", "未知格式"
}

// detectPackage tells DOCX from XLSX by the parts a ZIP container holds,
// after checking it against the limits.
func detectPackage(data []byte, l Limits) (Type, string, *Error) {
	zr, err := openZip(data, l)
	if err != nil {
		return "", "", err
	}
	var ct, doc, wb, macros bool
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "[content_types].xml":
			ct = true
		case "word/document.xml":
			doc = true
		case "xl/workbook.xml":
			wb = true
		case "word/vbaproject.bin", "xl/vbaproject.bin":
			macros = true
		}
	}
	switch {
	case !ct:
		return "", "ZIP 压缩包", nil
	case doc && wb:
		return "", "无法识别的 Office 文档", nil
	case macros:
		return "", "含有宏的 Office 文档", nil
	case doc:
		return DOCX, "", nil
	case wb:
		return XLSX, "", nil
	}
	return "", "其他 Office 文档", nil
}
