package ooxml

import (
	"archive/zip"
	"bytes"
	"io"
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
