package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/demo"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

type world struct {
	t     *testing.T
	a     *app.App
	s     *store.Store
	unit  org.Org
	entry catalog.Entry
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	a := testApp(t, s)
	if _, _, err := demo.Fill(ctx, a); err != nil {
		t.Fatal(err)
	}
	u, _ := s.OrgByCode(ctx, "610112")
	_, es, err := a.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, a: a, s: s, unit: u, entry: es[0]}
}

func (w *world) who(login string) *app.Principal {
	w.t.Helper()
	p, err := w.s.PersonByLogin(context.Background(), login)
	if err != nil {
		w.t.Fatal(err)
	}
	return &app.Principal{Person: p, IP: "127.0.0.1"}
}

// person makes a person of the unit with the given roles.
func (w *world) person(login string, roles ...org.Role) *app.Principal {
	w.t.Helper()
	var gs []org.Grant
	for _, r := range roles {
		gs = append(gs, org.Grant{OrgID: w.unit.ID, Role: r})
	}
	if _, err := w.s.CreatePerson(context.Background(), audit.System("test"), org.Person{Login: login, Name: "测试", PasswordHash: "x", Grants: gs}); err != nil {
		w.t.Fatal(err)
	}
	return w.who(login)
}

// recordIn brings a new record to state st through the real procedure.
func (w *world) recordIn(st record.State) int64 {
	w.t.Helper()
	ctx := context.Background()
	r, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "测试信息", BodyHTML: "<p>正文</p>"})
	if err != nil {
		w.t.Fatal(err)
	}
	steps := []struct {
		login string
		a     record.Action
		until record.State
	}{
		{"editor@610112", record.Action{Kind: record.ActionSubmit}, record.StateInReview},
		{"reviewer@610112", record.Action{Kind: record.ActionReviewPass}, record.StateAwaitingApproval},
		{"approver@610112", record.Action{Kind: record.ActionApprove, At: time.Now().Add(time.Hour)}, record.StateScheduled},
	}
	if st == record.StatePublished {
		steps[2].a.At, steps[2].until = time.Time{}, record.StatePublished
	}
	for _, s := range steps {
		if st == record.StateDraft {
			break
		}
		if _, err := w.a.Act(ctx, w.who(s.login), r.ID, s.a); err != nil {
			w.t.Fatal(err)
		}
		if s.until == st {
			break
		}
	}
	return r.ID
}

func (w *world) state(id int64) record.State {
	row, err := w.s.RecordRowByID(context.Background(), id)
	if err != nil {
		return record.StateNew
	}
	if row.PendingRevision != 0 {
		r, _ := w.s.Revision(context.Background(), id, row.PendingRevision)
		return r.State
	}
	return row.State
}

// TestRecordTransitionsByRole runs every step of the procedure as every demo role, on both
// databases: exactly the roles of the procedure succeed, and a refusal changes nothing.
func TestRecordTransitionsByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		cases := []struct {
			from    record.State
			action  record.Action
			to      record.State
			allowed []string
		}{
			{record.StateDraft, record.Action{Kind: record.ActionSubmit}, record.StateInReview, []string{"editor@610112", "admin@610112"}},
			{record.StateDraft, record.Action{Kind: record.ActionDiscard}, record.StateNew, []string{"editor@610112", "admin@610112"}},
			{record.StateInReview, record.Action{Kind: record.ActionReviewPass}, record.StateAwaitingApproval, []string{"reviewer@610112"}},
			{record.StateInReview, record.Action{Kind: record.ActionReviewReturn, Opinion: "请补充"}, record.StateDraft, []string{"reviewer@610112"}},
			{record.StateAwaitingApproval, record.Action{Kind: record.ActionApprove}, record.StatePublished, []string{"approver@610112"}},
			{record.StateAwaitingApproval, record.Action{Kind: record.ActionApproveReturn, Opinion: "请修改"}, record.StateDraft, []string{"approver@610112"}},
			{record.StateScheduled, record.Action{Kind: record.ActionCancelSchedule}, record.StateAwaitingApproval, []string{"approver@610112", "admin@610112"}},
			{record.StatePublished, record.Action{Kind: record.ActionWithdraw, Reason: "信息有误"}, record.StateWithdrawn, []string{"approver@610112", "admin@610112"}},
			{record.StatePublished, record.Action{Kind: record.ActionRevise}, record.StateDraft, []string{"editor@610112", "admin@610112"}},
			// Steps out of their state are conflicts for everyone.
			{record.StateDraft, record.Action{Kind: record.ActionApprove}, record.StateDraft, nil},
			{record.StatePublished, record.Action{Kind: record.ActionSubmit}, record.StatePublished, nil},
		}
		actors := []string{"editor@610112", "reviewer@610112", "approver@610112", "admin@610112", "supervisor@610100", "supervisor@610000", "editor@610111", "sysadmin", "assessor"}
		for _, c := range cases {
			for _, login := range actors {
				id := w.recordIn(c.from)
				_, err := w.a.Act(ctx, w.who(login), id, c.action)
				want := false
				for _, a := range c.allowed {
					want = want || a == login
				}
				if want {
					if err != nil {
						t.Errorf("%s %s by %s: %v", c.from, c.action.Kind, login, err)
					} else if got := w.state(id); got != c.to {
						t.Errorf("%s %s by %s: state %s, want %s", c.from, c.action.Kind, login, got, c.to)
					}
					continue
				}
				code := errs.Code(err)
				if code != errs.Forbidden && code != errs.Conflict && code != errs.NotFound {
					t.Errorf("%s %s by %s: want refusal, got %v", c.from, c.action.Kind, login, err)
				}
				if login == "editor@610111" && code != errs.NotFound {
					t.Errorf("another unit's editor saw the record: %v", err)
				}
				if got := w.state(id); got != c.from {
					t.Errorf("%s %s refused for %s but state became %s", c.from, c.action.Kind, login, got)
				}
			}
		}
	})
}

func TestSeparationOfDuties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		both := w.person("both@610112", org.RoleEditor, org.RoleReviewer, org.RoleApprover)
		r, err := w.a.CreateRecord(ctx, both, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "自己起草", BodyHTML: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, both, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, both, r.ID, record.Action{Kind: record.ActionReviewPass}); !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "自己") {
			t.Fatalf("author reviews: %v", err)
		}
		// A reviewer who is also an approver may not approve what they reviewed …
		ra := w.person("ra@610112", org.RoleReviewer, org.RoleApprover)
		if _, err := w.a.Act(ctx, ra, r.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, ra, r.ID, record.Action{Kind: record.ActionApprove}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("reviewer approves: %v", err)
		}
		// … not when the unit administrator alone turns the exception on: it is only a request …
		if err := w.a.SetUnitPolicy(ctx, w.who("admin@610112"), w.unit, record.Policy{AllowSameReviewerApprover: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, ra, r.ID, record.Action{Kind: record.ActionApprove}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("exception effective before a supervisor approved it: %v", err)
		}
		// … which neither the unit administrator nor the system administrator can approve …
		for _, login := range []string{"admin@610112", "sysadmin"} {
			if err := w.a.DecideUnitException(ctx, w.who(login), w.unit, true); !errs.Is(err, errs.Forbidden) {
				t.Fatalf("%s approves the exception: %v", login, err)
			}
		}
		// … but a supervisor of the city does, and then the exception is in the audit log.
		if err := w.a.DecideUnitException(ctx, w.who("supervisor@610100"), w.unit, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, ra, r.ID, record.Action{Kind: record.ActionApprove}); err != nil {
			t.Fatalf("allowed exception: %v", err)
		}
		log, _ := s.RecordLog(ctx, r.ID)
		if last := log[len(log)-1]; last.Action != "record.approve" || !strings.Contains(last.Detail, "例外") {
			t.Fatalf("exception not logged: %+v", last)
		}
	})
}

// genID makes a valid 18-digit citizen ID for a birth date and sequence.
func genID(birth string, seq int) string {
	first := "610112" + birth + fmt.Sprintf("%03d", seq)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range first {
		sum += int(c-'0') * w[i]
	}
	return first + string("10X98765432"[sum%11])
}

func luhnCard(prefix string) string {
	digits := prefix
	for len(digits) < 18 {
		digits += "3"
	}
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return digits + strconv.Itoa((10-sum%10)%10)
}

func xlsxWith(t *testing.T, cells ...string) []byte {
	f := excelize.NewFile()
	for i, c := range cells {
		f.SetCellValue("Sheet1", "A"+strconv.Itoa(i+1), c)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func docxWith(t *testing.T, paras ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	w, _ = zw.Create("word/document.xml")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paras {
		io.WriteString(w, "<w:p><w:r><w:t>"+p+"</w:t></w:r></w:p>")
	}
	io.WriteString(w, `</w:body></w:document>`)
	zw.Close()
	return buf.Bytes()
}

// TestPersonalInformationGuard: unmasked IDs, phones and cards in the text, the HTML body, an
// XLSX and a DOCX attachment block review until the reviewer masks them all in one action.
func TestPersonalInformationGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		editor, reviewer := w.who("editor@610112"), w.who("reviewer@610112")
		id1, id2, id3 := genID("19800101", 12), genID("19751231", 345), genID("20010615", 7)
		card := luhnCard("622202")
		bad := id1[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", id1[17])+1)%11]) // wrong check digit
		r, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "低保名单",
			Summary:  "联系电话 13812345678",
			BodyHTML: "<p>张某某 " + id1 + "</p><table><tr><td>" + id2 + "</td><td>" + card + "</td></tr></table><p>不是身份证号：" + bad + "</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AddAttachment(ctx, editor, r.ID, "名单.xlsx", xlsxWith(t, "姓名", id3, "13987654321")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AddAttachment(ctx, editor, r.ID, "说明.docx", docxWith(t, "户主身份证 "+id1, "银行卡 "+card)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		cur, _ := w.a.CurrentRevision(ctx, r.ID)
		_, err = w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "个人信息") {
			t.Fatalf("review with unmasked findings: %v", err)
		}
		if w.state(r.ID) != record.StateInReview {
			t.Fatal("refused review moved the record")
		}
		_ = cur
		// One action masks everything, including inside the attachments.
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionMaskPII}); err != nil {
			t.Fatal(err)
		}
		masked, _ := w.a.CurrentRevision(ctx, r.ID)
		for _, raw := range []string{id1, id2, card, "13812345678"} {
			if strings.Contains(masked.BodyHTML+masked.Summary, raw) {
				t.Fatalf("%s still unmasked", raw)
			}
		}
		if !strings.Contains(masked.BodyHTML, id1[:6]+"********"+id1[14:]) || !strings.Contains(masked.BodyHTML, bad) {
			t.Fatalf("masking: %s", masked.BodyHTML)
		}
		atts, _ := s.Attachments(ctx, r.ID, masked.Revision)
		for _, a := range atts {
			if a.Findings != 0 || strings.Contains(a.Text, id3) || strings.Contains(a.Text, id1) {
				t.Fatalf("attachment %s still has findings: %d %q", a.Name, a.Findings, a.Text)
			}
		}
		// The masking reviewer may still pass the review: masking is not authorship.
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatalf("review after masking: %v", err)
		}
	})
}

// TestPersonalInformationOverride: where full identity may lawfully be published, an
// explicit, logged override lets the record pass.
func TestPersonalInformationOverride(t *testing.T) {
	storetest.Each(t, testPersonalInformationOverride)
}

func testPersonalInformationOverride(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	editor, reviewer := w.who("editor@610112"), w.who("reviewer@610112")
	r, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "失信惩戒公示", BodyHTML: "<p>" + genID("19700101", 1) + "</p>"})
	if err != nil {
		t.Fatal(err)
	}
	w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit})
	if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionAllowPII}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("override without reason: %v", err)
	}
	if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionAllowPII, Reason: "依据《失信被执行人名单信息公布办法》公示"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
		t.Fatalf("review with override: %v", err)
	}
	log, _ := w.s.RecordLog(ctx, r.ID)
	found := false
	for _, e := range log {
		found = found || (e.Action == "record.allow_pii" && strings.Contains(e.Detail, "失信被执行人"))
	}
	if !found {
		t.Fatal("override not in the audit log")
	}
}
