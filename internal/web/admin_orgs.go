package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// adminData fills what the admin navigation needs for the organisation of the request.
func (s *Server) adminData(r *http.Request, tab, title string) (map[string]any, error) {
	o := orgOf(r)
	p := principalOf(r)
	all, err := s.app.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	// Ancestors the person may see (those inside one of their grants).
	var anc []org.Org
	for _, a := range all {
		if a.ID != o.ID && a.Contains(o) && p.Can(org.PermView, a) {
			anc = append(anc, a)
		}
	}
	todo, err := s.app.Todo(r.Context(), p) // 待办: on the 概况 page, counted in the navigation
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"Title": title, "Org": o, "Ancestors": anc, "Tab": tab, "All": all, "Todo": todo,
		"CanManage":  p.Can(org.PermManageOrgs, o),
		"CanPeople":  p.Can(org.PermManagePeople, o),
		"CanAudit":   p.Can(org.PermViewAudit, o),
		"CanReceive": p.Can(org.PermReceiveFiling, o) && (o.Kind == org.KindProvince || o.Kind == org.KindCity),
		"CanDomains": p.Can(org.PermManageDomains, o) && o.ParentID == 0,
	}, nil
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if len(p.Person.Grants) == 1 {
		http.Redirect(w, r, "/admin/orgs/"+p.Person.Grants[0].OrgCode+"/", http.StatusSeeOther)
		return
	}
	todo, err := s.app.Todo(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_home.html", map[string]any{"Title": "管理后台", "Todo": todo})
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, "org", orgOf(r).Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o := orgOf(r)
	var children []org.Org
	for _, c := range d["All"].([]org.Org) {
		if c.ParentID == o.ID {
			children = append(children, c)
		}
	}
	domains, err := s.domainsOf(r.Context(), o.Domains)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := make([]string, len(domains))
	for i, dm := range domains {
		names[i] = dm.Name
	}
	d["Children"], d["DomainNames"] = children, names
	p := principalOf(r)
	if o.Kind == org.KindUnit {
		// The reviewer/approver exception is visible to everyone who sees the unit, its
		// supervisors included, who decide on it here.
		exc, err := s.app.UnitException(r.Context(), o.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d["Exception"], d["CanDecide"] = exc, p.Can(org.PermDecideException, o)
	} else if p.Can(org.PermDecideException, o) {
		pending, err := s.app.PendingExceptions(r.Context(), o)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d["PendingExceptions"] = pending
	}
	s.render(w, r, http.StatusOK, "admin_org.html", d)
}

// orgFromForm reads the organisation fields of the edit and create forms.
func orgFromForm(r *http.Request) (org.Org, []errs.FieldError) {
	r.ParseForm()
	o := org.Org{
		Code:       strings.TrimSpace(r.PostForm.Get("code")),
		Name:       strings.TrimSpace(r.PostForm.Get("name")),
		FullName:   strings.TrimSpace(r.PostForm.Get("full_name")),
		Kind:       org.Kind(r.PostForm.Get("kind")),
		UnitType:   r.PostForm.Get("unit_type"),
		CreditCode: strings.ToUpper(strings.TrimSpace(r.PostForm.Get("credit_code"))),
		Domains:    r.PostForm["domains"],
	}
	var fe []errs.FieldError
	if v := strings.TrimSpace(r.PostForm.Get("sort")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 9999 {
			fe = append(fe, errs.FieldError{Field: "sort", Label: "排序号", Message: "须为0至9999的整数"})
		}
		o.Sort = n
	}
	return o, fe
}

func (s *Server) orgFormView(w http.ResponseWriter, r *http.Request, status int, isNew bool, form org.Org, ferr error) {
	o := orgOf(r)
	heading, action := "编辑“"+o.Name+"”", "/admin/orgs/"+o.Code+"/edit"
	if isNew {
		heading, action = "在“"+o.Name+"”下新增机构", "/admin/orgs/"+o.Code+"/new"
	}
	d, err := s.adminData(r, "org", heading)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	domains, err := s.app.Domains(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var kinds []org.Kind
	for _, k := range org.Kinds {
		if k.CanSitUnder(o.Kind) {
			kinds = append(kinds, k)
		}
	}
	d["Heading"], d["Action"], d["New"], d["Form"], d["Domains"], d["Kinds"], d["UnitTypes"] = heading, action, isNew, form, domains, kinds, org.UnitTypes
	d["CodeLocked"] = !isNew && !principalOf(r).Can(org.PermManageDomains, o) // only sysadmins rename codes
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "org_form.html", d)
}

func (s *Server) orgEditForm(w http.ResponseWriter, r *http.Request) {
	s.orgFormView(w, r, http.StatusOK, false, orgOf(r), nil)
}

func (s *Server) orgEditSubmit(w http.ResponseWriter, r *http.Request) {
	form, fe := orgFromForm(r)
	old := orgOf(r)
	form.Kind = old.Kind
	if len(fe) > 0 {
		s.orgFormView(w, r, http.StatusUnprocessableEntity, false, form, errs.Fields("机构信息有误", fe...))
		return
	}
	updated, err := s.app.UpdateOrg(r.Context(), principalOf(r), old, form)
	if errs.Is(err, errs.Invalid) {
		s.orgFormView(w, r, http.StatusUnprocessableEntity, false, form, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+updated.Code+"/?"+flashQuery("saved"), http.StatusSeeOther)
}

func (s *Server) orgNewForm(w http.ResponseWriter, r *http.Request) {
	s.orgFormView(w, r, http.StatusOK, true, org.Org{}, nil)
}

func (s *Server) orgNewSubmit(w http.ResponseWriter, r *http.Request) {
	form, fe := orgFromForm(r)
	if len(fe) > 0 {
		s.orgFormView(w, r, http.StatusUnprocessableEntity, true, form, errs.Fields("机构信息有误", fe...))
		return
	}
	created, err := s.app.CreateOrg(r.Context(), principalOf(r), orgOf(r), form)
	if errs.Is(err, errs.Invalid) {
		s.orgFormView(w, r, http.StatusUnprocessableEntity, true, form, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+created.Code+"/?"+flashQuery("created"), http.StatusSeeOther)
}

func (s *Server) domainsPage(w http.ResponseWriter, r *http.Request) {
	s.domainsView(w, r, http.StatusOK, org.Domain{}, nil)
}

func (s *Server) domainsView(w http.ResponseWriter, r *http.Request, status int, form org.Domain, ferr error) {
	d, err := s.adminData(r, "domains", "领域")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d["Domains"], err = s.app.Domains(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	d["Form"] = form
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "domains.html", d)
}

func (s *Server) domainCreate(w http.ResponseWriter, r *http.Request) {
	form := org.Domain{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	err := s.app.CreateDomain(r.Context(), principalOf(r), orgOf(r), form)
	if errs.Is(err, errs.Invalid) {
		s.domainsView(w, r, http.StatusUnprocessableEntity, form, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/domains?"+flashQuery("domain-created"), http.StatusSeeOther)
}
