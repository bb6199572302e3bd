package campaign

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/errs"
)

func unitsBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", c, &r)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestUnitsTable(t *testing.T) {
	unit := func(city, name string) (string, bool) {
		m := map[string]string{"西安市/未央区": "610112", "西安市/灞桥区": "610111"}
		c, ok := m[city+"/"+name]
		return c, ok
	}
	domain := func(n string) (string, bool) {
		m := map[string]string{"社会救助": "shjz", "涉农补贴": "snbt", "保障性住房": "bzxzf"}
		c, ok := m[n]
		return c, ok
	}
	head := []any{"序号", "设区市", "试点单位", "试点内容"}
	ps, err := UnitsTable(unitsBook(t, [][]any{{"试点单位及试点内容表"}, head, {1, "西安市", "未央区", "社会救助、涉农补贴"}, {2, "西安市", "灞桥区", "保障性住房"}}), unit, domain)
	if err != nil || len(ps) != 2 || ps[0].Unit != "610112" || strings.Join(ps[0].Domains, ",") != "shjz,snbt" || ps[1].Domains[0] != "bzxzf" {
		t.Fatalf("%+v %v", ps, err)
	}
	_, err = UnitsTable(unitsBook(t, [][]any{head, {1, "西安市", "雁塔区", "社会救助"}, {2, "西安市", "灞桥区", "社会救助、殡葬"}}), unit, domain)
	e, ok := err.(*errs.Error)
	if !ok || len(e.Fields) != 2 || e.Fields[0].Field != "C2" || e.Fields[1].Field != "D3" || !strings.Contains(e.Fields[1].Message, "殡葬") {
		t.Fatalf("located errors: %v", err)
	}
	if _, err := UnitsTable([]byte("not a workbook"), unit, domain); err == nil {
		t.Fatal("garbage accepted")
	}
	if _, err := UnitsTable(unitsBook(t, [][]any{{"单位", "内容"}}), unit, domain); err == nil || !strings.Contains(err.Error(), "表头") {
		t.Fatalf("header: %v", err)
	}
}
