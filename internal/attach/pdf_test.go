package attach

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"gongkai/internal/pii"
)

// The PDFs in testdata are made by testdata/make-pdfs.sh: Chinese text in a
// TrueType font embedded as a CID font, Identity-H, with a ToUnicode map —
// how Word, WPS and Chromium write Chinese PDFs.

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPDFChineseCIDFont(t *testing.T) {
	data := fixture(t, "cid-list.pdf")
	for _, marker := range []string{"/Identity-H", "/CIDFontType2", "/ToUnicode"} {
		if !bytes.Contains(data, []byte(marker)) {
			t.Fatalf("fixture is not what this test is about: no %s", marker)
		}
	}
	x, err := Extract(context.Background(), PDF, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"最低生活保障对象名单", "张三 610112198503152016 13812345678"} {
		if !strings.Contains(x.Text, s) {
			t.Errorf("text lacks %q:\n%s", s, x.Text)
		}
	}
	got := kinds(pii.Find(x.Text))
	for _, w := range []string{"ID18 610112198503152016", "Mobile 13812345678"} {
		if got[w] != 1 {
			t.Errorf("pii.Find: %s seen %d times in %v", w, got[w], got)
		}
	}
	if x.Unread != "" {
		t.Errorf("Unread = %q for a PDF whose text is all readable", x.Unread)
	}
}

// A CID font without its ToUnicode map: PDFium still finds characters, but
// they are not the ones on the page (the ID comes out as 7212232:…). The
// page must be reported, not passed as "no findings".
func TestPDFWithoutUnicodeMap(t *testing.T) {
	data := bytes.ReplaceAll(fixture(t, "cid-list.pdf"), []byte("/ToUnicode"), []byte("/ToUnicodX"))
	x, err := Extract(context.Background(), PDF, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(x.Unread, "第1页") {
		t.Errorf("Unread = %q, want page 1 reported; text:\n%s", x.Unread, x.Text)
	}
}

func TestPDFScan(t *testing.T) {
	for _, c := range []struct {
		file, unread, text string
	}{
		{"scan.pdf", "第1页（共1页）", ""},
		{"mixed.pdf", "第2页（共1页）", "名单见下页（扫描件）"},
	} {
		x, err := Extract(context.Background(), PDF, fixture(t, c.file), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(x.Unread, c.unread) || !strings.Contains(x.Unread, "扫描件") {
			t.Errorf("%s: Unread = %q, want %q", c.file, x.Unread, c.unread)
		}
		if !strings.Contains(x.Text, c.text) || len(pii.Find(x.Text)) != 0 {
			t.Errorf("%s: text = %q", c.file, x.Text)
		}
	}
}

func TestImagesAreUnread(t *testing.T) {
	for _, c := range []struct {
		t    Type
		data []byte
	}{{PNG, pngData()}, {JPEG, jpegData()}, {GIF, gifData()}, {WebP, webpData()}} {
		x, err := Extract(context.Background(), c.t, c.data, Limits{})
		if err != nil || x.Text != "" || x.Unread == "" {
			t.Errorf("%s: %+v, %v", c.t, x, err)
		}
	}
}

func TestDOCXOnlyPictures(t *testing.T) {
	pic := zipEntry{"word/media/image1.jpeg", string(jpegData())}
	x, err := Extract(context.Background(), DOCX, buildDOCX(t, "<w:p><w:r><w:drawing/></w:r></w:p>", pic), Limits{})
	if err != nil || x.Unread == "" {
		t.Errorf("scan pasted into Word: %+v, %v", x, err)
	}
	x, err = Extract(context.Background(), DOCX, buildDOCX(t, para("见附图"), pic), Limits{})
	if err != nil || x.Unread != "" {
		t.Errorf("text and a picture: %+v, %v", x, err)
	}
}

// zlibZeros returns a zlib stream of n zero bytes, written directly as one
// fixed-Huffman deflate block of "repeat the last byte 258 times" codes: 13
// bits per 258 bytes, so a 512 MiB bomb takes milliseconds to make, even
// under the race detector, where compressing it would take minutes.
func zlibZeros(t testing.TB, n int) []byte {
	w := &bitWriter{buf: []byte{0x78, 0x01}}
	w.bits(1, 1)    // last block
	w.bits(1, 2)    // fixed Huffman codes
	w.huff(0x30, 8) // literal 0
	for left := n - 1; left > 0; {
		if left >= 258 {
			w.huff(0xc5, 8) // length 258 (code 285)
			w.huff(0, 5)    // distance 1 (code 0)
			left -= 258
		} else {
			w.huff(0x30, 8)
			left--
		}
	}
	w.huff(0, 7) // end of block
	if w.n > 0 {
		w.buf = append(w.buf, byte(w.acc))
	}
	// Adler-32 of n zeros: a stays 1, b gains 1 per byte.
	sum := uint32(n%65521)<<16 | 1
	return append(w.buf, byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
}

type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	for w.n += n; w.n >= 8; w.n -= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
	}
}

// huff writes a Huffman code, most significant bit first.
func (w *bitWriter) huff(code uint64, n uint) {
	w.bits(bits.Reverse64(code)>>(64-n), n)
}

func TestZlibZeros(t *testing.T) {
	for _, n := range []int{1, 257, 258, 259, 1000, 1 << 20} {
		r, err := zlib.NewReader(bytes.NewReader(zlibZeros(t, n)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil || len(b) != n || bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) {
			t.Fatalf("%d zeros: got %d bytes, %v", n, len(b), err)
		}
	}
}

// bombPDF is a PDF whose one content stream inflates to size bytes.
func bombPDF(t testing.TB, size int, dictExtra string) []byte {
	z := zlibZeros(t, size)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream", len(z), dictExtra, z),
	}
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// A half-megabyte PDF whose content stream inflates to 500 MiB: refused
// after inflating the limit and one byte, without keeping them.
func TestPDFBomb(t *testing.T) {
	bomb := bombPDF(t, 500<<20, "")
	const limit = 16 << 20
	n, err := pdfInflateCheck(bomb, limit)
	if !errors.Is(err, ErrZipBomb) || n != limit+1 {
		t.Fatalf("inflated %d bytes, err %v; want %d and ErrZipBomb", n, err, limit+1)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ExtractText(PDF, bomb, Limits{MaxUncompressed: 64 << 20})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrZipBomb) {
		t.Errorf("ExtractText: err = %v", err)
	}
	// What is inflated is counted and dropped, not kept: the old reader held
	// the whole 64 MiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d MiB checking the bomb", alloc>>20)
	}
}

// The same bomb disguised as an image, which the pre-check skips: PDFium
// runs into its memory cap and the file is refused.
func TestPDFBombPastPrecheck(t *testing.T) {
	bomb := bombPDF(t, 2*pdfMemoryLimit, " /Subtype /Image")
	if n, err := pdfInflateCheck(bomb, 1<<20); err != nil || n != 0 {
		t.Fatalf("pre-check: %d, %v", n, err)
	}
	_, err := ExtractText(PDF, bomb, Limits{})
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("err = %v, want the page refused", err)
	}
	// The engine survives and reads the next file.
	if _, err := ExtractText(PDF, fixture(t, "cid-list.pdf"), Limits{}); err != nil {
		t.Errorf("after the bomb: %v", err)
	}
}

// A PDF still being read at its deadline is stopped mid-page and refused; the engine reads the
// next file, and the memory of the stopped instance is returned.
func TestPDFDeadline(t *testing.T) {
	bomb := bombPDF(t, 2*pdfMemoryLimit, " /Subtype /Image")
	_, err := ExtractText(PDF, bomb, Limits{PDFTimeout: time.Millisecond})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "未能读完") {
		t.Fatalf("err = %v", err)
	}
	if _, err := ExtractText(PDF, fixture(t, "cid-list.pdf"), Limits{}); err != nil {
		t.Errorf("after the deadline: %v", err)
	}
	if runtime.GOOS == "linux" {
		wasmMem.mu.Lock()
		n, retired := wasmMem.inFlight, len(wasmMem.retired)
		wasmMem.mu.Unlock()
		if n != 0 || retired != 0 {
			t.Errorf("%d PDFs in flight, %d memories not unmapped", n, retired)
		}
	}
}

// formPDF is a page whose only text is the value of a filled-in form field,
// drawn by the field's appearance stream over an empty page.
func formPDF(value string) []byte {
	ap := "/Tx BMC BT /Helv 12 Tf 2 5 Td (" + value + ") Tj ET EMC"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Annot /Subtype /Widget /FT /Tx /T (phone) /V (" + value + ") /Rect [72 700 300 720] /F 4 /P 3 0 R /AP << /N 6 0 R >> >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Resources << /Font << /Helv 4 0 R >> >> /Length %d >>\nstream\n%s\nendstream", len(ap), ap),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// A filled-in form (an application with the applicant's phone number) shows
// the number in a field, not in the page content: it is read too.
func TestPDFFormField(t *testing.T) {
	x, err := Extract(context.Background(), PDF, formPDF("13812345678"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(pii.Find(x.Text)); got["Mobile 13812345678"] != 1 {
		t.Errorf("form field value not read: %q, unread %q", x.Text, x.Unread)
	}
}
