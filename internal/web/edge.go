package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// This file holds what the server checks at its edge, before a handler runs: request sizes,
// the text of addresses and forms, and how much expensive work runs at once.

// Error codes the web layer adds for refusals at the edge (see status).
const (
	codeBadRequest  = "bad_request"            // 400: the request itself is malformed
	codeTooLarge    = "too_large"              // 413: the body is over the route's limit
	codeUnsupported = "unsupported_media_type" // 415: a multipart body where no file is expected
	codeBusy        = "unavailable"            // 503: too much work in progress; retry
)

const (
	// maxQuery and maxQueryValue bound an address's query string and each of its values:
	// filters are codes and dates, a search is a few words. (A long value is refused before
	// it reaches a database, where PostgreSQL fails on some of them.)
	maxQuery      = 2048
	maxQueryValue = 512
	// uploadMemory is how much of a multipart upload is kept in memory; the rest goes to
	// temporary files, which the guard removes when the request ends.
	uploadMemory = 1 << 20
	// retryAfter is what a 503 asks the client to wait, in seconds.
	retryAfter = "2"
)

func badRequest(format string, args ...any) error {
	return &errs.Error{Code: codeBadRequest, Message: fmt.Sprintf(format, args...)}
}

// textProblem tells why s may not enter the system: PostgreSQL refuses NUL bytes and invalid
// UTF-8 in text (SQLite stores them), so both are refused here for both databases.
func textProblem(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		return "含有空字符（NUL）"
	}
	if !utf8.ValidString(s) {
		return "不是有效的 UTF-8 文本"
	}
	return ""
}

// checkURL refuses a path or query that is not clean text, and overlong queries.
func checkURL(u *url.URL) error {
	if p := textProblem(u.Path); p != "" {
		return badRequest("访问地址%s", p)
	}
	if u.RawQuery == "" {
		return nil
	}
	if len(u.RawQuery) > maxQuery {
		return badRequest("查询参数过长（最多 %d 字节）", maxQuery)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return badRequest("查询参数格式无效")
	}
	for k, vs := range q {
		if p := textProblem(k); p != "" {
			return badRequest("查询参数名%s", p)
		}
		for _, v := range vs {
			if len(v) > maxQueryValue {
				return badRequest("查询参数 %s 过长（最多 %d 字节）", k, maxQueryValue)
			}
			if p := textProblem(v); p != "" {
				return badRequest("查询参数 %s %s", k, p)
			}
		}
	}
	return nil
}

// checkInput is the first thing every request passes: its address must be clean text. The
// User-Agent, which sign-in stores with the session, is made valid UTF-8 rather than refused.
func (s *Server) checkInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkURL(r.URL); err != nil {
			s.fail(w, r, err)
			return
		}
		if ua := r.Header.Get("User-Agent"); !utf8.ValidString(ua) || strings.IndexByte(ua, 0) >= 0 {
			r.Header.Set("User-Agent", strings.ReplaceAll(strings.ToValidUTF8(ua, "\uFFFD"), "\x00", ""))
		}
		next.ServeHTTP(w, r)
	})
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasPrefix(mt, "multipart/")
}

func tooLarge(limit int64) error {
	return &errs.Error{Code: codeTooLarge, Message: "提交的内容过大：此处最多接受 " + sizeText(limit)}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// readBody parses a form body under the route's limit, before the handler runs, so that the
// limit, the refusal of unexpected uploads and the text checks hold for every handler. Upload
// routes parse multipart bodies with at most uploadMemory in memory; the guard removes the
// temporary files of the rest.
func readBody(rt Route, r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Body == nil {
		return nil
	}
	var err error
	if rt.Files && isMultipart(r) {
		err = r.ParseMultipartForm(uploadMemory)
	} else {
		err = r.ParseForm()
	}
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return tooLarge(rt.MaxBody)
	}
	if err != nil {
		return badRequest("提交的表单格式无效")
	}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if p := textProblem(v); p != "" {
				return &errs.Error{Code: codeBadRequest, Message: "提交的内容有误", Fields: []errs.FieldError{{Field: k, Message: p}}}
			}
		}
	}
	if r.MultipartForm != nil {
		for k, fs := range r.MultipartForm.File {
			for _, f := range fs {
				if p := textProblem(f.Filename); p != "" {
					return &errs.Error{Code: codeBadRequest, Message: "上传的文件名有误", Fields: []errs.FieldError{{Field: k, Message: "文件名" + p}}}
				}
			}
		}
	}
	return nil
}

// checkJSONText refuses a JSON body with a \u0000 escape in a string (encoding/json turns
// invalid UTF-8 into U+FFFD by itself, but keeps NUL).
func checkJSONText(b []byte) error {
	in := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			in = !in
		case c == '\\' && in && i+1 < len(b):
			if b[i+1] == 'u' && i+5 < len(b) && bytes.Equal(b[i+2:i+6], []byte("0000")) {
				return badRequest("请求体的文本中含有空字符（\\u0000）")
			}
			i++ // skip the escaped character, so that \" does not end the string
		}
	}
	return nil
}

// pool bounds how many requests of one class do expensive work (a search, a page rendered
// from the database) at once. A request that finds every slot taken waits briefly in a short
// queue; beyond the queue, or after the wait, it is answered 503 at once, which a client can
// retry, rather than queueing until every request times out.
type pool struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
	wait     time.Duration
}

func newPool(n int) *pool {
	n = max(n, 1)
	return &pool{slots: make(chan struct{}, n), maxQueue: int64(4 * n), wait: time.Second}
}

// acquire takes a slot, or reports false when the request should be shed.
func (p *pool) acquire(ctx context.Context) bool {
	select {
	case p.slots <- struct{}{}:
		return true
	default:
	}
	if p.queued.Add(1) > p.maxQueue {
		p.queued.Add(-1)
		return false
	}
	defer p.queued.Add(-1)
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (p *pool) release() { <-p.slots }

const busyMessage = "访问人数较多，服务器正忙，请稍后再试"

// busyPage is the answer to a shed request, made once: under overload most answers are this
// one, and rendering the page template for each would take the CPU the admitted requests need.
var busyPage = []byte(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务器繁忙</title></head>
<body><main><h1>服务器繁忙</h1><p>` + busyMessage + `（约 ` + retryAfter + ` 秒后）。</p><p><a href="/">返回首页</a></p></main></body></html>
`)

// busy answers a shed request: 503 with Retry-After, as JSON for the API.
func (s *Server) busy(w http.ResponseWriter, r *http.Request) {
	s.metrics.shed.Inc()
	h := w.Header()
	h.Set("Retry-After", retryAfter)
	h.Set("Cache-Control", "no-store")
	if wantsJSON(r) {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": map[string]any{"code": codeBusy, "message": busyMessage, "request_id": requestIDOf(r)}})
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(busyPage)
}
