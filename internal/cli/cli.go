// Package cli is the gongkai command line: it parses flags and the GONGKAI_* environment
// into a config.Config and wires the store, the app and the server together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/config"
)

// Env is what a command sees of the outside world, so tests can run commands in-process.
type Env struct {
	Args   []string
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Ctx is cancelled to stop a long-running command (serve) gracefully.
	Ctx context.Context
}

// errUsage marks errors whose exit status is 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `用法: gongkai <命令> [参数]

命令:
  serve          启动网站和接口服务   [--addr 127.0.0.1:8080] [--db DSN] [--data DIR] [--demo]
  migrate        升级数据库结构       [--db DSN]
  token create   为用户生成接口令牌   --user LOGIN [--days 90] [--name NAME] [--db DSN]
  token list     列出用户的接口令牌   --user LOGIN [--db DSN]
  token revoke   撤销接口令牌         ID [--db DSN]
  audit verify   校验审计日志哈希链   [--db DSN]
  catalog import 从 Excel 导入目录草稿 --unit CODE --domain CODE [--db DSN] FILE.xlsx
  catalog export 导出目录为 Excel     --unit CODE --domain CODE [--version N] [--db DSN] --out FILE.xlsx
  calendar add   计算截止日期         --from YYYY-MM-DD (--working-days N | --days N) [--explain] [--db DSN]
  calendar import 导入一年的放假安排  FILE.json [--db DSN]
  backup         备份 SQLite 数据库   --out FILE [--db DSN]
  search rebuild 重建全文检索索引     [--batch N] [--db DSN]
  export-site    导出静态网站         --out DIR [--db DSN] [--dynamic-url URL] [--base-url URL] [--full]
  annual-report  导出政府信息公开年报  --unit CODE --year YYYY --out FILE.xlsx [--db DSN]

DSN: sqlite:PATH（默认 sqlite:./data/gongkai.db）或 postgres://…
环境变量 GONGKAI_DB、GONGKAI_ADDR、GONGKAI_DATA 等可代替参数（见 README）。
`

// Main runs one command and returns the process exit status.
func Main(env Env) int {
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	err := run(env)
	if err == nil {
		return 0
	}
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintln(env.Stderr, "gongkai: "+msg)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func run(env Env) error {
	args := env.Args
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return usageError{"缺少命令"}
	}
	switch args[0] {
	case "serve":
		return cmdServe(env, args[1:])
	case "migrate":
		return cmdMigrate(env, args[1:])
	case "token":
		switch {
		case len(args) >= 2 && args[1] == "create":
			return cmdTokenCreate(env, args[2:])
		case len(args) >= 2 && args[1] == "list":
			return cmdTokenList(env, args[2:])
		case len(args) >= 2 && args[1] == "revoke":
			return cmdTokenRevoke(env, args[2:])
		}
		return usageError{"用法: gongkai token create --user LOGIN [--days N] | token list --user LOGIN | token revoke ID [--db DSN]"}
	case "audit":
		if len(args) < 2 || args[1] != "verify" {
			return usageError{"用法: gongkai audit verify [--db DSN]"}
		}
		return cmdAuditVerify(env, args[2:])
	case "calendar":
		return cmdCalendar(env, args[1:])
	case "catalog":
		return cmdCatalog(env, args[1:])
	case "annual-report":
		return cmdAnnualReport(env, args[1:])
	case "backup":
		return cmdBackup(env, args[1:])
	case "search":
		return cmdSearch(env, args[1:])
	case "export-site":
		return cmdExportSite(env, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("未知命令 %q（gongkai help 查看用法）", args[0])}
}

// flags builds a flag set whose defaults come from the environment, then the defaults.
type flags struct {
	fs  *flag.FlagSet
	cfg config.Config
	env Env
	// settings parse the typed values after fs.Parse, each into its field of cfg
	settings []func() error
}

func newFlags(env Env, name string) *flags {
	f := &flags{fs: flag.NewFlagSet(name, flag.ContinueOnError), cfg: config.Default(), env: env}
	f.fs.SetOutput(io.Discard)
	return f
}

func (f *flags) envOr(envName, def string) string {
	if v := f.env.Getenv(envName); v != "" {
		return v
	}
	return def
}

// setting registers --name, whose text comes from the flag, else GONGKAI_NAME, else def, and is
// turned into its typed value by set once the flags are parsed.
func (f *flags) setting(name, def string, set func(raw string) error) {
	v := f.envOr("GONGKAI_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_")), def)
	f.fs.StringVar(&v, name, v, "")
	f.settings = append(f.settings, func() error { return set(v) })
}

func (f *flags) durationFlag(p *time.Duration, name string) {
	f.setting(name, p.String(), func(raw string) (err error) { *p, err = config.Duration(name, raw); return err })
}

func (f *flags) intFlag(p *int, name string) {
	f.setting(name, fmt.Sprint(*p), func(raw string) (err error) { *p, err = config.Int(name, raw); return err })
}

func (f *flags) bytesFlag(p *int64, name string) {
	f.setting(name, fmt.Sprint(*p), func(raw string) (err error) { *p, err = config.Bytes(name, raw); return err })
}

func (f *flags) boolFlag(p *bool, name string) {
	f.setting(name, fmt.Sprint(*p), func(raw string) (err error) { *p, err = config.Bool(name, raw); return err })
}

// db registers --db.
func (f *flags) db() {
	f.fs.StringVar(&f.cfg.DB, "db", f.envOr("GONGKAI_DB", f.cfg.DB), "DSN")
}

// serve registers every serve setting.
func (f *flags) serve() {
	c := &f.cfg
	f.db()
	f.fs.StringVar(&c.Addr, "addr", f.envOr("GONGKAI_ADDR", c.Addr), "")
	f.fs.StringVar(&c.DataDir, "data", f.envOr("GONGKAI_DATA", c.DataDir), "")
	f.fs.BoolVar(&c.Demo, "demo", false, "")
	f.fs.StringVar(&c.BaseURL, "base-url", f.envOr("GONGKAI_BASE_URL", ""), "")
	f.fs.StringVar(&c.SiteName, "site-name", f.envOr("GONGKAI_SITE_NAME", c.SiteName), "")
	f.fs.StringVar(&c.SiteID, "site-id", f.envOr("GONGKAI_SITE_ID", ""), "")
	f.fs.StringVar(&c.ICP, "icp", f.envOr("GONGKAI_ICP", ""), "")
	f.fs.StringVar(&c.PSB, "psb", f.envOr("GONGKAI_PSB", ""), "")
	// A bare switch (--allow-private-webhooks), or GONGKAI_ALLOW_PRIVATE_WEBHOOKS=1.
	f.fs.BoolVar(&c.AllowPrivateWebhooks, "allow-private-webhooks", slices.Contains([]string{"1", "true"}, f.envOr("GONGKAI_ALLOW_PRIVATE_WEBHOOKS", "")), "")
	f.durationFlag(&c.SessionIdle, "session-idle")
	f.durationFlag(&c.SessionMaxAge, "session-max-age")
	f.durationFlag(&c.LockDuration, "lock-duration")
	f.intFlag(&c.LockAttempts, "lock-attempts")
	f.intFlag(&c.ClientAttempts, "client-attempts")
	f.boolFlag(&c.SecureCookies, "secure-cookies")
	f.boolFlag(&c.TrustProxy, "trust-proxy")
	f.edges()
}

// edges registers the limits at the HTTP edge: bodies, concurrency, rating rate, metrics
// access and the proxies trusted for the client address.
func (f *flags) edges() {
	c := &f.cfg
	f.fs.StringVar(&c.MetricsToken, "metrics-token", f.envOr("GONGKAI_METRICS_TOKEN", ""), "")
	f.setting("trusted-proxies", "", func(raw string) (err error) {
		c.TrustedProxies, err = config.Prefixes("trusted-proxies", raw)
		return err
	})
	f.intFlag(&c.MaxBusy, "max-busy")
	f.intFlag(&c.MaxBusyStaff, "max-busy-staff")
	f.intFlag(&c.MaxSignIns, "max-sign-ins")
	f.intFlag(&c.RatingsPerHour, "ratings-per-hour")
	f.bytesFlag(&c.MaxPublicBody, "max-public-body")
	f.bytesFlag(&c.MaxStaffBody, "max-staff-body")
}

// parse parses args and the typed settings; positional arguments are returned.
func (f *flags) parse(args []string) ([]string, error) {
	// Flags may follow positional arguments (gongkai calendar import FILE --db DSN).
	var positional []string
	for {
		if err := f.fs.Parse(args); err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", f.fs.Name(), translateFlagError(err))}
		}
		args = f.fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	var err error
	for _, set := range f.settings {
		err = errors.Join(err, set())
	}
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if _, err := app.CheckDSN(f.cfg.DB); err != nil {
		return nil, usageError{err.Error()}
	}
	return positional, nil
}

func translateFlagError(err error) string {
	m := err.Error()
	if rest, ok := strings.CutPrefix(m, "flag provided but not defined: "); ok {
		return "未知参数 " + rest
	}
	if rest, ok := strings.CutPrefix(m, "flag needs an argument: "); ok {
		return "参数缺少取值 " + rest
	}
	return m
}

func logger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	if getenv("GONGKAI_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	if getenv("GONGKAI_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openApp opens the database and checks its schema (without migrating, unless migrate is set).
func openApp(env Env, cfg config.Config, migrate bool) (*app.App, error) {
	return app.Open(env.Ctx, cfg, logger(env.Stderr, env.Getenv), migrate)
}
