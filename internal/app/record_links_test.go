package app_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// publishAs takes a record of unit (code) through submission, review and approval.
func (w *world) publishAs(unit string, id int64) {
	w.t.Helper()
	ctx := context.Background()
	for _, st := range []struct {
		login string
		kind  record.ActionKind
	}{{"editor@" + unit, record.ActionSubmit}, {"reviewer@" + unit, record.ActionReviewPass}, {"approver@" + unit, record.ActionApprove}} {
		if _, err := w.a.Act(ctx, w.who(st.login), id, record.Action{Kind: st.kind}); err != nil {
			w.t.Fatalf("%s %s: %v", st.login, st.kind, err)
		}
	}
}

func policyInput(title string) app.RecordInput {
	return app.RecordInput{Kind: record.KindPolicy, Title: title, BodyHTML: "<p>第一条</p>", Validity: record.ValidityEffective}
}

// TestInterpretationPolicyLink: an interpretation may name only a policy document of its own
// unit (or a level above), published or in the procedure — on creation, on every edit, and
// again at submission and approval, when the policy may have been withdrawn in the meantime;
// it is published only once its policy is.
func TestInterpretationPolicyLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		other, err := s.OrgByCode(ctx, "610111")
		if err != nil {
			t.Fatal(err)
		}
		mustCreate := func(u org.Org, in app.RecordInput) int64 {
			r, err := w.create(u, in)
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		policy := mustCreate(w.unit, policyInput("本单位已发布的政策文件"))
		w.publishAs("610112", policy)
		draftPolicy := mustCreate(w.unit, policyInput("本单位未发布的政策文件"))
		notPolicy := mustCreate(w.unit, app.RecordInput{Kind: record.KindOther, Title: "本单位已发布的其他信息", BodyHTML: "<p>x</p>"})
		w.publishAs("610112", notPolicy)
		foreign := mustCreate(other, policyInput("其他单位已发布的政策文件"))
		w.publishAs("610111", foreign)

		today := calendar.DateOf(s.Now()).String()
		interp := func(policyID int64) app.RecordInput {
			return app.RecordInput{Kind: record.KindInterpretation, Title: "政策解读", BodyHTML: "<p>解读</p>", PolicyID: policyID,
				Subject: "17.3", Issuer: "未央区民政局", WrittenOn: today, FormedOn: today}
		}
		good := mustCreate(w.unit, interp(policy))
		for _, tc := range []struct {
			name string
			id   int64
			want string
		}{
			{"negative", -1, "所解读的政策文件：编号无效"},
			{"missing", 999999, "所解读的政策文件：本单位及上级没有编号为999999的信息"},
			{"another unit's", foreign, "所解读的政策文件：本单位及上级没有编号为"},
			{"not a policy document", notPolicy, "不是政策文件"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.create(w.unit, interp(tc.id))
				if got := fieldError(err, record.FieldPolicy); !errs.Is(err, errs.Invalid) || !strings.Contains(got, strings.TrimPrefix(tc.want, "所解读的政策文件：")) {
					t.Fatalf("create: %v (field: %q), want %q", err, got, tc.want)
				}
				_, err = w.a.EditRecord(ctx, w.who("editor@610112"), good, interp(tc.id))
				if got := fieldError(err, record.FieldPolicy); !errs.Is(err, errs.Invalid) || !strings.Contains(got, strings.TrimPrefix(tc.want, "所解读的政策文件：")) {
					t.Fatalf("edit: %v (field: %q), want %q", err, got, tc.want)
				}
			})
		}
		if r, _ := w.a.CurrentRevision(ctx, good); r.PolicyID != policy {
			t.Fatalf("a refused edit changed the link to %d", r.PolicyID)
		}
		// A policy still in the procedure: the interpretation is prepared with it, but not
		// published before it.
		early := mustCreate(w.unit, interp(draftPolicy))
		for _, st := range []struct {
			login string
			kind  record.ActionKind
		}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}} {
			if _, err := w.a.Act(ctx, w.who(st.login), early, record.Action{Kind: st.kind}); err != nil {
				t.Fatalf("interpretation of a draft policy, %s: %v", st.kind, err)
			}
		}
		_, err = w.a.Act(ctx, w.who("approver@610112"), early, record.Action{Kind: record.ActionApprove})
		if got := fieldError(err, record.FieldPolicy); !strings.Contains(got, "须先发布政策文件") {
			t.Fatalf("approving before the policy: %v", err)
		}
		w.publishAs("610112", draftPolicy)
		if _, err := w.a.Act(ctx, w.who("approver@610112"), early, record.Action{Kind: record.ActionApprove}); err != nil {
			t.Fatalf("approving after the policy: %v", err)
		}
		// The policy is withdrawn after the link was made: the interpretation cannot go on.
		if _, err := w.a.Act(ctx, w.who("approver@610112"), policy, record.Action{Kind: record.ActionWithdraw, Reason: "已废止"}); err != nil {
			t.Fatal(err)
		}
		_, err = w.a.Act(ctx, w.who("editor@610112"), good, record.Action{Kind: record.ActionSubmit})
		if got := fieldError(err, record.FieldPolicy); !strings.Contains(got, "已撤回") {
			t.Fatalf("submit after the policy's withdrawal: %v", err)
		}
		if st := w.state(good); st != record.StateDraft {
			t.Fatalf("state %s", st)
		}
		// A valid link goes through the whole procedure.
		second := mustCreate(w.unit, policyInput("另一份政策文件"))
		w.publishAs("610112", second)
		if _, err := w.a.EditRecord(ctx, w.who("editor@610112"), good, interp(second)); err != nil {
			t.Fatal(err)
		}
		w.publishAs("610112", good)
		if st := w.state(good); st != record.StatePublished {
			t.Fatalf("state %s", st)
		}
	})
}
