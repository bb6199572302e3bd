package xlsx

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/catalog"
)

// sheetSpec describes a hand-made worksheet: rows from row 1 (nil rows stay empty) and merged
// ranges such as "B4:B6".
type sheetSpec struct {
	name   string
	rows   [][]any
	merges []string
	hidden bool
}

// buildWorkbook writes the sheets with excelize's ordinary API, as an office application
// would leave them: values in the top-left cell of each merge only.
func buildWorkbook(t testing.TB, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if row == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hdrTop and hdrSub are the two rows of the national header (merged by headerMerges).
func hdrTop() []any {
	return []any{"序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "", "公开方式", "", "公开层级", ""}
}

func hdrSub() []any {
	return []any{"", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"}
}

// headerMerges returns the merges of the national header whose first row is r.
func headerMerges(r int) []string {
	a, b := strconv.Itoa(r), strconv.Itoa(r+1)
	return []string{"A" + a + ":A" + b, "B" + a + ":C" + a, "D" + a + ":D" + b, "E" + a + ":E" + b,
		"F" + a + ":F" + b, "G" + a + ":G" + b, "H" + a + ":H" + b, "I" + a + ":J" + a, "K" + a + ":L" + a, "M" + a + ":N" + a}
}

// nationalRow is a data row of the national layout.
func nationalRow(seq int, item1, item2, content, basis, limit, body, channels, pub, grp, pro, req, county, town string) []any {
	return []any{seq, item1, item2, content, basis, limit, body, channels, pub, grp, pro, req, county, town}
}

const allUnset = "□政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 □政务服务中心 □便民服务站 □入户/现场 □社区/企事业单位/村公示栏（电子屏） □精准推送 □其他"

// checklist marks the named options of the national checklist.
func checklist(selected ...string) string {
	s := allUnset
	for _, name := range selected {
		s = strings.Replace(s, "□"+name, "■"+name, 1)
	}
	return s
}

func mustImport(t *testing.T, data []byte, opts Options) *Result {
	t.Helper()
	res, err := Import(bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			t.Fatalf("import failed:\n%s", strings.Join(ie.Lines(), "\n"))
		}
		t.Fatalf("import failed: %v", err)
	}
	return res
}

func importError(t *testing.T, data []byte, opts Options) *ImportError {
	t.Helper()
	res, err := Import(bytes.NewReader(data), int64(len(data)), opts)
	if err == nil {
		t.Fatalf("import succeeded with %d entries, want an error", len(res.Entries))
	}
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("error %T %v, want *ImportError", err, err)
	}
	if len(ie.Problems) == 0 {
		t.Fatalf("ImportError without problems")
	}
	return ie
}

// wantProblems checks that the formatted problems are exactly the wanted ones, in order.
func wantProblems(t *testing.T, ie *ImportError, want ...string) {
	t.Helper()
	got := ie.Lines()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func wantCode(t *testing.T, ie *ImportError, code string) {
	t.Helper()
	for _, p := range ie.Problems {
		if p.Code != code {
			t.Errorf("problem %q has code %s, want %s", p.String(), p.Code, code)
		}
	}
}

// entry builds an expected, normalized entry.
func entry(seq int, item1, item2, content, basis, limit, body string, channels []string, flags string) catalog.Entry {
	e := catalog.Entry{Seq: seq, Item1: item1, Item2: item2, Content: content, LegalBasis: basis,
		TimeLimitText: limit, ResponsibleBody: body, Channels: channels}
	for _, f := range strings.Split(flags, ",") {
		switch f {
		case "public":
			e.AudiencePublic = true
		case "group":
			e.AudienceGroup = true
		case "proactive":
			e.ModeProactive = true
		case "request":
			e.ModeOnRequest = true
		case "county":
			e.LevelCounty = true
		case "township":
			e.LevelTownship = true
		}
	}
	e.Normalize()
	return e
}

func diffEntries(t *testing.T, got, want []catalog.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Seq != w.Seq {
			t.Errorf("entry %d: seq %d, want %d", i, g.Seq, w.Seq)
		}
		for _, fc := range catalog.CompareEntries(w, g) {
			t.Errorf("entry %d (%s/%s): %s = %q, want %q", i, w.Item1, w.Item2, fc.Label, fc.New, fc.Old)
		}
		if g.ID != 0 || g.Key != "" || g.ResponsibleOrgID != 0 {
			t.Errorf("entry %d: import set bookkeeping fields %+v", i, g)
		}
	}
}
