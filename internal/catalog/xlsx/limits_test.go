package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"testing"
)

// spliceWorkbook rewrites a workbook made by Export: extra(i) rows are added to the sheet after
// its own, and parts are added or replaced.
func spliceWorkbook(t *testing.T, n int, extra func(row int) string, parts map[string]string) []byte {
	t.Helper()
	base := export(t, Meta{Domain: "社会救助"}, bigCatalog(3))
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	// The fastest level: the big workbooks are made quickly, also under the race detector.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	write := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := parts[f.Name]; ok {
			data = []byte(p)
			delete(parts, f.Name)
		}
		if f.Name == "xl/worksheets/sheet1.xml" && n > 0 {
			head, tail, ok := strings.Cut(string(data), "</sheetData>")
			if !ok {
				t.Fatal("no sheetData")
			}
			var b strings.Builder
			b.WriteString(head)
			for i := 100; i < 100+n; i++ {
				b.WriteString(extra(i))
			}
			b.WriteString("</sheetData>" + tail)
			data = []byte(b.String())
		}
		write(f.Name, data)
	}
	for name, p := range parts {
		write(name, []byte(p))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A 3 MB workbook of 400,000 note rows below a valid catalog: none is an entry, so the entry
// limit never trips; the rows are counted as they stream and reading stops at the sheet limit.
func TestSheetRowLimit(t *testing.T) {
	data := spliceWorkbook(t, 400_000, func(i int) string {
		return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>注：说明%07d</t></is></c></row>`, i, i, i)
	}, nil)
	if len(data) > 4<<20 {
		t.Fatalf("test workbook of %d bytes", len(data))
	}
	ie := importError(t, data, Options{})
	wantCode(t, ie, CodeTooManyRows)
	if len(ie.Problems) != 1 || ie.Problems[0].Row != DefaultLimits().MaxSheetRows+1 {
		t.Errorf("problems %+v, want one at row %d", ie.Problems, DefaultLimits().MaxSheetRows+1)
	}
	// Row gaps count too: excelize yields the empty rows in between.
	gap := spliceWorkbook(t, 1, func(int) string {
		return `<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>注：末行</t></is></c></row>`
	}, nil)
	wantCode(t, importError(t, gap, Options{}), CodeTooManyRows)
	// The catalog itself still imports.
	mustImport(t, spliceWorkbook(t, 0, nil, nil), Options{})
}

// A shared string table that excelize would expand in memory to several times its size is
// refused from the zip directory.
func TestSharedStringsLimit(t *testing.T) {
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; sst.Len() < 2<<20; i++ {
		fmt.Fprintf(&sst, "<si><t>事项%07d</t></si>", i)
	}
	sst.WriteString("</sst>")
	data := spliceWorkbook(t, 0, nil, map[string]string{"xl/sharedStrings.xml": sst.String()})
	ie := importError(t, data, Options{Limits: Limits{MaxSharedStrings: 1 << 20}})
	wantCode(t, ie, CodeZipBomb)
	if !strings.Contains(ie.Error(), "共享字符串") {
		t.Errorf("%v", ie)
	}
	mustImport(t, data, Options{})
}
