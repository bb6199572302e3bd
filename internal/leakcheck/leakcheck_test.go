package leakcheck

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestMarks(t *testing.T) {
	var m Marks
	if a, b := m.New(), m.New(); a != "LEAKMARK001X" || b != "LEAKMARK002X" {
		t.Fatalf("markers %s %s", a, b)
	}
	if got := m.List(); !reflect.DeepEqual(got, []string{"LEAKMARK001X", "LEAKMARK002X"}) {
		t.Fatalf("List = %v", got)
	}
}

func TestFind(t *testing.T) {
	s := Secrets{Markers: []string{"LEAKMARK001X"}, Hashes: []string{"abc123"}}
	if got := s.Find("/p", []byte("<p>LEAKMARK001X</p> <a href=/f/abc123>")); !reflect.DeepEqual(got, []string{"LEAKMARK001X", "abc123"}) {
		t.Fatalf("plain: %v", got)
	}
	// The address names the file: its hash may be repeated, a marker may not.
	if got := s.Find("/f/abc123", []byte("abc123 LEAKMARK001X")); !reflect.DeepEqual(got, []string{"LEAKMARK001X"}) {
		t.Fatalf("own address: %v", got)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("xl/sharedStrings.xml")
	f.Write([]byte(strings.Repeat("<si><t>x</t></si>", 100) + "<si><t>附件LEAKMARK001X</t></si>"))
	w.Close()
	if bytes.Contains(buf.Bytes(), []byte("LEAKMARK001X")) {
		t.Fatal("the marker is not compressed; the test proves nothing")
	}
	if got := s.Find("/f", buf.Bytes()); !reflect.DeepEqual(got, []string{"LEAKMARK001X"}) {
		t.Fatalf("workbook: %v", got)
	}
	if got := s.Find("/p", []byte("nothing")); len(got) != 0 {
		t.Fatalf("clean: %v", got)
	}
}

func TestCrawl(t *testing.T) {
	site := map[string]string{
		"/":          `<html><a href="/a?x=1&amp;y=2">a</a> <a href="http://test/b">b</a> <a href="/admin/">admin</a> <a href="https://elsewhere/">x</a></html>`,
		"/a?x=1&y=2": `<html><form action="/c"></form></html>`,
		"/b":         `<urlset><loc>http://test/d</loc></urlset>`,
		"/c":         `no page: <a href="/never">`,
		"/d":         `<html><img src="/"></html>`,
	}
	var visited []string
	c := &Crawl{
		Get: func(addr string) (int, []byte) {
			b, ok := site[addr]
			if !ok {
				return 404, nil
			}
			return 200, []byte(b)
		},
		Follow: SameSite("http://test", "/admin"),
		Check:  func(addr string, _ int, _ []byte) { visited = append(visited, addr) },
	}
	c.Add("/")
	if n := c.Run(); n != 5 {
		t.Errorf("Run = %d", n)
	}
	if want := []string{"/", "/a?x=1&y=2", "/b", "/c", "/d"}; !reflect.DeepEqual(visited, want) {
		t.Fatalf("visited %q, want %q", visited, want)
	}
}
