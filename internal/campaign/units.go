package campaign

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/errs"
	"gongkai/internal/ooxml"
)

// Limits of a participants workbook: the plan's table has a few dozen rows.
const (
	maxUnitsFile = 2 << 20
	maxUnitsRows = 2000
)

// UnitsTable reads the participants from a workbook in the layout of the plan's attachment
// (《试点单位及试点内容表》): a header row 序号 · 设区市 · 试点单位 · 试点内容, then one row per
// unit with its domains as a 、-separated list of names. unit resolves a city and unit name
// to the unit's code, domain a domain name (or code) to its code. Every unknown name is an
// error located by cell (“C5”); with any error nothing is returned.
func UnitsTable(data []byte, unit func(city, name string) (string, bool), domain func(string) (string, bool)) ([]Participant, error) {
	if _, gerr := ooxml.Open(data, ooxml.Limits{MaxFileSize: maxUnitsFile, MaxEntries: 200, MaxUncompressed: 20 << 20, MaxRatio: 200}); gerr != nil {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: "不是有效的 Excel 工作簿（.xlsx）或超过大小限制"})
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 20 << 20, UnzipXMLSizeLimit: 20 << 20})
	if err != nil {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: "无法读取工作簿"})
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: "工作簿没有工作表"})
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: "无法读取工作表"})
	}
	var fe []errs.FieldError
	cell := func(col, row int) string { n, _ := excelize.CoordinatesToCellName(col, row); return n }
	// The header: the first row whose cells name the four columns.
	head := -1
	for i, r := range rows {
		if i > 10 {
			break
		}
		if len(r) >= 4 && strings.TrimSpace(r[1]) == "设区市" && strings.TrimSpace(r[2]) == "试点单位" && strings.TrimSpace(r[3]) == "试点内容" {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "A1", Label: "表头", Message: "须为“序号、设区市、试点单位、试点内容”四列"})
	}
	if len(rows)-head-1 > maxUnitsRows {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: fmt.Sprintf("超过%d行", maxUnitsRows)})
	}
	var out []Participant
	seen := map[string]string{}
	for i := head + 1; i < len(rows); i++ {
		r := append(rows[i], "", "", "", "")
		city, name, content := strings.TrimSpace(r[1]), strings.TrimSpace(r[2]), strings.TrimSpace(r[3])
		if city == "" && name == "" && content == "" {
			continue
		}
		row := i + 1
		code, ok := unit(city, name)
		if !ok {
			fe = append(fe, errs.FieldError{Field: cell(3, row), Label: cell(3, row), Message: fmt.Sprintf("设区市“%s”下没有试点单位“%s”", city, name)})
			continue
		}
		if prev, dup := seen[code]; dup {
			fe = append(fe, errs.FieldError{Field: cell(3, row), Label: cell(3, row), Message: fmt.Sprintf("“%s”与%s重复", name, prev)})
			continue
		}
		seen[code] = cell(3, row)
		p := Participant{Unit: code}
		for _, d := range strings.FieldsFunc(content, func(r rune) bool { return r == '、' || r == '，' || r == ',' || r == '；' || r == ';' }) {
			d = strings.TrimSpace(d)
			if d == "" {
				continue
			}
			dc, ok := domain(d)
			if !ok {
				fe = append(fe, errs.FieldError{Field: cell(4, row), Label: cell(4, row), Message: fmt.Sprintf("没有名为“%s”的领域", d)})
				continue
			}
			p.Domains = append(p.Domains, dc)
		}
		if len(p.Domains) == 0 && content == "" {
			fe = append(fe, errs.FieldError{Field: cell(4, row), Label: cell(4, row), Message: "试点内容不能为空"})
		}
		out = append(out, p)
	}
	if len(fe) > 0 {
		return nil, errs.Fields("试点单位表有误", fe...)
	}
	if len(out) == 0 {
		return nil, errs.Fields("试点单位表有误", errs.FieldError{Field: "file", Label: "文件", Message: "没有试点单位"})
	}
	return out, nil
}
