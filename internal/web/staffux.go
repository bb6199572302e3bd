package web

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// addStaffUXRoutes adds the routes of the staff's daily work: rebasing a catalog draft, the
// record chooser, importing a .docx into the 正文.
func (s *Server) addStaffUXRoutes() {
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/rebase", OrgScope, org.PermCatalogEdit, s.versionRebase)
	s.handle("GET", "/admin/orgs/{org}/record-links", OrgScope, org.PermCatalogEdit, s.recordLinks)
	s.handle("POST", "/admin/orgs/{org}/records/docx", OrgScope, org.PermCatalogEdit, s.recordWordNew)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/docx", OrgScope, org.PermCatalogEdit, s.recordWordEdit)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/images", OrgScope, org.PermCatalogEdit, s.recordImage)
	s.handle("GET", "/admin/orgs/{org}/records/{id}/files/{hash}", OrgScope, org.PermView, s.recordStaffFile)
}

// recordImage takes an image pasted or dropped into the 正文 editor (multipart field "file")
// and adds it to the record's attachments; the answer is JSON: src, the address the body
// shows it at on the public site, and name, the attachment's name. Errors are JSON too (the
// editor asks with Accept: application/json).
func (s *Server) recordImage(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+64<<10)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.fail(w, r, errs.Fields("图片上传失败", errs.FieldError{Field: "file", Label: "正文图片", Message: "请选择不超过20MB的图片"}))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		s.fail(w, r, errs.Fields("图片上传失败", errs.FieldError{Field: "file", Label: "正文图片", Message: "图片超过20MB"}))
		return
	}
	img, err := s.app.AddBodyImage(r.Context(), principalOf(r), rec.ID, hdr.Filename, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"src": img.Src, "name": img.Name})
}

// recordStaffFile lets the unit's staff see a file of the current revision by its hash: the
// images of a draft's 正文, which the public site does not serve before publication, are
// shown to staff from here (staffImages).
func (s *Server) recordStaffFile(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	at, err := s.app.StaffFile(r.Context(), principalOf(r), orgOf(r), rec.ID, r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, rec.ID, at, "private, no-store")
}

// imagesView tells the 正文 editor where a record's images go: Upload, the route that takes
// them; Public, the address prefix of the record's files in the stored body; Staff, the prefix
// the editor shows them from (a draft's files are not public).
type imagesView struct{ Upload, Public, Staff string }

func (s *Server) bodyImages(r *http.Request, rec record.Record) (imagesView, error) {
	public, err := s.app.FilesPath(r.Context(), rec)
	base := "/admin/orgs/" + orgOf(r).Code + "/records/" + strconv.FormatInt(rec.ID, 10)
	return imagesView{Upload: base + "/images", Public: public, Staff: base + "/files/"}, err
}

// staffFileSrc finds the images of a record body: their public address, whose unit and
// record the sanitizer has already checked.
var staffFileSrc = regexp.MustCompile(`(<img[^>]*\ssrc=")/[A-Za-z0-9_-]+/records/([0-9]+)/files/([0-9a-f]{64})"`)

// staffImages points the images of a body at the staff's file route of organisation o, for
// the staff pages that show a draft (whose files the public site does not serve).
func staffImages(body, o string) string {
	return staffFileSrc.ReplaceAllString(body, `${1}/admin/orgs/`+o+`/records/${2}/files/${3}"`)
}

// staleDraft tells the version page of a draft whose base was overtaken by a newer version:
// the two changes side by side (what the newer version changed, what the draft changed) and
// the offer to rebase.
func (s *Server) staleDraft(r *http.Request, d map[string]any, v catalog.Version) error {
	if v.State != catalog.VersionDraft {
		return nil
	}
	ctx, p, o, domain := r.Context(), principalOf(r), orgOf(r), r.PathValue("domain")
	sb, stale, err := s.app.StaleBase(ctx, p, o, domain, v.ID)
	if err != nil || !stale {
		return err
	}
	theirs, err := s.app.Compare(ctx, p, o, domain, strconv.Itoa(sb.Base), strconv.Itoa(sb.Newer))
	if err != nil {
		return err
	}
	mine, err := s.app.Compare(ctx, p, o, domain, strconv.Itoa(sb.Base), strconv.Itoa(sb.Draft))
	if err != nil {
		return err
	}
	d["Stale"] = map[string]any{"Base": sb.Base, "Newer": sb.Newer, "Draft": sb.Draft, "Theirs": theirs, "Mine": mine}
	return nil
}

func (s *Server) versionRebase(w http.ResponseWriter, r *http.Request) {
	id, ok := s.versionID(w, r)
	if !ok {
		return
	}
	notes, err := s.app.RebaseDraft(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(notes) > 0 {
		fs := make([]errs.FieldError, len(notes))
		for i, n := range notes {
			fs[i] = errs.FieldError{Field: "entries", Label: "请核对", Message: n}
		}
		s.versionView(w, r, http.StatusOK, errs.Fields("已在新版本基础上重新编制", fs...))
		return
	}
	s.versionBack(w, r, "draft-rebased")
}

// linkView is a record form field that names another record: the ID, the title of the
// record it names, and the button that opens the chooser. A Multi field (废止: the documents
// a policy repeals) names several: Chosen, each with its ID and title.
type linkView struct {
	Name, Label, Button, Title string
	ID                         int64
	Multi                      bool
	Chosen                     []linkView
}

func (s *Server) linkViews(r *http.Request, in app.RecordInput) map[string]linkView {
	p, o := principalOf(r), orgOf(r)
	out := map[string]linkView{
		"policy_id":       {Name: "policy_id", Label: "政策文件", Button: "查找并选择政策文件", ID: in.PolicyID},
		"consultation_id": {Name: "consultation_id", Label: "征求意见稿", Button: "查找并选择征求意见稿", ID: in.ConsultationID},
		"repeals":         {Name: "repeals", Label: "被废止的政策文件", Button: "查找并选择被废止的文件", Multi: true},
	}
	for k, v := range out {
		v.Title = s.app.LinkTitle(r.Context(), p, o, v.ID)
		out[k] = v
	}
	rep := out["repeals"]
	for _, id := range in.Repeals {
		rep.Chosen = append(rep.Chosen, linkView{ID: id, Title: s.app.LinkTitle(r.Context(), p, o, id)})
	}
	out["repeals"] = rep
	return out
}

// linkIDs reads the values of a field that names several records: one ID a value (the
// chooser's check boxes), or several separated by commas (typed, or an older form). What is
// not a number becomes -1, which the record's check refuses naming the field.
func linkIDs(values []string) []int64 {
	var ids []int64
	for _, v := range values {
		for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
			id, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				id = -1
			}
			ids = append(ids, id)
		}
	}
	return ids
}

// linkChoice is a record the chooser offers, checked when the form names it already.
type linkChoice struct {
	record.Item
	Checked bool
}

// recordFormDetour answers the record form's requests that do not save: choose=FIELD opens
// the chooser of a linked record (with q, its search), and chosen=1 comes back from it to
// the form with the choice and everything typed before. It reports whether it answered.
func (s *Server) recordFormDetour(w http.ResponseWriter, r *http.Request, f recordForm, rec *record.Record) bool {
	if r.PostFormValue("chosen") != "" {
		s.recordFormView(w, r, http.StatusOK, f, rec, nil)
		return true
	}
	field := r.PostFormValue("choose")
	if field == "" {
		return false
	}
	q := strings.TrimSpace(r.PostFormValue("q"))
	items, err := s.app.LinkChoices(r.Context(), principalOf(r), orgOf(r), field, q)
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	d, err := s.adminData(r, "records", "选择关联信息")
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	var fields []confirmField
	for k, vs := range r.PostForm {
		if k == "choose" || k == "chosen" || k == "q" || k == field {
			continue
		}
		for _, v := range vs {
			fields = append(fields, confirmField{k, v})
		}
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	lv := s.linkViews(r, app.RecordInput{})[field]
	var current []int64
	for _, id := range linkIDs(r.PostForm[field]) {
		if id > 0 && !slices.Contains(current, id) && (lv.Multi || len(current) == 0) {
			current = append(current, id)
		}
	}
	choices := make([]linkChoice, len(items))
	listed := map[int64]bool{}
	for i, it := range items {
		choices[i] = linkChoice{Item: it, Checked: slices.Contains(current, it.ID)}
		listed[it.ID] = true
	}
	// Records chosen before and not among these results stay chosen (a multiple choice keeps
	// them; a single one keeps its value unless another is picked).
	var kept []linkView
	for _, id := range current {
		if !listed[id] {
			kept = append(kept, linkView{ID: id, Title: s.app.LinkTitle(r.Context(), principalOf(r), orgOf(r), id)})
		}
	}
	d["Field"], d["Label"], d["Q"], d["Choices"], d["Fields"], d["Action"] = field, lv.Label, q, choices, fields, r.URL.Path
	d["Multi"], d["Current"], d["Kept"] = lv.Multi, current, kept
	s.render(w, r, http.StatusOK, "record_choose.html", d)
	return true
}

// recordLinks is the chooser's search as JSON, for the search-as-you-type field.
func (s *Server) recordLinks(w http.ResponseWriter, r *http.Request) {
	items, err := s.app.LinkChoices(r.Context(), principalOf(r), orgOf(r), r.URL.Query().Get("field"), r.URL.Query().Get("q"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type choice struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		Unit  string `json:"unit"`
		State string `json:"state"`
	}
	out := make([]choice, 0, len(items))
	for _, it := range items {
		out = append(out, choice{it.ID, it.Title, it.UnitName, it.State.Label()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"choices": out})
}

// readWord reads the uploaded .docx of the record form (field "docx") into a WordImport.
func (s *Server) readWord(w http.ResponseWriter, r *http.Request, recordID int64) (app.WordImport, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+64<<10)
	file, hdr, err := r.FormFile("docx")
	if err != nil {
		return app.WordImport{}, errs.Fields("从Word导入失败", errs.FieldError{Field: "docx", Label: "Word 文件", Message: "请选择不超过20MB的 .docx 文件"})
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		return app.WordImport{}, errs.Fields("从Word导入失败", errs.FieldError{Field: "docx", Label: hdr.Filename, Message: "文件超过20MB"})
	}
	return s.app.ImportWord(r.Context(), principalOf(r), orgOf(r), hdr.Filename, data, recordID)
}

// recordWordNew fills the new-record form from a Word document: its title and body.
func (s *Server) recordWordNew(w http.ResponseWriter, r *http.Request) {
	f := recordForm{New: true, In: app.RecordInput{Kind: record.KindOther, Openness: record.OpenProactive}}
	wi, err := s.readWord(w, r, 0)
	if errs.Is(err, errs.Invalid) {
		s.recordFormView(w, r, http.StatusUnprocessableEntity, f, nil, err)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	f.In.Title, f.In.BodyHTML, f.Word = wi.Title, wi.BodyHTML, &wi
	s.recordFormView(w, r, http.StatusOK, f, nil, nil)
}

// recordWordEdit replaces the body of a draft's form by a Word document's; nothing is saved
// until the form is.
func (s *Server) recordWordEdit(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	f := recordForm{In: recordInputOf(rec)}
	wi, err := s.readWord(w, r, rec.ID)
	if errs.Is(err, errs.Invalid) {
		s.recordFormView(w, r, http.StatusUnprocessableEntity, f, &rec, err)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	f.In.BodyHTML, f.Word = wi.BodyHTML, &wi
	s.recordFormView(w, r, http.StatusOK, f, &rec, nil)
}
