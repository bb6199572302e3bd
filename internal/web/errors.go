package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/errs"
)

// status maps error codes to HTTP statuses, in one place.
func status(code string) int {
	switch code {
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Conflict:
		return http.StatusConflict
	case codeBadRequest:
		return http.StatusBadRequest
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeUnsupported:
		return http.StatusUnsupportedMediaType
	case codeBusy:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html")
}

// fail answers with an error: the message for application errors, "内部错误" plus the
// request ID for anything else (the detail goes to the log, never to the citizen).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.Code(err)
	st := status(code)
	msg := err.Error()
	var fields []errs.FieldError
	if e, ok := err.(*errs.Error); ok {
		msg, fields = e.Message, e.Fields
	}
	if code == errs.Internal {
		s.log.Error("internal error", "id", requestIDOf(r), "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "内部错误，请稍后再试（请求编号 " + requestIDOf(r) + "）"
	}
	if wantsJSON(r) {
		writeJSON(w, st, map[string]any{"error": map[string]any{"code": code, "message": msg, "fields": fields, "request_id": requestIDOf(r)}})
		return
	}
	title := map[int]string{404: "页面不存在", 401: "需要登录", 403: "无权访问", 409: "操作冲突", 422: "输入有误",
		400: "请求无效", 413: "内容过大", 415: "不接受上传", 503: "服务器繁忙"}[st]
	if title == "" {
		title = "出错了"
	}
	s.render(w, r, st, "error.html", map[string]any{"Title": title, "Status": st, "Message": msg, "Fields": fields, "RequestID": requestIDOf(r)})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.E(errs.NotFound, "您访问的页面不存在或已被移除"))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
