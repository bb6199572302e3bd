package web

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"gongkai/internal/calendar"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// addChannelRoutes: webhooks, deliveries, the printable bulletin-board notice, offline
// confirmations and major items (issue 13).
func (s *Server) addChannelRoutes() {
	s.handle("POST", "/api/v1/webhooks", APIToken, "", s.apiWebhookCreate)
	s.handle("GET", "/api/v1/records/{id}/deliveries", APIToken, "", s.apiDeliveries)
	s.handle("GET", "/{unit}/records/{id}/notice", Public, "", s.noticePage)
	s.handle("GET", "/admin/orgs/{org}/channels", OrgScope, org.PermView, s.channelsPage)
	s.handle("POST", "/admin/orgs/{org}/webhooks", OrgScope, org.PermManageOrgs, s.webhookCreate)
	s.handle("POST", "/admin/orgs/{org}/deliveries/{id}/retry", OrgScope, org.PermManageOrgs, s.deliveryRetry)
	s.handle("POST", "/admin/orgs/{org}/deliveries/{id}/confirm", OrgScope, org.PermCatalogEdit, s.deliveryConfirm)
	s.handle("GET", "/admin/orgs/{org}/deliveries/{id}/photo", OrgScope, org.PermView, s.deliveryPhoto)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/major", OrgScope, org.PermCatalogEdit, s.recordMajor)
}

// maxPhoto bounds a confirmation's photo.
const maxPhoto = 10 << 20

// ---- JSON API ----

func (s *Server) apiWebhookCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Unit    string `json:"unit"`
		Channel string `json:"channel"`
		URL     string `json:"url"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.app.RegisterWebhook(r.Context(), principalOf(r), strings.TrimSpace(in.Unit), strings.TrimSpace(in.Channel), strings.TrimSpace(in.URL))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": e.ID, "secret": e.Secret, "unit": in.Unit, "channel": e.Channel, "url": e.URL})
}

// apiDelivery is one delivery in the API.
type apiDelivery struct {
	ID          int64  `json:"id"`
	Channel     string `json:"channel"`
	ChannelName string `json:"channel_name"`
	Event       string `json:"event"`
	Kind        string `json:"kind"`
	State       string `json:"state"`
	Attempts    int    `json:"attempts"`
	LastError   string `json:"last_error"`
	CreatedAt   string `json:"created_at"`
	DoneAt      string `json:"done_at,omitempty"`
}

func (s *Server) apiDeliveries(w http.ResponseWriter, r *http.Request) {
	id, err := recordIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, p := r.Context(), principalOf(r)
	ds, err := s.app.RecordDeliveries(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	major, err := s.app.RecordMajor(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiDelivery{}
	for _, d := range ds {
		a := apiDelivery{ID: d.ID, Channel: d.Channel, ChannelName: channel.Name(d.Channel), Event: string(d.Event), Kind: string(d.Kind),
			State: string(d.State), Attempts: d.Attempts, LastError: d.LastError, CreatedAt: d.CreatedAt.UTC().Format(time.RFC3339)}
		if !d.DoneAt.IsZero() {
			a.DoneAt = d.DoneAt.UTC().Format(time.RFC3339)
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": out, "major": major, "incomplete": major && channel.Incomplete(ds)})
}

// ---- the printable notice ----

// noticePage is the A4 notice for the bulletin board (公示栏) and service points: title,
// issuer, 公示期, body and a QR code to the record's page. Published records only.
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || strconv.FormatInt(id, 10) != r.PathValue("id") {
		s.notFound(w, r)
		return
	}
	rec, row, err := s.app.PublicRecord(ctx, id)
	if err != nil || row.UnitID != u.ID || rec.State != record.StatePublished {
		s.fail(w, r, errs.E(errs.NotFound, "信息不存在或尚未发布"))
		return
	}
	link := s.app.Cfg.PublicBase() + "/" + u.Code + "/records/" + strconv.FormatInt(id, 10)
	qr, err := qrSVG(link)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	issuer := rec.Issuer
	if issuer == "" {
		issuer = u.Name
	}
	d := map[string]any{"Title": rec.Title + "（公示）", "R": rec, "Unit": u, "Issuer": issuer, "QR": qr, "Link": link,
		"Published": calendar.DateOf(rec.PublishedAt)}
	if !rec.PublicityStart.IsZero() {
		d["Start"] = rec.PublicityStart
	} else {
		d["Start"] = calendar.DateOf(rec.PublishedAt)
	}
	if cal, _, err := s.app.Calendar(ctx); err == nil {
		if end, ok := record.PublicityEnd(rec, cal); ok {
			d["End"] = end
		}
	}
	s.render(w, r, http.StatusOK, "notice.html", d)
}

// qrSVG draws the QR code of text as an inline SVG, one square per dark module.
func qrSVG(text string) (template.HTML, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bm := q.Bitmap()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="本信息网页地址的二维码" shape-rendering="crispEdges"><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="`, len(bm), len(bm))
	for y, row := range bm {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil
}

// ---- staff pages ----

// recordChannels adds the record's deliveries and major flag to its staff page.
func (s *Server) recordChannels(ctx context.Context, r *http.Request, d map[string]any, id int64) {
	p := principalOf(r)
	ds, err := s.app.RecordDeliveries(ctx, p, id)
	if err != nil {
		return
	}
	major, _ := s.app.RecordMajor(ctx, p, id)
	d["Deliveries"], d["Major"], d["MajorIncomplete"] = ds, major, major && channel.Incomplete(ds)
	o := orgOf(r)
	d["CanMajor"], d["CanRetry"] = p.Can(org.PermEditCatalog, o), p.Can(org.PermManageOrgs, o)
	d["Today"] = calendar.DateOf(s.app.Now()).String()
}

func (s *Server) channelsPage(w http.ResponseWriter, r *http.Request) {
	s.channelsView(w, r, http.StatusOK, nil, nil)
}

func (s *Server) channelsView(w http.ResponseWriter, r *http.Request, status int, ferr error, created *channel.Endpoint) {
	ctx, p, o := r.Context(), principalOf(r), orgOf(r)
	d, err := s.adminData(r, "channels", "渠道送达")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	work, err := s.app.ChannelWorkOf(ctx, p, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Work"] = work
	if p.Can(org.PermManageOrgs, o) && o.Kind != org.KindProvince {
		d["Endpoints"], _ = s.app.Webhooks(ctx, p, o)
		d["CanWebhooks"] = true
		d["Online"] = []string{"weibo_wechat_app", "targeted_push"}
	}
	if created != nil {
		d["Created"] = created
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "channels.html", d)
}

func (s *Server) webhookCreate(w http.ResponseWriter, r *http.Request) {
	e, err := s.app.RegisterWebhook(r.Context(), principalOf(r), orgOf(r).Code, r.PostFormValue("channel"), strings.TrimSpace(r.PostFormValue("url")))
	if errs.Is(err, errs.Invalid) {
		s.channelsView(w, r, http.StatusUnprocessableEntity, err, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The secret is shown once, on this answer.
	s.channelsView(w, r, http.StatusCreated, nil, &e)
}

// deliveryBack is the staff page of the delivery's record.
func (s *Server) deliveryBack(w http.ResponseWriter, r *http.Request, id int64, code string) {
	d, err := s.app.DeliveryOf(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, d.RecordID)+"?"+flashQuery(code), http.StatusSeeOther)
}

func (s *Server) deliveryRetry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "送达记录")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.RetryDelivery(r.Context(), principalOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("back") == "channels" {
		http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/channels?"+flashQuery("delivery-retry"), http.StatusSeeOther)
		return
	}
	s.deliveryBack(w, r, id, "delivery-retry")
}

func (s *Server) deliveryConfirm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "送达记录")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.app.DeliveryOf(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.SetPathValue("id", strconv.FormatInt(d.RecordID, 10)) // the record page shows errors
	bad := func(field, label, msg string) {
		s.recordAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("确认信息有误", errs.FieldError{Field: field, Label: label, Message: msg}))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPhoto+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		bad("photo", "现场照片", "照片不能超过10MB")
		return
	}
	var c channel.Confirmation
	if v := strings.TrimSpace(r.FormValue("posted_on")); v != "" {
		day, err := calendar.ParseDate(v)
		if err != nil {
			bad("posted_on", "张贴（播发）日期", "须为YYYY-MM-DD格式的日期")
			return
		}
		c.PostedOn = day.Time()
	}
	c.Place = strings.TrimSpace(r.FormValue("place"))
	var name string
	var photo []byte
	if f, hdr, err := r.FormFile("photo"); err == nil {
		defer f.Close()
		photo, err = io.ReadAll(io.LimitReader(f, maxPhoto+1))
		if err != nil || len(photo) > maxPhoto {
			bad("photo", "现场照片", "照片不能超过10MB")
			return
		}
		name = hdr.Filename
	}
	err = s.app.ConfirmDelivery(r.Context(), principalOf(r), id, c, name, photo)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.recordAdminView(w, r, status(errs.Code(err)), err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, d.RecordID)+"?"+flashQuery("delivery-confirmed"), http.StatusSeeOther)
}

func (s *Server) deliveryPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "送达记录")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.app.DeliveryPhoto(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	f.Seek(0, io.SeekStart)
	w.Header().Set("Content-Type", http.DetectContentType(head[:n]))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, f)
}

func (s *Server) recordMajor(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	major := r.PostFormValue("major") == "1"
	if err := s.app.SetMajor(r.Context(), principalOf(r), rec.ID, major); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery("major-set"), http.StatusSeeOther)
}
