package record

import (
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// TestOfficeNoticeProcedure: an office's own record (an inspection notice) is drafted,
// reviewed and approved by supervisors granted AT the office, three different people; a
// supervisor above the office, a unit's staff and a sysadmin have no part in it; and office
// staff still have no part in a unit's procedure.
func TestOfficeNoticeProcedure(t *testing.T) {
	province, city, unit, _ := testOrgs()
	notice := func(o org.Org, s State) Record {
		r := recordIn(s)
		r.UnitID, r.Domain, r.EntryID, r.EntryKey, r.Kind, r.Validity, r.DocNo = o.ID, "", 0, "", KindInspectionNotice, "", ""
		return r
	}
	staff := func(id int64, at, o org.Org, r org.Role) Actor {
		return Actor{PersonID: id, Grants: []org.Grant{grant(at, r)}, Unit: o}
	}
	now := testNow()
	cases := []struct {
		name  string
		r     Record
		a     ActionKind
		actor Actor
		ok    bool
	}{
		{"province supervisor creates", notice(province, StateNew), ActionCreate, staff(301, province, province, org.RoleSupervisor), true},
		{"province supervisor submits", notice(province, StateDraft), ActionSubmit, staff(301, province, province, org.RoleSupervisor), true},
		{"another reviews", notice(province, StateInReview), ActionReviewPass, staff(302, province, province, org.RoleSupervisor), true},
		{"a third approves", notice(province, StateAwaitingApproval), ActionApprove, staff(303, province, province, org.RoleSupervisor), true},
		{"the reviewer does not approve", notice(province, StateAwaitingApproval), ActionApprove, staff(idReviewer2, province, province, org.RoleSupervisor), false},
		{"city supervisor creates the city's", notice(city, StateNew), ActionCreate, staff(304, city, city, org.RoleSupervisor), true},
		{"province supervisor on the city's", notice(city, StateNew), ActionCreate, staff(301, province, city, org.RoleSupervisor), false},
		{"sysadmin", notice(province, StateNew), ActionCreate, staff(305, province, province, org.RoleSysadmin), false},
		{"assessor", notice(province, StateInReview), ActionReviewPass, staff(306, province, province, org.RoleAssessor), false},
		{"province supervisor on a unit's record", recordIn(StateNew), ActionCreate, staff(301, province, unit, org.RoleSupervisor), false},
		{"city supervisor on a unit's review", recordIn(StateInReview), ActionReviewPass, staff(304, city, unit, org.RoleSupervisor), false},
	}
	for _, c := range cases {
		_, err := Decide(c.r, Action{Kind: c.a}, c.actor, Policy{}, now)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
		if err != nil && !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: %v, want Forbidden", c.name, err)
		}
	}
}
