package record

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// The organisation tree of the tests: the province office, 西安市, and two of its pilot units.
func testOrgs() (province, city, unit, otherUnit org.Org) {
	province = org.Org{ID: 1, Code: "610000", Name: "陕西省人民政府办公厅", Kind: org.KindProvince, Path: "/1/"}
	city = org.Org{ID: 2, ParentID: 1, Code: "610100", Name: "西安市", Kind: org.KindCity, Path: "/1/2/"}
	unit = org.Org{ID: 3, ParentID: 2, Code: "610112", Name: "未央区", Kind: org.KindUnit, Path: "/1/2/3/"}
	otherUnit = org.Org{ID: 4, ParentID: 2, Code: "610111", Name: "灞桥区", Kind: org.KindUnit, Path: "/1/2/4/"}
	return
}

func grant(o org.Org, r org.Role) org.Grant {
	return org.Grant{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, OrgPath: o.Path, Role: r}
}

// People. The record fixtures are written, submitted, reviewed and approved by people who are
// NOT the actors of the role matrix, so that the matrix tests roles and states only; the
// separation of duties has its own tests.
const (
	idEditor     = 101
	idReviewer   = 102
	idApprover   = 103
	idAdmin      = 104
	idSupervisor = 105
	idOther      = 106
	idSysadmin   = 107
	idProvince   = 108
	idAuthor     = 201 // an editor of 610112 who wrote the fixtures
	idReviewer2  = 202 // a reviewer of 610112 who reviewed them
	idApprover2  = 203 // an approver of 610112 who approved them
)

// roleColumns are the actors of the role matrix.
func roleColumns() []string {
	return []string{"editor", "reviewer", "approver", "unit_admin", "city_supervisor", "province_supervisor",
		"other_unit", "sysadmin", "system"}
}

// actor returns the actor of a role column, acting on a record of 610112.
func actor(col string) Actor {
	province, city, unit, other := testOrgs()
	a := func(id int64, g ...org.Grant) Actor { return Actor{PersonID: id, Grants: g, Unit: unit} }
	switch col {
	case "editor":
		return a(idEditor, grant(unit, org.RoleEditor))
	case "reviewer":
		return a(idReviewer, grant(unit, org.RoleReviewer))
	case "approver":
		return a(idApprover, grant(unit, org.RoleApprover))
	case "unit_admin":
		return a(idAdmin, grant(unit, org.RoleUnitAdmin))
	case "city_supervisor":
		return a(idSupervisor, grant(city, org.RoleSupervisor))
	case "province_supervisor":
		return a(idProvince, grant(province, org.RoleSupervisor))
	case "other_unit": // holds every unit role, but at 灞桥区
		return a(idOther, grant(other, org.RoleEditor), grant(other, org.RoleReviewer),
			grant(other, org.RoleApprover), grant(other, org.RoleUnitAdmin))
	case "sysadmin":
		return a(idSysadmin, grant(province, org.RoleSysadmin))
	case "system":
		return SystemActor()
	}
	panic("unknown column " + col)
}

// testNow is 2026-10-20 10:00 in China.
func testNow() time.Time { return time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC) }

// validRecord is a complete draft policy document of 未央区, written by idAuthor.
func validRecord() Record {
	return Record{
		UnitID: 3, Domain: "shjz", EntryID: 7, EntryKey: "k7", Kind: KindPolicy,
		Title:     "西安市未央区最低生活保障实施办法（示例数据）",
		Summary:   "规定最低生活保障的申请条件、审核程序和保障标准。",
		BodyHTML:  "<p>第一条 为规范最低生活保障工作……</p>",
		Subject:   "17.3",
		Issuer:    "西安市未央区民政局",
		WrittenOn: calendar.MustDate(2026, 9, 28),
		FormedOn:  calendar.MustDate(2026, 9, 30),
		DocNo:     "未政办发〔2026〕12号",
		Validity:  ValidityEffective,
		Openness:  OpenProactive,
		State:     StateDraft, Revision: 1,
		CreatedBy: idAuthor, UpdatedBy: idAuthor,
	}
}

// recordIn returns the fixture in state s, as it would be after the procedure so far.
func recordIn(s State) Record {
	r := validRecord()
	switch s {
	case StateNew:
		r.State, r.Revision, r.CreatedBy, r.UpdatedBy = StateNew, 0, 0, 0
	case StateDraft:
	case StateInReview:
		r.State, r.SubmittedBy = s, idAuthor
	case StateAwaitingApproval:
		r.State, r.SubmittedBy, r.ReviewedBy = s, idAuthor, idReviewer2
	case StateScheduled:
		r.State, r.SubmittedBy, r.ReviewedBy, r.ApprovedBy = s, idAuthor, idReviewer2, idApprover2
		r.ScheduledAt = testNow().Add(-time.Minute) // due
	case StatePublished, StateWithdrawn:
		r.State, r.SubmittedBy, r.ReviewedBy, r.ApprovedBy = StatePublished, idAuthor, idReviewer2, idApprover2
		r.PublicRevision, r.IndexNo = 1, "11610112MB2990001X/2026-00001"
		r.PublishedAt = testNow().Add(-48 * time.Hour)
		if s == StateWithdrawn {
			r.State, r.WithdrawnAt, r.WithdrawnBy, r.WithdrawReason = s, testNow().Add(-time.Hour), idApprover2, "内容有误"
		}
	}
	return r
}

// amendment returns revision 2 of a published record, in state s.
func amendment(s State) Record {
	r := recordIn(s)
	if s == StateNew || s == StatePublished || s == StateWithdrawn {
		panic("amendment in " + string(s))
	}
	r.Revision, r.PublicRevision, r.PendingRevision = 2, 1, 2
	r.IndexNo = "11610112MB2990001X/2026-00001"
	r.PublishedAt = testNow().Add(-48 * time.Hour)
	r.ChangeNote = "更正保障标准"
	return r
}

// wantErr checks an error's code and that its message contains msg and is written in Chinese.
func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error containing %q, got nil", code, msg)
	}
	if got := errs.Code(err); got != code {
		t.Fatalf("want code %s, got %s (%v)", code, got, err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Fatalf("want message containing %q, got %q", msg, err.Error())
	}
	if code != errs.Internal && !strings.ContainsFunc(err.Error(), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Fatalf("message is not Chinese: %q", err.Error())
	}
}
