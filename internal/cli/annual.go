package cli

import (
	"bytes"
	"fmt"
	"os"

	"gongkai/internal/audit"
	"gongkai/internal/request/xlsx"
)

// cmdAnnualReport writes the annual report of a unit or department for a year as a workbook;
// it fails, writing nothing, when the report's check fails, naming the failing cells.
func cmdAnnualReport(env Env, args []string) error {
	f := newFlags(env, "annual-report")
	f.db()
	unit := f.fs.String("unit", "", "")
	year := f.fs.Int("year", 0, "")
	out := f.fs.String("out", "", "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *unit == "" || *year == 0 || *out == "" {
		return usageError{"用法: gongkai annual-report --unit CODE --year YYYY --out FILE.xlsx [--db DSN]"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	o, err := a.OrgByCode(env.Ctx, *unit)
	if err != nil {
		return fmt.Errorf("annual-report: 机构 %s：%w", *unit, err)
	}
	rep, err := a.ExportAnnualReport(env.Ctx, audit.System("cli"), o, *year)
	if err != nil {
		return fmt.Errorf("annual-report: %w", err)
	}
	if len(rep.Failures) > 0 {
		return fmt.Errorf("annual-report: 校验未通过：%s", rep.Failures[0].Message)
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, rep); err != nil {
		return fmt.Errorf("annual-report: %v", err)
	}
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("annual-report: %v", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("annual-report: %v", err)
	}
	fmt.Fprintf(env.Stdout, "已导出%s%d年政府信息公开工作年度报告到 %s（校验通过）\n", o.Name, *year, *out)
	return nil
}
