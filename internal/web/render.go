package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/org"
	"gongkai/internal/rating"
)

//go:embed templates static
var assets embed.FS

// pages holds the parsed templates (each page with the layout) and the static files
// under checksummed names, so they can be cached for a year.
type pages struct {
	cfg    config.Config
	tmpl   map[string]*template.Template
	static map[string]staticFile // by checksummed name
	names  map[string]string     // plain name → checksummed name
}

type staticFile struct {
	body  []byte
	ctype string
}

// assetURL is the address of a static file under its checksummed name.
func (p *pages) assetURL(name string) string { return "/static/assets/" + p.names[name] }

// loadPages gives a server its pages. The templates and static files are embedded, so they
// are parsed once per process and shared (a parsed html/template is safe for concurrent
// use): parsing them costs tens of milliseconds, which a static export's incremental run,
// which makes a server each time, would otherwise pay on every run.
func loadPages(cfg config.Config) (*pages, error) {
	p, err := parsedPages()
	if err != nil {
		return nil, err
	}
	cp := *p
	cp.cfg = cfg
	return &cp, nil
}

var parsedPages = sync.OnceValues(parsePages)

func parsePages() (*pages, error) {
	p := &pages{tmpl: map[string]*template.Template{}, static: map[string]staticFile{}, names: map[string]string{}}
	files, err := fs.ReadDir(assets, "static")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := assets.ReadFile("static/" + f.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(f.Name())
		name := strings.TrimSuffix(f.Name(), ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		ctype := mime.TypeByExtension(ext)
		if ext == ".xsl" {
			ctype = "text/xsl; charset=utf-8" // not in Go's built-in table; browsers need an XML type
		}
		p.static[name] = staticFile{b, ctype}
		p.names[f.Name()] = name
	}
	funcs := template.FuncMap{
		"asset": p.assetURL,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(app.Shanghai).Format("2006-01-02")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(app.Shanghai).Format("2006-01-02 15:04:05")
		},
		"kindLabel":   func(k org.Kind) string { return k.Label() },
		"roleLabel":   func(r org.Role) string { return r.Label() },
		"indent":      func(o org.Org) int { return o.Depth() },
		"has":         slices.Contains[[]string],
		"hasRole":     slices.Contains[[]org.Role],
		"add":         func(a, b int) int { return a + b },
		"approx":      approxCount,
		"sub":         func(a, b int) int { return a - b },
		"filingLabel": catalog.FilingLabel,
		"ratingLabel": rating.Label,
		// safeHTML marks a record body as HTML: it was sanitised with bluemonday when it was
		// stored (app.RecordInput.apply), and only sanitised bodies are ever stored.
		"safeHTML":    func(s string) template.HTML { return template.HTML(s) },
		"staffImages": staffImages, // a draft's 正文 images, from the staff's file route (staffux.go)
		"fileKind": func(mt string) string {
			switch {
			case strings.Contains(mt, "pdf"):
				return "PDF"
			case strings.Contains(mt, "wordprocessing"):
				return "Word"
			case strings.Contains(mt, "spreadsheet"):
				return "Excel"
			case strings.HasPrefix(mt, "image/"):
				return "图片"
			}
			return "文件"
		},
		"fileSize": func(n int64) string {
			switch {
			case n >= 1<<20:
				return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
			case n >= 1<<10:
				return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
			}
			return fmt.Sprintf("%d 字节", n)
		},
		"rateOf":  func(typ string, id int64) map[string]any { return map[string]any{"Type": typ, "ID": id} },
		"stageIn": slices.Contains[[]catalog.Stage],
	}
	layout, err := assets.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	tfiles, err := fs.ReadDir(assets, "templates")
	if err != nil {
		return nil, err
	}
	// Files named partials_*.html hold partials (define blocks) that every page may use, like layout.html's.
	for _, f := range tfiles {
		if strings.HasPrefix(f.Name(), "partials_") {
			b, err := assets.ReadFile("templates/" + f.Name())
			if err != nil {
				return nil, err
			}
			layout = append(append(layout, '\n'), b...)
		}
	}
	for _, f := range tfiles {
		if f.Name() == "layout.html" || strings.HasPrefix(f.Name(), "partials_") {
			continue
		}
		body, err := assets.ReadFile("templates/" + f.Name())
		if err != nil {
			return nil, err
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err != nil {
			return nil, fmt.Errorf("layout: %w", err)
		}
		if _, err := t.Parse(string(body)); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
		p.tmpl[f.Name()] = t
	}
	return p, nil
}

// view is what every page template receives.
type view struct {
	LargeText bool // 适老化: the visitor chose large text
	Title     string
	Site      config.Config
	Principal *app.Principal
	Unread    int // the principal's unread notifications, for the header
	Path      string
	Flash     string
	Data      map[string]any
}

// render writes a page; the template executes into a buffer first so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	t, ok := s.pages.tmpl[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	title, _ := data["Title"].(string)
	v := view{LargeText: largeText(r), Title: title, Site: s.app.Cfg, Principal: principalOf(r), Path: r.URL.Path, Flash: flashOf(r), Data: data}
	if v.Principal != nil {
		n, err := s.app.UnreadCount(r.Context(), v.Principal)
		if err != nil {
			s.log.Warn("unread notifications", "err", err, "id", requestIDOf(r))
		}
		v.Unread = n
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		s.log.Error("template", "name", name, "err", err, "id", requestIDOf(r))
		http.Error(w, "内部错误（请求编号 "+requestIDOf(r)+"）", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if principalOf(r) != nil {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	if strings.HasPrefix(r.URL.Path, "/admin/") {
		w.Write(cardTables(buf.Bytes())) // staff tables as cards at 360 px (cards.go)
		return
	}
	w.Write(buf.Bytes())
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	f, ok := s.pages.static[r.PathValue("file")]
	if !ok {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}

const textCookie = "gongkai_text"

// largeText reports the visitor's large-text choice (适老化), kept in a cookie so that it
// works without JavaScript.
func largeText(r *http.Request) bool {
	c, err := r.Cookie(textCookie)
	return err == nil && c.Value == "large"
}

// textSize sets or clears the large-text choice and returns to the page.
func (s *Server) textSize(w http.ResponseWriter, r *http.Request) {
	size := r.URL.Query().Get("size")
	c := &http.Cookie{Name: textCookie, Value: "large", Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true, Secure: s.app.Cfg.SecureCookies}
	if size != "large" {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, safeBack(r.URL.Query().Get("back")), http.StatusSeeOther)
}

func safeBack(p string) string { return localPath(p, "/") }

// approxCount writes an estimated count the way people read one: 8,400; 1.2 万; 56 万.
func approxCount(n int) string {
	switch {
	case n >= 100_000:
		return strconv.Itoa((n+5_000)/10_000) + " 万"
	case n >= 10_000:
		return strconv.FormatFloat(float64(n)/10_000, 'f', 1, 64) + " 万"
	}
	s := strconv.Itoa(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}
