package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// entry is a zip entry written raw, so that its directory can declare what
// a test needs without the bytes to match.
type entry struct {
	name             string
	data             string
	method           uint16
	flags            uint16
	compressed, size uint64 // declared; zero: the real ones (stored)
}

func container(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: e.method, Flags: e.flags,
			CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))}
		if e.compressed > 0 {
			fh.CompressedSize64 = e.compressed
		}
		if e.size > 0 {
			fh.UncompressedSize64 = e.size
		}
		ew, err := w.CreateRaw(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(ew, e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenRefuses(t *testing.T) {
	l := Limits{MaxFileSize: 1 << 20, MaxEntries: 3, MaxUncompressed: 3 << 20, MaxRatio: 100}
	cases := []struct {
		name string
		data []byte
		kind Kind
		part string
	}{
		{"too large", bytes.Repeat([]byte("x"), 1<<20+1), TooLarge, ""},
		{"not a zip", []byte("PK\x03\x04 not really"), NotZip, ""},
		{"too many entries", container(t, entry{name: "a"}, entry{name: "b"}, entry{name: "c"}, entry{name: "d"}), TooManyEntries, ""},
		{"duplicate by case", container(t, entry{name: "xl/Sheet.xml"}, entry{name: "XL/sheet.XML"}), Duplicate, "XL/sheet.XML"},
		{"duplicate by slash", container(t, entry{name: "word/document.xml"}, entry{name: `word\document.xml`}), Duplicate, `word\document.xml`},
		{"encrypted", container(t, entry{name: "a.xml", data: "x", flags: 1}), Encrypted, "a.xml"},
		{"method", container(t, entry{name: "a.xml", data: "x", method: 14}), Method, "a.xml"},
		{"total", container(t, entry{name: "a", data: "x", size: 2 << 20, compressed: 1 << 20}, entry{name: "b", data: "x", size: 1<<20 + 1, compressed: 1 << 20}), Uncompressed, ""},
		// 100 × 20,000 + 1: one byte past the ratio, which a division
		// rounding down would let through.
		{"ratio", container(t, entry{name: "bomb.xml", data: "x", size: 2_000_001, compressed: 20_000}), Ratio, "bomb.xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(c.data, l)
			if err == nil {
				t.Fatal("accepted")
			}
			if err.Kind != c.kind || err.Part != c.part {
				t.Fatalf("got %v (kind %d, part %q), want kind %d, part %q", err, err.Kind, err.Part, c.kind, c.part)
			}
		})
	}
}

func TestOpenAccepts(t *testing.T) {
	l := Limits{MaxFileSize: 1 << 20, MaxEntries: 3, MaxUncompressed: 3 << 20, MaxRatio: 100}
	ok := [][]byte{
		// Exactly the ratio, and a small part of any ratio.
		container(t, entry{name: "big.xml", data: "x", size: 2_000_000, compressed: 20_000}, entry{name: "styles.xml", data: "x", size: RatioFloor, compressed: 1}),
		container(t, entry{name: "a/b.xml", data: "<a/>"}, entry{name: "a/c.xml", data: "<a/>"}),
	}
	for i, data := range ok {
		if _, err := Open(data, l); err != nil {
			t.Errorf("container %d refused: %v", i, err)
		}
	}
}

func TestFindAndReadPart(t *testing.T) {
	zr, gerr := Open(container(t, entry{name: `xl\Workbook.xml`, data: "<workbook/>"}, entry{name: "big", data: "0123456789"}), Limits{MaxFileSize: 1 << 20, MaxEntries: 9, MaxUncompressed: 1 << 20, MaxRatio: 100})
	if gerr != nil {
		t.Fatal(gerr)
	}
	f := FindPart(zr, "/xl/workbook.xml")
	if f == nil {
		t.Fatal("part not found by its OPC name")
	}
	if b, err := ReadPart(f, 100, nil); err != nil || string(b) != "<workbook/>" {
		t.Fatalf("ReadPart = %q, %v", b, err)
	}
	if FindPart(zr, "xl/missing.xml") != nil {
		t.Fatal("found a missing part")
	}
	if _, err := ReadPart(FindPart(zr, "big"), 9, nil); !errors.Is(err, ErrPartSize) {
		t.Fatalf("10 bytes read with a bound of 9: %v", err)
	}
	opened := errors.New("budget spent")
	_, err := ReadPart(f, 100, func(*zip.File) (io.ReadCloser, error) { return nil, opened })
	if err != opened {
		t.Fatalf("open error not returned as it is: %v", err)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestWalkXML(t *testing.T) {
	src := `<a x="1"><b>text</b></a>`
	var spans []string
	err := WalkXML(strings.NewReader(src), func(tok xml.Token, start, end int64) error {
		spans = append(spans, src[start:end])
		return nil
	})
	if err != nil || strings.Join(spans, "|") != `<a x="1">|<b>|text|</b>|</a>` {
		t.Fatalf("spans %q, %v", spans, err)
	}
	var xe *XMLError
	if err := WalkXML(strings.NewReader("<a><b></a>"), func(xml.Token, int64, int64) error { return nil }); !errors.As(err, &xe) {
		t.Fatalf("malformed XML: %v", err)
	}
	bound := errors.New("bound")
	if err := WalkXML(failingReader{bound}, func(xml.Token, int64, int64) error { return nil }); !errors.As(err, &xe) || !errors.Is(err, bound) {
		t.Fatalf("reader error: %v", err)
	}
	stop := errors.New("stop")
	if err := WalkXML(strings.NewReader(src), func(xml.Token, int64, int64) error { return stop }); err != stop {
		t.Fatalf("callback error: %v", err)
	}
}

func TestRewrite(t *testing.T) {
	zr, gerr := Open(container(t, entry{name: "a.xml", data: "<a>1</a>"}, entry{name: "b.xml", data: "<b>2</b>"}), Limits{MaxFileSize: 1 << 20, MaxEntries: 9, MaxUncompressed: 1 << 20, MaxRatio: 100})
	if gerr != nil {
		t.Fatal(gerr)
	}
	out, err := Rewrite(zr, map[string][]byte{"b.xml": []byte("<b>changed</b>")})
	if err != nil {
		t.Fatal(err)
	}
	zr2, gerr := Open(out, Limits{MaxFileSize: 1 << 20, MaxEntries: 9, MaxUncompressed: 1 << 20, MaxRatio: 100})
	if gerr != nil {
		t.Fatal(gerr)
	}
	var got []string
	for _, f := range zr2.File {
		b, err := ReadPart(f, 100, nil)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.Name+"="+string(b))
	}
	if strings.Join(got, " ") != "a.xml=<a>1</a> b.xml=<b>changed</b>" {
		t.Fatalf("rewritten: %v", got)
	}
}

func TestApplyAndRecut(t *testing.T) {
	edits := []Edit{{Start: 6, End: 7, Text: "Y"}, {Start: 0, End: 1, Text: "[x]"}, {Start: 6, End: 8, Text: "overlap"}}
	if got := Apply("abcdefgh", edits); got != "[x]bcdefYh" {
		t.Fatalf("Apply(string) = %q", got)
	}
	if got := Apply([]byte("abc"), []Edit{{Start: 1, End: 2, Text: "&amp;"}}); string(got) != "a&amp;c" {
		t.Fatalf("Apply([]byte) = %q", got)
	}
	parts, ok := Recut("身份证6101**", []string{"身份", "证61", "", "01**"})
	if !ok || strings.Join(parts, "|") != "身份|证61||01**" {
		t.Fatalf("Recut = %q, %v", parts, ok)
	}
	if _, ok := Recut("短", []string{"两字"}); ok {
		t.Fatal("Recut accepted a text of another length")
	}
	if got := EscapeText("a<b>&\r"); got != "a&lt;b&gt;&amp;&#xD;" {
		t.Fatalf("EscapeText = %q", got)
	}
}
