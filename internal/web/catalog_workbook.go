package web

import (
	"bytes"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"

	"gongkai/internal/errs"
)

// maxWorkbook is the largest catalog upload accepted (xlsx.DefaultLimits has the same).
const maxWorkbook = 10 << 20

func sendWorkbook(w http.ResponseWriter, name string, body []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"catalog.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func (s *Server) versionExport(w http.ResponseWriter, r *http.Request) {
	v, ok := s.versionFromPath(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if _, err := s.app.ExportWorkbook(r.Context(), &buf, orgOf(r), r.PathValue("domain"), v.Number); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, orgOf(r).Name+"-"+r.PathValue("domain")+"-第"+strconv.Itoa(v.Number)+"版.xlsx", buf.Bytes())
}

// publicWorkbook serves the catalog in force as a workbook, for the public.
func (s *Server) publicWorkbook(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	v, err := s.app.ExportEffective(r.Context(), &buf, u, r.PathValue("domain"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	sendWorkbook(w, u.Name+"-"+r.PathValue("domain")+"-标准目录-第"+strconv.Itoa(v.Number)+"版.xlsx", buf.Bytes())
}

func (s *Server) catalogImport(w http.ResponseWriter, r *http.Request) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.catalogAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("导入失败", errs.FieldError{Field: "file", Label: "文件", Message: "请选择不超过10MB的 .xlsx 文件"}), "")
		return
	}
	defer file.Close()
	name := filepath.Base(hdr.Filename)
	v, err := s.app.ImportWorkbook(r.Context(), principalOf(r), principalOf(r).Actor(), orgOf(r), r.PathValue("domain"), name, file, hdr.Size)
	if code := errs.Code(err); code == errs.Invalid || code == errs.Conflict {
		s.catalogAdminView(w, r, status(code), err, name) // on the form, to fix the file and retry
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, catalogBase(r)+"/v/"+strconv.Itoa(v.Number)+"?"+flashQuery("workbook-imported"), http.StatusSeeOther)
}
