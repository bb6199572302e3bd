package attach

import (
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzExtract feeds arbitrary bytes to the readers of untrusted files: they
// must return text or an error, never panic or run away.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj << >> stream\nBT (13812345678) Tj [(a) 1 (b)] TJ ET\nendstream"), "a.pdf")
	f.Add([]byte("%PDF-1.4\n<< /Filter /FlateDecode >>stream\nx\x9c\x03\x00\x00\x00\x00\x01\nendstream"), "b.pdf")
	f.Add(buildPDF(f, "", pdfContent{ops: "BT <3138> Tj (\\061\\) ' ET", flate: true}), "c.pdf")
	f.Add(buildDOCX(f, para("6101", "12199001011234")), "d.docx")
	f.Add(sampleXLSX(f), "e.xlsx")
	// Chinese PDFs: a CID font with its ToUnicode map, the same without it,
	// a scan.
	for _, name := range []string{"cid-list.pdf", "scan.pdf"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, name)
	}
	// Evasions of the guard: invisible and formatting characters between
	// digits, full-width digits, a number split over adjacent cells.
	f.Add(buildDOCX(f, para("138\u200b1234", "\u00ad5678")+para("６１０１１２\u2060１９９００１０１１２３４")), "f.docx")
	f.Add(buildXLSX(f, func(x *excelize.File) {
		x.SetSheetRow("Sheet1", "A1", &[]any{"6101121990", "0101123X", "\u202e13812345678\u202c"})
		x.SetSheetRow("Sheet1", "A2", &[]any{"138", "1234", "5678"})
	}), "g.xlsx")
	f.Add(sheetXLSX(f, 50, func(i int) string { return fmt.Sprintf(`<c r="A%d"><v>%d</v></c><c r="B%d"><v>1</v></c>`, i, i, i) }), "h.xlsx")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		l := Limits{MaxFileSize: 1 << 20, MaxUncompressed: 4 << 20}
		ty, err := Sniff(name, data, l)
		if err != nil {
			// Whatever the name claims, the readers must cope.
			for _, ty := range []Type{PDF, DOCX, XLSX} {
				ExtractText(ty, data, l)
			}
			return
		}
		if _, err := ExtractText(ty, data, l); err != nil {
			return
		}
		switch ty {
		case DOCX:
			MaskDOCX(data, func(s string) string { return s })
		case XLSX:
			MaskXLSX(data, func(s string) string { return s })
		}
	})
}
