// Package demo fills an empty database with the demo dataset of contract.md: real Shaanxi
// organisations with their administrative division codes, one account per role, and
// content visibly marked as sample data (示例数据).
package demo

import (
	"context"
	"fmt"
	"slices"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Account is a demo account with its one-time password.
type Account struct {
	Login, Name, Password string
	Role                  org.Role
	Org                   string
}

type node struct {
	code, name string
	kind       org.Kind
	unitType   string
	domains    []string
	children   []node
}

// units under their cities. 未央区 and 灞桥区 are named in the seed plan; the other
// county-level units are real divisions used here as sample pilot units.
func tree() node {
	dept := func(unit, slug, name string) node {
		return node{code: unit + "-" + slug, name: name, kind: org.KindDept}
	}
	town := func(unit, slug, name string) node {
		return node{code: unit + "-" + slug, name: name, kind: org.KindTownship}
	}
	city := func(code, name string, units ...node) node {
		return node{code: code, name: name, kind: org.KindCity, children: units}
	}
	return node{code: "610000", name: "陕西省人民政府办公厅（省政府政务公开办公室）", kind: org.KindProvince, children: []node{
		{code: "sxmzt", name: "陕西省民政厅", kind: org.KindProvinceDept, domains: []string{"shjz", "ylfw"}},
		{code: "sxnynct", name: "陕西省农业农村厅", kind: org.KindProvinceDept, domains: []string{"snbt"}},
		city("610100", "西安市",
			node{code: "610112", name: "未央区", kind: org.KindUnit, unitType: "区", domains: []string{"shjz", "snbt", "ggwhfw", "jycy", "ylfw"}, children: []node{
				dept("610112", "mzj", "未央区民政局"), dept("610112", "nyncj", "未央区农业农村和水务局"),
				town("610112", "zjbjd", "张家堡街道"), town("610112", "hxjd", "汉城街道"),
			}},
			node{code: "610111", name: "灞桥区", kind: org.KindUnit, unitType: "区", domains: []string{"shjz", "bzxzf", "cxgh", "ywjy"}, children: []node{
				dept("610111", "mzj", "灞桥区民政局"), town("610111", "xjjd", "席王街道"),
			}},
		),
		city("610200", "铜川市"),
		city("610300", "宝鸡市", node{code: "610323", name: "岐山县", kind: org.KindUnit, unitType: "县", domains: []string{"snbt", "fpjz", "ncwfgz"}}),
		city("610400", "咸阳市", node{code: "610425", name: "礼泉县", kind: org.KindUnit, unitType: "县", domains: []string{"snbt", "zdbc", "shbx"}}),
		city("610500", "渭南市", node{code: "610528", name: "富平县", kind: org.KindUnit, unitType: "县", domains: []string{"shjz", "ylfw", "ylws"}}),
		city("610600", "延安市"), city("610700", "汉中市"), city("610800", "榆林市"), city("610900", "安康市"), city("611000", "商洛市"),
		city("yangling", "杨凌示范区"), city("xixian", "西咸新区"), city("610581", "韩城市"),
	}}
}

// Fill writes the demo dataset into an empty database and returns the accounts with their
// passwords. A non-empty database is left alone (ok false).
func Fill(ctx context.Context, a *app.App) (accounts []Account, ok bool, err error) {
	s, hash := a.SeedStore(), a.Hash
	n, err := s.CountOrgs(ctx)
	if err != nil || n > 0 {
		return nil, false, err
	}
	by := audit.System("demo")
	ids := map[string]org.Org{}
	var add func(parent int64, nd node, sort int) error
	add = func(parent int64, nd node, sort int) error {
		credit := ""
		if nd.kind == org.KindUnit || nd.kind == org.KindProvince {
			// Fictitious codes of the right shape: the demo's 索引号 need an issuer.
			credit = fmt.Sprintf("11%sMB0000000X", (nd.code + "000000")[:6])
		}
		o, err := s.CreateOrg(ctx, by, org.Org{ParentID: parent, Code: nd.code, Name: nd.name, Kind: nd.kind, UnitType: nd.unitType,
			CreditCode: credit, FullName: fullName(nd, ids, parent), Domains: nd.domains, Sort: sort, Sample: true})
		if err != nil {
			return fmt.Errorf("demo org %s: %w", nd.code, err)
		}
		ids[nd.code] = o
		for i, c := range nd.children {
			if err := add(o.ID, c, i); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(0, tree(), 0); err != nil {
		return nil, false, err
	}
	plan := []Account{}
	for _, u := range []string{"610112", "610111"} {
		name := ids[u].Name
		plan = append(plan,
			Account{Login: "editor@" + u, Name: name + "经办人（示例）", Role: org.RoleEditor, Org: u},
			Account{Login: "reviewer@" + u, Name: name + "保密审查员（示例）", Role: org.RoleReviewer, Org: u},
			Account{Login: "approver@" + u, Name: name + "审核签发人（示例）", Role: org.RoleApprover, Org: u},
			Account{Login: "admin@" + u, Name: name + "政务公开办（示例）", Role: org.RoleUnitAdmin, Org: u},
		)
	}
	plan = append(plan,
		Account{Login: "supervisor@610100", Name: "西安市政务公开办（示例）", Role: org.RoleSupervisor, Org: "610100"},
		Account{Login: "supervisor@610000", Name: "省政府政务公开办公室（示例）", Role: org.RoleSupervisor, Org: "610000"},
		Account{Login: "guide@sxmzt", Name: "省民政厅指导人员（示例）", Role: org.RoleDeptGuide, Org: "sxmzt"},
		Account{Login: "assessor", Name: "第三方评估机构（示例）", Role: org.RoleAssessor, Org: "610000"},
		Account{Login: "sysadmin", Name: "系统管理员（示例）", Role: org.RoleSysadmin, Org: "610000"},
	)
	plan = append(plan, dutyAccounts(func(code string) string { return ids[code].Name })...)
	for _, a := range plan {
		// Random, and by the rules people's own passwords follow (a run like "abcde" is rare
		// in 14 random characters, but possible).
		for a.Password = auth.NewPassword(); org.ValidatePassword(a.Login, a.Password) != ""; a.Password = auth.NewPassword() {
		}
		h, err := auth.HashPassword(a.Password, hash)
		if err != nil {
			return nil, false, err
		}
		o, found := ids[a.Org]
		if !found {
			return nil, false, errs.E(errs.Internal, "demo: no org %s", a.Org)
		}
		if _, err := s.CreatePerson(ctx, by, org.Person{Login: a.Login, Name: a.Name, PasswordHash: h, Sample: true,
			Grants: []org.Grant{{OrgID: o.ID, OrgCode: o.Code, Role: a.Role}}}); err != nil {
			return nil, false, fmt.Errorf("demo person %s: %w", a.Login, err)
		}
		accounts = append(accounts, a)
	}
	if err := fillCatalogs(ctx, s, ids); err != nil {
		return nil, false, err
	}
	if err := fillRecords(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillDuties(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillParticipation(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillRequests(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillCampaigns(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillProbes(ctx, a, ids); err != nil { // before the rounds, which judge its results
		return nil, false, err
	}
	if err := fillInspection(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillChannels(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillInspectionNotice(ctx, a, ids); err != nil {
		return nil, false, err
	}
	if err := fillColumn(ctx, a, ids); err != nil { // last: it marks every record so far as sample data
		return nil, false, err
	}
	return accounts, true, nil
}

// fillCatalogs gives the province office templates for 社会救助 and 涉农补贴 and makes the
// pilot units' catalogs from them, filed and accepted, so the public catalog pages show an
// effective version. 岐山县 keeps a draft to show the editing state.
func fillCatalogs(ctx context.Context, s *store.Store, ids map[string]org.Org) error {
	by := audit.System("demo")
	prov := ids["610000"]
	for _, domain := range []string{"shjz", "snbt"} {
		tv, err := s.NewDraft(ctx, by, prov.ID, domain, true, catalog.SampleEntries(domain), "省级模板（示例数据）", "new", 0)
		if err != nil {
			return fmt.Errorf("demo template %s: %w", domain, err)
		}
		if err := s.FileVersion(ctx, by, tv.ID, nil, ""); err != nil {
			return err
		}
		tmpl, err := s.Entries(ctx, tv.ID)
		if err != nil {
			return err
		}
		for _, unit := range []string{"610112", "610111", "610323", "610425", "610528"} {
			u := ids[unit]
			if !slices.Contains(u.Domains, domain) {
				continue
			}
			entries := tmpl
			v, err := s.NewDraft(ctx, by, u.ID, domain, false, entries, "依据省级模板编制（示例数据）", "template", tv.ID)
			if err != nil {
				return fmt.Errorf("demo catalog %s/%s: %w", unit, domain, err)
			}
			if unit == "610323" {
				continue // stays a draft
			}
			city := ids[cityOf[unit]]
			if err := s.FileVersion(ctx, by, v.ID, []int64{prov.ID, city.ID}, ""); err != nil {
				return err
			}
			for _, r := range []int64{prov.ID, city.ID} {
				if err := s.DecideFiling(ctx, by, v.ID, r, catalog.FilingAccepted, "同意备案（示例数据）"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

var cityOf = map[string]string{"610112": "610100", "610111": "610100", "610323": "610300", "610425": "610400", "610528": "610500"}
