package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/export"
)

// exportUsage is the help of export-site; the dynamic address is spelled out because the
// static files cannot search, take ratings or sign anyone in.
const exportUsage = `用法: gongkai export-site --out DIR [--db DSN] [--data DIR] [--dynamic-url URL] [--base-url URL] [--full]

将公开网站导出为静态文件（页面由网站本身生成，站内链接改为相对链接，可直接从磁盘打开）。
再次运行时只重新生成内容有变化的页面，并删除已撤回或不再公开的信息的页面。

  --out DIR          导出目录（不存在则创建）
  --dynamic-url URL  动态站点地址（gongkai serve），检索、评价、登录和大字版切换指向该地址；
                     环境变量 GONGKAI_DYNAMIC_URL。不设置时保留 /search、/ratings 等根路径，
                     须由静态文件前面的反向代理转发给 gongkai serve
  --base-url URL     网站对外地址，用于订阅（Atom）和站点地图中的绝对地址；环境变量 GONGKAI_BASE_URL。
                     不设置时使用 --dynamic-url；两者都不设置时订阅和站点地图中为根路径相对地址
  --full             重新生成全部页面（仍只写入内容有变化的文件）
  --data DIR         数据目录（附件所在位置），环境变量 GONGKAI_DATA
  --workers N        同时生成页面的数量，默认每个 CPU 一个
  --site-name、--site-id、--icp、--psb 与 serve 相同，须与网站一致
`

func cmdExportSite(env Env, args []string) error {
	f := newFlags(env, "export-site")
	f.db()
	c := &f.cfg
	out := f.fs.String("out", "", "")
	dynamic := f.fs.String("dynamic-url", f.envOr("GONGKAI_DYNAMIC_URL", ""), "")
	full := f.fs.Bool("full", false, "")
	workers := f.fs.String("workers", "0", "")
	help := f.fs.Bool("help", false, "")
	f.fs.StringVar(&c.BaseURL, "base-url", f.envOr("GONGKAI_BASE_URL", ""), "")
	f.fs.StringVar(&c.DataDir, "data", f.envOr("GONGKAI_DATA", c.DataDir), "")
	f.fs.StringVar(&c.SiteName, "site-name", f.envOr("GONGKAI_SITE_NAME", c.SiteName), "")
	f.fs.StringVar(&c.SiteID, "site-id", f.envOr("GONGKAI_SITE_ID", ""), "")
	f.fs.StringVar(&c.ICP, "icp", f.envOr("GONGKAI_ICP", ""), "")
	f.fs.StringVar(&c.PSB, "psb", f.envOr("GONGKAI_PSB", ""), "")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if *help {
		fmt.Fprint(env.Stdout, exportUsage)
		return nil
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("export-site: 多余的参数 %q", pos[0])}
	}
	if *out == "" {
		return usageError{"export-site: 须用 --out 指定导出目录"}
	}
	n, err := strconv.Atoi(*workers)
	if err != nil || n < 0 {
		return usageError{fmt.Sprintf("export-site: --workers 须为非负整数：%q", *workers)}
	}
	if _, err := export.CleanURL(*dynamic); err != nil {
		return usageError{fmt.Sprintf("export-site: --dynamic-url %q 无效：须为 http(s):// 开头、不含查询参数的地址", *dynamic)}
	}
	if _, err := export.CleanURL(c.BaseURL); err != nil {
		return usageError{fmt.Sprintf("export-site: --base-url %q 无效：须为 http(s):// 开头、不含查询参数的地址", c.BaseURL)}
	}
	if c.BaseURL == "" {
		c.BaseURL = *dynamic
	}
	a, err := openApp(env, *c, false)
	if err != nil {
		return err
	}
	dataGiven := f.envOr("GONGKAI_DATA", "") != ""
	f.fs.Visit(func(fl *flag.Flag) { dataGiven = dataGiven || fl.Name == "data" })
	if d := a.RecordedDataDir(env.Ctx); d != "" && !dataGiven {
		// Without --data, the attachments are where the server keeps them.
		a.Close()
		c.DataDir = d
		fmt.Fprintf(env.Stderr, "使用网站服务登记的数据目录 %s（可用 --data 指定）\n", d)
		if a, err = openApp(env, *c, false); err != nil {
			return err
		}
	}
	defer a.Close()
	res, err := export.Run(env.Ctx, a, export.Options{Dir: *out, DynamicURL: *dynamic, Full: *full, Workers: n})
	if err != nil {
		return fmt.Errorf("export-site: %w", err)
	}
	if res.Mode == export.ModeUnchanged {
		fmt.Fprintf(env.Stdout, "%s 已是最新：公开内容没有变化，未改动任何文件（共 %d 个文件、%d 条公开信息）\n", *out, res.Files, res.Records)
		return nil
	}
	fmt.Fprintf(env.Stdout, "已导出到 %s（%s）：生成 %d 个页面，写入 %d 个文件，删除 %d 个文件；共 %d 个文件、%d 条公开信息；用时 %s\n",
		*out, modeLabel(res.Mode), res.Rendered, res.Written, res.Removed, res.Files, res.Records, res.Elapsed.Round(time.Millisecond))
	if c.BaseURL == "" {
		fmt.Fprintln(env.Stderr, "提示：未设置 --base-url 或 --dynamic-url，订阅和站点地图中的地址为根路径相对地址；对外发布前请设置网站地址")
	}
	if res.BrokenCount > 0 {
		fmt.Fprintf(env.Stderr, "警告：%d 个站内链接指向未能导出的页面，例如 %s\n", res.BrokenCount, strings.Join(res.Broken, "；"))
	}
	return nil
}

func modeLabel(m export.Mode) string {
	switch m {
	case export.ModeFull:
		return "全量"
	case export.ModeReconcile:
		return "核对后更新"
	case export.ModePages:
		return "目录有变化，重新生成目录页面"
	case export.ModeIncremental:
		return "增量"
	}
	return string(m)
}
