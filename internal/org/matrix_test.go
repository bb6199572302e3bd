package org

import "testing"

// The permission matrix, written out by hand from the role table of the requirements
// ("Who uses it"), not derived from rolePerms: a change to the code that is not a change to
// this table is a bug.
//
//	editor      经办人       maintain catalog entries, draft and submit records
//	reviewer    保密审查     confidentiality review (acts on records, administers nothing)
//	approver    审核签发     approve publication (idem)
//	unit_admin  试点单位公开办 owns a unit: catalogs, filing, people, its departments
//	supervisor  市/省公开办   oversees units below: filings, templates, the audit trail, and the
//	                         exception that lets one person both review and approve
//	dept_guide  省级有关部门  guides a domain: templates
//	assessor    第三方评估    read-only, including the audit trail
//	sysadmin    系统管理员    users, organisations, settings: everything
var wantMatrix = map[Role]map[Permission]bool{
	RoleEditor:     {PermView: true, PermEditCatalog: true},
	RoleReviewer:   {PermView: true},
	RoleApprover:   {PermView: true},
	RoleUnitAdmin:  {PermView: true, PermManageOrgs: true, PermManagePeople: true, PermViewAudit: true, PermEditCatalog: true, PermFileCatalog: true, PermSubmitReport: true},
	RoleSupervisor: {PermView: true, PermViewAudit: true, PermEditTemplate: true, PermReceiveFiling: true, PermDecideException: true, PermManageCampaign: true, PermSubmitReport: true},
	RoleDeptGuide:  {PermView: true, PermEditTemplate: true, PermSubmitReport: true},
	RoleAssessor:   {PermView: true, PermViewAudit: true},
	RoleSysadmin: {PermView: true, PermManageOrgs: true, PermManagePeople: true, PermViewAudit: true,
		PermManageDomains: true, PermManageCalendar: true, PermEditCatalog: true, PermEditTemplate: true,
		PermFileCatalog: true, PermReceiveFiling: true},
}

var allPerms = []Permission{PermView, PermManageOrgs, PermManagePeople, PermViewAudit, PermManageDomains,
	PermManageCalendar, PermEditCatalog, PermEditTemplate, PermFileCatalog, PermReceiveFiling, PermDecideException,
	PermManageCampaign, PermSubmitReport}

// A small tree: province /1/ → city /1/2/ → units /1/2/3/ and /1/2/5/ → department /1/2/3/4/.
var (
	tProvince = Org{ID: 1, Kind: KindProvince, Path: "/1/"}
	tCity     = Org{ID: 2, ParentID: 1, Kind: KindCity, Path: "/1/2/"}
	tUnit     = Org{ID: 3, ParentID: 2, Kind: KindUnit, Path: "/1/2/3/"}
	tDept     = Org{ID: 4, ParentID: 3, Kind: KindDept, Path: "/1/2/3/4/"}
	tOther    = Org{ID: 5, ParentID: 2, Kind: KindUnit, Path: "/1/2/5/"}
	tUnit3x   = Org{ID: 33, ParentID: 2, Kind: KindUnit, Path: "/1/2/33/"} // shares a prefix "/1/2/3" but not a path
)

func TestPermissionMatrix(t *testing.T) {
	for _, r := range []Role{RoleEditor, RoleReviewer, RoleApprover, RoleUnitAdmin, RoleSupervisor, RoleDeptGuide, RoleAssessor, RoleSysadmin} {
		if _, ok := wantMatrix[r]; !ok {
			t.Fatalf("role %s missing from the hand-written matrix", r)
		}
		grants := []Grant{{OrgID: tUnit.ID, OrgPath: tUnit.Path, Role: r}}
		for _, p := range allPerms {
			want := wantMatrix[r][p]
			for _, c := range []struct {
				where  string
				target Org
				want   bool
			}{
				{"at the grant's organisation", tUnit, want},
				{"in its subtree", tDept, want},
				{"at its parent", tCity, false},
				{"at a sibling", tOther, false},
				{"at a sibling whose path shares a prefix", tUnit3x, false},
			} {
				if got := Allowed(grants, p, c.target); got != c.want {
					t.Errorf("%s (%s) %s: %s = %v, want %v", r, r.Label(), c.where, p, got, c.want)
				}
			}
		}
	}
}

// Catalog permissions depend on the target: the province office and provincial departments
// keep templates, which supervisors and department guides edit; units' catalogs are edited by
// their staff and filed by their administrators.
func TestCatalogPermissionsByTarget(t *testing.T) {
	dept := Org{ID: 6, ParentID: 1, Kind: KindProvinceDept, Path: "/1/6/"}
	cases := []struct {
		role   Role
		at     Org
		perm   Permission
		target Org
		want   bool
	}{
		{RoleEditor, tUnit, PermCatalogEdit, tUnit, true},
		{RoleEditor, tUnit, PermCatalogFile, tUnit, false},
		{RoleUnitAdmin, tUnit, PermCatalogFile, tUnit, true},
		{RoleSupervisor, tProvince, PermCatalogEdit, tProvince, true},
		{RoleSupervisor, tProvince, PermCatalogEdit, tUnit, false}, // supervisors do not write units' catalogs
		{RoleSupervisor, tCity, PermCatalogFile, tUnit, false},
		{RoleDeptGuide, dept, PermCatalogEdit, dept, true},
		{RoleDeptGuide, dept, PermCatalogEdit, tProvince, false},
		{RoleEditor, tProvince, PermCatalogEdit, tProvince, false}, // an editor does not write templates
		{RoleSysadmin, tProvince, PermCatalogEdit, tUnit, true},
		{RoleAssessor, tProvince, PermCatalogEdit, tUnit, false},
	}
	for _, c := range cases {
		g := []Grant{{OrgID: c.at.ID, OrgPath: c.at.Path, Role: c.role}}
		if got := Allowed(g, c.perm, c.target); got != c.want {
			t.Errorf("%s at %s: %s on %s = %v, want %v", c.role, c.at.Path, c.perm, c.target.Path, got, c.want)
		}
	}
}

// Nobody hands out more than they have.
func TestMayGrantCases(t *testing.T) {
	admin := []Grant{{OrgID: tUnit.ID, OrgPath: tUnit.Path, Role: RoleUnitAdmin}}
	sys := []Grant{{OrgID: tProvince.ID, OrgPath: tProvince.Path, Role: RoleSysadmin}}
	sup := []Grant{{OrgID: tCity.ID, OrgPath: tCity.Path, Role: RoleSupervisor}}
	cases := []struct {
		name   string
		grants []Grant
		role   Role
		target Org
		want   bool
	}{
		{"unit admin gives editor in the unit", admin, RoleEditor, tUnit, true},
		{"unit admin gives reviewer in a department", admin, RoleReviewer, tDept, true},
		{"unit admin gives unit admin in the unit", admin, RoleUnitAdmin, tUnit, true},
		{"unit admin gives supervisor", admin, RoleSupervisor, tUnit, false},
		{"unit admin gives sysadmin", admin, RoleSysadmin, tUnit, false},
		{"unit admin gives assessor", admin, RoleAssessor, tUnit, false},
		{"unit admin gives editor in another unit", admin, RoleEditor, tOther, false},
		{"unit admin gives editor at the city", admin, RoleEditor, tCity, false},
		{"supervisor gives anything", sup, RoleEditor, tUnit, false},
		{"sysadmin gives supervisor", sys, RoleSupervisor, tCity, true},
		{"sysadmin gives sysadmin", sys, RoleSysadmin, tProvince, true},
	}
	for _, c := range cases {
		if got := MayGrant(c.grants, c.role, c.target); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// Disclosure requests, by hand: the editor and the unit administrator handle them, the
// reviewer reviews replies, the approver approves; nobody else, not even the sysadmin.
func init() {
	for _, r := range []Role{RoleEditor, RoleUnitAdmin, RoleReviewer, RoleApprover} {
		wantMatrix[r][PermOpenRequest] = true
	}
	wantMatrix[RoleEditor][PermHandleRequest] = true
	wantMatrix[RoleUnitAdmin][PermHandleRequest] = true
	wantMatrix[RoleReviewer][PermReviewRequest] = true
	wantMatrix[RoleApprover][PermApproveRequest] = true
	allPerms = append(allPerms, PermHandleRequest, PermReviewRequest, PermApproveRequest, PermOpenRequest)
}

// The permissions of inspection, by hand: supervisors run rounds and score, assessors score,
// a unit's office objects; nobody else holds any of them.
func TestInspectionPermissions(t *testing.T) {
	want := map[Role][]Permission{
		RoleSupervisor: {PermManageInspection, PermScoreInspection},
		RoleAssessor:   {PermScoreInspection},
		RoleUnitAdmin:  {PermObjectInspection},
	}
	for _, r := range Roles {
		for _, p := range []Permission{PermManageInspection, PermScoreInspection, PermObjectInspection} {
			has := false
			for _, x := range want[r] {
				has = has || x == p
			}
			grants := []Grant{{OrgID: tCity.ID, OrgPath: tCity.Path, Role: r}}
			if Allowed(grants, p, tUnit) != has || Allowed(grants, p, tProvince) {
				t.Errorf("%s %s: want %v below the grant and never above", r, p, has)
			}
		}
	}
}

func TestProbePermissions(t *testing.T) {
	for _, r := range []Role{RoleEditor, RoleReviewer, RoleApprover, RoleUnitAdmin, RoleSupervisor, RoleDeptGuide, RoleAssessor, RoleSysadmin} {
		want := r == RoleUnitAdmin || r == RoleSupervisor
		if RoleHas(r, PermManageProbes) != want {
			t.Errorf("%s manage_probes = %v", r, !want)
		}
	}
}
