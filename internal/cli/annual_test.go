package cli_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAnnualReportCommand writes the workbook of a unit's report from its requests.
func TestAnnualReportCommand(t *testing.T) { storetest.EachDSN(t, testAnnualReportCommand) }

func testAnnualReportCommand(t *testing.T, dsn string) {
	if code, _, stderr := run(t, "migrate", "--db", dsn); code != 0 {
		t.Fatal(stderr)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.CreateOrg(ctx, audit.System("test"), org.Org{Code: "610000", Name: "省政府政务公开办公室", Kind: org.KindProvince})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateOrg(ctx, audit.System("test"), org.Org{Code: "610112", Name: "未央区", Kind: org.KindUnit, ParentID: root.ID})
	if err != nil {
		t.Fatal(err)
	}
	for i, day := range []string{"2024-03-04", "2024-05-06", "2024-12-30"} {
		ap := request.Application{Applicant: request.Applicant{Kind: request.ApplicantPerson, Name: "某", IDKind: "居民身份证", IDNo: "1", Phone: "1", Address: "某地"},
			Description: "信息", Form: "纸质", Delivery: "邮寄", Channel: request.ChannelPost, Received: calendar.MustParseDate(day)}
		if _, err := s.AddRequest(ctx, audit.System("test"), u.ID, u.Code, ap, "hash"+strconv.Itoa(i), 0); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	out := filepath.Join(t.TempDir(), "report.xlsx")
	if code, _, stderr := run(t, "annual-report", "--unit", "610112", "--year", "2024", "--db", dsn); code != 2 {
		t.Fatalf("without --out: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "annual-report", "--unit", "610112", "--year", strconv.Itoa(time.Now().Year()+1), "--out", out, "--db", dsn); code == 0 || !strings.Contains(stderr, "年度") {
		t.Fatalf("future year: %d %s", code, stderr)
	}
	code, stdout, stderr := run(t, "annual-report", "--unit", "610112", "--year", "2024", "--out", out, "--db", dsn)
	if code != 0 || !strings.Contains(stdout, "校验通过") {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("年度报告")
	found := false
	for _, r := range rows {
		// Every request of 2024 is still open at its end: three new, three carried over.
		if len(r) == 8 && strings.HasPrefix(r[0], "一、本年新收") && r[1] == "3" && r[7] == "3" {
			found = true
		}
	}
	if !found || !strings.Contains(rows[0][0], "未央区2024年政府信息公开工作年度报告") {
		t.Fatalf("workbook rows: %v", rows)
	}
}
