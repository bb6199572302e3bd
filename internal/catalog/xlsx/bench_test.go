package xlsx

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/catalog"
)

// bigCatalog returns n realistic entries: the two sample catalogs repeated, each repetition with
// its own 一级事项 names so that the export merges them in groups as real catalogs do.
func bigCatalog(n int) []catalog.Entry {
	samples := append(catalog.SampleEntries("shjz"), catalog.SampleEntries("snbt")...)
	out := make([]catalog.Entry, n)
	for i := range out {
		e := samples[i%len(samples)]
		e.Item1 = fmt.Sprintf("%s（第%d组）", e.Item1, i/len(samples)+1)
		e.Channels = append([]string(nil), e.Channels...)
		e.Stages = append([]catalog.Stage(nil), e.Stages...)
		e.Seq = i + 1
		out[i] = e
	}
	return out
}

// workbook10k is the benchmark input: 10,000 entries in the national layout.
func workbook10k(b testing.TB) []byte {
	return export(b, Meta{Unit: "基准测试", Domain: "社会救助"}, bigCatalog(10000))
}

func TestBigCatalogRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	entries := bigCatalog(2000)
	res := mustImport(t, export(t, Meta{Domain: "社会救助"}, entries), Options{})
	diffEntries(t, res.Entries, entries)
}

// BenchmarkImport10k measures Import on 10,000 entries; compare with BenchmarkExcelizeRead10k,
// the floor set by excelize's streaming reader on the same file.
func BenchmarkImport10k(b *testing.B) {
	data := workbook10k(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Import(bytes.NewReader(data), int64(len(data)), Options{})
		if err != nil || len(res.Entries) != 10000 {
			b.Fatalf("import: %v", err)
		}
	}
}

// BenchmarkExcelizeRead10k opens the same workbook with the same limits and reads every row
// with f.Rows, doing nothing with the values.
func BenchmarkExcelizeRead10k(b *testing.B) {
	data := workbook10k(b)
	lim := DefaultLimits()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.MaxUnzipSize, UnzipXMLSizeLimit: xmlInMemory})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("社会救助")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		_ = rows.Close()
		_ = f.Close()
		if n != 10003 {
			b.Fatalf("read %d rows", n)
		}
	}
}
