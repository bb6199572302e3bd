package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadMerges(t *testing.T) {
	tail := `</sheetData><x:mergeCells count="3"><x:mergeCell ref="A1:N1"/><x:mergeCell  ref='C3:C5' />` +
		"<mergeCell\nref=\"B9:A8\"></mergeCell><mergeCell other=\"1\"/></x:mergeCells></worksheet>"
	want := []mergeRange{{1, 1, 1, 14}, {3, 3, 5, 3}, {8, 1, 9, 2}}
	// Padding moves the merges across the reader's chunk boundary at every offset of interest;
	// the text "mergeCell" inside cell data must not count.
	for _, pad := range []int{0, 1, 128<<10 - 40, 128<<10 - 9, 128<<10 - 3, 128<<10 + 5, 300 << 10} {
		var sheet bytes.Buffer
		sheet.WriteString(`<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>mergeCell ref="Z1:Z9" </t></is></c></row>`)
		sheet.WriteString(strings.Repeat(" ", pad))
		sheet.WriteString(tail)
		data := zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": sheet.Bytes()}, "xl/worksheets/sheet1.xml")
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := readMerges(zr, "xl/worksheets/sheet1.xml", 10)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("pad %d: got %v %v, want %v", pad, got, err, want)
		}
		if _, err := readMerges(zr, "xl/worksheets/sheet1.xml", 2); err == nil {
			t.Errorf("pad %d: merge limit not enforced", pad)
		}
		for name, r := range map[string]io.Reader{
			"one byte": iotest.OneByteReader(bytes.NewReader(sheet.Bytes())),
			"half":     iotest.HalfReader(bytes.NewReader(sheet.Bytes())),
		} {
			if got, err := scanMerges(r, 10); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("pad %d, %s reads: got %v %v", pad, name, got, err)
			}
		}
	}
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{Sheet: "社会救助", Row: 12, Column: "E", Header: "公开时限", Reason: "不能为空"}, `工作表"社会救助" 第12行 E列（公开时限）：不能为空`},
		{Problem{Sheet: "社会救助", Row: 2, Reason: "缺少必需的列“公开时限”"}, `工作表"社会救助" 第2行：缺少必需的列“公开时限”`},
		{Problem{Sheet: "社会救助", Reason: "没有表头"}, `工作表"社会救助"：没有表头`},
		{Problem{Reason: "文件为空"}, "文件为空"},
		{Problem{Sheet: "S", Row: 3, Column: "AB", Reason: "x"}, `工作表"S" 第3行 AB列：x`},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	if got := colLetter(27); got != "AB" {
		t.Errorf("colLetter(27) = %q", got)
	}
}
