package record

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// TestIssuerRoles: roles held at a department act on the records it issues, and only on those;
// the unit's roles act on every record of the unit, whoever issues it.
func TestIssuerRoles(t *testing.T) {
	_, _, unit, _ := testOrgs()
	mzj := org.Org{ID: 30, ParentID: unit.ID, Code: "610112-mzj", Name: "未央区民政局", Kind: org.KindDept, Path: unit.Path + "30/"}
	jd := org.Org{ID: 31, ParentID: unit.ID, Code: "610112-zjbjd", Name: "张家堡街道", Kind: org.KindTownship, Path: unit.Path + "31/"}
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	inReview := recordIn(StateInReview)
	deptRec := inReview
	deptRec.IssuerOrgID = mzj.ID
	cases := []struct {
		name   string
		r      Record
		issuer org.Org
		grant  org.Grant
		code   string
	}{
		{"department reviewer, department record", deptRec, mzj, grant(mzj, org.RoleReviewer), ""},
		{"unit reviewer, department record", deptRec, mzj, grant(unit, org.RoleReviewer), ""},
		{"street reviewer, department record", deptRec, mzj, grant(jd, org.RoleReviewer), errs.Forbidden},
		{"department reviewer, unit record", inReview, org.Org{}, grant(mzj, org.RoleReviewer), errs.Forbidden},
		{"department editor, department record", deptRec, mzj, grant(mzj, org.RoleEditor), errs.Forbidden},
	}
	for _, c := range cases {
		a := Actor{PersonID: idReviewer, Grants: []org.Grant{c.grant}, Unit: unit, Issuer: c.issuer}
		_, err := Decide(c.r, Action{Kind: ActionReviewPass}, a, Policy{}, now)
		if errs.Code(err) != c.code && !(c.code == "" && err == nil) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// The caller must load the record's own issuer.
	a := Actor{PersonID: idReviewer, Grants: []org.Grant{grant(jd, org.RoleReviewer)}, Unit: unit, Issuer: jd}
	if _, err := Decide(deptRec, Action{Kind: ActionReviewPass}, a, Policy{}, now); !errs.Is(err, errs.Internal) {
		t.Errorf("wrong issuer loaded: %v", err)
	}
	// The refusal names where the role must be held.
	a = Actor{PersonID: idReviewer, Grants: []org.Grant{grant(jd, org.RoleReviewer)}, Unit: unit, Issuer: mzj}
	if _, err := Decide(deptRec, Action{Kind: ActionReviewPass}, a, Policy{}, now); err == nil || !strings.Contains(err.Error(), "未央区民政局") {
		t.Errorf("message: %v", err)
	}
}
