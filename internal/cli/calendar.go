package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
)

func cmdCalendar(env Env, args []string) error {
	if len(args) == 0 {
		return usageError{"用法: gongkai calendar add --from YYYY-MM-DD (--working-days N | --days N) | gongkai calendar import FILE.json"}
	}
	switch args[0] {
	case "add":
		return cmdCalendarAdd(env, args[1:])
	case "import":
		return cmdCalendarImport(env, args[1:])
	}
	return usageError{fmt.Sprintf("未知命令 calendar %s", args[0])}
}

// cmdCalendarAdd prints the due date alone on stdout. It uses the embedded official
// calendar, or the calendar of a database when --db (or GONGKAI_DB) names one, so that
// imported years and local closures count.
func cmdCalendarAdd(env Env, args []string) error {
	f := newFlags(env, "calendar add")
	f.db()
	from := f.fs.String("from", "", "")
	wd := f.fs.Int("working-days", -1, "")
	cd := f.fs.Int("days", -1, "")
	explain := f.fs.Bool("explain", false, "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	start, err := calendar.ParseDate(*from)
	if err != nil {
		return usageError{fmt.Sprintf("calendar add: --from %q：%v", *from, err)}
	}
	if (*wd < 0) == (*cd < 0) {
		return usageError{"calendar add: 须且只能指定 --working-days N 或 --days N 之一（N ≥ 0）"}
	}
	dbGiven := env.Getenv("GONGKAI_DB") != ""
	f.fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "db" {
			dbGiven = true
		}
	})
	var cal *calendar.Calendar
	if dbGiven {
		a, err := openApp(env, f.cfg, false)
		if err != nil {
			return err
		}
		defer a.Close()
		src, err := a.CalendarBasis(env.Ctx)
		if err != nil {
			return err
		}
		if cal, err = src.Build(); err != nil {
			return err
		}
	} else if cal, err = calendar.New(calendar.Official(), nil); err != nil {
		return err
	}
	var due calendar.Due
	if *wd >= 0 {
		due = cal.AddWorkingDays(start, *wd)
	} else {
		due = cal.AddDays(start, *cd)
	}
	if due.Date.IsZero() {
		return fmt.Errorf("calendar add: 期限过长，无法计算")
	}
	fmt.Fprintln(env.Stdout, due.Date.String())
	if *explain {
		fmt.Fprintln(env.Stdout, due.Explain())
	}
	if due.Provisional {
		fmt.Fprintln(env.Stderr, "注意：结果为推算值，"+due.Reason)
	}
	return nil
}

func cmdCalendarImport(env Env, args []string) error {
	f := newFlags(env, "calendar import")
	f.db()
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"用法: gongkai calendar import FILE.json [--db DSN]"}
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return fmt.Errorf("calendar import: 无法读取 %s：%v", rest[0], err)
	}
	a, err := openApp(env, f.cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	y, ch, err := a.ImportCalendarYearAs(env.Ctx, audit.System("cli"), filepath.Base(rest[0]), data)
	if err != nil {
		return fmt.Errorf("calendar import: %w", err)
	}
	fmt.Fprintf(env.Stdout, "已导入%d年放假安排（%d项），重新计算了%d个截止日期\n", y.Year, len(y.Days), ch.Recomputed)
	return nil
}
