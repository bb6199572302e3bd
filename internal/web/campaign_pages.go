package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, "campaigns", orgOf(r).Name+" · 试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.app.Campaigns(r.Context(), principalOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Campaigns"] = cs
	d["CanCreate"] = orgOf(r).ParentID == 0 && principalOf(r).Can(org.PermManageCampaign, orgOf(r))
	s.render(w, r, http.StatusOK, "campaigns.html", d)
}

func dashboardFilter(r *http.Request) app.ObligationFilter {
	q := r.URL.Query()
	return app.ObligationFilter{City: q.Get("city"), Phase: q.Get("phase"), Kind: campaign.Kind(q.Get("kind")), State: campaign.State(q.Get("state"))}
}

func (s *Server) campaignDashboard(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	db, err := s.app.CampaignDashboard(r.Context(), principalOf(r), orgOf(r), id, dashboardFilter(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "campaigns", db.Campaign.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["D"], d["States"], d["Kinds"], d["Chart"] = db, campaign.States, campaign.Kinds, shareChart(db.Periods)
	d["PublishedChart"] = publishedChart(db.Published)
	d["Query"] = r.URL.RawQuery
	d["CanImport"] = orgOf(r).ParentID == 0 && principalOf(r).Can(org.PermManageCampaign, orgOf(r))
	s.render(w, r, http.StatusOK, "campaign.html", d)
}

// shareChart draws the on-time share per period as an SVG bar chart, server-side, with a
// title and a description; the page shows the same figures in a table beside it.
func shareChart(ps []app.PeriodShare) template.HTML {
	bars := make([]chartBar, len(ps))
	for i, p := range ps {
		bars[i] = chartBar{Percent: p.Percent, Tip: fmt.Sprintf("%s：%d%%（%d/%d）", p.Period, p.Percent, p.OnTime, p.Total)}
	}
	return barChart("chart", "各期进展情况报告按时报送率", "柱高为按时报送的百分比，数据见旁边的表格", bars)
}

// chartBar is one bar of barChart: its height in percent and its tooltip.
type chartBar struct {
	Percent int
	Tip     string
}

// barChart draws bars of 0–100 % as an SVG chart with a title and a description (id names
// the chart's labels, unique on the page); pages show the same figures in a table beside it.
func barChart(id, title, desc string, bars []chartBar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const barW, gap, h, top, left = 14, 4, 120, 10, 34
	width := left + len(bars)*(barW+gap) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%s-t %s-d" width="%d" height="%d" viewBox="0 0 %d %d" class="chart">`, id, id, width, h+top+30, width, h+top+30)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, template.HTMLEscapeString(title), id, template.HTMLEscapeString(desc))
	for _, y := range []int{0, 50, 100} {
		yy := top + h - y*h/100
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#999" stroke-width="0.5"/><text x="2" y="%d" font-size="10">%d%%</text>`, left-2, width, yy, yy, yy+3, y)
	}
	for i, p := range bars {
		x := left + i*(barW+gap)
		bh := max(0, min(100, p.Percent)) * h / 100
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#1f5fa8"><title>%s</title></rect>`, x, top+h-bh, barW, bh, template.HTMLEscapeString(p.Tip))
	}
	b.WriteString(`</svg>`)
	// Safe: every text in it is escaped; everything else is numbers.
	return template.HTML(b.String())
}

func (s *Server) campaignGridExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	db, err := s.app.CampaignDashboard(r.Context(), principalOf(r), orgOf(r), id, dashboardFilter(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	f.SetSheetName(sh, "报送情况")
	sh = "报送情况"
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	f.SetCellValue(sh, cell(1, 1), "单位")
	f.SetCellValue(sh, cell(2, 1), "代码")
	for i, c := range db.Columns {
		f.SetCellValue(sh, cell(3+i, 1), c.Title+"（"+c.Due.String()+"）")
	}
	for ri, row := range db.Rows {
		f.SetCellValue(sh, cell(1, ri+2), row.Owner.Name)
		f.SetCellValue(sh, cell(2, ri+2), row.Owner.Code)
		for ci, c := range row.Cells {
			if c != nil {
				f.SetCellValue(sh, cell(3+ci, ri+2), c.State.Symbol()+" "+c.State.Label())
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, db.Campaign.Name+"-报送情况.xlsx", buf.Bytes())
}

// obligationFor loads an obligation shown under the organisation of the path: its owner
// must be that organisation or below it, or the organisation one of its recipients, or a
// provincial department (which reads the units' reports in its domains); otherwise it is
// not found here.
func (s *Server) obligationFor(w http.ResponseWriter, r *http.Request) (app.ObligationPage, bool) {
	id, err := pathID(r, "id", "报送事项")
	if err == nil {
		var pg app.ObligationPage
		pg, err = s.app.Obligation(r.Context(), principalOf(r), id)
		o := orgOf(r)
		if err == nil {
			if o.Contains(pg.Owner) || o.Kind == org.KindProvinceDept || containsOrg(pg.Recipients, o.ID) {
				return pg, true
			}
			err = errs.E(errs.NotFound, "报送事项不存在")
		}
	}
	s.fail(w, r, err)
	return app.ObligationPage{}, false
}

func containsOrg(os []org.Org, id int64) bool {
	for _, o := range os {
		if o.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) obligationPage(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.obligationFor(w, r)
	if !ok {
		return
	}
	s.renderObligation(w, r, http.StatusOK, pg, nil)
}

func (s *Server) renderObligation(w http.ResponseWriter, r *http.Request, status int, pg app.ObligationPage, formErr error) {
	d, err := s.adminData(r, "campaigns", pg.Obligation.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o := orgOf(r)
	d["P"] = pg
	// Forms are offered for the organisation of the path: filing when it owns the
	// obligation, a receipt when it is a recipient still to answer.
	d["Files"] = pg.CanSubmit && o.ID == pg.Owner.ID
	d["Receives"] = containsOrg(pg.ReceiveAs, o.ID)
	d["Highlights"] = pg.CanHighlight && o.ParentID == 0
	if formErr != nil {
		d["Error"] = formErr
	}
	s.render(w, r, status, "obligation.html", d)
}

func (s *Server) obligationBack(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/obligations/"+r.PathValue("id")+"?"+flashQuery("saved"), http.StatusSeeOther)
}

func (s *Server) obligationSubmit(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.obligationFor(w, r)
	if !ok {
		return
	}
	if pg.Owner.ID != orgOf(r).ID || !pg.FilesFor {
		s.fail(w, r, errs.E(errs.NotFound, "报送事项不存在"))
		return
	}
	x := campaign.Submission{Summary: r.PostFormValue("summary"), Progress: r.PostFormValue("progress"), Problems: r.PostFormValue("problems"),
		NextSteps: r.PostFormValue("next_steps"), Experience: r.PostFormValue("experience"), Public: r.PostFormValue("public") == "1"}
	f, err := filingOf(r)
	if err == nil {
		_, _, err = s.app.SubmitFiling(r.Context(), principalOf(r), pg.Obligation.ID, x, f)
	}
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderObligation(w, r, http.StatusUnprocessableEntity, pg, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.obligationBack(w, r)
}

// maxSubmissionBody bounds the body of a submission with its files (each file at most
// maxUpload, as a record attachment).
const maxSubmissionBody = 2*maxUpload + 256<<10

// filingOf reads what comes with a submission besides its texts: the uploaded files
// ("files", several), the confirmation that unread files were looked at, and the catalog
// versions chosen ("catalog_version", several).
func filingOf(r *http.Request) (app.Filing, error) {
	f := app.Filing{ConfirmUnread: r.PostFormValue("confirm_unread") == "1"}
	for _, v := range r.PostForm["catalog_version"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, errs.Fields("报送内容有误", errs.FieldError{Field: "catalog_version", Label: "目录版本", Message: "无效"})
		}
		f.CatalogVersions = append(f.CatalogVersions, id)
	}
	ups, err := uploadsOf(r, "files")
	f.Files = ups
	return f, err
}

// uploadsOf reads the files of a multipart field, each at most maxUpload; an empty file
// input (no file chosen) is ignored.
func uploadsOf(r *http.Request, field string) ([]app.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []app.Upload
	for _, h := range r.MultipartForm.File[field] {
		if h.Filename == "" && h.Size == 0 {
			continue
		}
		if h.Size > maxUpload {
			return nil, errs.Fields("附件有误", errs.FieldError{Field: field, Label: h.Filename, Message: "文件超过20MB"})
		}
		fh, err := h.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(fh, maxUpload+1))
		fh.Close()
		if err != nil {
			return nil, err
		}
		if len(data) > maxUpload {
			return nil, errs.Fields("附件有误", errs.FieldError{Field: field, Label: h.Filename, Message: "文件超过20MB"})
		}
		out = append(out, app.Upload{Name: h.Filename, Data: data})
	}
	return out, nil
}

// submissionFile sends a submission's attachment to the owner's and the recipients' staff.
func (s *Server) submissionFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "附件")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pos, _ := strconv.Atoi(r.PathValue("pos"))
	at, err := s.app.SubmissionFile(r.Context(), principalOf(r), id, pos)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, id, at, "private, no-store")
}

func (s *Server) obligationReceipt(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.obligationFor(w, r)
	if !ok {
		return
	}
	if len(pg.Submissions) == 0 {
		s.fail(w, r, errs.E(errs.Conflict, "尚未报送，无需签收"))
		return
	}
	err := s.app.Receipt(r.Context(), principalOf(r), pg.Submissions[0].ID, orgOf(r).ID, campaign.Decision(r.PostFormValue("decision")), r.PostFormValue("opinion"))
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderObligation(w, r, http.StatusUnprocessableEntity, pg, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.obligationBack(w, r)
}

func (s *Server) obligationHighlight(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	id, err := pathID(r, "id", "报送事项")
	if err == nil {
		err = s.app.Highlight(r.Context(), principalOf(r), id, r.PostFormValue("on") == "1")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.obligationBack(w, r)
}

func (s *Server) liaisonsPage(w http.ResponseWriter, r *http.Request) {
	s.renderLiaisons(w, r, http.StatusOK, nil)
}

func (s *Server) renderLiaisons(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	o := orgOf(r)
	d, err := s.adminData(r, "liaisons", o.Name+" · 联络员")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ls, err := s.app.LiaisonsPage(r.Context(), principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principalOf(r)
	d["Liaisons"] = ls
	d["CanRegister"] = p.Can(org.PermSubmitReport, o) && (o.Kind == org.KindUnit || o.Kind == org.KindCity)
	if formErr != nil {
		d["Error"] = formErr
	}
	s.render(w, r, status, "liaisons.html", d)
}

func (s *Server) liaisonRegister(w http.ResponseWriter, r *http.Request) {
	l := campaign.Liaison{Role: campaign.ContactRole(r.PostFormValue("role")), Name: r.PostFormValue("name"), Post: r.PostFormValue("post"),
		OfficePhone: strings.TrimSpace(r.PostFormValue("office_phone")), Mobile: strings.TrimSpace(r.PostFormValue("mobile")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	if err := s.app.RegisterLiaison(r.Context(), principalOf(r), orgOf(r), l); err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderLiaisons(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/liaisons?"+flashQuery("saved"), http.StatusSeeOther)
}

// liaisonsExport is the contact list as a workbook (current contacts, masked as on the page).
func (s *Server) liaisonsExport(w http.ResponseWriter, r *http.Request) {
	ls, err := s.app.LiaisonsPage(r.Context(), principalOf(r), orgOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "联络员")
	rows := [][]any{{"单位", "代码", "类别", "姓名", "职务", "办公电话", "手机号码", "电子邮箱", "登记时间"}}
	for _, l := range ls {
		if l.Current {
			rows = append(rows, []any{l.OrgName, l.OrgCode, l.Role.Label(), l.Name, l.Post, l.OfficePhone, l.Mobile, l.Email, l.At.In(app.Shanghai).Format("2006-01-02 15:04")})
		}
	}
	for i, row := range rows {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("联络员", c, &row)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, orgOf(r).Name+"-联络员.xlsx", buf.Bytes())
}

// ---- public special topic ----

func (s *Server) pilotIndex(w http.ResponseWriter, r *http.Request) {
	cs, err := s.app.PublicCampaigns(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pilot_index.html", map[string]any{"Title": "试点工作专题", "Campaigns": cs})
}

// pilotPage serves /pilot/{campaign}/. Its route is /{topic}/{campaign}/ with topic "pilot"
// only: the router refuses /pilot/{campaign}/ beside /{unit}/catalog/ (both match
// /pilot/catalog/ and neither is more specific), while /{unit}/catalog/ is more specific
// than /{topic}/{campaign}/. Every other topic is not found, as before the route existed.
func (s *Server) pilotPage(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("topic") != "pilot" {
		s.notFound(w, r)
		return
	}
	id, err := pathID(r, "campaign", "试点工作专题")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.PublicCampaign(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pilot.html", map[string]any{"Title": pg.Campaign.Name, "P": pg, "ID": strconv.FormatInt(id, 10)})
}

// maxUnitsTable is the largest participants workbook accepted.
const maxUnitsTable = 2 << 20

// campaignUnitsImport replaces a campaign's units from a workbook in the plan's layout; only
// on the province office's pages (the campaign belongs to the root).
func (s *Server) campaignUnitsImport(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.fail(w, r, errs.Fields("导入失败", errs.FieldError{Field: "file", Label: "文件", Message: "请选择不超过2MB的 Excel 工作簿（.xlsx）"}))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUnitsTable+1))
	if err != nil || len(data) > maxUnitsTable {
		s.fail(w, r, errs.Fields("导入失败", errs.FieldError{Field: "file", Label: "文件", Message: "文件过大"}))
		return
	}
	if err := s.app.ImportCampaignUnits(r.Context(), principalOf(r), id, data); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/campaigns/"+strconv.FormatInt(id, 10)+"?"+flashQuery("saved"), http.StatusSeeOther)
}

// publishedChart draws records published per unit and month as a grid of shaded cells,
// each with its number written in it (the shade is never the only carrier of the value);
// the page shows the same table beside it.
func publishedChart(t app.PublishedTable) template.HTML {
	if len(t.Rows) == 0 || len(t.Months) == 0 {
		return ""
	}
	const cw, ch, left, top = 52, 20, 90, 18
	width, height := left+len(t.Months)*cw+4, top+len(t.Rows)*ch+4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="pub-t pub-d" width="%d" height="%d" viewBox="0 0 %d %d" class="chart">`, width, height, width, height)
	b.WriteString(`<title id="pub-t">各试点单位每月发布信息数</title><desc id="pub-d">每格写有当月发布条数，颜色越深条数越多，数据见旁边的表格</desc>`)
	for i, m := range t.Months {
		fmt.Fprintf(&b, `<text x="%d" y="12" font-size="10">%s</text>`, left+i*cw+4, template.HTMLEscapeString(m))
	}
	for r, row := range t.Rows {
		y := top + r*ch
		fmt.Fprintf(&b, `<text x="2" y="%d" font-size="11">%s</text>`, y+14, template.HTMLEscapeString(row.Unit.Name))
		for i, n := range row.Counts {
			shade := 0.08
			if t.Max > 0 {
				shade += 0.7 * float64(n) / float64(t.Max)
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#1f5fa8" fill-opacity="%.2f"/><text x="%d" y="%d" font-size="11">%d</text>`,
				left+i*cw, y, cw-2, ch-2, shade, left+i*cw+4, y+14, n)
		}
	}
	b.WriteString(`</svg>`)
	// Safe: unit names and months are escaped; everything else is numbers.
	return template.HTML(b.String())
}
