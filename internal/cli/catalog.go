package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
)

func cmdCatalog(env Env, args []string) error {
	if len(args) == 0 {
		return usageError{"用法: gongkai catalog import|export --unit CODE --domain CODE …"}
	}
	switch args[0] {
	case "import":
		return cmdCatalogImport(env, args[1:])
	case "export":
		return cmdCatalogExport(env, args[1:])
	}
	return usageError{fmt.Sprintf("未知命令 catalog %s", args[0])}
}

func cmdCatalogImport(env Env, args []string) error {
	f := newFlags(env, "catalog import")
	f.db()
	unit := f.fs.String("unit", "", "")
	domain := f.fs.String("domain", "", "")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if *unit == "" || *domain == "" || len(rest) != 1 {
		return usageError{"用法: gongkai catalog import --unit CODE --domain CODE [--db DSN] FILE.xlsx"}
	}
	path := rest[0]
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("catalog import: 无法打开 %s：%v", path, err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return err
	}
	a, err := openApp(env, f.cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	o, err := a.OrgByCode(env.Ctx, *unit)
	if err != nil {
		return fmt.Errorf("catalog import: 机构 %s：%w", *unit, err)
	}
	v, err := a.ImportWorkbook(env.Ctx, nil, audit.System("cli"), o, *domain, filepath.Base(path), file, st.Size())
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			lines := make([]string, len(e.Fields))
			for i, fe := range e.Fields {
				lines[i] = fe.Message
			}
			// One line: the first problem, then the rest, all naming sheet, row and column.
			return fmt.Errorf("catalog import: %s：%s", filepath.Base(path), strings.Join(lines, "；"))
		}
		return fmt.Errorf("catalog import: %w", err)
	}
	fmt.Fprintf(env.Stdout, "已导入为%s %s 第%d版（草稿），共%d条\n", o.Name, *domain, v.Number, v.Entries)
	return nil
}

func cmdCatalogExport(env Env, args []string) error {
	f := newFlags(env, "catalog export")
	f.db()
	unit := f.fs.String("unit", "", "")
	domain := f.fs.String("domain", "", "")
	version := f.fs.Int("version", 0, "")
	out := f.fs.String("out", "", "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *unit == "" || *domain == "" || *out == "" {
		return usageError{"用法: gongkai catalog export --unit CODE --domain CODE [--version N] [--db DSN] --out FILE.xlsx"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	o, err := a.OrgByCode(env.Ctx, *unit)
	if err != nil {
		return fmt.Errorf("catalog export: 机构 %s：%w", *unit, err)
	}
	var buf bytes.Buffer
	v, err := a.ExportWorkbook(env.Ctx, &buf, o, *domain, *version)
	if err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	// Write to a temporary file and rename, so a failed export leaves no half file.
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("catalog export: %v", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("catalog export: %v", err)
	}
	fmt.Fprintf(env.Stdout, "已导出%s %s 第%d版（%s）到 %s\n", o.Name, *domain, v.Number, v.State.Label(), *out)
	return nil
}
