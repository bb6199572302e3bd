package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func okRow(seq int, item2 string) []any {
	return nationalRow(seq, "最低生活保障", item2, "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", "")
}

func TestImportMissingAndUnknownColumns(t *testing.T) {
	t.Run("missing", func(t *testing.T) {
		top := []any{"序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开渠道和载体", "公开对象", "", "公开方式", ""}
		sub := []any{"", "一级事项", "二级事项", "", "", "", "全社会", "特定群体", "主动", "依申请"}
		rows := [][]any{{"目录"}, top, sub, {1, "最低生活保障", "办事指南", "内容", basis, "■政府网站", "√", "", "√", ""}}
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows}), Options{})
		wantProblems(t, ie,
			`工作表"社会救助" 第2行：缺少必需的列“公开时限”`,
			`工作表"社会救助" 第2行：缺少必需的列“公开主体”`)
		wantCode(t, ie, CodeMissingColumn)
	})
	t.Run("unknown and duplicate", func(t *testing.T) {
		top := append(hdrTop(), "联系电话", "公开时限")
		sub := append(hdrSub(), "", "")
		rows := [][]any{top, sub, append(okRow(1, "办事指南"), "029-12345678", limit20)}
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows, merges: headerMerges(1)}), Options{})
		wantProblems(t, ie,
			`工作表"社会救助" 第1行 O列（联系电话）：无法识别的表头“联系电话”，标准目录中没有这一列`,
			`工作表"社会救助" 第1行 P列（公开时限）：与F列（公开时限）重复`)
	})
	t.Run("data under no header", func(t *testing.T) {
		rows := [][]any{hdrTop(), hdrSub(), okRow(1, "办事指南"), append(okRow(2, "审核信息"), nil, "多余内容")}
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows, merges: headerMerges(1)}), Options{})
		wantProblems(t, ie, `工作表"社会救助" 第4行 P列：该列没有表头，无法识别其中的内容“多余内容”`)
	})
	t.Run("no header", func(t *testing.T) {
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "Sheet1", rows: [][]any{{"序号", "名称", "内容"}, {1, "a", "b"}}}), Options{})
		wantProblems(t, ie, `工作表"Sheet1"：前30行中没有找到标准目录表头（应包含“公开事项”“公开内容（要素）”“公开时限”“公开主体”等列）`)
	})
	t.Run("header only", func(t *testing.T) {
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: [][]any{hdrTop(), hdrSub()}, merges: headerMerges(1)}), Options{})
		wantProblems(t, ie, `工作表"社会救助" 第1行：表头下没有目录条目`)
	})
}

func TestImportBadCells(t *testing.T) {
	rows := [][]any{{"XX县社会救助领域基层政务公开标准目录"}, hdrTop(), hdrSub(),
		okRow(1, "政策文件"),
		nationalRow(2, "最低生活保障", "办事指南", "内容", basis, limit20, civil, checklist("政府网站"), "？", "", "√", "", "√", ""),
		nationalRow(3, "最低生活保障", "审核信息", "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "部分", "", "√", "√"),
		nationalRow(4, "最低生活保障", "审批结果", "内容", basis, "", civil, "政府网站 ■公示栏", "√", "", "√", "", "x", ""),
		nationalRow(5, "", "", "", basis, limit20, "", "□政府网站", "", "", "", "", "", ""),
		nationalRow(6, "最低生活保障", "资金", strings.Repeat("长", 101), basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", ""),
	}
	ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows, merges: append([]string{"A1:N1"}, headerMerges(2)...)}),
		Options{Limits: Limits{MaxCellLen: 100}})
	wantProblems(t, ie,
		`工作表"社会救助" 第5行 I列（公开对象·全社会）：无法识别的标记“？”，应打“√”或留空`,
		`工作表"社会救助" 第6行 K列（公开方式·主动）：无法识别的标记“部分”，应打“√”或留空`,
		`工作表"社会救助" 第7行 H列（公开渠道和载体）：“政府网站”前缺少 ■ 或 □ 标记`,
		`工作表"社会救助" 第7行 M列（公开层级·县级）：无法识别的标记“x”，应打“√”或留空`,
		`工作表"社会救助" 第7行 F列（公开时限）：不能为空`,
		`工作表"社会救助" 第8行 C列（二级事项）：一级事项和二级事项至少填写一项`,
		`工作表"社会救助" 第8行 D列（公开内容（要素））：不能为空`,
		`工作表"社会救助" 第8行 G列（公开主体）：不能为空`,
		`工作表"社会救助" 第8行 H列（公开渠道和载体）：至少选择一个公开渠道`,
		`工作表"社会救助" 第8行 I列（公开对象）：请选择“全社会”或“特定群体”`,
		`工作表"社会救助" 第8行 K列（公开方式）：请选择“主动”或“依申请”`,
		`工作表"社会救助" 第9行 D列（公开内容（要素））：内容过长（101字，上限100字）`,
	)
	if msg := ie.Error(); msg != `工作表"社会救助" 第5行 I列（公开对象·全社会）：无法识别的标记“？”，应打“√”或留空（另有11处问题）` {
		t.Errorf("Error() = %q", msg)
	}
}

func TestImportSameAsAboveFirstRow(t *testing.T) {
	rows := [][]any{hdrTop(), hdrSub(), nationalRow(1, "最低生活保障", "办事指南", "内容", basis, "同上", civil, checklist("政府网站"), "√", "", "√", "", "√", "")}
	ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows, merges: headerMerges(1)}), Options{})
	wantProblems(t, ie, `工作表"社会救助" 第3行 F列（公开时限）：第一条目录不能填写“同上”`)
}

func TestImportLimits(t *testing.T) {
	rows := [][]any{hdrTop(), hdrSub()}
	for i := 1; i <= 8; i++ {
		rows = append(rows, okRow(i, "事项"+string(rune('A'+i))))
	}
	data := buildWorkbook(t, sheetSpec{name: "社会救助", rows: rows, merges: headerMerges(1)})

	t.Run("rows", func(t *testing.T) {
		ie := importError(t, data, Options{Limits: Limits{MaxRows: 5}})
		wantProblems(t, ie, `工作表"社会救助" 第8行：目录条目超过5行上限`)
		wantCode(t, ie, CodeTooManyRows)
		mustImport(t, data, Options{Limits: Limits{MaxRows: 8}})
	})
	t.Run("problem cap", func(t *testing.T) {
		bad := [][]any{hdrTop(), hdrSub()}
		for i := 1; i <= 10; i++ {
			bad = append(bad, nationalRow(i, "事项", "事项"+string(rune('A'+i)), "内容", basis, limit20, civil, checklist("政府网站"), "？", "", "√", "", "", ""))
		}
		ie := importError(t, buildWorkbook(t, sheetSpec{name: "社会救助", rows: bad, merges: headerMerges(1)}), Options{Limits: Limits{MaxProblems: 3}})
		if len(ie.Problems) != 3 || !ie.Truncated || !strings.HasSuffix(ie.Error(), "（另有至少2处问题）") {
			t.Errorf("problems %d truncated %v: %s", len(ie.Problems), ie.Truncated, ie.Error())
		}
		if last := ie.Lines()[3]; last != "问题过多，仅列出前3处" {
			t.Errorf("last line %q", last)
		}
	})
	t.Run("file size", func(t *testing.T) {
		ie := importError(t, data, Options{Limits: Limits{MaxFileSize: int64(len(data) - 1)}})
		wantProblems(t, ie, "文件超过 "+humanBytes(int64(len(data)-1))+" 上限")
		wantCode(t, ie, CodeTooLarge)
		// a lying size parameter does not help
		_, err := Import(bytes.NewReader(data), 10, Options{Limits: Limits{MaxFileSize: int64(len(data) - 1)}})
		var e *ImportError
		if !errors.As(err, &e) || e.Problems[0].Code != CodeTooLarge {
			t.Errorf("declared small size: %v", err)
		}
		_, err = Import(bytes.NewReader(nil), 11<<20, Options{})
		if !errors.As(err, &e) || e.Problems[0].Code != CodeTooLarge || e.Problems[0].Reason != "文件超过 10 MiB 上限" {
			t.Errorf("declared large size: %v", err)
		}
	})
}

// zipOf writes a zip with the given parts (compressed with deflate).
func zipOf(t *testing.T, parts map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// addPart appends a part to an existing workbook package.
func addPart(t *testing.T, xlsx []byte, name string, content []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportHostileAndWrongFiles(t *testing.T) {
	workbook := buildWorkbook(t, sheetSpec{name: "社会救助", rows: [][]any{hdrTop(), hdrSub(), okRow(1, "办事指南")}, merges: headerMerges(1)})

	// A zip bomb whose directory lies about nothing: 8 MiB of zeros compress about 1000×.
	zeros := make([]byte, 8<<20)
	ratioBomb := addPart(t, workbook, "xl/media/image1.png", zeros)

	// A bomb that declares 50 GiB for one part; the raw bytes are a tiny deflate stream.
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	_, _ = fw.Write(make([]byte, 1<<16))
	_ = fw.Close()
	var declared bytes.Buffer
	zw := zip.NewWriter(&declared)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 50 << 30, CRC32: crc32.ChecksumIEEE(make([]byte, 1<<16))})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(raw.Bytes())
	_ = zw.Close()

	manyParts := map[string][]byte{}
	var names []string
	for i := range 1001 {
		n := "xl/media/p" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ".bin"
		manyParts[n], names = []byte("x"), append(names, n)
	}

	docx := zipOf(t, map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"_rels/.rels":         []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
		"word/document.xml":   []byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`),
	}, "[Content_Types].xml", "_rels/.rels", "word/document.xml")

	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	random[0] = 'x'

	legacy := append(append([]byte{}, oleMagic...), make([]byte, 1024)...)

	f := excelize.NewFile()
	var encrypted bytes.Buffer
	if err := f.Write(&encrypted, excelize.Options{Password: "123456"}); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	tests := []struct {
		name   string
		data   []byte
		code   string
		reason string
	}{
		{"ratio bomb", ratioBomb, CodeZipBomb, "工作簿内部文件“xl/media/image1.png”压缩比异常"},
		{"declared bomb", declared.Bytes(), CodeZipBomb, "工作簿解压后超过 100 MiB 上限，疑似压缩炸弹"},
		{"many parts", zipOf(t, manyParts, names...), CodeZipBomb, "工作簿内部文件过多（1001 个，上限 1000 个）"},
		{"random bytes", random, CodeNotWorkbook, "不是 Excel 工作簿（.xlsx）文件"},
		{"empty", nil, CodeNotWorkbook, "文件为空"},
		{"csv", []byte("序号,公开事项\n1,最低生活保障\n"), CodeNotWorkbook, "不是 Excel 工作簿（.xlsx）文件"},
		{"docx", docx, CodeWrongDocument, "这是 Word 文档（.docx），请上传 Excel 工作簿（.xlsx）"},
		{"plain zip", zipOf(t, map[string][]byte{"a.txt": []byte("a")}, "a.txt"), CodeNotWorkbook, "压缩包中没有 Excel 工作簿"},
		{"truncated", workbook[:len(workbook)/2], CodeCorrupt, "文件已损坏或不完整"},
		{"legacy xls", legacy, CodeLegacyFormat, "这是旧版 Excel（.xls）文件"},
		{"encrypted", encrypted.Bytes(), CodeEncrypted, "工作簿设置了打开密码"},
		// Two parts of one name read differently by different programs: what is checked
		// might not be what Excel shows.
		{"duplicate part", addPart(t, workbook, "XL/Worksheets/Sheet1.xml", []byte("<worksheet/>")), CodeCorrupt, "工作簿已损坏（内部文件“XL/Worksheets/Sheet1.xml”重复）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ie := importError(t, tt.data, Options{})
			if len(ie.Problems) != 1 {
				t.Fatalf("problems %q", ie.Lines())
			}
			p := ie.Problems[0]
			if p.Code != tt.code || !strings.HasPrefix(p.Reason, tt.reason) || p.Sheet != "" || p.Row != 0 {
				t.Errorf("got %+v, want %s %q", p, tt.code, tt.reason)
			}
		})
	}
	// The check runs before excelize: the same bomb with generous limits is accepted.
	mustImport(t, ratioBomb, Options{Limits: Limits{MaxEntryRatio: 10000}})
}

// failingReader returns an I/O error, which is not a problem with the file.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestImportReadError(t *testing.T) {
	_, err := Import(failingReader{}, -1, Options{})
	var ie *ImportError
	if err == nil || errors.As(err, &ie) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v", err)
	}
}
