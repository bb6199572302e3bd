package cli

import (
	"fmt"
	"time"

	"gongkai/internal/audit"
)

// cmdSearch runs the search subcommands: rebuild.
func cmdSearch(env Env, args []string) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return usageError{"用法: gongkai search rebuild [--batch N] [--db DSN]"}
	}
	f := newFlags(env, "search rebuild")
	f.db()
	batch := f.fs.Int("batch", 2000, "")
	if _, err := f.parse(args[1:]); err != nil {
		return err
	}
	if *batch < 1 || *batch > 100_000 {
		return usageError{"search rebuild: --batch 须在 1 到 100000 之间"}
	}
	a, err := openApp(env, f.cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	start, last := time.Now(), time.Time{}
	st, err := a.RebuildSearchIndex(env.Ctx, audit.System("cli"), *batch, func(done, total int) {
		if now := time.Now(); done == total || now.Sub(last) >= time.Second {
			last = now
			secs := now.Sub(start).Seconds()
			fmt.Fprintf(env.Stderr, "已索引 %d / %d 条，%.0f 条/秒\n", done, total, float64(done)/max(secs, 0.001))
		}
	})
	if err != nil {
		return fmt.Errorf("search rebuild: %w", err)
	}
	fmt.Fprintf(env.Stdout, "检索索引已重建：%d 条信息，用时 %s（%.0f 条/秒）", st.Records, st.Took.Round(time.Millisecond),
		float64(st.Records)/max(st.Took.Seconds(), 0.001))
	if st.Skipped > 0 {
		fmt.Fprintf(env.Stdout, "；重建期间另有 %d 条已由发布或撤回自行更新", st.Skipped)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
