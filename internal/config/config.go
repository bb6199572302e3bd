// Package config is the typed configuration passed down from main: flags, then GONGKAI_*
// environment variables, then defaults.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of a gongkai process.
type Config struct {
	Addr    string // listen address
	DB      string // DSN: sqlite:PATH or postgres://…
	DataDir string // attachments, exports
	Demo    bool   // fill an empty database with the demo dataset

	BaseURL        string        // public address, for feeds and links in exports; "" = derived from Addr (see PublicBase)
	SessionIdle    time.Duration // sign-out after this much inactivity
	SessionMaxAge  time.Duration // absolute session lifetime
	LockAttempts   int           // failed sign-ins before the account locks
	LockDuration   time.Duration // how long it stays locked
	ClientAttempts int           // failed sign-ins from one client address per LockDuration
	SecureCookies  bool          // set the Secure flag (behind HTTPS)
	TrustProxy     bool          // take the client address from X-Forwarded-For
	ShutdownPeriod time.Duration // how long requests in flight may finish on SIGTERM

	// TrustedProxies are further proxies in front of the one that connects (a CDN before
	// nginx, say): their X-Forwarded-For hops are skipped when finding the client address.
	TrustedProxies []netip.Prefix
	MetricsToken   string // bearer token that /metrics asks for; "" = loopback clients only
	MaxPublicBody  int64  // bytes: request body of a route open to anyone (sign-in, ratings)
	MaxStaffBody   int64  // bytes: form or JSON body of a staff or token route (uploads have their own)
	MaxBusy        int    // anonymous requests doing uncached work at once; beyond, a short wait, then 503
	MaxBusyStaff   int    // the same, reserved for signed-in staff and API tokens
	MaxSignIns     int    // sign-ins (each an argon2id hash) at once; beyond, a short wait, then 503
	RatingsPerHour int    // ratings one client address may give in an hour, all pages together

	// AllowPrivateWebhooks lets administrators register webhook receivers on loopback or
	// private addresses (issue 13); the same switch lets the reachability probe (issue 10)
	// request sites on such addresses.
	AllowPrivateWebhooks bool
	// SMTPURL is the mail server for email subscriptions: smtp://[user:password@]host:port
	// [?from=address]; "" turns email off (issue 13).
	SMTPURL string

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
		MaxPublicBody:  16 << 10,
		MaxStaffBody:   8 << 20,
		MaxBusy:        6,
		MaxBusyStaff:   4,
		MaxSignIns:     2,
		RatingsPerHour: 30,
	}
}

// PublicBase is the site's public address for absolute links (feeds, sitemaps): BaseURL, or
// when it is unset an address derived from the listen address — never from a request, whose
// Host header the client chooses. A wildcard listen address (0.0.0.0, ::) gives localhost:
// correct for a single machine, and a reason to set --base-url anywhere else.
func (c Config) PublicBase() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://localhost"
	}
	if a, err := netip.ParseAddr(host); host == "" || (err == nil && a.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
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
		{"trusted-proxies", "GONGKAI_TRUSTED_PROXIES", "代理链中其他可信代理的地址段，逗号分隔 / further trusted proxies (CIDRs)"},
		{"metrics-token", "GONGKAI_METRICS_TOKEN", "/metrics 的访问令牌；不设则仅限本机 / bearer token for /metrics"},
		{"max-public-body", "GONGKAI_MAX_PUBLIC_BODY", "公开接口请求体上限 / body limit of public routes, e.g. 16KiB"},
		{"max-staff-body", "GONGKAI_MAX_STAFF_BODY", "工作人员表单和接口请求体上限 / body limit of staff routes, e.g. 8MiB"},
		{"max-busy", "GONGKAI_MAX_BUSY", "同时处理的公众非缓存请求数 / concurrent uncached anonymous requests"},
		{"max-busy-staff", "GONGKAI_MAX_BUSY_STAFF", "为工作人员保留的并发数 / concurrent requests reserved for staff"},
		{"max-sign-ins", "GONGKAI_MAX_SIGN_INS", "同时校验的登录数（每次约 64 MiB 内存）/ concurrent sign-ins"},
		{"ratings-per-hour", "GONGKAI_RATINGS_PER_HOUR", "每个客户端地址每小时评价次数上限 / ratings per client address per hour"},
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

// Bytes parses a size setting: a number of bytes, or with a KiB/MiB suffix (K, KB, M and MB
// are read the same way).
func Bytes(name, v string) (int64, error) {
	s := strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"KB", 1 << 10}, {"K", 1 << 10}, {"MiB", 1 << 20}, {"MB", 1 << 20}, {"M", 1 << 20}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("配置项 %s 的值 %q 不是有效的大小（如 16KiB、8MiB）", name, v)
	}
	return n * mult, nil
}

// Prefixes parses a comma-separated list of addresses or CIDR prefixes ("" is none).
func Prefixes(name, v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("配置项 %s 中的 %q 不是有效的地址或地址段（如 10.0.0.0/8）", name, part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
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
