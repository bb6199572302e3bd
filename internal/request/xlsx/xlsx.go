// Package xlsx writes the annual report (政府信息公开工作年度报告) as a workbook in the layout of
// 国办公开办函〔2021〕30号: sections 一 to 六, tables 二, 三 and 四 as in the national format.
package xlsx

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/request"
)

// Write writes the report to w.
func Write(w io.Writer, rep request.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "年度报告"
	f.SetSheetName("Sheet1", sh)
	row := 1
	cell := func(col, r int) string { n, _ := excelize.CoordinatesToCellName(col, r); return n }
	put := func(col int, v any) { f.SetCellValue(sh, cell(col, row), v) }
	line := func(vs ...any) {
		for i, v := range vs {
			put(i+1, v)
		}
		row++
	}
	line(rep.UnitName + strconv.Itoa(rep.Year) + "年政府信息公开工作年度报告")
	row++
	line("一、总体情况")
	line(rep.Texts.Overview)
	row++
	line("二、主动公开政府信息情况")
	line("第二十条第（一）项")
	line("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
	t2 := rep.Table2
	line("规章", t2.RulesMade, t2.RulesRepealed, t2.RulesInForce)
	line("行政规范性文件", t2.NormativeMade, t2.NormativeRepealed, t2.NormativeInForce)
	line("第二十条第（五）项")
	line("信息内容", "本年处理决定数量")
	line("行政许可", t2.Licensing)
	line("第二十条第（六）项")
	line("信息内容", "本年处理决定数量")
	line("行政处罚", t2.Penalty)
	line("行政强制", t2.Coercion)
	line("第二十条第（八）项")
	line("信息内容", "本年收费金额（单位：万元）")
	line("行政事业性收费", t2.FeesWan)
	row++
	line("三、收到和处理政府信息公开申请情况")
	line("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
	line("", "自然人", "法人或其他组织", "", "", "", "", "总计")
	hdr := []any{"", ""}
	for _, c := range rep.Table3.Columns[1 : len(rep.Table3.Columns)-1] {
		hdr = append(hdr, c)
	}
	line(hdr...)
	for _, r := range rep.Table3.Rows {
		vs := []any{r.Label}
		for _, c := range r.Cells {
			vs = append(vs, c)
		}
		line(vs...)
	}
	row++
	line("四、政府信息公开行政复议、行政诉讼情况")
	line("行政复议", "", "", "", "", "行政诉讼")
	line("", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉")
	var h4, v4 []any
	for range 3 {
		for _, o := range request.Outcomes() {
			h4 = append(h4, o.Label())
		}
		h4 = append(h4, "总计")
	}
	for _, r := range rep.Table4.Rows {
		for _, c := range r.Cells {
			v4 = append(v4, c)
		}
	}
	line(h4...)
	line(v4...)
	row++
	line("五、存在的主要问题及改进情况")
	line(rep.Texts.Problems)
	row++
	line("六、其他需要报告的事项")
	line(rep.Texts.Other)
	if len(rep.Failures) > 0 {
		row++
		line("校验未通过：")
		for _, fl := range rep.Failures {
			line(fl.Message)
		}
	}
	f.SetColWidth(sh, "A", "A", 48)
	return f.Write(w)
}
