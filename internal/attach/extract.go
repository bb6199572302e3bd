package attach

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ExtractText returns the text of an attachment so the personal-information
// guard can read it. Layout is approximate: it is meant for scanning and
// search, not display.
//
//   - XLSX: every cell of every worksheet (listed or not), shared and inline
//     strings, formula results, numbers written out in full; cells separated
//     by tabs, rows by line breaks. Then comments, and the character data and
//     attribute values of every other non-structural part (pivot caches,
//     charts, drawings, document properties). Numbers of 16 or more digits
//     have lost digits in Excel and cannot be recognised: see LongNumbers.
//   - DOCX: the paragraphs of the body (tables and text boxes included),
//     headers, footers, footnotes, endnotes and comments, tracked deletions
//     included, one paragraph per line; then the other parts as for XLSX.
//   - Embedded DOCX/XLSX files (an Excel table inside a Word document) are
//     read one level deep.
//   - PDF: best effort. The strings shown by the text operators Tj, TJ, ' and
//     " in every content stream, uncompressed or FlateDecode (bounded by
//     Limits.MaxUncompressed). Not covered: fonts whose codes are not
//     characters — CID fonts such as the Identity-H fonts most Chinese PDFs
//     use, which need their ToUnicode maps; other filters and filter chains;
//     form field values and annotations; encrypted PDFs, which are refused
//     with ErrEncrypted; scanned pages, which are images. Text positioned
//     glyph by glyph comes out with spaces between the glyphs.
//   - Images: no text; "" without error.
//
// A PDF from which nothing could be read says nothing about its content;
// callers should treat empty text from a PDF as "needs a person to look".
func ExtractText(t Type, data []byte, limits Limits) (string, error) {
	return extract(t, data, limits.withDefaults(), 0)
}

func extract(t Type, data []byte, l Limits, depth int) (string, error) {
	if int64(len(data)) > l.MaxFileSize {
		return "", fail(ErrTooLarge, "文件大小 %s，超过上限 %s", sizeText(int64(len(data))), sizeText(l.MaxFileSize))
	}
	switch t {
	case XLSX:
		return extractXLSX(data, l, depth)
	case DOCX:
		return extractDOCX(data, l, depth)
	case PDF:
		return extractPDF(data, l)
	case PNG, JPEG, GIF, WebP:
		return "", nil
	}
	return "", fail(ErrNotAllowed, "不支持的文件类型（%s）", string(t))
}

func extractPDF(data []byte, l Limits) (string, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return "", fail(ErrMismatch, "文件内容不是 PDF")
	}
	if pdfEncrypted(data) {
		return "", fail(ErrEncrypted, "PDF 已加密，无法检查其中的个人信息，请取消加密后重新上传")
	}
	budget := l.MaxUncompressed
	// Streams that cannot hold page content: images, cross-reference and
	// object streams, metadata, and predictor-encoded data.
	skip := regexp.MustCompile(`/(Subtype\s*/Image|Type\s*/XRef|Type\s*/Metadata|Type\s*/ObjStm|Predictor)`)
	var out strings.Builder
	for _, s := range pdfStreams(data) {
		if skip.Match(s.dict) {
			continue
		}
		content, ok, err := decodeStream(s.dict, s.data, &budget, l)
		if err != nil {
			return "", err
		}
		if ok {
			pdfText(content, &out)
		}
	}
	return out.String(), nil
}

func pdfEncrypted(data []byte) bool {
	i := bytes.Index(data, []byte("/Encrypt"))
	// /EncryptMetadata is a key of the encryption dictionary itself, which
	// only exists if /Encrypt does; any other /Encrypt… name is not it.
	return i >= 0 && (i+8 == len(data) || !isRegular(data[i+8]) || bytes.HasPrefix(data[i+8:], []byte("Metadata")))
}

type pdfStream struct {
	dict, data []byte
}

// pdfStreams finds the streams of a PDF by their keywords rather than
// through the cross-reference table, which is often wrong in files produced
// by small tools and which an incremental update can hide streams from.
func pdfStreams(data []byte) []pdfStream {
	var out []pdfStream
	pos := 0
	for {
		k := bytes.Index(data[pos:], []byte("stream"))
		if k < 0 {
			return out
		}
		k += pos
		pos = k + 6
		if k >= 3 && string(data[k-3:k]) == "end" {
			continue
		}
		j := k
		for j > 0 && isSpace(data[j-1]) {
			j--
		}
		if j < 2 || string(data[j-2:j]) != ">>" {
			continue
		}
		ds := k + 6
		if ds < len(data) && data[ds] == '\r' {
			ds++
		}
		if ds < len(data) && data[ds] == '\n' {
			ds++
		}
		e := bytes.Index(data[ds:], []byte("endstream"))
		if e < 0 {
			return out
		}
		e += ds
		raw := data[ds:e]
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		dictStart := bytes.LastIndex(data[:j], []byte("obj"))
		if dictStart < 0 {
			dictStart = 0
		}
		out = append(out, pdfStream{dict: data[dictStart:j], data: raw})
		pos = e + 9
	}
}

// decodeStream returns the decoded bytes of a stream, and false for streams
// that use filters not handled here.
func decodeStream(dict, raw []byte, budget *int64, l Limits) ([]byte, bool, error) {
	fi := bytes.Index(dict, []byte("/Filter"))
	if fi < 0 {
		return raw, true, nil
	}
	v := bytes.TrimLeft(dict[fi+7:], " \t\r\n")
	var names []string
	switch {
	case bytes.HasPrefix(v, []byte("[")):
		end := bytes.IndexByte(v, ']')
		if end < 0 {
			return nil, false, nil
		}
		names = strings.Fields(strings.ReplaceAll(string(v[1:end]), "/", " "))
	case bytes.HasPrefix(v, []byte("/")):
		n := 1
		for n < len(v) && isRegular(v[n]) {
			n++
		}
		names = []string{string(v[1:n])}
	default:
		return nil, false, nil
	}
	if len(names) != 1 || (names[0] != "FlateDecode" && names[0] != "Fl") {
		return nil, false, nil
	}
	var r io.Reader
	if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
		r = zr
	} else {
		r = flate.NewReader(bytes.NewReader(raw))
	}
	// A damaged stream still yields what was decompressed before the damage.
	b, _ := io.ReadAll(io.LimitReader(r, *budget+1))
	if int64(len(b)) > *budget {
		return nil, false, fail(ErrZipBomb, "PDF 内容解压后超过 %s，可能是恶意构造的文件", sizeText(l.MaxUncompressed))
	}
	*budget -= int64(len(b))
	return b, true, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

type pdfOperand struct {
	str   []byte
	isStr bool
	num   float64
	isNum bool
	arr   []pdfOperand
	isArr bool
}

// pdfText appends the text shown by the content stream b.
func pdfText(b []byte, out *strings.Builder) {
	x := &pdfLexer{b: b}
	var ops []pdfOperand
	var stack [][]pdfOperand // open arrays
	lastY, haveY := 0.0, false
	push := func(o pdfOperand) {
		if len(stack) > 0 {
			stack[len(stack)-1] = append(stack[len(stack)-1], o)
		} else {
			ops = append(ops, o)
		}
	}
	newline := func() {
		if out.Len() > 0 && !strings.HasSuffix(out.String(), "\n") {
			out.WriteByte('\n')
		}
	}
	space := func() {
		if s := out.String(); out.Len() > 0 && !strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, " ") {
			out.WriteByte(' ')
		}
	}
	lastStr := func() []byte {
		if len(ops) > 0 && ops[len(ops)-1].isStr {
			return ops[len(ops)-1].str
		}
		return nil
	}
	num := func(i int) (float64, bool) {
		if i < 0 || i >= len(ops) || !ops[i].isNum {
			return 0, false
		}
		return ops[i].num, true
	}
	for {
		kind, tok := x.next()
		switch kind {
		case lexEOF:
			newline()
			return
		case lexString:
			push(pdfOperand{str: tok, isStr: true})
		case lexNumber:
			f, _ := strconv.ParseFloat(string(tok), 64)
			push(pdfOperand{num: f, isNum: true})
		case lexArrayStart:
			stack = append(stack, nil)
		case lexArrayEnd:
			if len(stack) > 0 {
				a := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				push(pdfOperand{arr: a, isArr: true})
			}
		case lexOther:
			push(pdfOperand{})
		case lexOp:
			stack = nil
			switch string(tok) {
			case "Tj":
				writePDFString(out, lastStr())
			case "'", "\"":
				newline()
				writePDFString(out, lastStr())
			case "TJ":
				if len(ops) > 0 && ops[len(ops)-1].isArr {
					for _, e := range ops[len(ops)-1].arr {
						if e.isStr {
							writePDFString(out, e.str)
						}
					}
				}
			case "Td", "TD":
				if ty, ok := num(len(ops) - 1); ok && ty != 0 {
					newline()
				} else {
					space()
				}
			case "T*", "ET":
				newline()
			case "Tm":
				y, ok := num(len(ops) - 1)
				if ok && haveY && y == lastY {
					space()
				} else {
					newline()
				}
				lastY, haveY = y, ok
			case "ID":
				x.skipInlineImage()
			}
			ops = ops[:0]
		}
	}
}

// writePDFString decodes a string as UTF-16 when it has the byte order
// mark, otherwise byte by byte as Latin-1 (PDFDocEncoding and WinAnsi agree
// with it on digits and letters). Control bytes, typical of two-byte CID
// codes, become U+FFFD so that they never read as digits.
func writePDFString(out *strings.Builder, s []byte) {
	if len(s) >= 2 && s[0] == 0xfe && s[1] == 0xff {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		out.WriteString(string(utf16.Decode(u)))
		return
	}
	for _, c := range s {
		switch {
		case c >= 0x20 && c < 0x7f, c >= 0xa0:
			out.WriteRune(rune(c))
		case c == '\t', c == '\n', c == '\r':
			out.WriteByte(' ')
		default:
			out.WriteRune('\uFFFD')
		}
	}
}

const (
	lexEOF = iota
	lexString
	lexNumber
	lexArrayStart
	lexArrayEnd
	lexOp
	lexOther // names, dictionaries, booleans: operands not needed here
)

type pdfLexer struct {
	b []byte
	i int
}

func (x *pdfLexer) next() (int, []byte) {
	b := x.b
	for x.i < len(b) {
		c := b[x.i]
		switch {
		case isSpace(c):
			x.i++
		case c == '%':
			for x.i < len(b) && b[x.i] != '\n' && b[x.i] != '\r' {
				x.i++
			}
		case c == '(':
			return lexString, x.literal()
		case c == '<':
			if x.i+1 < len(b) && b[x.i+1] == '<' {
				x.i += 2
				return lexOther, nil
			}
			return lexString, x.hex()
		case c == '>':
			x.i++
			if x.i < len(b) && b[x.i] == '>' {
				x.i++
			}
			return lexOther, nil
		case c == '[':
			x.i++
			return lexArrayStart, nil
		case c == ']':
			x.i++
			return lexArrayEnd, nil
		case c == '/':
			x.i++
			for x.i < len(b) && isRegular(b[x.i]) {
				x.i++
			}
			return lexOther, nil
		case c == '{' || c == '}' || c == ')':
			x.i++
			return lexOther, nil
		default:
			s := x.i
			for x.i < len(b) && isRegular(b[x.i]) {
				x.i++
			}
			tok := b[s:x.i]
			if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
				return lexNumber, tok
			}
			return lexOp, tok
		}
	}
	return lexEOF, nil
}

// literal reads a (string) with nesting and escapes.
func (x *pdfLexer) literal() []byte {
	b := x.b
	x.i++ // (
	var out []byte
	depth := 1
	for x.i < len(b) {
		c := b[x.i]
		x.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if x.i >= len(b) {
				return out
			}
			e := b[x.i]
			x.i++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if x.i < len(b) && b[x.i] == '\n' {
					x.i++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && x.i < len(b) && b[x.i] >= '0' && b[x.i] <= '7'; k++ {
						v = v*8 + int(b[x.i]-'0')
						x.i++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

// hex reads a <hex string>.
func (x *pdfLexer) hex() []byte {
	b := x.b
	x.i++ // <
	var out []byte
	var hi byte
	half := false
	for x.i < len(b) {
		c := b[x.i]
		x.i++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return out
}

// skipInlineImage skips the binary data of BI … ID <data> EI.
func (x *pdfLexer) skipInlineImage() {
	b := x.b
	for i := x.i; i+1 < len(b); i++ {
		if b[i] == 'E' && b[i+1] == 'I' && i > 0 && isSpace(b[i-1]) && (i+2 == len(b) || isSpace(b[i+2])) {
			x.i = i + 2
			return
		}
	}
	x.i = len(b)
}
