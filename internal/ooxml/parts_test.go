package ooxml

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

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
