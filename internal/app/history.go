package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/org"
)

// HistoryLine is an audit entry as staff read it: "张三 于 2026-12-07 10:32 通过保密审查
// 《标题》，意见：……". The raw entry stays beside it for the 详情 toggle.
type HistoryLine struct {
	audit.Entry
	Who      string   // the person's name; 系统 or 公众 for the platform and the public
	PersonID int64    // the person, 0 for the platform or the public
	Phrase   string   // audit.Phrase of the action
	Object   string   // what the action was about, as a reader names it (《标题》, 第3版, …)
	Notes    []string // 意见：…, 理由：…, from the entry's detail
	OrgCode  string   // of the entry's organisation, for links; "" when platform-wide
}

// noteKeys are the detail fields read out in a sentence, in this order.
var noteKeys = []struct{ key, label string }{
	{"opinion", "意见"}, {"reason", "理由"}, {"note", "说明"}, {"public_reason", "公开理由"},
	{"file", "文件"}, {"name", "名称"}, {"entry", "条目"}, {"item", "事项"},
}

// readable turns entries into history lines, looking up each person's name once.
func (a *App) readable(ctx context.Context, entries []audit.Entry) ([]HistoryLine, error) {
	orgs, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	codes := map[int64]string{}
	for _, o := range orgs {
		codes[o.ID] = o.Code
	}
	names := map[int64]string{}
	out := make([]HistoryLine, 0, len(entries))
	for _, e := range entries {
		l := HistoryLine{Entry: e, PersonID: e.ActorID, OrgCode: codes[e.OrgID]}
		l.Phrase, _ = audit.Phrase(e.Action)
		switch {
		case e.ActorID != 0:
			n, ok := names[e.ActorID]
			if !ok {
				if who, err := a.store.Person(ctx, e.ActorID); err == nil {
					n = who.Name
				}
				if n == "" {
					n = e.ActorLogin
				}
				names[e.ActorID] = n
			}
			l.Who = n
		case e.ActorLogin == "public":
			l.Who = "公众"
		case strings.HasPrefix(e.ActorLogin, "system:") || e.ActorLogin == "":
			l.Who = "系统"
		default:
			l.Who = e.ActorLogin // a sign-in attempt under a login name
		}
		var d map[string]any
		if json.Unmarshal([]byte(e.Detail), &d) == nil {
			if t, ok := d["title"].(string); ok && t != "" {
				l.Object = "《" + t + "》"
			}
			if v, ok := d["version"].(float64); ok && v > 0 {
				l.Object = strings.TrimSpace(l.Object + fmt.Sprintf(" 第%d版", int(v)))
			}
			for _, k := range noteKeys {
				if v, ok := d[k.key].(string); ok && strings.TrimSpace(v) != "" {
					l.Notes = append(l.Notes, k.label+"："+v)
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// AuditFilter narrows the audit page: by person, action (a whole action, or a prefix ending
// in "."), object, and period (From inclusive, To exclusive).
type AuditFilter struct {
	PersonID   int64
	Action     string
	ObjectType string
	ObjectID   string
	From, To   time.Time
	Before     int64
}

// AuditChoice is an action as the audit filter offers it: its phrase.
type AuditChoice struct{ Action, Phrase string }

// AuditChoices lists every known action with its Chinese phrase, for the filter.
func AuditChoices() []AuditChoice {
	var out []AuditChoice
	for _, a := range audit.KnownActions() {
		p, _ := audit.Phrase(a)
		out = append(out, AuditChoice{a, p})
	}
	return out
}

// ReadableAudit is AuditLog as history lines, with the filter of the audit page.
func (a *App) ReadableAudit(ctx context.Context, p *Principal, o org.Org, f AuditFilter) ([]HistoryLine, error) {
	if err := p.Authorize(org.PermViewAudit, o); err != nil {
		return nil, err
	}
	q := audit.Query{OrgPath: o.Path, Action: f.Action, Exact: f.Action != "" && !strings.HasSuffix(f.Action, "."),
		Before: f.Before, Limit: AuditPageSize, ActorID: f.PersonID, ObjectType: f.ObjectType, ObjectID: f.ObjectID, From: f.From, To: f.To}
	if o.ParentID == 0 {
		q.OrgPath = ""
	}
	es, err := a.store.ListAudit(ctx, q)
	if err != nil {
		return nil, err
	}
	return a.readable(ctx, es)
}
