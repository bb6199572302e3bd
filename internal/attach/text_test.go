package attach

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/pii"
)

// The attachments below carry the personal information the guard exists
// for: IDs and phone numbers typed into an XLSX subsidy list or a DOCX
// notice. Each test checks the guard end to end: ExtractText → pii.Find
// sees the numbers; Mask* → ExtractText → pii.Find sees none.

func id18(area, birth, seq string) string {
	s := area + birth + seq
	return s + string(pii.IDCheckChar(s))
}

func maskPII(s string) string { return pii.Mask(s, pii.DefaultPolicy()) }

func kinds(fs []pii.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Kind.String()+" "+f.Digits]++
	}
	return m
}

func TestXLSX(t *testing.T) {
	id1 := id18("610112", "19900101", "123")
	id2 := id18("610113", "19851231", "456")
	id3 := id18("110105", "19491231", "002")
	data := buildXLSX(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"序号", "姓名", "身份证号", "联系电话", "金额"})
		f.SetSheetRow("Sheet1", "A2", &[]any{1, "张三", id1, 13812345678, 500.5})
		f.SetSheetRow("Sheet1", "A3", &[]any{2, "李四", "（已迁出）", "139 1234 5678", 300})
		// A rich-text cell splits the ID across runs.
		f.SetCellRichText("Sheet1", "C3", []excelize.RichTextRun{
			{Text: id2[:6], Font: &excelize.Font{Bold: true}}, {Text: id2[6:]},
		})
		f.NewSheet("隐藏")
		f.SetCellStr("隐藏", "B7", "备用 "+id3)
		f.SetSheetVisible("隐藏", false)
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 1})
		f.SetCellStyle("Sheet1", "D2", "D2", style)
	})
	text, err := ExtractText(XLSX, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"序号\t姓名\t身份证号\t联系电话\t金额", "1\t张三\t" + id1 + "\t13812345678\t500.5", id2, id3} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}
	got := kinds(pii.Find(text))
	for _, w := range []string{"ID18 " + id1, "ID18 " + id2, "ID18 " + id3, "Mobile 13812345678", "Mobile 13912345678"} {
		if got[w] == 0 {
			t.Errorf("pii.Find missed %s in %v", w, got)
		}
	}

	masked, err := MaskXLSX(data, maskPII)
	if err != nil {
		t.Fatal(err)
	}
	after, err := ExtractText(XLSX, masked, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if fs := pii.Find(after); len(fs) != 0 {
		t.Fatalf("masked XLSX still has %+v:\n%s", fs, after)
	}

	// excelize opens the result and sees the masked values in place.
	f, err := excelize.OpenReader(bytes.NewReader(masked))
	if err != nil {
		t.Fatalf("excelize cannot open the masked file: %v", err)
	}
	defer f.Close()
	for cell, want := range map[string]string{
		"C2": "610112********" + id1[14:], "D2": "138****5678", "B2": "张三", "E2": "500.5",
		"C3": id2[:6] + "********" + id2[14:], "D3": "139 **** 5678",
	} {
		if v, err := f.GetCellValue("Sheet1", cell); err != nil || v != want {
			t.Errorf("Sheet1!%s = %q, %v; want %q", cell, v, err, want)
		}
	}
	if v, _ := f.GetCellValue("隐藏", "B7"); v != "备用 110105********"+id3[14:] {
		t.Errorf("hidden sheet B7 = %q", v)
	}
	// The phone cell became a text cell and kept its style.
	if typ, _ := f.GetCellType("Sheet1", "D2"); typ != excelize.CellTypeInlineString {
		t.Errorf("D2 type = %v, want inline string", typ)
	}
	orig, _ := excelize.OpenReader(bytes.NewReader(data))
	defer orig.Close()
	s1, _ := orig.GetCellStyle("Sheet1", "D2")
	s2, _ := f.GetCellStyle("Sheet1", "D2")
	if s1 != s2 {
		t.Errorf("D2 style %d -> %d", s1, s2)
	}
	// Rich text kept its runs.
	runs, err := f.GetCellRichText("Sheet1", "C3")
	if err != nil || len(runs) != 2 || runs[0].Text != id2[:6] {
		t.Errorf("rich text runs = %+v, %v", runs, err)
	}
}

func TestXLSXLongNumber(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		f.SetCellStr("Sheet1", "A1", "身份证号")
		// What happens when an ID is typed into a General column.
		f.SetCellValue("Sheet1", "A2", 610112199001011234.0)
		f.SetCellValue("Sheet1", "A3", 6222021234567890123.0)
		f.SetCellValue("Sheet1", "A4", 123456789012345.0) // 15 digits: exact, not reported
	})
	probs, err := LongNumbers(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 2 || probs[0].Cell != "A2" || probs[0].Sheet != "Sheet1" || probs[1].Cell != "A3" {
		t.Fatalf("LongNumbers = %+v", probs)
	}
	_, err = MaskXLSX(data, maskPII)
	var rev *ReviewError
	if !errors.As(err, &rev) || len(rev.Problems) != 2 {
		t.Fatalf("MaskXLSX err = %v", err)
	}
	msg := Named(err, "低保名单.xlsx").Error()
	for _, s := range []string{`附件"低保名单.xlsx"中有以下内容无法自动脱敏`, `工作表"Sheet1"单元格 A2：18 位数字以数值格式保存`, "文本格式"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

// TestXLSXInlineAndPrefixed covers what excelize does not write: inline
// strings, a formula string result, a prefixed namespace (x:c) and a
// pivot cache holding a copy of the data.
func TestXLSXInlineAndPrefixed(t *testing.T) {
	id := id18("610112", "19900101", "123")
	sheet := `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:r><x:t>6101</x:t></x:r><x:r><x:t>` + id[4:] + `</x:t></x:r></x:is></x:c>` +
		`<x:c r="B1" s="2"><x:v>13812345678</x:v></x:c><x:c r="C1" t="str"><x:v>电话13912345678</x:v></x:c>` +
		`<x:c r="D1"><x:f>B1+1</x:f><x:v>13812345679</x:v></x:c></x:row></x:sheetData></x:worksheet>`
	parts := []zipEntry{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet},
	}
	data := buildZip(t, parts...)
	text, err := ExtractText(XLSX, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := id + "\t13812345678\t电话13912345678\t13812345679"; !strings.Contains(text, want) {
		t.Fatalf("text = %q, want %q", text, want)
	}
	// The formula result cannot be masked without breaking the formula.
	_, err = MaskXLSX(data, maskPII)
	var rev *ReviewError
	if !errors.As(err, &rev) || len(rev.Problems) != 1 || rev.Problems[0].Cell != "D1" || rev.Problems[0].Sheet != "名单" {
		t.Fatalf("MaskXLSX err = %v", err)
	}
	// Without the formula cell everything masks, prefixes kept.
	parts[3].data = strings.Replace(sheet, `<x:c r="D1"><x:f>B1+1</x:f><x:v>13812345679</x:v></x:c>`, "", 1)
	data = buildZip(t, parts...)
	masked, err := MaskXLSX(data, maskPII)
	if err != nil {
		t.Fatal(err)
	}
	got := string(entry(t, masked, "xl/worksheets/sheet1.xml"))
	for _, s := range []string{
		`<x:t>6101</x:t></x:r><x:r><x:t>12********` + id[14:] + `</x:t>`,
		`<x:c r="B1" s="2" t="inlineStr"><x:is><x:t xml:space="preserve">138****5678</x:t></x:is></x:c>`,
		`<x:v>电话139****5678</x:v>`,
	} {
		if !strings.Contains(got, s) {
			t.Errorf("masked sheet lacks %q:\n%s", s, got)
		}
	}
	checkWellFormed(t, got)

	// A pivot cache holding the numbers cannot be masked: refuse.
	parts = append(parts, zipEntry{"xl/pivotCache/pivotCacheRecords1.xml",
		`<?xml version="1.0"?><pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><r><s v="` + id + `"/></r></pivotCacheRecords>`})
	data = buildZip(t, parts...)
	text, _ = ExtractText(XLSX, data, Limits{})
	if n := strings.Count(text, id); n != 2 {
		t.Errorf("ID seen %d times, want 2 (sheet and pivot cache):\n%s", n, text)
	}
	_, err = MaskXLSX(data, maskPII)
	if !errors.As(err, &rev) || !strings.Contains(err.Error(), "数据透视表缓存中含有个人信息") {
		t.Fatalf("pivot cache: err = %v", err)
	}
}

func TestDOCX(t *testing.T) {
	id1 := id18("610112", "19900101", "123")
	id2 := id18("420102", "19700615", "321")
	id3 := id18("320102", "19851111", "777")
	body := para("关于2024年低保对象的公示") +
		// Word splits text into runs anywhere: the ID spans three.
		para("张三，身份证号", "6101", "12"+id1[6:10], id1[10:], "。") +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>` + id2 + `</w:t></w:r></w:p></w:tc>` +
		`<w:tc><w:p><w:r><w:t>138</w:t><w:t xml:space="preserve"> 1234 </w:t><w:t>5678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		// A tracked deletion is still in the file.
		`<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>` + id3 + `</w:delText></w:r></w:del></w:p>` +
		// A tab is a boundary: these are two numbers, neither personal.
		`<w:p><w:r><w:t>1381234</w:t><w:tab/><w:t>5678</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>电话&amp;传真：13912345678</w:t></w:r></w:p>`
	header := zipEntry{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8"?><w:hdr ` + wNS + `>` + para("联系人电话 13712345678") + `</w:hdr>`}
	data := buildDOCX(t, body, header)

	text, err := ExtractText(DOCX, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := kinds(pii.Find(text))
	for _, w := range []string{"ID18 " + id1, "ID18 " + id2, "ID18 " + id3, "Mobile 13812345678", "Mobile 13912345678", "Mobile 13712345678"} {
		if got[w] != 1 {
			t.Errorf("pii.Find: %s seen %d times in %v\n%s", w, got[w], got, text)
		}
	}
	if len(got) != 6 {
		t.Errorf("unexpected findings %v", got)
	}

	masked, err := MaskDOCX(data, maskPII)
	if err != nil {
		t.Fatal(err)
	}
	after, err := ExtractText(DOCX, masked, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if fs := pii.Find(after); len(fs) != 0 {
		t.Fatalf("masked DOCX still has %+v:\n%s", fs, after)
	}
	doc := string(entry(t, masked, "word/document.xml"))
	checkWellFormed(t, doc)
	for _, s := range []string{
		`<w:t xml:space="preserve">6101</w:t>`, `<w:t xml:space="preserve">12****</w:t>`, `<w:t xml:space="preserve">****` + id1[14:] + `</w:t>`,
		`<w:t>138</w:t><w:t xml:space="preserve"> **** </w:t><w:t>5678</w:t>`,
		`<w:t>1381234</w:t><w:tab/><w:t>5678</w:t>`,
		`<w:t>电话&amp;传真：139****5678</w:t>`,
		`<w:tab w:val="left" w:pos="420"/>`,
		"关于2024年低保对象的公示",
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("masked document lacks %q:\n%s", s, doc)
		}
	}
	if h := string(entry(t, masked, "word/header1.xml")); !strings.Contains(h, "联系人电话 137****5678") {
		t.Errorf("header not masked: %s", h)
	}
	// Parts without personal information are copied byte for byte.
	if !bytes.Equal(entry(t, masked, "word/styles.xml"), entry(t, data, "word/styles.xml")) {
		t.Error("styles.xml changed")
	}
	if _, err := Sniff("公示.docx", masked, Limits{}); err != nil {
		t.Errorf("masked file no longer sniffs as DOCX: %v", err)
	}
	// Masking a clean file changes nothing.
	clean := buildDOCX(t, para("无个人信息"))
	out, err := MaskDOCX(clean, maskPII)
	if err != nil || !bytes.Equal(out, clean) {
		t.Errorf("clean file changed: %v", err)
	}
}

func TestDOCXUnmaskable(t *testing.T) {
	chart := zipEntry{"word/charts/chart1.xml", `<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:v>13812345678</c:v></c:chartSpace>`}
	data := buildDOCX(t, para("见图"), chart)
	text, err := ExtractText(DOCX, data, Limits{})
	if err != nil || !strings.Contains(text, "13812345678") {
		t.Fatalf("chart text not extracted: %q, %v", text, err)
	}
	_, err = MaskDOCX(data, maskPII)
	var rev *ReviewError
	if !errors.As(err, &rev) || !strings.Contains(err.Error(), `"word/charts/chart1.xml"：图表中含有个人信息`) {
		t.Fatalf("err = %v", err)
	}

	// An Excel list embedded in a Word document.
	id := id18("610112", "19900101", "123")
	inner := buildXLSX(t, func(f *excelize.File) { f.SetCellStr("Sheet1", "A1", id) })
	data = buildDOCX(t, para("名单见下表"), zipEntry{"word/embeddings/Microsoft_Excel_Worksheet.xlsx", string(inner)})
	text, err = ExtractText(DOCX, data, Limits{})
	if err != nil || !strings.Contains(text, id) {
		t.Fatalf("embedded workbook not read: %v\n%s", err, text)
	}
	if _, err := MaskDOCX(data, maskPII); !errors.As(err, &rev) || !strings.Contains(err.Error(), "嵌入的文件") {
		t.Fatalf("embedded: err = %v", err)
	}
}

func TestMaskMustKeepLength(t *testing.T) {
	data := buildDOCX(t, para("13812345678"))
	if _, err := MaskDOCX(data, func(s string) string { return strings.ReplaceAll(s, "13812345678", "x") }); err == nil {
		t.Fatal("a mask that changes the length was accepted")
	}
}

func TestPDF(t *testing.T) {
	id := id18("610112", "19900101", "123")
	pdf := buildPDF(t, "",
		pdfContent{ops: "BT /F1 12 Tf 72 760 Td (Name: Zhang San \\(ID\\)) Tj 0 -14 Td (" + id + ") Tj ET"},
		pdfContent{ops: "BT /F1 12 Tf 1 0 0 1 72 700 Tm [(138) -20 (1234) 15 (5678)] TJ T* <3133393132333435363738> Tj (\\061\\063\\067) ' ET", flate: true},
		pdfContent{ops: "q 10 0 0 10 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00(\x01) Tj EI Q BT /F1 12 Tf 72 600 Td (13612345678) Tj ET"},
	)
	text, err := ExtractText(PDF, pdf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Name: Zhang San (ID)\n" + id, "13812345678 13912345678 137", "13612345678"} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%q", s, text)
		}
	}
	got := kinds(pii.Find(text))
	for _, w := range []string{"ID18 " + id, "Mobile 13812345678", "Mobile 13912345678", "Mobile 13612345678"} {
		if got[w] != 1 {
			t.Errorf("pii.Find: %s seen %d times in %v", w, got[w], got)
		}
	}

	enc := buildPDF(t, " /Encrypt 9 0 R", pdfContent{ops: "BT (x) Tj ET"})
	if _, err := ExtractText(PDF, enc, Limits{}); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted: err = %v", err)
	}
	bomb := buildPDF(t, "", pdfContent{ops: strings.Repeat(" ", 8<<20), flate: true})
	if _, err := ExtractText(PDF, bomb, Limits{MaxUncompressed: 1 << 20}); !errors.Is(err, ErrZipBomb) {
		t.Errorf("bomb: err = %v", err)
	}
	if _, err := ExtractText(PDF, []byte("not a pdf"), Limits{}); !errors.Is(err, ErrMismatch) {
		t.Errorf("not a PDF: err = %v", err)
	}
}

func TestImagesHaveNoText(t *testing.T) {
	for ty, data := range map[Type][]byte{PNG: pngData(), JPEG: jpegData(), GIF: gifData(), WebP: webpData()} {
		if text, err := ExtractText(ty, data, Limits{}); text != "" || err != nil {
			t.Errorf("%s: %q, %v", ty, text, err)
		}
	}
}

func entry(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkWellFormed(t testing.TB, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}

func TestDOCXHyperlinkTarget(t *testing.T) {
	rels := zipEntry{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="tel:13812345678" TargetMode="External"/></Relationships>`}
	data := buildDOCX(t, `<w:p><w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>联系我们</w:t></w:r></w:hyperlink></w:p>`, rels)
	text, err := ExtractText(DOCX, data, Limits{})
	if err != nil || len(pii.Find(text)) != 1 {
		t.Fatalf("link target not scanned: %v\n%s", err, text)
	}
	_, err = MaskDOCX(data, maskPII)
	var rev *ReviewError
	if !errors.As(err, &rev) || !strings.Contains(err.Error(), "超链接地址") {
		t.Fatalf("err = %v", err)
	}
}

func TestXLSXHeaderFooter(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		f.SetCellStr("Sheet1", "A1", "名单")
		if err := f.SetHeaderFooter("Sheet1", &excelize.HeaderFooterOptions{OddFooter: "&C联系电话 13812345678"}); err != nil {
			t.Fatal(err)
		}
	})
	text, err := ExtractText(XLSX, data, Limits{})
	if err != nil || len(pii.Find(text)) != 1 {
		t.Fatalf("footer not read: %v\n%s", err, text)
	}
	masked, err := MaskXLSX(data, maskPII)
	if err != nil {
		t.Fatal(err)
	}
	text, _ = ExtractText(XLSX, masked, Limits{})
	if len(pii.Find(text)) != 0 || !strings.Contains(text, "联系电话 138****5678") {
		t.Fatalf("footer not masked:\n%s", text)
	}
	f, err := excelize.OpenReader(bytes.NewReader(masked))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Sheet1", "A1"); v != "名单" {
		t.Errorf("A1 = %q", v)
	}
}

// TestDrawingMLBreak: text in shapes (a:p/a:t) is read, and a:br, which
// DrawingML puts beside its runs, separates lines.
func TestDrawingMLBreak(t *testing.T) {
	shape := `<w:p><w:r><w:drawing><a:p xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:r><a:t>138</a:t></a:r><a:br/><a:r><a:t>12345678</a:t></a:r></a:p>` +
		`<a:p xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:r><a:t>1391234</a:t></a:r><a:r><a:t>5678</a:t></a:r></a:p></w:drawing></w:r></w:p>`
	text, err := ExtractText(DOCX, buildDOCX(t, shape), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := kinds(pii.Find(text))
	if len(got) != 1 || got["Mobile 13912345678"] != 1 {
		t.Fatalf("findings %v in\n%s", got, text)
	}
}
