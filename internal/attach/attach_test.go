package attach

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sampleDOCX(t testing.TB) []byte { return buildDOCX(t, para("公示名单")) }

func sampleXLSX(t testing.TB) []byte {
	return buildXLSX(t, func(f *excelize.File) { f.SetCellStr("Sheet1", "A1", "名单") })
}

func TestSniff(t *testing.T) {
	docx, xlsx := sampleDOCX(t), sampleXLSX(t)
	pdf := buildPDF(t, "", pdfContent{ops: "BT (x) Tj ET"})
	ok := []struct {
		name string
		data []byte
		want Type
	}{
		{"公告.pdf", pdf, PDF},
		{"公告.PDF", pdf, PDF},
		{"通知.docx", docx, DOCX},
		{"名单.xlsx", xlsx, XLSX},
		{"图.png", pngData(), PNG},
		{"图.jpg", jpegData(), JPEG},
		{"图.JPEG", jpegData(), JPEG},
		{"图.gif", gifData(), GIF},
		{"图.webp", webpData(), WebP},
		{`C:\Users\张三\桌面\名单.xlsx`, xlsx, XLSX},
	}
	for _, tt := range ok {
		got, err := Sniff(tt.name, tt.data, Limits{})
		if err != nil || got != tt.want {
			t.Errorf("Sniff(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}

	bad := []struct {
		name string
		data []byte
		kind error
		msg  string
	}{
		{"名单.xlsx", docx, ErrMismatch, `附件"名单.xlsx"：文件内容与扩展名不符（实际为 DOCX）`},
		{"通知.docx", xlsx, ErrMismatch, `附件"通知.docx"：文件内容与扩展名不符（实际为 XLSX）`},
		{"公告.pdf", append([]byte("MZ\x90\x00"), make([]byte, 100)...), ErrMismatch, `附件"公告.pdf"：文件内容与扩展名不符（实际为 可执行程序）`},
		{"图.png", []byte("<!DOCTYPE html><script>alert(1)</script>"), ErrMismatch, `附件"图.png"：文件内容与扩展名不符（实际为 HTML 网页）`},
		{"图.png", []byte("\xef\xbb\xbf  <html><body>x"), ErrMismatch, "HTML 网页"},
		{"图.gif", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>`), ErrMismatch, "SVG 图片"},
		{"图.jpg", pngData(), ErrMismatch, "（实际为 PNG）"},
		{"名单.xlsx", buildZip(t, zipEntry{"a.txt", "x"}), ErrMismatch, "（实际为 ZIP 压缩包）"},
		{"名单.xlsx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 100)), ErrMismatch, "Office 97-2003"},
		{"名单.docx", buildZip(t, append(docxParts(para("x")), zipEntry{"word/vbaProject.bin", "macro"})...), ErrMismatch, "含有宏"},
		{"名单.xlsx", []byte("序号,姓名\n1,张三\n"), ErrMismatch, "未知格式"},
		{"setup.exe", []byte("MZ"), ErrNotAllowed, `附件"setup.exe"：不支持的文件类型（.exe）`},
		{"名单.csv", []byte("1,2"), ErrNotAllowed, "不支持的文件类型（.csv）"},
		{"名单", xlsx, ErrNotAllowed, "文件没有扩展名"},
		{"空.pdf", nil, ErrEmpty, `附件"空.pdf"：文件为空`},
		{"坏.docx", []byte("PK\x03\x04garbage"), ErrCorrupt, "文件已损坏"},
	}
	for _, tt := range bad {
		_, err := Sniff(tt.name, tt.data, Limits{})
		if !errors.Is(err, tt.kind) || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Sniff(%q) error = %v, want %v containing %q", tt.name, err, tt.kind, tt.msg)
		}
	}
}

func TestSniffTooLarge(t *testing.T) {
	data := append(pngData(), make([]byte, 2<<20)...)
	_, err := Sniff("大图.png", data, Limits{MaxFileSize: 1 << 20})
	if !errors.Is(err, ErrTooLarge) || err.Error() != `附件"大图.png"：文件大小 2.0 MiB，超过上限 1.0 MiB` {
		t.Fatalf("err = %v", err)
	}
	if _, err := Sniff("大图.png", data, Limits{}); err != nil {
		t.Fatalf("default limit refused 2 MiB: %v", err)
	}
}

// zipBomb returns a DOCX whose document.xml expands from a few KiB to n
// bytes of the same character.
func zipBomb(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range docxParts(para("x")) {
		if e.name == "word/document.xml" {
			continue
		}
		f, _ := w.Create(e.name)
		f.Write([]byte(e.data))
	}
	f, err := w.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("a"), 1<<16)
	for written := 0; written < n; written += len(chunk) {
		f.Write(chunk)
	}
	w.Close()
	return buf.Bytes()
}

func TestZipBomb(t *testing.T) {
	bomb := zipBomb(t, 8<<20)
	if len(bomb) > 100<<10 {
		t.Fatalf("bomb is %d bytes, expected a few KiB", len(bomb))
	}
	_, err := Sniff("炸弹.docx", bomb, Limits{})
	if !errors.Is(err, ErrZipBomb) || !strings.Contains(err.Error(), "压缩比异常") {
		t.Fatalf("ratio: err = %v", err)
	}
	_, err = Sniff("炸弹.docx", bomb, Limits{MaxUncompressed: 4 << 20, MaxRatio: 1 << 30})
	if !errors.Is(err, ErrZipBomb) || !strings.Contains(err.Error(), "解压后超过 4.0 MiB") {
		t.Fatalf("total: err = %v", err)
	}
	if _, err := ExtractText(DOCX, bomb, Limits{}); !errors.Is(err, ErrZipBomb) {
		t.Fatalf("ExtractText: err = %v", err)
	}
	if _, err := MaskDOCX(bomb, func(s string) string { return s }); !errors.Is(err, ErrZipBomb) {
		t.Fatalf("MaskDOCX: err = %v", err)
	}

	// Too many entries.
	var many []zipEntry
	many = append(many, docxParts(para("x"))...)
	for i := 0; i < 30; i++ {
		many = append(many, zipEntry{fmt.Sprintf("word/media/f%d.bin", i), "x"})
	}
	if _, err := Sniff("多.docx", buildZip(t, many...), Limits{MaxEntries: 20}); !errors.Is(err, ErrZipBomb) || !strings.Contains(err.Error(), "内部文件过多") {
		t.Fatalf("entries: err = %v", err)
	}
}

// TestZipLyingSizes: a header that declares a small size for a large entry
// passes the declared-size checks, but reading stops at the declared size.
func TestZipLyingSizes(t *testing.T) {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	body := `<w:document ` + wNS + `><w:body>` + para(strings.Repeat("a", 4<<20)) + `</w:body></w:document>`
	fw.Write([]byte(body))
	fw.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range docxParts(para("x")) {
		if e.name == "word/document.xml" {
			continue
		}
		f, _ := w.Create(e.name)
		f.Write([]byte(e.data))
	}
	f, err := w.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1000, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(comp.Bytes())
	w.Close()
	if _, err := Sniff("伪.docx", buf.Bytes(), Limits{}); err != nil {
		t.Fatalf("declared sizes look harmless, Sniff should accept: %v", err)
	}
	if _, err := ExtractText(DOCX, buf.Bytes(), Limits{}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("ExtractText read past the declared size: err = %v", err)
	}
}

func TestDuplicateEntries(t *testing.T) {
	parts := docxParts(para("x"))
	parts = append(parts, zipEntry{"word/document.xml", "<w:document/>"})
	_, err := Sniff("重.docx", buildZip(t, parts...), Limits{})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "重复") {
		t.Fatalf("err = %v", err)
	}
}

// TestZipRatioBoundary: one byte past MaxRatio × the compressed size is
// refused, as the catalog workbook guard always did; a ratio computed by
// integer division let it through.
func TestZipRatioBoundary(t *testing.T) {
	build := func(size uint64) []byte {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, e := range docxParts(para("x")) {
			f, _ := w.Create(e.name)
			f.Write([]byte(e.data))
		}
		f, err := w.CreateRaw(&zip.FileHeader{Name: "word/media/image1.png", Method: zip.Deflate,
			CompressedSize64: 20_000, UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(make([]byte, 20_000))
		w.Close()
		return buf.Bytes()
	}
	if _, err := Sniff("比.docx", build(2_000_000), Limits{}); err != nil {
		t.Fatalf("ratio exactly 100 refused: %v", err)
	}
	_, err := Sniff("比.docx", build(2_000_001), Limits{})
	if !errors.Is(err, ErrZipBomb) || !strings.Contains(err.Error(), "压缩比异常（100 倍）") {
		t.Fatalf("ratio past 100: err = %v", err)
	}
}

// TestDuplicateEntriesBackslash: an entry written with backslashes names the
// same part for the programs that normalise them.
func TestDuplicateEntriesBackslash(t *testing.T) {
	parts := docxParts(para("x"))
	parts = append(parts, zipEntry{`word\document.xml`, "<w:document/>"})
	_, err := Sniff("重.docx", buildZip(t, parts...), Limits{})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "重复") {
		t.Fatalf("err = %v", err)
	}
}

func TestNamed(t *testing.T) {
	_, err := ExtractText(DOCX, []byte("not a zip"), Limits{})
	if err == nil || !strings.HasPrefix(err.Error(), "附件：") {
		t.Fatalf("err = %v", err)
	}
	if got := Named(err, "dir/名单.docx").Error(); !strings.HasPrefix(got, `附件"名单.docx"：`) {
		t.Fatalf("Named = %q", got)
	}
	if !errors.Is(Named(err, "x"), ErrCorrupt) {
		t.Fatal("Named lost the kind")
	}
}

func TestTypeProperties(t *testing.T) {
	for _, ty := range Types() {
		if ty.MediaType() == "application/octet-stream" || ty.Name() == "" {
			t.Errorf("%s has no media type or name", ty)
		}
		if got, ok := typeForExt(ty.Ext()); !ok || got != ty {
			t.Errorf("Ext of %s does not map back", ty)
		}
	}
	if !PNG.IsImage() || PDF.IsImage() {
		t.Error("IsImage wrong")
	}
}
