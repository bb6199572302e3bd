package attach

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/pii"
)

// An ID typed over two adjacent cells, and a mobile over three, read as one
// number on a sheet without borders: the extracted text names the cells and
// holds the joined number, and MaskXLSX masks it over the cells.
func TestXLSXNumberAcrossCells(t *testing.T) {
	id := id18("610112", "19850315", "201")
	data := buildXLSX(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"序号", "姓名", "身份证号", "", "电话", "", ""})
		f.SetSheetRow("Sheet1", "A2", &[]any{1, "张三", id[:10], id[10:], "138", "1234", "5678"})
		f.SetSheetRow("Sheet1", "A3", &[]any{2, "李四", 2026, 12, 7, "", ""}) // numbers side by side that are not one
		f.SetCellValue("Sheet1", "C4", 6101121985)                          // a numeric cell continued by a text cell
		f.SetCellStr("Sheet1", "D4", "0315201"+id[17:])
	})
	x, err := Extract(context.Background(), XLSX, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := kinds(pii.Find(x.Text))
	want := map[string]int{"ID18 " + id: 2, "Mobile 13812345678": 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s seen %d times, want %d: %v\n%s", k, got[k], n, got, x.Text)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	for _, s := range []string{"相邻单元格 C2–D2 合起来：" + id, "相邻单元格 E2–G2 合起来：13812345678", "C4–D4"} {
		if !strings.Contains(x.Text, s) {
			t.Errorf("text lacks %q:\n%s", s, x.Text)
		}
	}

	masked, err := MaskXLSX(data, maskPII)
	if err != nil {
		t.Fatal(err)
	}
	text, err := ExtractText(XLSX, masked, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if fs := pii.Find(text); len(fs) != 0 {
		t.Errorf("after masking: %+v\n%s", fs, text)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(masked)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"C2": id[:6] + "****", "D2": "****" + id[14:], "E2": "138", "F2": "****", "G2": "5678",
		"C3": "2026", "D3": "12", "C4": id[:6] + "****", "B2": "张三"} {
		if v, _ := f.GetCellValue("Sheet1", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
}
