package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/demo"
	"gongkai/internal/export"
	"gongkai/internal/web"
)

func cmdMigrate(env Env, args []string) error {
	f := newFlags(env, "migrate")
	f.db()
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil && !errors.Is(err, app.ErrSchemaOlder) {
		return err
	}
	if a == nil {
		// An older schema: open without the version check and migrate.
		a, err = openApp(env, f.cfg, true)
		if err != nil {
			return err
		}
		defer a.Close()
		fmt.Fprintf(env.Stdout, "数据库结构已升级到版本 %d\n", a.SchemaVersion())
		return nil
	}
	defer a.Close()
	fmt.Fprintf(env.Stdout, "数据库结构已是最新版本 %d\n", a.SchemaVersion())
	return nil
}

func cmdTokenCreate(env Env, args []string) error {
	f := newFlags(env, "token create")
	f.db()
	user := f.fs.String("user", "", "")
	name := f.fs.String("name", "命令行生成", "")
	days := f.fs.Int("days", app.DefaultTokenDays, "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *user == "" {
		return usageError{"token create: 须用 --user 指定登录名"}
	}
	if *days <= 0 || *days > 3660 {
		return usageError{"token create: --days 须为1至3660的整数"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.PersonByLogin(env.Ctx, *user)
	if err != nil {
		return fmt.Errorf("token create: 用户 %q：%w", *user, err)
	}
	tok, t, err := a.CreateToken(env.Ctx, audit.System("cli"), p.ID, *name, *days)
	if err != nil {
		return err
	}
	// The token alone on stdout (scripts read it); where it stands, on stderr.
	fmt.Fprintln(env.Stdout, tok)
	fmt.Fprintf(env.Stderr, "令牌编号 %d，%s 到期\n", t.ID, t.ExpiresAt.In(app.Shanghai).Format("2006-01-02 15:04"))
	return nil
}

func cmdTokenList(env Env, args []string) error {
	f := newFlags(env, "token list")
	f.db()
	user := f.fs.String("user", "", "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *user == "" {
		return usageError{"token list: 须用 --user 指定登录名"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.PersonByLogin(env.Ctx, *user)
	if err != nil {
		return fmt.Errorf("token list: 用户 %q：%w", *user, err)
	}
	ts, err := a.Tokens(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	when := func(t time.Time, none string) string {
		if t.IsZero() {
			return none
		}
		return t.In(app.Shanghai).Format("2006-01-02 15:04")
	}
	now := a.Now()
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\t状态\t创建时间\t到期时间\t最近使用\t名称")
	for _, t := range ts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.State(now), when(t.CreatedAt, ""), when(t.ExpiresAt, "不过期"), when(t.LastUsedAt, "未使用"), t.Name)
	}
	return tw.Flush()
}

func cmdTokenRevoke(env Env, args []string) error {
	f := newFlags(env, "token revoke")
	f.db()
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"token revoke: 须指定一个令牌编号（见 gongkai token list）"}
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("token revoke: 令牌编号 %q 无效", pos[0])}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := a.Token(env.Ctx, id)
	if err != nil {
		return fmt.Errorf("token revoke: 令牌 %d：%w", id, err)
	}
	if err := a.RevokeTokenAs(env.Ctx, audit.System("cli"), id); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已撤销令牌 %d（%s）\n", id, t.Login)
	return nil
}

func cmdAuditVerify(env Env, args []string) error {
	f := newFlags(env, "audit verify")
	f.db()
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.VerifyAudit(env.Ctx)
	if err != nil {
		return err
	}
	if len(v.Problems) > 0 {
		fmt.Fprintln(env.Stdout, v.Report())
		return fmt.Errorf("审计日志校验失败：发现%d处问题", len(v.Problems))
	}
	fmt.Fprintln(env.Stdout, v.Report())
	return nil
}

func cmdBackup(env Env, args []string) error {
	f := newFlags(env, "backup")
	f.db()
	out := f.fs.String("out", "", "")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"backup: 须用 --out 指定备份文件"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Backup(env.Ctx, *out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(env.Stdout, "已备份到 %s\n", *out)
	return nil
}

func cmdServe(env Env, args []string) error {
	f := newFlags(env, "serve")
	f.serve()
	if _, err := f.parse(args); err != nil {
		return err
	}
	cfg := f.cfg
	if _, err := export.CleanURL(cfg.BaseURL); err != nil {
		return usageError{fmt.Sprintf("serve: --base-url %q 无效：须为 http(s):// 开头、不含查询参数的地址", cfg.BaseURL)}
	}
	if err := app.CheckSMTPURL(cfg.SMTPURL); err != nil {
		return usageError{"serve: " + err.Error()}
	}
	log := logger(env.Stderr, env.Getenv)
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("无法创建数据目录 %s：%v", cfg.DataDir, err)
	}
	a, err := app.Open(env.Ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.RecordDataDir(env.Ctx); err != nil {
		log.Warn("recording the data directory", "err", err)
	}
	if cfg.Demo {
		accounts, filled, err := demo.Fill(env.Ctx, a)
		if err != nil {
			return fmt.Errorf("示例数据写入失败：%w", err)
		}
		if filled {
			printAccounts(env, accounts)
		} else {
			log.Info("database not empty: demo dataset not loaded")
		}
	}
	// An index made by an earlier version of the search documents is rebuilt once, before
	// the server answers (the log says how long it took).
	if rebuilt, st, err := a.UpgradeSearchIndex(env.Ctx); err != nil {
		return fmt.Errorf("检索索引升级失败：%w", err)
	} else if rebuilt {
		log.Info("search index rebuilt for this version", "records", st.Records, "took", st.Took.Round(time.Millisecond).String())
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%v", cfg.Addr, err)
	}
	if cfg.BaseURL == "" {
		// Absolute links never come from a request's Host header (a client could poison
		// cached feeds with it): without --base-url they use the address listened on.
		a.Cfg.Addr = ln.Addr().String()
		log.Warn("no --base-url: feeds and sitemaps link to the listen address; set --base-url (GONGKAI_BASE_URL) to the public address", "base", a.Cfg.PublicBase())
	}
	srv, err := web.New(a)
	if err != nil {
		ln.Close()
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	fmt.Fprintf(env.Stdout, "gongkai 已启动：http://%s/ （数据库 %s）\n", ln.Addr(), a.DatabaseKind())
	log.Info("serving", "addr", ln.Addr().String(), "db", a.DatabaseKind(), "schema", a.SchemaVersion())

	// Housekeeping: expired sessions and SQLite's planner statistics, hourly; scheduled publication (at start, then every 15 s, so a
	// record due while the server was down is published as soon as it is back).
	hk, stopHK := context.WithCancel(context.Background())
	defer stopHK()
	go a.RunScheduler(hk, 15*time.Second)
	go a.RunHousekeeping(hk, time.Hour)
	go a.RunReminders(hk, 10*time.Minute) // campaign reminders, once per obligation and kind across instances
	go a.RunDeliveries(hk, 5*time.Second) // webhooks from the outbox, each claimed by one instance
	go a.RunMail(hk, time.Minute)         // subscribers' emails and daily digests (only with --smtp-url)
	go a.RunProbes(hk, time.Minute)       // reachability probes, each hourly round claimed by one instance

	select {
	case err := <-done:
		return fmt.Errorf("服务异常退出：%w", err)
	case <-env.Ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "grace", cfg.ShutdownPeriod.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownPeriod)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("shutdown", "err", err)
	}
	stopHK()
	log.Info("stopped")
	return nil
}

func printAccounts(env Env, accounts []demo.Account) {
	fmt.Fprintln(env.Stdout, "已写入示例数据（示例数据）。以下演示账户的密码只显示这一次：")
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "登录名\t密码\t角色\t机构")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Login, a.Password, a.Role.Label(), a.Org)
	}
	tw.Flush()
}
