package org

import "testing"

func grant(path string, r Role) Grant {
	return Grant{OrgPath: path, OrgName: path, Role: r}
}

// The tree of the tests: province /1/, city /1/4/, unit 610112 /1/4/5/ with a department
// /1/4/5/6/, unit 610111 /1/4/10/.
func TestMayManage(t *testing.T) {
	unitAdmin := []Grant{grant("/1/4/5/", RoleUnitAdmin)}
	sysadmin := []Grant{grant("/1/", RoleSysadmin)}
	supervisor := []Grant{grant("/1/4/", RoleSupervisor)}
	for _, tc := range []struct {
		name   string
		admin  []Grant
		target []Grant
		want   bool
	}{
		{"editor of the unit", unitAdmin, []Grant{grant("/1/4/5/", RoleEditor)}, true},
		{"reviewer and approver of a department", unitAdmin, []Grant{grant("/1/4/5/6/", RoleReviewer), grant("/1/4/5/6/", RoleApprover)}, true},
		{"another administrator of the unit (same rank)", unitAdmin, []Grant{grant("/1/4/5/", RoleUnitAdmin)}, true},
		{"editor here, supervisor of the city", unitAdmin, []Grant{grant("/1/4/5/", RoleEditor), grant("/1/4/", RoleSupervisor)}, false},
		{"reviewer here, sysadmin", unitAdmin, []Grant{grant("/1/4/5/", RoleReviewer), grant("/1/", RoleSysadmin)}, false},
		{"editor here and in another unit", unitAdmin, []Grant{grant("/1/4/5/", RoleEditor), grant("/1/4/10/", RoleEditor)}, false},
		{"assessor placed inside the unit", unitAdmin, []Grant{grant("/1/4/5/", RoleAssessor)}, false},
		{"sysadmin manages a supervisor", sysadmin, []Grant{grant("/1/4/", RoleSupervisor)}, true},
		{"sysadmin manages another sysadmin", sysadmin, []Grant{grant("/1/", RoleSysadmin)}, true},
		{"supervisor manages nobody", supervisor, []Grant{grant("/1/4/5/", RoleEditor)}, false},
		{"administrator of a department does not reach the unit", []Grant{grant("/1/4/5/6/", RoleUnitAdmin)}, []Grant{grant("/1/4/5/", RoleEditor)}, false},
	} {
		if got, reason := MayManage(tc.admin, tc.target); got != tc.want || (!got && reason == "") {
			t.Errorf("%s: %v %q, want %v", tc.name, got, reason, tc.want)
		}
	}
}

func TestMayGrant(t *testing.T) {
	unit := Org{Path: "/1/4/5/"}
	unitAdmin := []Grant{grant("/1/4/5/", RoleUnitAdmin)}
	for _, r := range Roles {
		want := Rank(r) <= Rank(RoleUnitAdmin)
		if got := MayGrant(unitAdmin, r, unit); got != want {
			t.Errorf("unit administrator grants %s: %v", r, got)
		}
		if !MayGrant([]Grant{grant("/1/", RoleSysadmin)}, r, unit) {
			t.Errorf("sysadmin cannot grant %s", r)
		}
		if MayGrant(unitAdmin, r, Org{Path: "/1/4/10/"}) {
			t.Errorf("unit administrator grants %s in another unit", r)
		}
	}
	if MayGrant([]Grant{grant("/1/", RoleSysadmin)}, Role("emperor"), unit) {
		t.Error("an unknown role granted")
	}
	// Every role has a rank, and only the administering roles hold PermManagePeople.
	for _, r := range Roles {
		if Rank(r) > 4 {
			t.Errorf("%s has no rank", r)
		}
		if RoleHas(r, PermManagePeople) != (r == RoleUnitAdmin || r == RoleSysadmin) {
			t.Errorf("%s and PermManagePeople", r)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		login, pw string
		ok        bool
	}{
		{"editor@610112", "Ba-Qiao-Jing-Ban-7", true},
		{"editor@610112", "correct horse battery", true},
		{"editor@610112", "政务公开标准化平台密码", true},
		{"editor@610112", "short", false},
		{"editor@610112", "xEDITOR@610112x", false}, // the login
		{"editor@610112", "my-editor-pass", false},  // its name part
		{"li@610112", "my-li-password-x", true},     // a name part too short to matter
		{"editor@610112", "Xy0123456789", false},    // a sequence
		{"editor@610112", "zyxwvu-Secret", false},   // a sequence downwards
		{"editor@610112", "Secret-aaaa-x", false},   // a run
		{"editor@610112", "abcabcabcabc", false},    // a repetition
		{"editor@610112", "Ab1!Ab1!Ab1!", false},    // a repetition
		{"editor@610112", "woaini1314", false},      // Chinese pinyin and number idioms
		{"editor@610112", "5201314woaini", false},   // the same, the other way round
		{"editor@610112", "zhongguo12345", false},   // a pinyin word and a sequence
		{"editor@610112", "gongkai2026!", false},    // the platform's name and a year
		{"editor@610112", "WOAINI1314520", false},   // common stem + digits
		{"editor@610112", "qwertyuiop", false},      // a keyboard row
		{"editor@610112", "iloveyou2024", false},    // common password + year
		{"editor@610112", "Password2024!", false},   // common stem + digits and symbols
		{"editor@610112", "1qaz2wsx!!", false},      // common stem + symbols
		{"editor@610112", string(make([]byte, 129)), false},
	} {
		if got := ValidatePassword(tc.login, tc.pw); (got == "") != tc.ok {
			t.Errorf("ValidatePassword(%q, %q) = %q, want ok=%v", tc.login, tc.pw, got, tc.ok)
		}
	}
}

func TestChildCodes(t *testing.T) {
	parent := Org{Code: "610112"}
	for code, ok := range map[string]bool{"610112-mzj": true, "610112-zjbjd2": true, "610113": false, "610111-mzj": false,
		"610112-": false, "610112mzj": false, "mzj": false, "610112-Mzj": false} {
		if got := ValidateChildCode(parent, code) == ""; got != ok {
			t.Errorf("child code %q: %v", code, got)
		}
	}
	for _, w := range []string{"settings", "ratings", "account", "admin", "pilot"} {
		if ValidateCode(w) == "" {
			t.Errorf("reserved word %q accepted", w)
		}
	}
}
