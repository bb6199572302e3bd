package main_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// staffuxDOCX is a Word document as a clerk writes a notice: a heading, paragraphs with
// fonts and bold, and a table.
func staffuxDOCX(t *testing.T) []byte {
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + w + `><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` +
			`<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>关于2027年城乡低保标准的公告（浏览器测试）</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312"/></w:rPr><w:t>经区政府研究，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>自2027年1月1日起</w:t></w:r><w:r><w:t>调整低保标准。</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>具体标准如下表。</w:t></w:r></w:p>` +
			`<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>类别</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>标准（元/月）</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>城市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>860</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
			`<w:sectPr/></w:body></w:document>`},
	} {
		f, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(p.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrowserStaffUX runs e2e/staffux.mjs on the demo: pasting a Word fragment into the
// editor (paragraphs, a table, a nested list, an image uploaded as the record's attachment)
// and publishing it, importing a .docx, the reviewer's landing page listing the waiting
// record, a history entry read as Chinese, choosing a policy and a repealed document and the
// confirm page before deleting a draft without JavaScript, staff tables at 360 pixels
// (also in 大字版), and axe-core on the new staff pages. It needs what TestBrowserAccessibility
// needs and skips the same way.
func TestBrowserStaffUX(t *testing.T) {
	browserSuite(t, "staffux.mjs", "staff pages in the browser", func(s *server, dir string) []string {
		docx := filepath.Join(dir, "低保公告.docx")
		if err := os.WriteFile(docx, staffuxDOCX(t), 0o600); err != nil {
			t.Fatal(err)
		}
		accounts := map[string]string{}
		for _, l := range []string{"editor@610112", "reviewer@610112", "approver@610112", "admin@610112"} {
			accounts[l] = s.passwords[l]
		}
		js, _ := json.Marshal(accounts)
		return []string{"E2E_ACCOUNTS=" + string(js), "E2E_DOCX=" + docx}
	})
}
