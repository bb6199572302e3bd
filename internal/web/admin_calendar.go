package web

import (
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// maxYearFile bounds an uploaded holiday notice file (the real ones are about 3 KB).
const maxYearFile = 256 << 10

type yearRow struct {
	Year     int
	Imported bool
	Papers   []string
	Off, On  int
	Blocks   []string
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	s.calendarView(w, r, http.StatusOK, nil)
}

func (s *Server) calendarView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	d, err := s.adminData(r, "calendar", "工作日历")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cal, src, err := s.app.Calendar(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var years []yearRow
	for i := len(src.Years) - 1; i >= 0; i-- {
		y := src.Years[i]
		row := yearRow{Year: y.Year, Imported: src.Imported[y.Year], Papers: y.Papers}
		seen := map[string]bool{}
		for _, day := range y.Days {
			if day.Off {
				row.Off++
				if !seen[day.Name] {
					seen[day.Name] = true
					row.Blocks = append(row.Blocks, day.Name)
				}
			} else {
				row.On++
			}
		}
		years = append(years, row)
	}
	first, last := cal.Covered()
	d["Years"], d["Closures"], d["First"], d["Last"] = years, src.Closures, first, last
	d["CanEdit"] = principalOf(r).Can(org.PermManageCalendar, orgOf(r))
	// The due-date calculator.
	q := r.URL.Query()
	if from := q.Get("from"); from != "" {
		fe := []errs.FieldError{}
		start, err := calendar.ParseDate(from)
		if err != nil {
			fe = append(fe, errs.FieldError{Field: "from", Label: "起算日", Message: err.Error()})
		}
		n, err := strconv.Atoi(q.Get("n"))
		if err != nil || n < 0 || n > 3660 {
			fe = append(fe, errs.FieldError{Field: "n", Label: "期限", Message: "须为0至3660的整数"})
		}
		unit := calendar.WorkingDays
		if q.Get("unit") == "days" {
			unit = calendar.CalendarDays
		}
		if len(fe) == 0 {
			due := cal.Compute(start, n, unit)
			d["Due"], d["Explain"] = due, due.Explain()
		} else {
			ferr = errs.Fields("无法计算", fe...)
			status = http.StatusUnprocessableEntity
		}
		d["Calc"] = map[string]string{"From": from, "N": q.Get("n"), "Unit": q.Get("unit")}
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "calendar.html", d)
}

func (s *Server) calendarImport(w http.ResponseWriter, r *http.Request) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.calendarView(w, r, http.StatusUnprocessableEntity, errs.Fields("导入失败", errs.FieldError{Field: "file", Label: "文件", Message: "请选择不超过256KB的 JSON 文件"}))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxYearFile+1))
	if err != nil || len(data) > maxYearFile {
		s.calendarView(w, r, http.StatusUnprocessableEntity, errs.Fields("导入失败", errs.FieldError{Field: "file", Label: "文件", Message: "文件过大"}))
		return
	}
	y, ch, err := s.app.ImportCalendarYear(r.Context(), principalOf(r), orgOf(r), filepath.Base(hdr.Filename), data)
	if errs.Is(err, errs.Invalid) {
		s.calendarView(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("calendar imported", "year", y.Year, "recomputed", ch.Recomputed, "id", requestIDOf(r))
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/calendar?"+flashQuery("calendar-imported"), http.StatusSeeOther)
}

func (s *Server) closureAdd(w http.ResponseWriter, r *http.Request) {
	day, err := calendar.ParseDate(strings.TrimSpace(r.PostFormValue("day")))
	name := strings.TrimSpace(r.PostFormValue("name"))
	var fe []errs.FieldError
	if err != nil {
		fe = append(fe, errs.FieldError{Field: "day", Label: "日期", Message: err.Error()})
	}
	if name == "" || len([]rune(name)) > 40 {
		fe = append(fe, errs.FieldError{Field: "name", Label: "原因", Message: "须为1至40个字"})
	}
	if len(fe) > 0 {
		s.calendarView(w, r, http.StatusUnprocessableEntity, errs.Fields("停止办公日有误", fe...))
		return
	}
	ch, err := s.app.AddClosure(r.Context(), principalOf(r), orgOf(r), calendar.Closure{Date: day, Name: name})
	if errs.Is(err, errs.Invalid) {
		s.calendarView(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("closure added", "day", day.String(), "recomputed", ch.Recomputed, "id", requestIDOf(r))
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/calendar?"+flashQuery("closure-added"), http.StatusSeeOther)
}

func (s *Server) closureRemove(w http.ResponseWriter, r *http.Request) {
	day, err := calendar.ParseDate(r.PathValue("day"))
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "停止办公日不存在"))
		return
	}
	if !s.confirmed(w, r, "删除停止办公日", "将删除 "+day.String()+" 的停止办公安排，并重新计算受影响的期限。", "/admin/orgs/"+orgOf(r).Code+"/calendar") {
		return
	}
	ch, err := s.app.RemoveClosure(r.Context(), principalOf(r), orgOf(r), day)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("closure removed", "day", day.String(), "recomputed", ch.Recomputed, "id", requestIDOf(r))
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/calendar?"+flashQuery("closure-removed"), http.StatusSeeOther)
}
