package xlsx

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/catalog"
)

// Meta describes the catalog being exported, for its title row and sheet name.
type Meta struct {
	Unit    string // pilot unit, e.g. 西安市未央区
	Domain  string // domain name, e.g. 社会救助
	Version string // e.g. "第2版" or "第3版（草稿）"
	// Title replaces the title built from Unit, Domain and Version when set.
	Title string
	// Sheet is the worksheet name; default Domain, or 标准目录.
	Sheet string
}

func (m Meta) title() string {
	if m.Title != "" {
		return m.Title
	}
	t := m.Unit + m.Domain
	if m.Domain != "" {
		t += "领域"
	}
	t += "基层政务公开标准目录"
	switch {
	case strings.ContainsAny(m.Version, "（("): // "第2版（草稿）": no brackets inside brackets
		t += " " + m.Version
	case m.Version != "":
		t += "（" + m.Version + "）"
	}
	return t
}

// sheetName makes a valid worksheet name: at most 31 characters, none of []:*?/\.
func (m Meta) sheetName() string {
	name := m.Sheet
	if name == "" {
		name = m.Domain
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "标准目录"
	}
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	return name
}

// exportCol is one column of the exported table.
type exportCol struct {
	top, sub string  // header rows 2 and 3; sub "" means merged over both
	width    float64 // in Excel character units
	center   bool
	value    func(e *catalog.Entry) string
}

func check(b bool) string {
	if b {
		return "√"
	}
	return ""
}

// exportColumns is the national layout, plus the optional columns (五公开, 不予公开依据, 备注)
// when any entry uses them, so that a catalog without them prints exactly as the national table
// and one with them survives a round trip.
func exportColumns(entries []catalog.Entry) []exportCol {
	cols := []exportCol{
		{top: "序号", width: 6, center: true},
		{top: "公开事项", sub: "一级事项", width: 14, value: func(e *catalog.Entry) string { return e.Item1 }},
		{top: "公开事项", sub: "二级事项", width: 16, value: func(e *catalog.Entry) string { return e.Item2 }},
		{top: "公开内容（要素）", width: 34, value: func(e *catalog.Entry) string { return e.Content }},
		{top: "公开依据", width: 34, value: func(e *catalog.Entry) string { return e.LegalBasis }},
		{top: "公开时限", width: 18, value: func(e *catalog.Entry) string { return e.TimeLimitText }},
		{top: "公开主体", width: 18, value: func(e *catalog.Entry) string { return e.ResponsibleBody }},
		{top: "公开渠道和载体", width: 30, value: func(e *catalog.Entry) string { return channelChecklist(e.Channels) }},
		{top: "公开对象", sub: "全社会", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.AudiencePublic) }},
		{top: "公开对象", sub: "特定群体", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.AudienceGroup) }},
		{top: "公开方式", sub: "主动", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.ModeProactive) }},
		{top: "公开方式", sub: "依申请", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.ModeOnRequest) }},
		{top: "公开层级", sub: "县级", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.LevelCounty) }},
		{top: "公开层级", sub: "乡级", width: 7, center: true, value: func(e *catalog.Entry) string { return check(e.LevelTownship) }},
	}
	var stages, notPublic, notes bool
	for i := range entries {
		stages = stages || len(entries[i].Stages) > 0
		notPublic = notPublic || entries[i].NotPublic || entries[i].NotPublicBasis != ""
		notes = notes || entries[i].Notes != ""
	}
	if stages {
		cols = append(cols, exportCol{top: "五公开", width: 12, value: func(e *catalog.Entry) string { return stageChecklist(e.Stages) }})
	}
	if notPublic {
		cols = append(cols, exportCol{top: "不予公开依据", width: 24, value: func(e *catalog.Entry) string { return e.NotPublicBasis }})
	}
	if notes {
		cols = append(cols, exportCol{top: "备注", width: 16, value: func(e *catalog.Entry) string { return e.Notes }})
	}
	return cols
}

// channelChecklist writes the 13 national options with ■/□, as the national table prints them,
// followed by the selected custom channels.
func channelChecklist(chs []string) string {
	chs = catalog.SortChannels(chs)
	on := make(map[string]bool, len(chs))
	for _, ch := range chs {
		on[ch] = true
	}
	var b strings.Builder
	for _, code := range catalog.NationalChannelCodes() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if on[code] {
			b.WriteString("■")
		} else {
			b.WriteString("□")
		}
		b.WriteString(catalog.ChannelName(code))
	}
	for _, ch := range chs {
		if name, ok := catalog.CustomChannelName(ch); ok {
			b.WriteString(" ■" + name)
		}
	}
	return b.String()
}

func stageChecklist(ss []catalog.Stage) string {
	on := map[catalog.Stage]bool{}
	for _, s := range ss {
		on[s] = true
	}
	var parts []string
	for _, s := range catalog.AllStages() {
		m := "□"
		if on[s] {
			m = "■"
		}
		parts = append(parts, m+s.Label())
	}
	return strings.Join(parts, " ")
}

// Export writes entries as a standard catalog workbook in the national layout: a title row, two
// header rows with merged cells, 一级事项 merged over consecutive rows with the same value,
// channels as a ■/□ checklist, √ marks, and a page set up to print on landscape A4 with the
// header repeated. Import reads the file back to the same (normalized) entries.
func Export(w io.Writer, meta Meta, entries []catalog.Entry) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := meta.sheetName()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: export: %w", err)
	}
	cols := exportColumns(entries)
	if err := setupPage(f, sheet); err != nil {
		return fmt.Errorf("xlsx: export: page setup: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx: export: styles: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: export: %w", err)
	}
	// Right to left: excelize prepends each new <col>, and the format wants them ascending.
	for i := len(cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, cols[i].width); err != nil {
			return fmt.Errorf("xlsx: export: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: export: %w", err)
	}
	if err := writeRows(sw, st, meta, cols, entries); err != nil {
		return fmt.Errorf("xlsx: export: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: export: %w", err)
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: meta.title(), Creator: "gongkai", Language: "zh-CN"})
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: export: write: %w", err)
	}
	return nil
}

type styles struct {
	title, header, text, center int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = mk(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 16, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	s.header = mk(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 11, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Border:    border,
	})
	s.text = mk(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true},
		Border:    border,
	})
	s.center = mk(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	})
	return s, err
}

// setupPage prepares printing before the stream writer takes the sheet over: landscape A4, fit
// to one page wide, narrow margins, page numbers, and the two header rows on every page.
func setupPage(f *excelize.File, sheet string) error {
	a4, landscape, one, zero := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	lr, tb, hf, center := 0.4, 0.6, 0.3, true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &center}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$2:$3", sheet),
		Scope:    sheet,
	})
}

func writeRows(sw *excelize.StreamWriter, st styles, meta Meta, cols []exportCol, entries []catalog.Entry) error {
	n := len(cols)
	last := colLetter(n - 1)

	row := make([]any, n)
	for i := range row {
		row[i] = excelize.Cell{StyleID: st.title}
	}
	row[0] = excelize.Cell{StyleID: st.title, Value: meta.title()}
	if err := sw.SetRow("A1", row, excelize.RowOpts{Height: 36}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}

	top, sub := make([]any, n), make([]any, n)
	for i, c := range cols {
		top[i] = excelize.Cell{StyleID: st.header, Value: c.top}
		sub[i] = excelize.Cell{StyleID: st.header}
		if c.sub != "" {
			sub[i] = excelize.Cell{StyleID: st.header, Value: c.sub}
		}
	}
	if err := sw.SetRow("A2", top, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if err := sw.SetRow("A3", sub, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	for i := 0; i < n; {
		j := i
		for j+1 < n && cols[j+1].sub != "" && cols[j+1].top == cols[i].top {
			j++
		}
		var err error
		switch {
		case cols[i].sub == "":
			err = sw.MergeCell(colLetter(i)+"2", colLetter(i)+"3")
		case j > i:
			err = sw.MergeCell(colLetter(i)+"2", colLetter(j)+"2")
		}
		if err != nil {
			return err
		}
		i = j + 1
	}

	const first = 4
	groupStart := first
	for k := range entries {
		e := &entries[k]
		r := first + k
		vals := make([]any, n)
		height := 1
		continued := k > 0 && e.Item1 != "" && e.Item1 == entries[k-1].Item1
		for i, c := range cols {
			style := st.text
			if c.center {
				style = st.center
			}
			switch {
			case c.value == nil: // 序号
				vals[i] = excelize.Cell{StyleID: style, Value: k + 1}
			case i == 1 && continued: // covered by the merged 一级事项 above
				vals[i] = excelize.Cell{StyleID: style}
			default:
				v := c.value(e)
				vals[i] = excelize.Cell{StyleID: style}
				if v != "" { // no empty string element for blank cells
					vals[i] = excelize.Cell{StyleID: style, Value: v}
				}
				height = max(height, lineCount(v, c.width))
			}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), vals, excelize.RowOpts{Height: rowHeight(height)}); err != nil {
			return err
		}
		// Close the 一级事项 group when the next entry starts another one.
		if k+1 == len(entries) || entries[k+1].Item1 != e.Item1 || e.Item1 == "" {
			if r > groupStart {
				if err := sw.MergeCell(fmt.Sprintf("B%d", groupStart), fmt.Sprintf("B%d", r)); err != nil {
					return err
				}
			}
			groupStart = r + 1
		}
	}
	return nil
}

// lineCount estimates how many lines a wrapped cell needs: Chinese characters take two width
// units, others one. Row heights are set explicitly so that the sheet prints without cut text
// in applications that do not fit rows on opening.
func lineCount(s string, width float64) int {
	usable := max(width-1.5, 2)
	lines := 0
	for _, l := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range l {
			if r < 0x2e80 {
				w++
			} else {
				w += 2.05
			}
		}
		lines += max(1, int((w+usable-1)/usable))
	}
	return lines
}

func rowHeight(lines int) float64 {
	return min(float64(lines)*13.5+6, 409) // 10-point 宋体 needs about 13.5 points a line
}
