package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// TestAttachmentMissingFromDataDirectory: two instances on one database whose data
// directories differ (a misconfiguration). The instance without the file answers a clean
// 503 in Chinese, not an internal error, and logs what is wrong and how to fix it.
func TestAttachmentMissingFromDataDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newEnv(t, s)
		ctx := context.Background()
		var logs bytes.Buffer
		cfg := config.Default()
		cfg.DataDir = t.TempDir() // not A's
		b := app.New(s, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		srvB, err := web.New(b)
		if err != nil {
			t.Fatal(err)
		}
		tsB := httptest.NewServer(srvB)
		defer tsB.Close()

		u, _ := s.OrgByCode(ctx, "610112")
		_, es, _ := a.app.EffectiveCatalog(ctx, u, "shjz")
		who := func(login string) *app.Principal {
			p, _ := s.PersonByLogin(ctx, login)
			return &app.Principal{Person: p}
		}
		r, err := a.app.CreateRecord(ctx, who("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "附件在另一实例", BodyHTML: "<p>见附件</p>"})
		if err != nil {
			t.Fatal(err)
		}
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "名单")
		var buf bytes.Buffer
		f.Write(&buf)
		if _, err := a.app.AddAttachment(ctx, who("editor@610112"), r.ID, "名单.xlsx", buf.Bytes()); err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			login string
			kind  record.ActionKind
		}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}, {"approver@610112", record.ActionApprove}} {
			if _, err := a.app.Act(ctx, who(st.login), r.ID, record.Action{Kind: st.kind}); err != nil {
				t.Fatal(err)
			}
		}
		atts, _ := s.Attachments(ctx, r.ID, 1)
		path := "/610112/records/" + strconv.FormatInt(r.ID, 10) + "/files/" + atts[0].Hash
		if code, _ := get(t, &http.Client{}, a.ts.URL+path); code != 200 {
			t.Fatalf("instance A: %d", code)
		}
		code, body := get(t, &http.Client{}, tsB.URL+path)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "附件文件暂时无法读取") || strings.Contains(body, "attach") {
			t.Fatalf("instance B: %d %s", code, body)
		}
		if l := logs.String(); !strings.Contains(l, "same --data directory") || !strings.Contains(l, atts[0].Hash) || strings.Contains(l, "internal error") {
			t.Fatalf("log of B: %s", l)
		}
	})
}
