package attach

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// sheetXLSX builds a workbook whose one worksheet has the given rows, each
// row written by row(i) as the cells' XML, without going through excelize,
// so that the tests can make workbooks of any size quickly.
func sheetXLSX(t testing.TB, rows int, row func(i int) string) []byte {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&sheet, `<row r="%d">%s</row>`, i, row(i))
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return buildZipFast(t,
		zipEntry{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		zipEntry{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		zipEntry{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		zipEntry{"xl/worksheets/sheet1.xml", sheet.String()},
	)
}

// buildZipFast is buildZip at the fastest compression level: the big test
// workbooks are made in a fraction of the time, also under the race detector.
func buildZipFast(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, e := range entries {
		f, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// 400,000 rows in a few MB: reading stops at the row limit, while the sheet
// is streamed, rather than after it.
func TestXLSXRowLimit(t *testing.T) {
	data := sheetXLSX(t, 400_000, func(i int) string { return fmt.Sprintf(`<c><v>%d</v></c>`, i) })
	if len(data) > 8<<20 {
		t.Fatalf("bomb of %d bytes: make it smaller", len(data))
	}
	j := newJob(context.Background(), Limits{})
	err := extractXLSX(j, data)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "100000 行") {
		t.Fatalf("err = %v", err)
	}
	if j.rows != DefaultLimits().MaxRows+1 {
		t.Errorf("read %d rows, want the limit and one", j.rows)
	}
	if _, err := Extract(context.Background(), XLSX, data, Limits{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Extract: %v", err)
	}
	if _, err := MaskXLSX(data, maskPII); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaskXLSX: %v", err)
	}
	small := sheetXLSX(t, 10, func(i int) string { return fmt.Sprintf(`<c r="A%d"><v>%d</v></c>`, i, i) })
	if _, err := Extract(context.Background(), XLSX, small, Limits{MaxRows: 9}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10 rows over a limit of 9: %v", err)
	}
	if _, err := Extract(context.Background(), XLSX, small, Limits{MaxRows: 10}); err != nil {
		t.Errorf("10 rows within a limit of 10: %v", err)
	}
}

// Every decompressed byte counts, however often a part is read: the
// directory's sizes pass the limit, reading the sheet twice does not.
func TestInflateBudgetCountsReads(t *testing.T) {
	data := sheetXLSX(t, 20_000, func(i int) string { return fmt.Sprintf(`<c r="A%d" t="inlineStr"><is><t>第%d行</t></is></c>`, i, i) })
	var declared int64
	zr, _ := openZip(data, DefaultLimits())
	for _, f := range zr.File {
		declared += int64(f.UncompressedSize64)
	}
	limit := declared + declared/2
	j := newJob(context.Background(), Limits{MaxUncompressed: limit})
	err := extractXLSX(j, data)
	if !errors.Is(err, ErrZipBomb) {
		t.Fatalf("err = %v", err)
	}
	if j.inflated != limit+1 {
		t.Errorf("inflated %d bytes, want the limit and one (%d)", j.inflated, limit+1)
	}
	if _, err := Extract(context.Background(), XLSX, data, Limits{MaxUncompressed: 4 * declared}); err != nil {
		t.Errorf("with room for every pass: %v", err)
	}
}

func TestTextLimit(t *testing.T) {
	data := sheetXLSX(t, 2000, func(i int) string {
		return fmt.Sprintf(`<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>`, i, strings.Repeat("低保", 50))
	})
	_, err := Extract(context.Background(), XLSX, data, Limits{MaxText: 64 << 10})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "文字超过") {
		t.Errorf("err = %v", err)
	}
	if _, err := Extract(context.Background(), XLSX, data, Limits{}); err != nil {
		t.Errorf("default limit: %v", err)
	}
}

// Extractions wait for one of the process's slots: while both are taken, a
// caller whose context ends gets its error instead of a third extraction.
func TestConcurrentExtractionsBounded(t *testing.T) {
	data := sheetXLSX(t, 5000, func(i int) string { return fmt.Sprintf(`<c r="A%d"><v>%d</v></c>`, i, i) })
	var held []func()
	for range maxConcurrent {
		release, err := acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, XLSX, data, Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("with every slot taken: err = %v", err)
	}
	for _, release := range held {
		release()
	}
	peak.Store(0)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			if _, err := Extract(context.Background(), XLSX, data, Limits{}); err != nil {
				errs <- err
			}
			if _, err := MaskXLSX(data, maskPII); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if p := peak.Load(); p > maxConcurrent || p < 1 {
		t.Errorf("%d extractions ran at once, limit %d", p, maxConcurrent)
	}
	if len(slots) != 0 {
		t.Errorf("%d slots still taken", len(slots))
	}
}

// The shared strings of a workbook count against the text limit before any
// cell is read.
func TestSharedStringsLimit(t *testing.T) {
	var sst bytes.Buffer
	sst.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := range 100_000 {
		fmt.Fprintf(&sst, "<si><t>%d</t></si>", i)
	}
	sst.WriteString(`</sst>`)
	data := buildZip(t,
		zipEntry{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		zipEntry{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`},
		zipEntry{"xl/sharedStrings.xml", sst.String()},
	)
	if _, err := Extract(context.Background(), XLSX, data, Limits{MaxText: 1 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v", err)
	}
}
