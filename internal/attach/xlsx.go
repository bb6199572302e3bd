package attach

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gongkai/internal/ooxml"
	"gongkai/internal/pii"
)

// Problem is something in an attachment that automatic masking cannot fix
// and a person has to look at.
type Problem struct {
	Part   string // the part inside the file, e.g. xl/worksheets/sheet1.xml
	Sheet  string // worksheet name, for XLSX cells
	Cell   string // cell reference, e.g. B2
	Reason string // Chinese
}

func (p Problem) String() string {
	if p.Part == "" && p.Cell == "" {
		return p.Reason
	}
	if p.Cell != "" {
		return fmt.Sprintf("工作表\"%s\"单元格 %s：%s", p.Sheet, p.Cell, p.Reason)
	}
	return fmt.Sprintf("\"%s\"：%s", p.Part, p.Reason)
}

// ReviewError is returned by MaskXLSX and MaskDOCX when some personal
// information could not be masked automatically; no file is produced, so a
// half-masked file can never be published.
type ReviewError struct {
	File     string
	Problems []Problem
}

func (e *ReviewError) Error() string {
	var b strings.Builder
	b.WriteString("附件")
	if e.File != "" {
		fmt.Fprintf(&b, "\"%s\"", e.File)
	}
	b.WriteString("中有以下内容无法自动脱敏，请人工处理后重新上传：")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

type sheetRef struct {
	name, part string
}

type xlsxPackage struct {
	zr      *zip.Reader
	sheets  []sheetRef
	byPart  map[string]string // lower-case part → sheet name
	shared  string            // shared strings part, "" if none
	comment map[string]bool   // lower-case comment parts
}

// openXLSX finds the worksheets (in workbook order, with their names) and
// the shared strings through the workbook's relationships.
func openXLSX(j *job, data []byte) (*xlsxPackage, error) {
	zr, e := openZip(data, j.l)
	if e != nil {
		return nil, e
	}
	if ooxml.FindPart(zr, "xl/workbook.xml") == nil {
		return nil, fail(ErrMismatch, "文件内容不是 XLSX 工作簿")
	}
	p := &xlsxPackage{zr: zr, byPart: map[string]string{}, comment: map[string]bool{}}
	rels := map[string]string{}
	types := map[string]string{}
	if f := ooxml.FindPart(zr, "xl/_rels/workbook.xml.rels"); f != nil {
		rc, err := j.open(f)
		if err != nil {
			return nil, err
		}
		err = walkXML(rc, f.Name, func(tok xml.Token, _, _ int64) error {
			if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Relationship" {
				var id, typ, target, mode string
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "Id":
						id = a.Value
					case "Type":
						typ = a.Value
					case "Target":
						target = a.Value
					case "TargetMode":
						mode = a.Value
					}
				}
				if mode == "External" {
					return nil
				}
				rels[id] = resolvePart("xl", target)
				types[id] = typ
			}
			return nil
		})
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	for id, typ := range types {
		if strings.HasSuffix(typ, "/sharedStrings") {
			p.shared = rels[id]
		}
	}
	if p.shared == "" && ooxml.FindPart(zr, "xl/sharedStrings.xml") != nil {
		p.shared = "xl/sharedStrings.xml"
	}
	f := ooxml.FindPart(zr, "xl/workbook.xml")
	rc, err := j.open(f)
	if err != nil {
		return nil, err
	}
	err = walkXML(rc, f.Name, func(tok xml.Token, _, _ int64) error {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "sheet" {
			var name, id string
			for _, a := range t.Attr {
				switch {
				case a.Name.Local == "name":
					name = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					id = a.Value
				}
			}
			if part, ok := rels[id]; ok && ooxml.FindPart(zr, part) != nil && p.byPart[strings.ToLower(part)] == "" {
				p.sheets = append(p.sheets, sheetRef{name: name, part: part})
				p.byPart[strings.ToLower(part)] = name
			}
		}
		return nil
	})
	rc.Close()
	if err != nil {
		return nil, err
	}
	// Worksheets the workbook does not list are still in the file.
	var extra []sheetRef
	for _, f := range zr.File {
		n := strings.ToLower(f.Name)
		if strings.HasPrefix(n, "xl/worksheets/") && path.Dir(n) == "xl/worksheets" && strings.HasSuffix(n, ".xml") && p.byPart[n] == "" {
			extra = append(extra, sheetRef{name: path.Base(f.Name), part: f.Name})
			p.byPart[n] = path.Base(f.Name)
		}
		if path.Dir(n) == "xl" && strings.HasPrefix(path.Base(n), "comments") && strings.HasSuffix(n, ".xml") {
			p.comment[n] = true
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].part < extra[j].part })
	p.sheets = append(p.sheets, extra...)
	return p, nil
}

// resolvePart resolves a relationship target against the source part's
// folder.
func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Clean(path.Join(dir, target))
}

// cell is one <c> element of a worksheet with the spans needed to rewrite it.
type cell struct {
	ref, typ      string
	start, tagEnd int64 // the start tag is [start, tagEnd)
	end           int64 // the whole element is [start, end)
	v             *piece
	inline        []textGroup
	formula       bool
}

// walkSheet calls fn for every cell of a worksheet part, streaming, and
// rowEnd (when not nil) at the end of each row. Each row counts against the
// job's MaxRows as it starts, so a sheet of 400,000 rows stops at the limit
// instead of being read to the end.
func walkSheet(j *job, r io.Reader, part string, fn func(c *cell) error, rowEnd func() error) error {
	rules := sharedStringRules()
	var cur *cell
	var col *collector
	var inV bool
	var vStart int64
	var vbuf strings.Builder
	return walkXML(r, part, func(tok xml.Token, start, end int64) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if cur == nil {
				switch t.Name.Local {
				case "row":
					return j.row()
				case "c":
					cur = &cell{start: start, tagEnd: end}
					for _, a := range t.Attr {
						switch a.Name.Local {
						case "r":
							cur.ref = a.Value
						case "t":
							cur.typ = a.Value
						}
					}
					col = newCollector(rules)
				}
				return nil
			}
			switch t.Name.Local {
			case "v":
				inV, vStart = true, end
				vbuf.Reset()
				return nil
			case "f":
				cur.formula = true
			}
			return col.handle(tok, start, end)
		case xml.CharData:
			if inV {
				vbuf.Write(t)
			} else if cur != nil {
				return col.handle(tok, start, end)
			}
		case xml.EndElement:
			if cur == nil {
				if t.Name.Local == "row" && rowEnd != nil {
					return rowEnd()
				}
				return nil
			}
			switch {
			case inV && t.Name.Local == "v":
				cur.v = &piece{node: true, start: vStart, end: start, text: vbuf.String()}
				inV = false
			case t.Name.Local == "c":
				cur.end = end
				cur.inline = col.finish()
				c := cur
				cur = nil
				return fn(c)
			default:
				return col.handle(tok, start, end)
			}
		}
		return nil
	})
}

// text is what the cell shows, near enough for scanning: numbers are written
// out in full rather than in Excel's display format.
func (c *cell) text(shared []string) string {
	switch c.typ {
	case "s":
		if c.v == nil {
			return ""
		}
		i, err := strconv.Atoi(strings.TrimSpace(c.v.text))
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr":
		var b strings.Builder
		for _, g := range c.inline {
			b.WriteString(g.String())
		}
		return b.String()
	}
	if c.v == nil {
		return ""
	}
	if c.typ == "" || c.typ == "n" {
		return formatNumber(c.v.text)
	}
	return c.v.text
}

// formatNumber writes an integral number without exponent (Excel stores
// 13812345678 as is but may store larger values as 6.1011219900101101E+17).
func formatNumber(v string) string {
	v = strings.TrimSpace(v)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) || math.Abs(f) >= 1e21 {
		return v
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// longNumber reports a numeric cell of 16 or more integer digits. Excel
// keeps 15 significant digits, so an 18-digit ID or a card number typed as a
// number has already lost its last digits: it is neither recognisable as an
// ID nor safely maskable, yet its first 15 digits still identify a person.
func (c *cell) longNumber() bool {
	if c.v == nil || !(c.typ == "" || c.typ == "n") {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(c.v.text), 64)
	return err == nil && math.Abs(f) >= 1e15 && f == math.Trunc(f)
}

func longNumberProblem(part, sheet string, c *cell) Problem {
	digits := len(formatNumber(c.v.text))
	return Problem{Part: part, Sheet: sheet, Cell: c.ref, Reason: fmt.Sprintf(
		"%d 位数字以数值格式保存（%s），Excel 已无法保留全部位数，请将该列设为文本格式、重新录入后再上传",
		digits, strings.TrimSpace(c.v.text))}
}

// LongNumbers lists the numeric cells of an XLSX file that hold 16 or more
// digits — most likely ID or card numbers typed into a column not formatted
// as text. The extracted text cannot show them as the numbers they were, so
// the publishing check must ask a person to look at them. Extract returns
// them too.
func LongNumbers(data []byte, limits Limits) ([]Problem, error) {
	release, err := acquire(context.Background())
	if err != nil {
		return nil, err
	}
	defer release()
	return longNumbers(newJob(context.Background(), limits), data)
}

// maxProblems bounds the problems listed for one file; the rest are counted
// in a last one.
const maxProblems = 200

func addProblem(list []Problem, p Problem, more *int) []Problem {
	if len(list) >= maxProblems {
		*more++
		return list
	}
	return append(list, p)
}

func moreProblems(list []Problem, more int) []Problem {
	if more > 0 {
		list = append(list, Problem{Reason: fmt.Sprintf("另有%d处同类问题", more)})
	}
	return list
}

func longNumbers(j *job, data []byte) ([]Problem, error) {
	p, err := openXLSX(j, data)
	if err != nil {
		return nil, err
	}
	var out []Problem
	more := 0
	for _, s := range p.sheets {
		rc, err := j.open(ooxml.FindPart(p.zr, s.part))
		if err != nil {
			return nil, err
		}
		err = walkSheet(j, rc, s.part, func(c *cell) error {
			if c.longNumber() {
				out = addProblem(out, longNumberProblem(s.part, s.name, c), &more)
			}
			return nil
		}, nil)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	return moreProblems(out, more), nil
}

// readSharedStrings returns the shared string table, phonetic guides left
// out. Its total size counts against MaxText.
func readSharedStrings(j *job, p *xlsxPackage) ([]string, error) {
	if p.shared == "" {
		return nil, nil
	}
	f := ooxml.FindPart(p.zr, p.shared)
	if f == nil {
		return nil, nil
	}
	rc, err := j.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []string
	var b strings.Builder
	var size int64
	inSI, inT, phonetic := false, false, 0
	err = walkXML(rc, f.Name, func(tok xml.Token, _, _ int64) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				// 16 bytes of string header each: a table of a million
				// empty strings costs memory too.
				if size += int64(b.Len()) + 16; size > j.l.MaxText {
					return fail(ErrTooLarge, "共享字符串超过 %s，无法完整检查，请拆分后上传", sizeText(j.l.MaxText))
				}
				out = append(out, b.String())
				inSI = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		}
		return nil
	})
	return out, err
}

// rowCells collects the cells of one worksheet row, to find numbers split
// over adjacent cells.
type rowCells struct {
	cells []*cell
	texts []string
}

func (r *rowCells) add(c *cell, text string) {
	r.cells = append(r.cells, c)
	r.texts = append(r.texts, text)
}

func (r *rowCells) reset() { r.cells, r.texts = r.cells[:0], r.texts[:0] }

// across returns the numbers split over adjacent cells of the row: runs of
// cells in consecutive columns are given to pii.FindAcross. A cell without a
// reference follows the one before it.
func (r *rowCells) across() []pii.Across {
	var out []pii.Across
	start := 0
	prev := -1
	for i := 0; i <= len(r.cells); i++ {
		col := -1
		if i < len(r.cells) {
			col = cellColumn(r.cells[i].ref, prev)
		}
		if i == len(r.cells) || i > start && col != prev+1 {
			if i-start >= 2 {
				for _, a := range pii.FindAcross(r.texts[start:i]) {
					a.First, a.Last = a.First+start, a.Last+start
					out = append(out, a)
				}
			}
			start = i
		}
		prev = col
	}
	return out
}

// cellColumn returns the 0-based column of a reference such as B12 or $B$12;
// without a reference, the column after prev.
func cellColumn(ref string, prev int) int {
	col := 0
	n := 0
	for _, r := range ref {
		switch {
		case r == '$':
		case r >= 'A' && r <= 'Z':
			col, n = col*26+int(r-'A'+1), n+1
		case r >= 'a' && r <= 'z':
			col, n = col*26+int(r-'a'+1), n+1
		default:
			if n > 0 && n <= 3 {
				return col - 1
			}
			return prev + 1
		}
	}
	return prev + 1
}

func extractXLSX(j *job, data []byte) error {
	p, err := openXLSX(j, data)
	if err != nil {
		return err
	}
	shared, err := readSharedStrings(j, p)
	if err != nil {
		return err
	}
	out := &j.out
	for _, s := range p.sheets {
		f := ooxml.FindPart(p.zr, s.part)
		rc, err := j.open(f)
		if err != nil {
			return err
		}
		row := ""
		first := true
		var cells rowCells
		var joined []string
		var joinedSize int64
		err = walkSheet(j, rc, s.part, func(c *cell) error {
			r := strings.TrimLeft(c.ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
			if !first {
				if r != row || r == "" {
					out.sep('\n')
				} else {
					out.sep('\t')
				}
			}
			first, row = false, r
			text := c.text(shared)
			out.WriteString(text)
			cells.add(c, text)
			return nil
		}, func() error {
			for _, a := range cells.across() {
				// Written after the sheet, with the cells named, so that
				// the reviewer sees where the number is.
				line := fmt.Sprintf("工作表\"%s\"相邻单元格 %s–%s 合起来：%s", s.name, cells.cells[a.First].ref, cells.cells[a.Last].ref, a.Joined)
				if joinedSize += int64(len(line)); joinedSize > j.l.MaxText {
					out.over = true
					break
				}
				joined = append(joined, line)
			}
			cells.reset()
			return nil
		})
		rc.Close()
		if err != nil {
			return err
		}
		out.sep('\n')
		for _, line := range joined {
			out.WriteString(line)
			out.sep('\n')
		}
		// Print headers and footers: a second pass, still streaming.
		if rc, err = j.open(f); err != nil {
			return err
		}
		err = textOfPart(rc, s.part, headerFooterRules(), out)
		rc.Close()
		if err != nil {
			return err
		}
		out.sep('\n')
		if out.over {
			return out.err()
		}
	}
	for _, f := range p.zr.File {
		n := strings.ToLower(f.Name)
		if p.byPart[n] != "" || strings.EqualFold(f.Name, p.shared) {
			continue
		}
		if err := extractOtherPart(j, f, p.comment[n], sharedStringRules()); err != nil {
			return err
		}
	}
	return nil
}

// extractOtherPart adds the text of a part that is neither a worksheet nor
// the main document: comments, embedded files and any other XML.
func extractOtherPart(j *job, f *zip.File, textPart bool, rules *textRules) error {
	if t, ok := embeddedPackage(f.Name); ok {
		if j.depth > 0 {
			return nil
		}
		b, err := j.read(f)
		if err != nil {
			return err
		}
		j.depth++
		_, err = j.extract(t, b)
		j.depth--
		if err != nil {
			return err
		}
		j.out.sep('\n')
		return nil
	}
	if !isXMLPart(f.Name) || structuralPart(f.Name) {
		return nil
	}
	rc, err := j.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	if textPart {
		return textOfPart(rc, f.Name, rules, &j.out)
	}
	return genericStrings(rc, f.Name, func(s string) {
		j.out.WriteString(s)
		j.out.sep('\n')
	})
}

// MaskXLSX masks personal information in the text of an XLSX file: shared
// strings, inline strings, formula string results, comments, and numeric
// cells whose number mask changes (an 11-digit mobile typed as a number),
// which are turned into text cells holding the masked value. A number split
// over adjacent cells of a row (see pii.FindAcross) is masked as one, each
// of its cells becoming a text cell with its part of the masked number.
// mask must keep the number of characters; pii.Mask does.
//
// Anything it cannot mask is reported in a *ReviewError and no file is
// returned: numeric cells of 16 or more digits (see LongNumbers), formula
// results, and personal information in other parts such as pivot table
// caches, charts or embedded files. The limits are DefaultLimits.
func MaskXLSX(data []byte, mask func(string) string) ([]byte, error) {
	release, err := acquire(context.Background())
	if err != nil {
		return nil, err
	}
	defer release()
	j := newJob(context.Background(), DefaultLimits())
	p, err := openXLSX(j, data)
	if err != nil {
		return nil, err
	}
	shared, err := readSharedStrings(j, p)
	if err != nil {
		return nil, err
	}
	m := masking{j: j, mask: mask}
	for _, f := range p.zr.File {
		n := strings.ToLower(f.Name)
		switch {
		case p.byPart[n] != "":
			b, err := j.read(f)
			if err != nil {
				return nil, err
			}
			out, probs, err := maskSheet(j, b, f.Name, p.byPart[n], shared, mask)
			if err != nil {
				return nil, err
			}
			m.problems = append(m.problems, probs...)
			if out != nil {
				m.set(f.Name, out)
			}
		case strings.EqualFold(f.Name, p.shared) || p.comment[n]:
			err = m.textPart(f, sharedStringRules())
		default:
			err = m.otherPart(f)
		}
		if err != nil {
			return nil, err
		}
	}
	return m.result(data, p.zr)
}

// masking is what a Mask function collects while it goes through the parts of
// a container: the parts it rewrote and the problems it cannot mask.
type masking struct {
	j        *job
	mask     func(string) string
	changed  map[string][]byte
	problems []Problem
}

// textPart masks the text groups of a part in place.
func (m *masking) textPart(f *zip.File, rules *textRules) error {
	b, err := m.j.read(f)
	if err != nil {
		return err
	}
	out, err := maskTextPart(b, f.Name, rules, m.mask)
	if err != nil {
		return err
	}
	if out != nil {
		m.set(f.Name, out)
	}
	return nil
}

func (m *masking) set(name string, data []byte) {
	if m.changed == nil {
		m.changed = map[string][]byte{}
	}
	m.changed[name] = data
}

// otherPart notes a part that holds text mask would change but that is not
// rewritten.
func (m *masking) otherPart(f *zip.File) error {
	prob, err := checkOtherPart(m.j, f, m.mask)
	if prob != nil {
		m.problems = append(m.problems, *prob)
	}
	return err
}

// result is the masked container, or a *ReviewError listing what could not
// be masked.
func (m *masking) result(data []byte, zr *zip.Reader) ([]byte, error) {
	if len(m.problems) > 0 {
		return nil, &ReviewError{Problems: m.problems}
	}
	if len(m.changed) == 0 {
		return bytes.Clone(data), nil
	}
	return ooxml.Rewrite(zr, m.changed)
}

// checkOtherPart reports a part that holds text mask would change but that
// the Mask functions do not rewrite.
func checkOtherPart(j *job, f *zip.File, mask func(string) string) (*Problem, error) {
	if t, ok := embeddedPackage(f.Name); ok {
		b, err := j.read(f)
		if err != nil {
			return nil, err
		}
		// The embedded file's text alone, within the budgets of the whole.
		sub := &job{ctx: j.ctx, l: j.l, inflated: j.inflated, rows: j.rows, depth: 1, out: textBuf{limit: j.l.MaxText}}
		_, err = sub.extract(t, b)
		j.inflated, j.rows = sub.inflated, sub.rows
		if err == nil {
			err = sub.out.err()
		}
		if text := sub.out.String(); err != nil || mask(text) != text {
			return &Problem{Part: f.Name, Reason: "嵌入的文件中含有个人信息或无法读取，无法自动脱敏，请删除嵌入的文件后重新上传"}, nil
		}
		return nil, nil
	}
	if !isXMLPart(f.Name) || structuralPart(f.Name) {
		return nil, nil
	}
	rc, err := j.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	found := false
	err = genericStrings(rc, f.Name, func(s string) {
		found = found || mask(s) != s
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, nil
	}
	return &Problem{Part: f.Name, Reason: partDescription(f.Name) + "中含有个人信息，无法自动脱敏，请删除或改正后重新上传"}, nil
}

func partDescription(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "pivotcache"):
		return "数据透视表缓存"
	case strings.Contains(n, "pivottable"):
		return "数据透视表"
	case strings.Contains(n, "chart"):
		return "图表"
	case strings.Contains(n, "threadedcomment"):
		return "批注"
	case strings.Contains(n, "drawing"), strings.Contains(n, "diagram"), strings.HasSuffix(n, ".vml"):
		return "图形或文本框"
	case strings.Contains(n, "externallink"):
		return "外部链接缓存"
	case strings.HasSuffix(n, ".rels"):
		return "超链接地址"
	case strings.HasPrefix(n, "docprops/"):
		return "文档属性"
	case strings.HasPrefix(n, "customxml/"):
		return "自定义数据"
	}
	return "文档内部数据"
}

// maskSheet masks the cells of one worksheet part.
// maskSheet masks the cells of one worksheet part.
func maskSheet(j *job, data []byte, part, sheet string, shared []string, mask func(string) string) ([]byte, []Problem, error) {
	var edits []ooxml.Edit
	var problems []Problem
	more := 0
	var failure error
	formulaProblem := func(c *cell) {
		problems = addProblem(problems, Problem{Part: part, Sheet: sheet, Cell: c.ref,
			Reason: "公式的计算结果含有个人信息，请改为直接录入脱敏后的文字"}, &more)
	}
	var row rowCells
	err := walkSheet(j, bytes.NewReader(data), part, func(c *cell) error {
		row.add(c, c.text(shared))
		switch c.typ {
		case "inlineStr":
			for _, g := range c.inline {
				e, err := maskGroup(g, mask)
				if err != nil {
					failure = err
				}
				edits = append(edits, e...)
			}
		case "str":
			if c.v != nil {
				if m := mask(c.v.text); m != c.v.text {
					if c.formula {
						formulaProblem(c)
						return nil
					}
					edits = append(edits, edit(c.v.start, c.v.end, ooxml.EscapeText(m)))
				}
			}
		case "", "n":
			if c.v == nil {
				return nil
			}
			if c.longNumber() {
				problems = addProblem(problems, longNumberProblem(part, sheet, c), &more)
				return nil
			}
			text := formatNumber(c.v.text)
			m := mask(text)
			if m == text {
				return nil
			}
			if c.formula {
				formulaProblem(c)
				return nil
			}
			edits = append(edits, edit(c.start, c.end, inlineCell(data[c.start:c.tagEnd], m)))
		}
		return nil
	}, func() error {
		// A number split over adjacent cells: mask the joined text, and write
		// each cell's part of it back as a text cell.
		for _, a := range row.across() {
			m := mask(a.Joined)
			if m == a.Joined {
				continue
			}
			owns := make([]string, 0, a.Last-a.First+1)
			for k := a.First; k <= a.Last; k++ {
				owns = append(owns, strings.TrimFunc(row.texts[k], unicode.IsSpace))
			}
			parts, ok := ooxml.Recut(m, owns)
			if !ok {
				continue
			}
			for i, partText := range parts {
				c := row.cells[a.First+i]
				if partText == owns[i] {
					continue
				}
				if c.formula {
					formulaProblem(c)
					continue
				}
				edits = append(edits, edit(c.start, c.end, inlineCell(data[c.start:c.tagEnd], partText)))
			}
		}
		row.reset()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if failure != nil {
		return nil, nil, failure
	}
	problems = moreProblems(problems, more)
	out := data
	if len(edits) > 0 {
		out = ooxml.Apply(data, edits)
	}
	// Print headers and footers ("联系电话：…" is a common footer).
	hf, err := maskTextPart(out, part, headerFooterRules(), mask)
	if err != nil {
		return nil, nil, err
	}
	if hf != nil {
		return hf, problems, nil
	}
	if len(edits) == 0 {
		return nil, problems, nil
	}
	return out, problems, nil
}

// inlineCell renders a cell as an inline string cell with the given text,
// keeping the start tag (and so the reference and style) of the original.
// The element prefix of the original is reused: some generators write x:c.
func inlineCell(startTag []byte, text string) string {
	tag := string(startTag)
	qname := tag[1:]
	if i := strings.IndexAny(qname, " \t\r\n/>"); i >= 0 {
		qname = qname[:i]
	}
	prefix := ""
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		prefix = qname[:i+1]
	}
	tag = removeAttr(tag, "t")
	tag = strings.TrimSuffix(tag, ">") + ` t="inlineStr">`
	return tag + "<" + prefix + "is><" + prefix + `t xml:space="preserve">` + ooxml.EscapeText(text) +
		"</" + prefix + "t></" + prefix + "is></" + qname + ">"
}

// removeAttr removes an unprefixed attribute from a start tag.
func removeAttr(tag, name string) string {
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c == '"' || c == '\'' {
			j := strings.IndexByte(tag[i+1:], c)
			if j < 0 {
				return tag
			}
			i += j + 1
			continue
		}
		if !(c == ' ' || c == '\t' || c == '\r' || c == '\n') || !strings.HasPrefix(tag[i+1:], name) {
			continue
		}
		k := i + 1 + len(name)
		for k < len(tag) && strings.IndexByte(" \t\r\n", tag[k]) >= 0 {
			k++
		}
		if k >= len(tag) || tag[k] != '=' {
			continue
		}
		k++
		for k < len(tag) && strings.IndexByte(" \t\r\n", tag[k]) >= 0 {
			k++
		}
		if k >= len(tag) || (tag[k] != '"' && tag[k] != '\'') {
			return tag
		}
		end := strings.IndexByte(tag[k+1:], tag[k])
		if end < 0 {
			return tag
		}
		return tag[:i] + tag[k+1+end+1:]
	}
	return tag
}
