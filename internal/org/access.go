package org

// Permission is something a person may do at an organisation.
type Permission string

const (
	// PermView: see the organisation's admin pages (any staff role in scope).
	PermView Permission = "view"
	// PermManageOrgs: create and edit organisations below, assign domains.
	PermManageOrgs Permission = "manage_orgs"
	// PermManagePeople: create people, set their roles, unlock and reset passwords.
	PermManagePeople Permission = "manage_people"
	// PermViewAudit: read the audit log of the subtree.
	PermViewAudit Permission = "view_audit"
	// PermManageDomains: extend the list of domains (platform-wide).
	PermManageDomains Permission = "manage_domains"
	// PermManageCalendar: add years and local closures to the working-day calendar.
	PermManageCalendar Permission = "manage_calendar"
	// PermEditCatalog: edit the drafts of a unit's standard catalogs.
	PermEditCatalog Permission = "edit_catalog"
	// PermEditTemplate: edit the template catalogs of the province office or a department.
	PermEditTemplate Permission = "edit_template"
	// PermFileCatalog: file a catalog version with the supervising offices (备案).
	PermFileCatalog Permission = "file_catalog"
	// PermReceiveFiling: receive, return or accept filings addressed to an office.
	PermReceiveFiling Permission = "receive_filing"
	// PermDecideException: approve or refuse a unit's request to let one person both review
	// and approve (the supervising offices of the city and the province decide).
	PermDecideException Permission = "decide_exception"
	// PermManageCampaign: create and change supervised campaigns (试点工作), select highlights
	// for the special topic (the province office; the grant must sit at the root).
	PermManageCampaign Permission = "manage_campaign"
	// PermSubmitReport: file a campaign's deliverables, progress reports and liaisons for an
	// organisation (a unit's office, a city's or a provincial department's staff).
	PermSubmitReport Permission = "submit_report"
)

// Permissions that depend on the target: a catalog of the province office or a provincial
// department is a template (edited by supervisors and department guides and in force once
// published), a unit's catalog is edited by its staff and filed with the supervising offices.
const (
	PermCatalogEdit Permission = "catalog_edit" // resolves to PermEditTemplate or PermEditCatalog
	PermCatalogFile Permission = "catalog_file" // resolves to PermEditTemplate or PermFileCatalog
)

// KeepsTemplates tells whether the catalogs of o are templates.
func KeepsTemplates(o Org) bool { return o.Kind == KindProvince || o.Kind == KindProvinceDept }

// Resolve turns a target-dependent permission into the concrete one for target.
func Resolve(p Permission, target Org) Permission {
	switch p {
	case PermCatalogEdit:
		if KeepsTemplates(target) {
			return PermEditTemplate
		}
		return PermEditCatalog
	case PermCatalogFile:
		if KeepsTemplates(target) {
			return PermEditTemplate
		}
		return PermFileCatalog
	}
	return p
}

// rolePerms is the permission matrix. Scope comes from the grant's organisation.
var rolePerms = map[Role][]Permission{
	RoleEditor:     {PermView, PermEditCatalog},
	RoleReviewer:   {PermView},
	RoleApprover:   {PermView},
	RoleUnitAdmin:  {PermView, PermManageOrgs, PermManagePeople, PermViewAudit, PermEditCatalog, PermFileCatalog, PermSubmitReport},
	RoleSupervisor: {PermView, PermViewAudit, PermEditTemplate, PermReceiveFiling, PermDecideException, PermManageCampaign, PermSubmitReport},
	RoleDeptGuide:  {PermView, PermEditTemplate, PermSubmitReport},
	RoleAssessor:   {PermView, PermViewAudit},
	RoleSysadmin: {PermView, PermManageOrgs, PermManagePeople, PermViewAudit, PermManageDomains, PermManageCalendar,
		PermEditCatalog, PermEditTemplate, PermFileCatalog, PermReceiveFiling},
}

// RoleHas reports whether the role carries the permission.
func RoleHas(r Role, p Permission) bool {
	for _, x := range rolePerms[r] {
		if x == p {
			return true
		}
	}
	return false
}

// Allowed reports whether a person with these grants may do p at target:
// some grant with the permission must sit at target or one of its ancestors.
func Allowed(grants []Grant, p Permission, target Org) bool {
	p = Resolve(p, target)
	for _, g := range grants {
		if RoleHas(g.Role, p) && g.OrgPath != "" && len(target.Path) >= len(g.OrgPath) && target.Path[:len(g.OrgPath)] == g.OrgPath {
			return true
		}
	}
	return false
}

// HasRoleAt reports whether one of the grants gives role r at target or above it.
func HasRoleAt(grants []Grant, r Role, target Org) bool {
	for _, g := range grants {
		if g.Role == r && g.OrgPath != "" && len(target.Path) >= len(g.OrgPath) && target.Path[:len(g.OrgPath)] == g.OrgPath {
			return true
		}
	}
	return false
}

// MayGrant reports whether a person with these grants may give role r at target: an
// administering grant (PermManagePeople) must sit at or above target and rank at least as
// high as r (see Rank). Nobody hands out more than they have: only a sysadmin makes
// sysadmins, supervisors, department guides and assessors; a unit administrator gives the
// roles of a unit inside their unit.
func MayGrant(grants []Grant, r Role, target Org) bool {
	return r.Valid() && covers(grants, target.Path, Rank(r))
}

// Disclosure requests (依申请公开): the editor registers and handles applications and drafts
// replies, the reviewer checks a reply for confidentiality, the approver approves extensions
// and replies. The unit administrator handles them too. Supervisors see the masked lists
// through PermView.
// PermOpenRequest (any of the three) opens a request with the applicant's personal data.
const (
	PermHandleRequest  Permission = "handle_request"
	PermReviewRequest  Permission = "review_request"
	PermApproveRequest Permission = "approve_request"
	PermOpenRequest    Permission = "open_request"
)

func init() {
	rolePerms[RoleEditor] = append(rolePerms[RoleEditor], PermHandleRequest, PermOpenRequest)
	rolePerms[RoleUnitAdmin] = append(rolePerms[RoleUnitAdmin], PermHandleRequest, PermOpenRequest)
	rolePerms[RoleReviewer] = append(rolePerms[RoleReviewer], PermReviewRequest, PermOpenRequest)
	rolePerms[RoleApprover] = append(rolePerms[RoleApprover], PermApproveRequest, PermOpenRequest)
}

// Inspection and evaluation (检查评估): supervising offices run rounds (create, compute,
// decide objections, close, award bonus points — the province office alone for bonus points,
// checked in app at the root); supervisors and assessors score the manual indicators where a
// round names them; a unit's office objects to a deduction.
const (
	PermManageInspection Permission = "manage_inspection"
	PermScoreInspection  Permission = "score_inspection"
	PermObjectInspection Permission = "object_inspection"
)

func init() {
	rolePerms[RoleSupervisor] = append(rolePerms[RoleSupervisor], PermManageInspection, PermScoreInspection)
	rolePerms[RoleAssessor] = append(rolePerms[RoleAssessor], PermScoreInspection)
	rolePerms[RoleUnitAdmin] = append(rolePerms[RoleUnitAdmin], PermObjectInspection)
}

// Reachability probe (检查评估, 站点无法访问): a unit's administrator and its supervising
// offices register the unit's external sites that the platform probes.
const PermManageProbes Permission = "manage_probes"

func init() {
	rolePerms[RoleUnitAdmin] = append(rolePerms[RoleUnitAdmin], PermManageProbes)
	rolePerms[RoleSupervisor] = append(rolePerms[RoleSupervisor], PermManageProbes)
}
