// Package config is the typed configuration passed down from main: flags, then GONGKAI_*
// environment variables, then defaults.
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// Config holds every setting of a gongkai process.
type Config struct {
	Addr    string // listen address
	DB      string // DSN: sqlite:PATH or postgres://…
	DataDir string // attachments, exports
	Demo    bool   // fill an empty database with the demo dataset

	BaseURL        string        // public address, for feeds and links in exports; "" = from the request
	SessionIdle    time.Duration // sign-out after this much inactivity
	SessionMaxAge  time.Duration // absolute session lifetime
	LockAttempts   int           // failed sign-ins before the account locks
	LockDuration   time.Duration // how long it stays locked
	ClientAttempts int           // failed sign-ins from one client address per LockDuration
	SecureCookies  bool          // set the Secure flag (behind HTTPS)
	TrustProxy     bool          // take the client address from X-Forwarded-For
	ShutdownPeriod time.Duration // how long requests in flight may finish on SIGTERM

	SiteName string // portal title
	SiteID   string // 网站标识码
	ICP      string // ICP备案号
	PSB      string // 公安备案号
}

// Default returns the defaults.
func Default() Config {
	return Config{
		Addr:           "127.0.0.1:8080",
		DB:             "sqlite:./data/gongkai.db",
		DataDir:        "./data",
		SessionIdle:    30 * time.Minute,
		SessionMaxAge:  12 * time.Hour,
		LockAttempts:   5,
		LockDuration:   15 * time.Minute,
		ClientAttempts: 20,
		ShutdownPeriod: 20 * time.Second,
		SiteName:       "陕西省基层政务公开标准化规范化平台",
	}
}

// Var describes one setting for the flag set, the environment and the README's table.
type Var struct {
	Flag, Env, Help string
}

// Vars lists the settings that can come from the environment.
func Vars() []Var {
	return []Var{
		{"addr", "GONGKAI_ADDR", "监听地址 / listen address"},
		{"db", "GONGKAI_DB", "数据库 DSN：sqlite:PATH 或 postgres://…"},
		{"data", "GONGKAI_DATA", "数据目录（附件、导出）/ data directory"},
		{"base-url", "GONGKAI_BASE_URL", "对外访问地址，用于订阅和导出 / public base URL"},
		{"session-idle", "GONGKAI_SESSION_IDLE", "会话空闲超时 / idle timeout, e.g. 30m"},
		{"session-max-age", "GONGKAI_SESSION_MAX_AGE", "会话最长有效期 / absolute session lifetime"},
		{"lock-attempts", "GONGKAI_LOCK_ATTEMPTS", "连续登录失败几次后锁定 / failed sign-ins before lockout"},
		{"lock-duration", "GONGKAI_LOCK_DURATION", "锁定时长 / lockout duration"},
		{"client-attempts", "GONGKAI_CLIENT_ATTEMPTS", "同一地址在锁定时长内允许的登录失败次数 / failed sign-ins per client address"},
		{"secure-cookies", "GONGKAI_SECURE_COOKIES", "Cookie 仅经 HTTPS 发送 / Secure cookies (true behind HTTPS)"},
		{"trust-proxy", "GONGKAI_TRUST_PROXY", "信任反向代理的 X-Forwarded-For / trust X-Forwarded-For"},
		{"site-name", "GONGKAI_SITE_NAME", "网站名称 / portal title"},
		{"site-id", "GONGKAI_SITE_ID", "网站标识码（10位）"},
		{"icp", "GONGKAI_ICP", "ICP备案号"},
		{"psb", "GONGKAI_PSB", "公安备案号"},
		{"dynamic-url", "GONGKAI_DYNAMIC_URL", "静态导出中检索、评价、登录指向的动态网站地址（export-site）"},
	}
}

// Duration parses a duration setting, naming it in the error.
func Duration(name, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("配置项 %s 的值 %q 不是有效的时长（如 30m、12h）", name, v)
	}
	return d, nil
}

// Int parses a positive integer setting.
func Int(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("配置项 %s 的值 %q 不是正整数", name, v)
	}
	return n, nil
}

// Bool parses a boolean setting.
func Bool(name, v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("配置项 %s 的值 %q 不是 true 或 false", name, v)
	}
	return b, nil
}

// Getenv is os.Getenv, named for callers that read the environment once at start.
func Getenv(k string) string { return os.Getenv(k) }
