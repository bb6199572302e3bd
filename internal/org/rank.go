package org

import "strings"

// Rank orders the roles by the authority they carry, so that "a role above one's own" has a
// meaning. An administrator never manages, and never grants, a role of higher rank than
// the administering role they hold over the place concerned:
//
//	1  经办人, 保密审查员, 审核签发人      work inside a unit's procedure
//	2  单位管理员                          runs a unit: its people, organisations and catalogs
//	3  监督人员, 省级部门指导人员, 第三方评估人员  oversee units from outside (province and cities)
//	4  系统管理员                          runs the platform
//
// The ranks are coarse on purpose: the roles of one rank are not above one another, and
// only ranks 2 and 4 hold PermManagePeople.
func Rank(r Role) int {
	switch r {
	case RoleEditor, RoleReviewer, RoleApprover:
		return 1
	case RoleUnitAdmin:
		return 2
	case RoleSupervisor, RoleDeptGuide, RoleAssessor:
		return 3
	case RoleSysadmin:
		return 4
	}
	return 5 // an unknown role is above everyone: nobody manages it by accident
}

// within reports whether the organisation at path lies inside the subtree at base.
func within(path, base string) bool {
	return base != "" && path != "" && strings.HasPrefix(path, base)
}

// covers reports whether some administering grant (one with PermManagePeople) sits at or
// above path and ranks at least rank.
func covers(admin []Grant, path string, rank int) bool {
	for _, a := range admin {
		if RoleHas(a.Role, PermManagePeople) && within(path, a.OrgPath) && Rank(a.Role) >= rank {
			return true
		}
	}
	return false
}

// MayManage reports whether a person with the grants admin may manage a person with the
// grants target: reset their password, unlock, disable, change their roles or revoke their
// tokens. Every grant of the target must lie inside the subtree of one of the
// administrator's administering grants and carry no role above that grant's role: a unit
// administrator cannot take over someone who is also a supervisor or an administrator
// elsewhere. When it is refused, the reason says why, in Chinese.
func MayManage(admin, target []Grant) (ok bool, reason string) {
	for _, g := range target {
		if !covers(admin, g.OrgPath, 0) {
			return false, "该人员在“" + g.OrgName + "”还担任“" + g.Role.Label() + "”，超出您的管理范围"
		}
		if !covers(admin, g.OrgPath, Rank(g.Role)) {
			return false, "该人员在“" + g.OrgName + "”担任“" + g.Role.Label() + "”，高于您的角色"
		}
	}
	return true, ""
}
