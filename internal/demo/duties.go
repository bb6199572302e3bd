package demo

import "gongkai/internal/org"

// dutyBodies are the departments and townships of the demo that disclose on their own account
// (公开主体), each with its own drafter, reviewer and approver: what they issue goes through
// the unit's procedure at their level, under the unit office's oversight.
var dutyBodies = []string{"610112-mzj", "610112-zjbjd"}

// dutyAccounts are the staff accounts of dutyBodies.
func dutyAccounts(names func(code string) string) []Account {
	var out []Account
	for _, code := range dutyBodies {
		name := names(code)
		out = append(out,
			Account{Login: "editor@" + code, Name: name + "经办人（示例）", Role: org.RoleEditor, Org: code},
			Account{Login: "reviewer@" + code, Name: name + "保密审查员（示例）", Role: org.RoleReviewer, Org: code},
			Account{Login: "approver@" + code, Name: name + "审核签发人（示例）", Role: org.RoleApprover, Org: code},
		)
	}
	return out
}
