package attach

import (
	"errors"
	"strings"
	"testing"
)

// sampleDOCXBody is a document as Word writes it: a heading by style, a paragraph with bold
// and italic runs split mid-word, a numbered and a bulleted list, a table with a header row
// and a merged cell, a tracked deletion, a picture and an empty spacing paragraph.
const sampleDOCXBody = `<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>一、总体要求</w:t></w:r></w:p>` +
	`<w:p><w:r><w:rPr><w:rFonts w:ascii="仿宋"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">为做好低保</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>标准调整</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>工作</w:t></w:r><w:del><w:r><w:delText>删除的字</w:delText></w:r></w:del><w:r><w:t>，现通知如下。</w:t></w:r></w:p>` +
	`<w:p/>` +
	`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第一项</w:t></w:r></w:p>` +
	`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第二项</w:t></w:r></w:p>` +
	`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>要点</w:t></w:r></w:p>` +
	`<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr name="图片 1" descr="图"/></wp:inline></w:drawing></w:r></w:p>` +
	`<w:tbl><w:tblPr/><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>类别</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>标准（元/月）</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:p><w:r><w:t>城市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>800</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>自2027年1月1日起执行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
	`<w:p><w:r><w:t>特此通知。</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>西安市未央区民政局</w:t></w:r></w:p>`

const sampleStyles = `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wNS + `><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Normal"/></w:style></w:styles>`

const sampleNumbering = `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wNS + `>` +
	`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`

// richDOCX builds the sample document.
func richDOCX(t *testing.T) []byte {
	parts := docxParts(sampleDOCXBody)
	for i := range parts {
		if parts[i].name == "word/styles.xml" {
			parts[i].data = sampleStyles
		}
	}
	return buildZip(t, append(parts, zipEntry{"word/numbering.xml", sampleNumbering})...)
}

func TestDOCXToHTML(t *testing.T) {
	got, err := DOCXToHTML(richDOCX(t))
	if err != nil {
		t.Fatal(err)
	}
	want := `<h2>一、总体要求</h2>` +
		`<p>为做好低保<strong>标准调整</strong><em>工作</em>，现通知如下。</p>` +
		`<ol><li>第一项</li><li>第二项</li></ol><ul><li>要点</li></ul>` +
		`<table><thead><tr><th>类别</th><th>标准（元/月）</th></tr></thead><tbody><tr><td>城市</td><td>800</td></tr><tr><td colspan="2">自2027年1月1日起执行</td></tr></tbody></table>` +
		`<p>特此通知。<br>西安市未央区民政局</p>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{"删除的字", "仿宋", "图片"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q leaked into the HTML", bad)
		}
	}
	// Not a Word document.
	if _, err := DOCXToHTML([]byte("not a zip")); err == nil {
		t.Error("a text file converted")
	}
	var ae *Error
	if _, err := DOCXToHTML(buildZip(t, zipEntry{"a.txt", "x"})); !errors.As(err, &ae) || !errors.Is(err, ErrMismatch) {
		t.Errorf("a zip without a document: %v", err)
	}
	// Text is escaped.
	got, _ = DOCXToHTML(buildDOCX(t, `<w:p><w:r><w:t>&lt;script&gt;alert(1)&lt;/script&gt;</w:t></w:r></w:p>`))
	if got != "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" {
		t.Errorf("escaping: %s", got)
	}
}

// TestDOCXToHTMLPictures: the pictures of the body (DrawingML, VML, in a table) come out as
// placeholders in place and in order, each once even when shown twice or also as mc:Fallback;
// linked or missing pictures are left out; DOCXToHTML keeps none.
func TestDOCXToHTMLPictures(t *testing.T) {
	const a = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	blip := func(id string) string {
		return `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr name="图片" descr="图"/><a:graphic ` + a + `><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="` + id + `"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
	}
	body := `<w:p><w:r><w:t>流程图：</w:t></w:r>` + blip("rId7") + `</w:p>` +
		`<w:p>` + blip("rId8") + `<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps">` + blip("rId9") + `</mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p>` + blip("rId7") + `</w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId10"/></v:shape></w:pict></w:r><w:r><w:t>完</w:t></w:r></w:p>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>` +
		`<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="https://example.org/x.png" TargetMode="External"/>` +
		`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.jpeg"/>` +
		`<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/missing.png"/></Relationships>`
	doc := buildZip(t, docxParts(body, zipEntry{"word/_rels/document.xml.rels", rels}, zipEntry{"word/media/image1.png", "PNG1"}, zipEntry{"word/media/image2.jpeg", "JPEG2"})...)
	got, pics, err := DOCXToHTMLPictures(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>流程图：<img src="docx-picture:0" alt="image1.png"></p><p><img src="docx-picture:1" alt="image2.jpeg"></p>` +
		`<table><tbody><tr><td><img src="docx-picture:0" alt="image1.png"></td></tr></tbody></table><p>完</p>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(pics) != 2 || pics[0].Name != "image1.png" || string(pics[0].Data) != "PNG1" || pics[1].Name != "image2.jpeg" || string(pics[1].Data) != "JPEG2" {
		t.Errorf("pictures: %+v", pics)
	}
	if plain, err := DOCXToHTML(doc); err != nil || strings.Contains(plain, "<img") {
		t.Errorf("DOCXToHTML: %q %v", plain, err)
	}
}
