package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// auditObjectTypes are the object types the audit filter offers, with their Chinese names.
var auditObjectTypes = [][2]string{
	{"record", "公开信息"}, {"catalog", "标准目录"}, {"person", "人员"}, {"org", "机构"}, {"question", "公众咨询"},
	{"comment", "公众意见"}, {"request", "依申请公开"}, {"campaign", "试点工作"}, {"obligation", "报送事项"},
	{"submission", "报送材料"}, {"api_token", "接口令牌"}, {"calendar_year", "工作日历"}, {"calendar_closure", "休息日"},
	{"domain", "领域"}, {"setting", "系统设置"}, {"notification", "通知"}, {"annual_report", "年度报告"},
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	o := orgOf(r)
	p := principalOf(r)
	d, err := s.adminData(r, "audit", o.Name+" · 审计日志")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := app.AuditFilter{Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: strings.TrimSpace(q.Get("object_id"))}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	var fields []errs.FieldError
	if v := q.Get("person"); v != "" {
		if f.PersonID, err = strconv.ParseInt(v, 10, 64); err != nil {
			fields = append(fields, errs.FieldError{Field: "person", Label: "操作人", Message: "无效"})
		}
	}
	for _, x := range []struct {
		key, label string
		dst        *time.Time
		next       bool
	}{{"from", "起始日期", &f.From, false}, {"to", "截止日期", &f.To, true}} {
		v := q.Get(x.key)
		if v == "" {
			continue
		}
		day, err := calendar.ParseDate(v)
		if err != nil {
			fields = append(fields, errs.FieldError{Field: x.key, Label: x.label, Message: "应为日期，如 2026-12-07"})
			continue
		}
		if x.next {
			day = day.AddDays(1) // 截止日期 includes its day
		}
		y, m, dd := day.Civil()
		*x.dst = time.Date(y, m, dd, 0, 0, 0, 0, app.Shanghai)
	}
	status := http.StatusOK
	var entries []app.HistoryLine
	if len(fields) > 0 {
		status = http.StatusBadRequest
		d["Error"] = errs.Fields("筛选条件有误", fields...)
	} else if entries, err = s.app.ReadableAudit(r.Context(), p, o, f); err != nil {
		s.fail(w, r, err)
		return
	}
	people, _, err := s.app.People(r.Context(), p, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	keep := url.Values{}
	for _, k := range []string{"person", "action", "object_type", "object_id", "from", "to"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	d["Entries"], d["Filter"], d["People"], d["Choices"], d["ObjectTypes"] = entries, f, people, app.AuditChoices(), auditObjectTypes
	d["From"], d["To"], d["Query"] = q.Get("from"), q.Get("to"), keep.Encode()
	if len(entries) == app.AuditPageSize {
		d["Next"] = entries[len(entries)-1].ID
	}
	s.render(w, r, status, "audit.html", d)
}
