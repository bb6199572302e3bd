package web

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
)

// letterDOCX writes the reply letter as a minimal WordprocessingML package: A4, one section,
// paragraphs of plain runs in 仿宋 (the font of official letters). Nothing in it comes from a
// template file, so there is nothing to keep in step with Word's own parts.
func letterDOCX(l app.ReplyLetter) ([]byte, error) {
	var body strings.Builder
	para := func(text string, center, bold bool, size int) {
		body.WriteString("<w:p><w:pPr>")
		if center {
			body.WriteString(`<w:jc w:val="center"/>`)
		} else {
			body.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
		}
		body.WriteString(`<w:spacing w:line="560" w:lineRule="exact"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="FangSong" w:hAnsi="FangSong" w:eastAsia="仿宋"/>`)
		if bold {
			body.WriteString("<w:b/>")
		}
		body.WriteString(`<w:sz w:val="` + itoa(size) + `"/></w:rPr><w:t xml:space="preserve">`)
		xml.EscapeText(&body, []byte(text))
		body.WriteString("</w:t></w:r></w:p>")
	}
	flush := func(text string) {
		body.WriteString(`<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">`)
		xml.EscapeText(&body, []byte(text))
		body.WriteString("</w:t></w:r></w:p>")
	}
	right := func(text string) {
		body.WriteString(`<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">`)
		xml.EscapeText(&body, []byte(text))
		body.WriteString("</w:t></w:r></w:p>")
	}
	for _, p := range letterParts(l) {
		switch p.Kind {
		case "title":
			para(p.Text, true, true, 44)
		case "no":
			para(p.Text, true, false, 32)
		case "to":
			flush(p.Text)
		case "sign":
			right(p.Text)
		default:
			para(p.Text, false, false, 32)
		}
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(p.data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type letterPart struct{ Kind, Text string }

// letterParts is the letter's text in order, shared by the printable page and the DOCX.
func letterParts(l app.ReplyLetter) []letterPart {
	ps := []letterPart{{"title", l.UnitName}, {"title", "政府信息公开申请答复告知书"}, {"no", "（" + l.TrackingNo + "）"},
		{"to", l.Applicant + "："}}
	for _, line := range strings.Split(strings.ReplaceAll(l.Reply.Body, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			ps = append(ps, letterPart{"p", line})
		}
	}
	ps = append(ps, letterPart{"p", "依据：" + l.Reply.Basis + "。"}, letterPart{"p", l.Remedy}, letterPart{"sign", l.UnitName})
	day := "（未签发）"
	if !l.Answered.IsZero() {
		day = chineseDate(l.Answered)
	}
	return append(ps, letterPart{"sign", day})
}

func chineseDate(d calendar.Date) string {
	y, m, dd := d.Civil()
	return itoa(y) + "年" + itoa(int(m)) + "月" + itoa(dd) + "日"
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
