package attach

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"path"
	"strconv"
	"strings"

	"gongkai/internal/ooxml"
)

// DOCXToHTML reads the body of a Word document as plain HTML for a record's 正文: headings
// (by the paragraph's style or outline level), paragraphs, bulleted and numbered lists,
// tables (with merged columns and header rows), bold and italic, line breaks. Styles, fonts,
// colours, pictures, fields' codes and tracked deletions are left out. The result still has
// to be sanitised by the caller (sanitize.Body). The file is opened under DefaultLimits.
func DOCXToHTML(data []byte) (string, error) {
	s, _, err := docxToHTML(data, false)
	return s, err
}

// Picture is a picture a Word document shows in its body: its name in the package (e.g.
// "image1.png") and its bytes, for the caller to check and store like any attachment.
type Picture struct {
	Name string
	Data []byte
}

// PicturePrefix begins the src of the placeholder <img> DOCXToHTMLPictures writes for each
// picture: PicturePrefix followed by the picture's index.
const PicturePrefix = "docx-picture:"

// DOCXToHTMLPictures is DOCXToHTML with the pictures embedded in the body (DrawingML and VML):
// each is written where it stands as <img src="docx-picture:N">, N its index in the pictures
// returned, for the caller to replace by the address it stores the picture at (the sanitiser
// drops any src it does not know). Linked pictures (not in the package) and parts larger than
// the size limit are left out.
func DOCXToHTMLPictures(data []byte) (string, []Picture, error) {
	return docxToHTML(data, true)
}

func docxToHTML(data []byte, pictures bool) (string, []Picture, error) {
	l := DefaultLimits()
	zr, e := openZip(data, l)
	if e != nil {
		return "", nil, e
	}
	doc := ooxml.FindPart(zr, "word/document.xml")
	if doc == nil {
		return "", nil, fail(ErrMismatch, "文件内容不是 DOCX 文档")
	}
	read := func(f *zip.File) []byte {
		if f == nil {
			return nil
		}
		b, err := ooxml.ReadPart(f, l.MaxText, nil)
		if err != nil {
			return nil
		}
		return b
	}
	body, err := ooxml.ReadPart(doc, l.MaxText, nil)
	if err != nil {
		return "", nil, fail(ErrCorrupt, "文件已损坏（正文无法读取）")
	}
	c := docxConverter{levels: headingStyles(read(ooxml.FindPart(zr, "word/styles.xml"))), ordered: orderedLists(read(ooxml.FindPart(zr, "word/numbering.xml"))),
		pictures: pictures}
	if err := c.convert(body); err != nil {
		return "", nil, fail(ErrCorrupt, "文件已损坏（正文不是有效的 XML）")
	}
	if !pictures || len(c.rels) == 0 {
		return c.out.String(), nil, nil
	}
	// Each relationship ID the body shows becomes one picture, read from the package.
	targets := relTargets(read(ooxml.FindPart(zr, "word/_rels/document.xml.rels")))
	var pics []Picture
	var total int64
	index := map[string]string{} // relationship ID → placeholder src, "" when left out
	for _, id := range c.rels {
		if _, done := index[id]; done {
			continue
		}
		index[id] = ""
		target, ok := targets[id]
		if !ok {
			continue
		}
		f := ooxml.FindPart(zr, path.Join("word", target))
		if f == nil {
			continue
		}
		// Each picture within the size of an attachment, all of them within what a document
		// may inflate to.
		left := min(l.MaxFileSize, l.MaxUncompressed-total)
		if left <= 0 || int64(f.UncompressedSize64) > left {
			continue
		}
		b, err := ooxml.ReadPart(f, left, nil)
		if err != nil || len(b) == 0 {
			continue
		}
		total += int64(len(b))
		index[id] = PicturePrefix + strconv.Itoa(len(pics))
		pics = append(pics, Picture{Name: path.Base(target), Data: b})
	}
	out := c.out.String()
	for id, src := range index {
		ph := `<img src="` + relPrefix + html.EscapeString(id) + `">`
		if src == "" {
			out = strings.ReplaceAll(out, ph, "")
		} else {
			out = strings.ReplaceAll(out, ph, `<img src="`+src+`" alt="`+html.EscapeString(path.Base(targets[id]))+`">`)
		}
	}
	return out, pics, nil
}

// relPrefix marks a picture's relationship ID in the converter's output until the pictures
// are read.
const relPrefix = "docx-rel:"

// relTargets maps the relationship IDs of document.xml.rels to their targets inside the
// package (external targets, such as linked pictures, are left out).
func relTargets(data []byte) map[string]string {
	out := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(data))
	for data != nil {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		id, _ := wordAttr(se, "Id")
		target, _ := wordAttr(se, "Target")
		mode, _ := wordAttr(se, "TargetMode")
		if id != "" && target != "" && !strings.EqualFold(mode, "External") && !strings.Contains(target, "..") && !strings.HasPrefix(target, "/") {
			out[id] = target
		}
	}
	return out
}

// wordAttr is the value of the w:-namespaced attribute name (any namespace, as Word and WPS
// write it with their own prefixes).
func wordAttr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// on reads a toggle property such as <w:b/> or <w:b w:val="0"/>.
func on(se xml.StartElement) bool {
	v, ok := wordAttr(se, "val")
	return !ok || (v != "0" && v != "false" && v != "off" && v != "none")
}

// headingStyles maps paragraph style IDs to heading levels 1–6 from styles.xml: a style named
// "heading N" or "标题 N", "Title", or with an outline level.
func headingStyles(data []byte) map[string]int {
	out := map[string]int{}
	if data == nil {
		return out
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var id string
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "style":
			id, _ = wordAttr(se, "styleId")
		case "name":
			v, _ := wordAttr(se, "val")
			v = strings.ToLower(strings.TrimSpace(v))
			if v == "title" || v == "标题" {
				out[id] = 1
			}
			for _, p := range []string{"heading ", "标题 ", "heading", "标题"} {
				if n, err := strconv.Atoi(strings.TrimPrefix(v, p)); strings.HasPrefix(v, p) && err == nil && n >= 1 && n <= 6 {
					out[id] = n
				}
			}
		case "outlineLvl":
			if v, _ := wordAttr(se, "val"); id != "" {
				if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 6 && out[id] == 0 {
					out[id] = n + 1
				}
			}
		}
	}
}

// orderedLists reports, per numbering ID of numbering.xml, whether its first level is
// numbered (decimal, Chinese counting, letters…) rather than bulleted.
func orderedLists(data []byte) map[string]bool {
	out := map[string]bool{}
	if data == nil {
		return out
	}
	abstract := map[string]bool{} // abstractNumId → ordered
	numToAbstract := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(data))
	var abs, num, lvl string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "abstractNum":
			abs, _ = wordAttr(se, "abstractNumId")
			num = ""
		case "num":
			num, _ = wordAttr(se, "numId")
		case "abstractNumId":
			if num != "" {
				numToAbstract[num], _ = wordAttr(se, "val")
			}
		case "lvl":
			lvl, _ = wordAttr(se, "ilvl")
		case "numFmt":
			if lvl == "0" && num == "" {
				v, _ := wordAttr(se, "val")
				abstract[abs] = v != "bullet" && v != "none"
			}
		}
	}
	for n, a := range numToAbstract {
		out[n] = abstract[a]
	}
	return out
}

// docxConverter walks document.xml once, writing HTML.
type docxConverter struct {
	levels  map[string]int
	ordered map[string]bool
	out     strings.Builder

	list string // "ol" or "ul" while a list is open at the top level

	pictures bool     // write a placeholder for each picture (DOCXToHTMLPictures)
	rels     []string // the relationship IDs of the pictures, in order
}

// docxPara is a paragraph being read: its kind and its inline HTML.
type docxPara struct {
	style   string
	outline int // 1–6 from w:outlineLvl, 0 when none
	numID   string
	inner   strings.Builder
}

func (c *docxConverter) convert(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var (
		p                 *docxPara
		bold, italic      bool
		inRun, inRPr      bool
		skip              int  // depth inside deleted text, pictures, field codes
		inPicture         bool // the skipped element is a picture (drawing or pict)
		fallback          int  // depth inside mc:Fallback, the older form of what mc:Choice holds
		cell              *strings.Builder
		cellParas         int
		rowHeader         bool
		cellSpan          int
		cellContinue      bool
		row               strings.Builder
		tables            []*strings.Builder
		sections          []string // per open table: "thead", "tbody" or "" before the first row
		inPPr, inTcPr     bool
		inTrPr, inRowBody bool
	)
	target := func() *strings.Builder {
		if cell != nil {
			return cell
		}
		if len(tables) > 0 {
			return tables[len(tables)-1]
		}
		return &c.out
	}
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				break
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if skip > 0 {
				skip++
				// A picture's image: a:blip r:embed (DrawingML) or v:imagedata r:id (VML).
				if inPicture && p != nil && inRun && (name == "blip" || name == "imagedata") {
					attr := "embed"
					if name == "imagedata" {
						attr = "id"
					}
					for _, a := range t.Attr {
						if a.Name.Local == attr && a.Value != "" && len(c.rels) < 100 {
							p.inner.WriteString(`<img src="` + relPrefix + html.EscapeString(a.Value) + `">`)
							c.rels = append(c.rels, a.Value)
						}
					}
				}
				continue
			}
			switch name {
			case "del", "moveFrom", "drawing", "pict", "object", "instrText", "delText", "footnoteReference", "commentReference", "fldSimple_instr":
				skip = 1
				inPicture = c.pictures && fallback == 0 && (name == "drawing" || name == "pict")
			case "Fallback":
				fallback++
			case "tbl":
				c.closeList()
				tables = append(tables, &strings.Builder{})
				sections = append(sections, "")
				tables[len(tables)-1].WriteString("<table>")
			case "tr":
				row.Reset()
				rowHeader, inRowBody = false, true
			case "trPr":
				inTrPr = true
			case "tblHeader":
				if inTrPr && on(t) {
					rowHeader = true
				}
			case "tc":
				cell, cellParas, cellSpan, cellContinue = &strings.Builder{}, 0, 1, false
			case "tcPr":
				inTcPr = true
			case "gridSpan":
				if inTcPr {
					v, _ := wordAttr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n > 1 && n < 64 {
						cellSpan = n
					}
				}
			case "vMerge":
				if inTcPr {
					v, _ := wordAttr(t, "val")
					cellContinue = v != "restart"
				}
			case "p":
				p = &docxPara{}
			case "pPr":
				inPPr = true
			case "pStyle":
				if inPPr && p != nil {
					p.style, _ = wordAttr(t, "val")
				}
			case "outlineLvl":
				if inPPr && p != nil {
					v, _ := wordAttr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 6 {
						p.outline = n + 1
					}
				}
			case "numId":
				if inPPr && p != nil {
					p.numID, _ = wordAttr(t, "val")
					if p.numID == "0" {
						p.numID = ""
					}
				}
			case "r":
				inRun, bold, italic = true, false, false
			case "rPr":
				inRPr = inRun
			case "b":
				if inRPr {
					bold = on(t)
				}
			case "i":
				if inRPr {
					italic = on(t)
				}
			case "t":
				if p != nil && inRun {
					var s string
					if err := d.DecodeElement(&s, &t); err != nil {
						return err
					}
					text := html.EscapeString(s)
					if italic {
						text = "<em>" + text + "</em>"
					}
					if bold {
						text = "<strong>" + text + "</strong>"
					}
					p.inner.WriteString(text)
				}
			case "tab":
				if p != nil && inRun {
					p.inner.WriteString(" ")
				}
			case "br", "cr":
				if p != nil && inRun {
					if v, _ := wordAttr(t, "type"); v == "" || v == "textWrapping" {
						p.inner.WriteString("<br>")
					}
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "Fallback":
				fallback--
			case "pPr":
				inPPr = false
			case "rPr":
				inRPr = false
			case "r":
				inRun = false
			case "trPr":
				inTrPr = false
			case "tcPr":
				inTcPr = false
			case "p":
				if p == nil {
					continue
				}
				inner := strings.TrimSpace(p.inner.String())
				if cell != nil {
					if inner != "" {
						if cellParas > 0 {
							cell.WriteString("<br>")
						}
						cell.WriteString(inner)
						cellParas++
					}
				} else {
					c.paragraph(target(), p, inner, len(tables) > 0)
				}
				p = nil
			case "tc":
				if cell != nil && !cellContinue {
					tag := "td"
					if rowHeader {
						tag = "th"
					}
					row.WriteString("<" + tag)
					if cellSpan > 1 {
						row.WriteString(` colspan="` + strconv.Itoa(cellSpan) + `"`)
					}
					row.WriteString(">" + cell.String() + "</" + tag + ">")
				} else if cell != nil {
					row.WriteString("<td></td>")
				}
				cell = nil
			case "tr":
				if inRowBody && len(tables) > 0 {
					// Header rows before the first body row make the table's head.
					tb, sec := tables[len(tables)-1], &sections[len(sections)-1]
					want := "tbody"
					if rowHeader && *sec != "tbody" {
						want = "thead"
					}
					if *sec != want {
						if *sec != "" {
							tb.WriteString("</" + *sec + ">")
						}
						tb.WriteString("<" + want + ">")
						*sec = want
					}
					tb.WriteString("<tr>" + row.String() + "</tr>")
				}
				inRowBody = false
			case "tbl":
				if len(tables) == 0 {
					continue
				}
				tb := tables[len(tables)-1]
				if sec := sections[len(sections)-1]; sec != "" {
					tb.WriteString("</" + sec + ">")
				}
				tables, sections = tables[:len(tables)-1], sections[:len(sections)-1]
				tb.WriteString("</table>")
				// A table inside a cell is flattened into that cell's text.
				target().WriteString(tb.String())
			case "body":
				c.closeList()
			}
		}
	}
	c.closeList()
	return nil
}

// paragraph writes a finished top-level paragraph: a heading, a list item or a paragraph.
func (c *docxConverter) paragraph(w *strings.Builder, p *docxPara, inner string, inTable bool) {
	if inner == "" {
		return // empty paragraphs are Word's spacing
	}
	level := c.levels[p.style]
	if level == 0 {
		level = p.outline
	}
	if p.numID != "" && level == 0 && !inTable {
		tag := "ul"
		if c.ordered[p.numID] {
			tag = "ol"
		}
		if c.list != tag {
			c.closeList()
			c.out.WriteString("<" + tag + ">")
			c.list = tag
		}
		c.out.WriteString("<li>" + inner + "</li>")
		return
	}
	if !inTable {
		c.closeList()
	}
	if level > 0 {
		// The record's title is the page's h1: the document's headings start at h2.
		h := "h" + strconv.Itoa(min(level+1, 6))
		w.WriteString("<" + h + ">" + inner + "</" + h + ">")
		return
	}
	w.WriteString("<p>" + inner + "</p>")
}

func (c *docxConverter) closeList() {
	if c.list != "" {
		c.out.WriteString("</" + c.list + ">")
		c.list = ""
	}
}
