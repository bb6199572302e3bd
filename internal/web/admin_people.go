package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	s.peopleView(w, r, http.StatusOK, app.PersonInput{}, nil)
}

func (s *Server) peopleView(w http.ResponseWriter, r *http.Request, status int, form app.PersonInput, ferr error) {
	o := orgOf(r)
	d, err := s.adminData(r, "people", o.Name+" · 人员和角色")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people, locked, err := s.app.People(r.Context(), principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["People"], d["LockedIDs"], d["Form"], d["Roles"] = people, locked, form, s.grantableRoles(r)
	d["CanManage"] = principalOf(r).Can(org.PermManagePeople, o)
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "people.html", d)
}

// grantableRoles are the roles the signed-in person may give at the request's organisation.
func (s *Server) grantableRoles(r *http.Request) []org.Role {
	var out []org.Role
	for _, role := range org.Roles {
		if org.MayGrant(principalOf(r).Person.Grants, role, orgOf(r)) {
			out = append(out, role)
		}
	}
	return out
}

func rolesFromForm(r *http.Request) []org.Role {
	r.ParseForm()
	var out []org.Role
	for _, v := range r.PostForm["roles"] {
		out = append(out, org.Role(v))
	}
	return out
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) {
	in := app.PersonInput{Login: strings.TrimSpace(r.PostFormValue("login")), Name: strings.TrimSpace(r.PostFormValue("name")), Roles: rolesFromForm(r)}
	p, secret, err := s.app.CreatePerson(r.Context(), principalOf(r), orgOf(r), in)
	if errs.Is(err, errs.Invalid) {
		s.peopleView(w, r, http.StatusUnprocessableEntity, in, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The link is shown on this response only: it is not stored, and a redirect would have to
	// carry it in a URL.
	s.personShow(w, r, http.StatusCreated, p.ID, nil, s.setupLink(r, secret), "已新增人员。请把下面的一次性链接交给本人，由本人设置密码：")
}

// setupLink is the address of a one-time setup link.
func (s *Server) setupLink(r *http.Request, secret string) string {
	return s.baseURL(r) + "/account/setup?t=" + url.QueryEscape(secret)
}

func (s *Server) personID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errs.E(errs.NotFound, "人员不存在")
	}
	return id, nil
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) {
	s.personView(w, r, http.StatusOK, nil)
}

func (s *Server) personView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	id, err := s.personID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.personShow(w, r, status, id, ferr, "", "")
}

// personShow renders a person's page; link and linkNote show a one-time setup link once.
func (s *Server) personShow(w http.ResponseWriter, r *http.Request, status int, id int64, ferr error, link, linkNote string) {
	o := orgOf(r)
	p := principalOf(r)
	person, err := s.app.PersonIn(r.Context(), p, o, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "people", person.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Token details are for those who manage people here.
	var tokens []auth.Token
	if p.Can(org.PermManagePeople, o) {
		if tokens, err = s.app.PersonTokens(r.Context(), p, o, id); err != nil {
			s.fail(w, r, err)
			return
		}
		d["ShowTokens"] = true
	}
	var here []org.Role
	for _, g := range person.Grants {
		if g.OrgID == o.ID {
			here = append(here, g.Role)
		}
	}
	now := s.app.Now()
	d["Person"], d["RolesHere"], d["Roles"], d["Locked"] = person, here, s.grantableRoles(r), person.Locked(now)
	d["Pending"], d["Tokens"], d["Now"] = person.SetupPending(now), tokens, now
	d["CanManage"] = p.Can(org.PermManagePeople, o) && p.CanManage(person)
	if p.Can(org.PermManagePeople, o) && !p.CanManage(person) && person.ID != p.Person.ID {
		_, d["NotManaged"] = org.MayManage(p.Person.Grants, person.Grants)
	}
	d["SetupLink"], d["SetupNote"] = link, linkNote
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "person.html", d)
}

// personAction runs one of the person forms and returns to the person's page.
func (s *Server) personAction(w http.ResponseWriter, r *http.Request, done string, fn func(id int64) error) {
	id, err := s.personID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := fn(id); errs.Is(err, errs.Invalid) {
		s.personView(w, r, http.StatusUnprocessableEntity, err)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/people/"+strconv.FormatInt(id, 10)+"?"+flashQuery(done), http.StatusSeeOther)
}

func (s *Server) personRoles(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, "roles-saved", func(id int64) error {
		return s.app.SetRoles(r.Context(), principalOf(r), orgOf(r), id, rolesFromForm(r))
	})
}

func (s *Server) personPassword(w http.ResponseWriter, r *http.Request) {
	id, err := s.personID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	secret, err := s.app.ResetPassword(r.Context(), principalOf(r), orgOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.personShow(w, r, http.StatusOK, id, nil, s.setupLink(r, secret),
		"密码已重置：原密码、全部登录会话和接口令牌已失效。请把下面的一次性链接交给本人，由本人设置新密码：")
}

func (s *Server) personTokenRevoke(w http.ResponseWriter, r *http.Request) {
	tokenID, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "令牌不存在"))
		return
	}
	if s.mayManagePerson(r) && !s.confirmed(w, r, "吊销接口令牌", "吊销后使用该令牌的程序将不能再访问接口。", "/admin/orgs/"+orgOf(r).Code+"/people/"+r.PathValue("id")) {
		return
	}
	s.personAction(w, r, "token-revoked", func(id int64) error {
		return s.app.RevokeToken(r.Context(), principalOf(r), orgOf(r), id, tokenID)
	})
}

func (s *Server) personUnlock(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, "unlocked", func(id int64) error {
		return s.app.Unlock(r.Context(), principalOf(r), orgOf(r), id)
	})
}

func (s *Server) personDisable(w http.ResponseWriter, r *http.Request) {
	disabled := r.PostFormValue("disabled") != "false"
	msg := "disabled"
	if !disabled {
		msg = "enabled"
	} else if s.mayManagePerson(r) && !s.confirmed(w, r, "停用账户", "停用后该人员不能再登录，其接口令牌也不能再使用。", "/admin/orgs/"+orgOf(r).Code+"/people/"+r.PathValue("id")) {
		return
	}
	s.personAction(w, r, msg, func(id int64) error {
		return s.app.SetDisabled(r.Context(), principalOf(r), orgOf(r), id, disabled)
	})
}
