package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/catalog"
)

// Result is a successfully read catalog sheet.
type Result struct {
	Sheet   string // the worksheet read
	Title   string // the title above the header (e.g. "XX县社会救助领域基层政务公开标准目录"), if any
	Entries []catalog.Entry
	// Skipped lists rows that were read as layout rather than as entries (group headings, notes
	// under the table), so that the interface can show what was left out and why.
	Skipped []SkippedRow
}

// SkippedRow is a non-empty row that is not an entry.
type SkippedRow struct {
	Row    int
	Text   string
	Reason string
}

const (
	// headerScanRows is how far down the header is looked for: title blocks are a few rows.
	headerScanRows = 30
	// maxColumns bounds the width that is read; the national layout has 14 columns.
	maxColumns = 100
	// xmlInMemory is the worksheet size up to which excelize keeps XML in memory rather than
	// in a temporary file.
	xmlInMemory = 16 << 20
)

// Import reads a standard catalog from an .xlsx upload in the national layout or one of its
// local variants. size is the declared size of the upload (e.g. from the multipart header) and
// lets an oversized file be refused before it is read; pass -1 if unknown.
//
// Problems with the file come back as *ImportError listing every problem found; any error means
// nothing should be stored. Entries are normalized, valid, numbered 1..n in row order, and have
// neither ID nor Key (see catalog.AssignKeys).
func Import(r io.Reader, size int64, opts Options) (*Result, error) {
	lim := opts.Limits.withDefaults()
	tooLarge := fileError(CodeTooLarge, fmt.Sprintf("文件超过 %s 上限", humanBytes(lim.MaxFileSize)))
	if size > lim.MaxFileSize {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("xlsx: read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxFileSize {
		return nil, tooLarge
	}
	info, ierr := inspect(data, lim)
	if ierr != nil {
		return nil, ierr
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzipSize,
		UnzipXMLSizeLimit: min(lim.MaxUnzipSize, xmlInMemory),
		TmpDir:            opts.TmpDir,
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, fileError(CodeCorrupt, "文件已损坏，无法读取工作簿内容")
	}
	defer f.Close()

	sh, ierr := chooseSheet(f, info, opts)
	if ierr != nil {
		return nil, ierr
	}
	merges, err := readMerges(info.zr, sh.path, lim.MaxMerges)
	if err != nil {
		return nil, &ImportError{Problems: []Problem{{Code: CodeCorrupt, Sheet: sh.name,
			Reason: fmt.Sprintf("无法读取合并单元格（已损坏或超过 %d 处）", lim.MaxMerges)}}}
	}
	rows, err := f.Rows(sh.name)
	if err != nil {
		return nil, &ImportError{Problems: []Problem{{Code: CodeCorrupt, Sheet: sh.name, Reason: "无法读取工作表"}}}
	}
	defer rows.Close()

	p := &sheetParser{sheet: sh.name, lim: lim, merges: merges, reported: map[int]bool{}}
	p.run(rows)
	if len(p.problems) > 0 {
		return nil, &ImportError{Problems: p.problems, Truncated: p.truncated}
	}
	p.res.Sheet = sh.name
	return &p.res, nil
}

// chooseSheet picks the worksheet to read: the named one, the only visible one, or the only one
// with a catalog header (by Domain when there are several).
func chooseSheet(f *excelize.File, info *workbookInfo, opts Options) (sheetInfo, *ImportError) {
	names := make([]string, len(info.sheets))
	for i, s := range info.sheets {
		names[i] = s.name
	}
	if want := strings.TrimSpace(opts.Sheet); want != "" {
		for _, s := range info.sheets {
			if strings.TrimSpace(s.name) == want {
				return s, nil
			}
		}
		return sheetInfo{}, fileError(CodeSheet, "工作簿中没有名为“"+want+"”的工作表（现有："+strings.Join(names, "、")+"）")
	}
	var visible []sheetInfo
	for _, s := range info.sheets {
		if !s.hidden {
			visible = append(visible, s)
		}
	}
	if len(visible) == 0 {
		visible = info.sheets
	}
	if len(visible) == 1 {
		return visible[0], nil
	}
	type candidate struct {
		sheet sheetInfo
		title string
	}
	var found []candidate
	for _, s := range visible {
		if ok, title := scanForHeader(f, s.name); ok {
			found = append(found, candidate{s, title})
		}
	}
	switch len(found) {
	case 0:
		return sheetInfo{}, fileError(CodeNoHeader, "在工作表"+quoteAll(names)+"中都没有找到标准目录表头（应包含“公开事项”“公开内容（要素）”“公开时限”“公开主体”等列）")
	case 1:
		return found[0].sheet, nil
	}
	var byDomain []sheetInfo
	var all []string
	for _, c := range found {
		all = append(all, c.sheet.name)
		if opts.Domain != "" && (strings.Contains(c.sheet.name, opts.Domain) || strings.Contains(c.title, opts.Domain)) {
			byDomain = append(byDomain, c.sheet)
		}
	}
	if len(byDomain) == 1 {
		return byDomain[0], nil
	}
	return sheetInfo{}, fileError(CodeSheet, "工作簿中有多个标准目录工作表（"+strings.Join(all, "、")+"），请只保留一个领域的目录后重新上传")
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, "、")
}

// scanForHeader reads the first rows of a sheet to see whether it holds a catalog.
func scanForHeader(f *excelize.File, sheet string) (bool, string) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return false, ""
	}
	defer rows.Close()
	var title []string
	for n := 0; n < headerScanRows && rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return false, ""
		}
		if headerScore(cells) >= 3 {
			return true, strings.Join(title, " ")
		}
		title = append(title, cells...)
	}
	return false, ""
}

// sheetParser turns the rows of one worksheet into entries, collecting problems.
type sheetParser struct {
	sheet  string
	lim    Limits
	merges []mergeRange // sorted by first row
	next   int          // next merge to activate
	active []activeMerge

	res       Result
	problems  []Problem
	truncated bool
	stopped   bool

	titleLines []string
	headerRow  int
	header     []string // filled header row, until the columns are built
	cols       []column
	fieldCol   map[string]*column
	sawData    bool
	prev       []string // values of the previous entry row, for 同上
	stages     []catalog.Stage
	reported   map[int]bool // columns already reported as unlabelled
}

type activeMerge struct {
	mergeRange
	value string
}

func (p *sheetParser) add(pr Problem) {
	if p.stopped {
		return
	}
	if len(p.problems) >= p.lim.MaxProblems {
		p.truncated, p.stopped = true, true
		return
	}
	pr.Sheet = p.sheet
	p.problems = append(p.problems, pr)
}

func (p *sheetParser) cellProblem(code string, row int, c *column, reason string) {
	pr := Problem{Code: code, Row: row, Reason: reason}
	if c != nil {
		pr.Column, pr.Header = c.letter, c.header
	}
	p.add(pr)
}

func (p *sheetParser) run(rows *excelize.Rows) {
	row := 0
	for !p.stopped && rows.Next() {
		row++
		// Counted as the rows stream in, blank ones and notes included: the limit on entries
		// alone lets a sheet of empty or note rows be read to its end.
		if row > p.lim.MaxSheetRows {
			p.add(Problem{Code: CodeTooManyRows, Row: row, Reason: fmt.Sprintf("工作表超过%d行上限（含空行和说明行）", p.lim.MaxSheetRows)})
			p.stopped = true
			return
		}
		raw, err := rows.Columns()
		if err != nil {
			p.add(Problem{Code: CodeCorrupt, Row: row, Reason: "无法读取该行，文件可能已损坏"})
			return
		}
		if len(raw) > maxColumns {
			p.checkExtraColumns(row, raw[maxColumns:], maxColumns)
			raw = raw[:maxColumns]
		}
		p.checkLengths(row, raw)
		filled := p.fill(row, raw)

		switch {
		case p.header == nil && p.cols == nil:
			if row > headerScanRows {
				p.stopped = true // no header: reported below
				break
			}
			if headerScore(filled) >= 3 {
				p.header, p.headerRow = filled, row
				continue
			}
			p.addTitle(filled)
		case p.cols == nil:
			if p.isSubHeader(p.header, filled) {
				p.setColumns(buildColumns(p.header, filled))
				continue
			}
			p.setColumns(buildColumns(p.header, nil))
			if !p.stopped {
				p.dataRow(row, raw, filled)
			}
		default:
			p.dataRow(row, raw, filled)
		}
	}
	if err := rows.Error(); err != nil && !p.stopped {
		p.add(Problem{Code: CodeCorrupt, Reason: "工作表行数超出 Excel 上限，文件可能已损坏"})
	}
	switch {
	case p.header == nil && p.cols == nil:
		p.stopped = false
		p.add(Problem{Code: CodeNoHeader, Reason: fmt.Sprintf("前%d行中没有找到标准目录表头（应包含“公开事项”“公开内容（要素）”“公开时限”“公开主体”等列）", headerScanRows)})
		return
	case p.cols == nil:
		p.setColumns(buildColumns(p.header, nil))
	}
	if len(p.problems) == 0 && len(p.res.Entries) == 0 {
		p.add(Problem{Code: CodeNoEntries, Row: p.headerRow, Reason: "表头下没有目录条目"})
	}
	p.res.Title = chooseTitle(p.titleLines)
}

// fill returns the row with the value of every merged range copied into each cell it covers,
// so that a 一级事项 merged over its 二级事项 rows (or a header merged over two rows) reads the
// same in every row.
func (p *sheetParser) fill(row int, raw []string) []string {
	for p.next < len(p.merges) && p.merges[p.next].r1 <= row {
		m := p.merges[p.next]
		p.next++
		if m.r2 < row {
			continue
		}
		var v string
		if m.r1 == row && m.c1-1 < len(raw) {
			v = raw[m.c1-1]
		}
		p.active = append(p.active, activeMerge{m, v})
	}
	live := p.active[:0]
	for _, a := range p.active {
		if a.r2 >= row {
			live = append(live, a)
		}
	}
	p.active = live
	if len(p.active) == 0 {
		return raw
	}
	var filled []string
	for _, a := range p.active {
		if a.value == "" || (a.r1 == row && a.c1 == a.c2) {
			continue
		}
		if filled == nil {
			filled = append(make([]string, 0, max(len(raw), 16)), raw...)
		}
		for c := a.c1; c <= min(a.c2, maxColumns); c++ {
			for len(filled) < c {
				filled = append(filled, "")
			}
			filled[c-1] = a.value
		}
	}
	if filled == nil {
		return raw
	}
	return filled
}

func (p *sheetParser) addTitle(cells []string) {
	var parts []string
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c != "" && (len(parts) == 0 || parts[len(parts)-1] != c) {
			parts = append(parts, c)
		}
	}
	if len(parts) > 0 {
		p.titleLines = append(p.titleLines, strings.Join(parts, " "))
	}
}

// chooseTitle picks the catalog's name among the lines above the header (which may also hold
// "附件2" or "填报单位：…"): the line that names a 目录 or 清单, else the longest.
func chooseTitle(lines []string) string {
	best := ""
	for _, l := range lines {
		if strings.Contains(l, "目录") || strings.Contains(l, "清单") {
			return strings.Join(strings.Fields(l), " ")
		}
		if utf8.RuneCountInString(l) > utf8.RuneCountInString(best) {
			best = l
		}
	}
	return strings.Join(strings.Fields(best), " ")
}

// isSubHeader decides whether the row under the header row is its second row (一级事项 ·
// 二级事项, 全社会 · 特定群体 …) or already data.
func (p *sheetParser) isSubHeader(top, next []string) bool {
	at := func(s []string, i int) string {
		if i < len(s) {
			return headerKey(s[i])
		}
		return ""
	}
	n := 0
	for i := 0; i < max(len(top), len(next)); i++ {
		t, s := at(top, i), at(next, i)
		if classifySingle(t) == colContent && s != "" && s != t {
			return false // a data row: the content column holds content
		}
		if isSubLabel(t, s) || (t == "" && s != "" && classifySingle(s) != colUnknown && classifySingle(s) != colNone) {
			n++
		}
	}
	return n > 0
}

// setColumns installs the classified columns and reports header problems. A missing required
// column stops the import: every row would fail for it.
func (p *sheetParser) setColumns(cols []column) {
	p.cols, p.header = cols, nil
	p.fieldCol = map[string]*column{}
	seen := map[colKind]*column{}
	has := func(kinds ...colKind) bool {
		for _, k := range kinds {
			if seen[k] != nil {
				return true
			}
		}
		return false
	}
	for i := range cols {
		c := &cols[i]
		switch c.kind {
		case colNone:
			continue
		case colUnknown:
			p.cellProblem(CodeUnknownColumn, p.headerRow, c, "无法识别的表头“"+c.header+"”，标准目录中没有这一列")
			continue
		case colChannel, colStage:
			// one column per option; several columns naming the same channel are merged
		case colSeq:
			// a second numbering column is harmless
		default:
			if prev := seen[c.kind]; prev != nil {
				p.cellProblem(CodeDuplicateColumn, p.headerRow, c, "与"+prev.letter+"列（"+prev.header+"）重复")
				continue
			}
		}
		if seen[c.kind] == nil {
			seen[c.kind] = c
		}
	}
	required := []struct {
		name  string
		kinds []colKind
	}{
		{"公开事项（一级事项、二级事项）", []colKind{colItem1, colItem2, colItem}},
		{"公开内容（要素）", []colKind{colContent}},
		{"公开依据", []colKind{colBasis}},
		{"公开时限", []colKind{colTimeLimit}},
		{"公开主体", []colKind{colBody}},
		{"公开渠道和载体", []colKind{colChannels, colChannel}},
		{"公开对象（全社会、特定群体）", []colKind{colAudiencePublic, colAudienceGroup, colAudienceText}},
		{"公开方式（主动、依申请）", []colKind{colModeProactive, colModeOnRequest, colModeText}},
	}
	missing := false
	for _, r := range required {
		if !has(r.kinds...) {
			p.add(Problem{Code: CodeMissingColumn, Row: p.headerRow, Reason: "缺少必需的列“" + r.name + "”"})
			missing = true
		}
	}
	if missing {
		p.stopped = true
		return
	}
	first := func(kinds ...colKind) *column {
		var best *column
		for _, k := range kinds {
			if c := seen[k]; c != nil && (best == nil || c.index < best.index) {
				best = c
			}
		}
		return best
	}
	p.fieldCol[catalog.FieldItem1] = first(colItem1, colItem)
	p.fieldCol[catalog.FieldItem2] = seen[colItem2]
	if p.fieldCol[catalog.FieldItem2] == nil {
		p.fieldCol[catalog.FieldItem2] = p.fieldCol[catalog.FieldItem1]
	}
	p.fieldCol[catalog.FieldContent] = seen[colContent]
	p.fieldCol[catalog.FieldLegalBasis] = seen[colBasis]
	p.fieldCol[catalog.FieldTimeLimit] = seen[colTimeLimit]
	p.fieldCol[catalog.FieldResponsibleBody] = seen[colBody]
	p.fieldCol[catalog.FieldChannels] = first(colChannels, colChannel)
	p.fieldCol[catalog.FieldAudience] = first(colAudiencePublic, colAudienceGroup, colAudienceText)
	p.fieldCol[catalog.FieldMode] = first(colModeProactive, colModeOnRequest, colModeText)
	p.fieldCol[catalog.FieldLevel] = first(colLevelCounty, colLevelTownship, colLevelText)
	p.fieldCol[catalog.FieldStages] = first(colCategory, colStages, colStage)
	p.fieldCol[catalog.FieldNotPublicBasis] = seen[colNotPublicBasis]
	p.fieldCol[catalog.FieldNotes] = seen[colNotes]
}

// checkLengths reports cells longer than the limit; the byte length is a cheap upper bound of
// the character count.
func (p *sheetParser) checkLengths(row int, raw []string) {
	for i, v := range raw {
		if len(v) > p.lim.MaxCellLen {
			if n := utf8.RuneCountInString(v); n > p.lim.MaxCellLen {
				p.cellProblem(CodeCellTooLong, row, p.colAt(i), fmt.Sprintf("内容过长（%d字，上限%d字）", n, p.lim.MaxCellLen))
			}
		}
	}
}

func (p *sheetParser) colAt(i int) *column {
	if i < len(p.cols) {
		return &p.cols[i]
	}
	return &column{index: i, letter: colLetter(i)}
}

// checkExtraColumns reports data in columns that have no header, once per column.
func (p *sheetParser) checkExtraColumns(row int, cells []string, offset int) {
	if p.cols == nil {
		return
	}
	for i, v := range cells {
		col := offset + i
		if strings.TrimSpace(v) == "" || p.reported[col] {
			continue
		}
		p.reported[col] = true
		p.cellProblem(CodeNoHeaderColumn, row, p.colAt(col), "该列没有表头，无法识别其中的内容“"+clip(v)+"”")
	}
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 20 {
		return string([]rune(s)[:20]) + "…"
	}
	return s
}

// isBlankRow reports rows without own content (spacer rows; numbered but empty template rows).
func (p *sheetParser) isBlankRow(raw []string) bool {
	for i, v := range raw {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if i < len(p.cols) && p.cols[i].kind == colSeq && isNumber(v) {
			continue
		}
		return false
	}
	return true
}

// isNumber reports whether v is a sequence number such as "12", "12." or "12、".
func isNumber(v string) bool {
	v = strings.TrimRight(strings.TrimSpace(v), ".、")
	if v == "" {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isNumberingRow recognises the "1 2 3 … 14" column-number row some forms put under the header.
func isNumberingRow(raw []string) bool {
	n := 0
	for _, v := range raw {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if !isNumber(v) {
			return false
		}
		n++
	}
	return n >= 3
}

// layoutRow recognises a row that is a heading or a note rather than an entry: a single text,
// either merged across most of the table ("一、决策公开", "一、最低生活保障") or starting like a
// note under the table ("注：", "填表人："). A heading naming a 五公开 stage applies that stage to
// the rows below it.
func (p *sheetParser) layoutRow(row int, raw []string) bool {
	idx := -1
	for i, v := range raw {
		if strings.TrimSpace(v) != "" {
			if idx >= 0 {
				return false
			}
			idx = i
		}
	}
	if idx < 0 {
		return false
	}
	text := strings.TrimSpace(raw[idx])
	wide := false
	for _, a := range p.active {
		if a.r1 == row && a.r2 == row && a.c1 == idx+1 && a.c2-a.c1+1 >= max(3, (len(p.cols)+1)/2) {
			wide = true
		}
	}
	switch {
	case isFootnote(text):
		p.res.Skipped = append(p.res.Skipped, SkippedRow{Row: row, Text: text, Reason: "表格说明"})
	case !wide:
		return false
	case strings.Contains(text, "公开") && utf8.RuneCountInString(text) <= 20 && len(catalog.StageFromName(text)) > 0:
		p.stages = catalog.StageFromName(text)
		p.res.Skipped = append(p.res.Skipped, SkippedRow{Row: row, Text: text,
			Reason: "分组标题，其下各行的五公开类别记为“" + catalog.StagesText(p.stages) + "”"})
	default:
		p.res.Skipped = append(p.res.Skipped, SkippedRow{Row: row, Text: text, Reason: "分组标题"})
	}
	return true
}

// dataRow reads one row below the header into an entry.
func (p *sheetParser) dataRow(row int, raw, filled []string) {
	if p.isBlankRow(raw) {
		return
	}
	if !p.sawData && isNumberingRow(raw) {
		return
	}
	p.sawData = true
	if p.layoutRow(row, raw) {
		return
	}
	if len(raw) > len(p.cols) {
		p.checkExtraColumns(row, raw[len(p.cols):], len(p.cols))
	}
	for i := range min(len(raw), len(p.cols)) {
		if p.cols[i].kind == colNone && strings.TrimSpace(raw[i]) != "" && !p.reported[i] {
			p.reported[i] = true
			p.cellProblem(CodeNoHeaderColumn, row, &p.cols[i], "该列没有表头，无法识别其中的内容“"+clip(raw[i])+"”")
		}
	}
	if len(p.res.Entries) >= p.lim.MaxRows {
		p.add(Problem{Code: CodeTooManyRows, Row: row, Reason: fmt.Sprintf("目录条目超过%d行上限", p.lim.MaxRows)})
		p.stopped = true
		return
	}

	vals := make([]string, len(p.cols))
	copy(vals, filled)
	bad := map[string]bool{} // fields with a cell problem in this row: no second message for them
	for i := range vals {
		if !isSameAsAbove(vals[i]) {
			continue
		}
		if p.prev == nil {
			p.cellProblem(CodeSameAsAbove, row, &p.cols[i], "第一条目录不能填写“同上”")
			bad[fieldOf(p.cols[i].kind)] = true
			vals[i] = ""
			continue
		}
		vals[i] = p.prev[i]
	}

	var e catalog.Entry
	mark := func(c *column, v string, dst *bool) {
		set, ok := parseMark(v, c.label)
		if !ok {
			p.cellProblem(CodeBadMark, row, c, "无法识别的标记“"+clip(v)+"”，应打“√”或留空")
			bad[fieldOf(c.kind)] = true
			return
		}
		*dst = *dst || set
	}
	valueProblem := func(c *column, msg string) {
		p.cellProblem(CodeBadValue, row, c, msg)
		bad[fieldOf(c.kind)] = true
	}
	for i := range p.cols {
		c := &p.cols[i]
		v := vals[i]
		switch c.kind {
		case colItem1, colItem:
			e.Item1 = v
		case colItem2:
			e.Item2 = v
		case colContent:
			e.Content = v
		case colBasis:
			e.LegalBasis = v
		case colTimeLimit:
			e.TimeLimitText = v
		case colBody:
			e.ResponsibleBody = v
		case colChannels:
			chs, msg := parseChannels(v)
			if msg != "" {
				valueProblem(c, msg)
			}
			e.Channels = append(e.Channels, chs...)
		case colChannel:
			var set bool
			mark(c, v, &set)
			if set {
				e.Channels = append(e.Channels, c.channel)
			}
		case colAudiencePublic:
			mark(c, v, &e.AudiencePublic)
		case colAudienceGroup:
			mark(c, v, &e.AudienceGroup)
		case colModeProactive:
			mark(c, v, &e.ModeProactive)
		case colModeOnRequest:
			mark(c, v, &e.ModeOnRequest)
		case colLevelCounty:
			mark(c, v, &e.LevelCounty)
		case colLevelTownship:
			mark(c, v, &e.LevelTownship)
		case colAudienceText, colModeText, colLevelText:
			match, dst1, dst2 := matchAudience, &e.AudiencePublic, &e.AudienceGroup
			if c.kind == colModeText {
				match, dst1, dst2 = matchMode, &e.ModeProactive, &e.ModeOnRequest
			} else if c.kind == colLevelText {
				match, dst1, dst2 = matchLevel, &e.LevelCounty, &e.LevelTownship
			}
			a, b, msg := parseChoice(v, match)
			if msg != "" {
				valueProblem(c, msg)
			}
			*dst1, *dst2 = *dst1 || a, *dst2 || b
		case colCategory, colStages:
			st, msg := parseStages(v)
			if msg != "" {
				valueProblem(c, msg)
			}
			e.Stages = append(e.Stages, st...)
		case colStage:
			var set bool
			mark(c, v, &set)
			if set {
				e.Stages = append(e.Stages, c.stage)
			}
		case colNotes:
			e.Notes = v
		case colNotPublicBasis:
			e.NotPublicBasis = v
			e.NotPublic = strings.TrimSpace(v) != ""
		}
	}
	e.Stages = append(e.Stages, p.stages...)
	e.Seq = len(p.res.Entries) + 1
	e.Normalize()
	for _, fe := range e.Validate() {
		if bad[fe.Field] {
			continue
		}
		pr := Problem{Code: CodeInvalid, Row: row, Header: fe.Label, Reason: fe.Message}
		if c := p.fieldCol[fe.Field]; c != nil {
			pr.Column, pr.Header = c.letter, c.errorHeader()
		}
		p.add(pr)
	}
	p.prev = vals
	p.res.Entries = append(p.res.Entries, e)
}

// fieldOf maps a column kind to the entry field it feeds, to suppress duplicate messages.
func fieldOf(k colKind) string {
	switch k {
	case colItem1, colItem:
		return catalog.FieldItem1
	case colItem2:
		return catalog.FieldItem2
	case colContent:
		return catalog.FieldContent
	case colBasis:
		return catalog.FieldLegalBasis
	case colTimeLimit:
		return catalog.FieldTimeLimit
	case colBody:
		return catalog.FieldResponsibleBody
	case colChannels, colChannel:
		return catalog.FieldChannels
	case colAudiencePublic, colAudienceGroup, colAudienceText:
		return catalog.FieldAudience
	case colModeProactive, colModeOnRequest, colModeText:
		return catalog.FieldMode
	case colLevelCounty, colLevelTownship, colLevelText:
		return catalog.FieldLevel
	case colCategory, colStages, colStage:
		return catalog.FieldStages
	case colNotes:
		return catalog.FieldNotes
	case colNotPublicBasis:
		return catalog.FieldNotPublicBasis
	}
	return ""
}
