package export

import (
	"mime"
	"path"
	"strconv"
	"strings"
)

// kind is what sort of file an address of the site is exported to; it decides how the
// response is rewritten and which pages a change touches.
type kind int

const (
	kindPage         kind = iota // an HTML page that is not one of the kinds below
	kindEntry                    // a catalog entry's page (or one of its list pages)
	kindRecord                   // a record's page
	kindAttachment               // a file of a record
	kindFeed                     // an Atom feed
	kindSitemapIndex             // /sitemap.xml
	kindSitemapPart              // /sitemap.xml?part=…
	kindWorkbook                 // a catalog as a workbook
	kindStatic                   // a static asset
)

// target is an address of the public site and the file that holds it in the export.
type target struct {
	URL  string // canonical address: path and, for list pages and sitemaps, the query
	File string // slash-separated, relative to the export directory
	Kind kind
	Unit string // the unit in the address, if any
	// RecordID is the record of a record page or attachment.
	RecordID int64
	// Entry is "unit/domain/key" for entry pages, Page their list page (1 for the first).
	Entry string
	Page  int
	// After is the record ID a sitemap part starts after; -1 for the page sitemap.
	After int64
}

// safeSegment accepts what may become one path element of a file: no separators, nothing
// hidden or relative, and only characters a static web server maps to the same file.
func safeSegment(s string) bool {
	if s == "" || s[0] == '.' || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// resolver maps addresses of the dynamic site to files of the export.
type resolver struct {
	// units are the codes of the pilot units: the first element of a unit's addresses, which
	// no other address of the site can be told from by its shape alone (/search, /login).
	units map[string]bool
	// ext gives the file extension of an attachment; false for a file the export does not
	// know.
	ext func(recordID int64, hash string) (string, bool)
}

// resolve maps an address of the dynamic site (path and raw query, already split from any
// fragment) to its file; ok is false for addresses the export does not hold (the dynamic
// functions, the admin pages, anything unknown), which then keep pointing at the dynamic
// site.
func (rs *resolver) resolve(p, rawQuery string) (target, bool) {
	if p == "" || p[0] != '/' || strings.Contains(p, "//") {
		return target{}, false
	}
	q, qok := parseQuery(rawQuery)
	if !qok {
		return target{}, false
	}
	plain := rawQuery == ""
	switch p {
	case "/":
		return target{URL: "/", File: "index.html"}, plain
	case "/feed.atom":
		return target{URL: p, File: "feed.atom", Kind: kindFeed}, plain
	case "/robots.txt": // names the sitemap at the export's address
		return target{URL: p, File: "robots.txt", Kind: kindStatic}, plain
	case "/sitemap.xml":
		switch {
		case plain:
			return target{URL: p, File: "sitemap.xml", Kind: kindSitemapIndex}, true
		case len(q) == 1 && q["part"] == "pages":
			return target{URL: p + "?part=pages", File: "sitemap-pages.xml", Kind: kindSitemapPart, After: -1}, true
		case len(q) == 2 && q["part"] == "records" && isDigits(q["after"]):
			after, _ := strconv.ParseInt(q["after"], 10, 64)
			n := strconv.FormatInt(after, 10)
			return target{URL: p + "?part=records&after=" + n, File: "sitemap-records-" + n + ".xml", Kind: kindSitemapPart, After: after}, true
		}
		return target{}, false
	}
	seg := strings.Split(p[1:], "/")
	for i, s := range seg {
		if s == "" && i != len(seg)-1 || s != "" && !safeSegment(s) {
			return target{}, false
		}
	}
	if seg[0] == "static" {
		if len(seg) == 3 && seg[1] == "assets" && seg[2] != "" && plain {
			return target{URL: p, File: "static/assets/" + seg[2], Kind: kindStatic}, true
		}
		return target{}, false
	}
	if seg[0] == "pilot" && plain { // the 试点工作专题: /pilot/, its feed and /pilot/{campaign}/
		switch {
		case len(seg) == 2 && seg[1] == "":
			return target{URL: p, File: "pilot/index.html"}, true
		case len(seg) == 2 && seg[1] == "feed.atom":
			return target{URL: p, File: "pilot/feed.atom", Kind: kindFeed}, true
		case len(seg) == 3 && isDigits(seg[1]) && seg[2] == "":
			return target{URL: p, File: "pilot/" + seg[1] + "/index.html"}, true
		}
		return target{}, false
	}
	unit := seg[0]
	if !rs.units[unit] {
		return target{}, false
	}
	switch {
	case len(seg) == 1 && plain: // /610112 redirects to /610112/
		return target{URL: "/" + unit + "/", File: unit + "/index.html", Unit: unit}, true
	case len(seg) == 2 && seg[1] == "" && plain:
		return target{URL: p, File: unit + "/index.html", Unit: unit}, true
	case len(seg) == 2 && seg[1] == "feed.atom" && plain:
		return target{URL: p, File: unit + "/feed.atom", Kind: kindFeed, Unit: unit}, true
	case len(seg) == 3 && seg[1] == "catalog" && seg[2] == "" && plain:
		return target{URL: p, File: unit + "/catalog/index.html", Unit: unit}, true
	case len(seg) == 3 && seg[1] == "xxgk" && seg[2] == "" && plain: // the 政府信息公开 专栏
		return target{URL: p, File: unit + "/xxgk/index.html", Unit: unit}, true
	case len(seg) == 3 && seg[1] == "records" && isDigits(seg[2]) && plain:
		id, _ := strconv.ParseInt(seg[2], 10, 64)
		n := strconv.FormatInt(id, 10)
		return target{URL: "/" + unit + "/records/" + n, File: unit + "/records/" + n + "/index.html", Kind: kindRecord, Unit: unit, RecordID: id}, true
	case len(seg) == 4 && seg[1] == "catalog" && seg[3] == "" && plain:
		return target{URL: p, File: unit + "/catalog/" + seg[2] + "/index.html", Unit: unit}, true
	case len(seg) == 4 && seg[1] == "catalog" && seg[3] == "feed.atom" && plain:
		return target{URL: p, File: unit + "/catalog/" + seg[2] + "/feed.atom", Kind: kindFeed, Unit: unit}, true
	case len(seg) == 4 && seg[1] == "catalog" && seg[3] == "catalog.xlsx" && plain:
		return target{URL: p, File: unit + "/catalog/" + seg[2] + "/catalog.xlsx", Kind: kindWorkbook, Unit: unit}, true
	case len(seg) == 5 && seg[1] == "catalog" && seg[3] == "entries" && seg[4] != "":
		page := 1
		if !plain {
			if len(q) != 1 || !isDigits(q["page"]) {
				return target{}, false
			}
			page, _ = strconv.Atoi(q["page"])
			page = max(page, 1)
		}
		t := target{URL: p, File: unit + "/catalog/" + seg[2] + "/entries/" + seg[4] + "/index.html", Kind: kindEntry, Unit: unit,
			Entry: unit + "/" + seg[2] + "/" + seg[4], Page: page}
		if page > 1 {
			n := strconv.Itoa(page)
			t.URL += "?page=" + n
			t.File = unit + "/catalog/" + seg[2] + "/entries/" + seg[4] + "/page/" + n + "/index.html"
		}
		return t, true
	case len(seg) == 5 && seg[1] == "records" && isDigits(seg[2]) && seg[3] == "files" && seg[4] != "" && plain:
		id, _ := strconv.ParseInt(seg[2], 10, 64)
		e, ok := rs.ext(id, seg[4])
		if !ok {
			return target{}, false
		}
		n := strconv.FormatInt(id, 10)
		return target{URL: "/" + unit + "/records/" + n + "/files/" + seg[4], File: unit + "/records/" + n + "/files/" + seg[4] + e,
			Kind: kindAttachment, Unit: unit, RecordID: id}, true
	}
	return target{}, false
}

// parseQuery splits a raw query into its values. A parameter given twice, or anything
// escaped, makes it unknown (ok false): the export maps only the queries of the site's own
// links.
func parseQuery(raw string) (map[string]string, bool) {
	if raw == "" {
		return nil, true
	}
	out := map[string]string{}
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := out[k]; dup || strings.ContainsAny(kv, "%+") {
			return nil, false
		}
		out[k] = v
	}
	return out, true
}

// relative returns the link from the file from to the file to, both relative to the export
// directory, so that it works on any web server path and from file://.
func relative(from, to string) string {
	dir := path.Dir(from)
	if dir == "." {
		return to
	}
	// Common leading directories.
	i := 0
	for {
		j := strings.IndexByte(dir[i:], '/')
		end := i + j
		if j < 0 {
			end = len(dir)
		}
		if len(to) > end && to[:end] == dir[:end] && to[end] == '/' {
			if j < 0 {
				return to[end+1:]
			}
			i = end + 1
			continue
		}
		break
	}
	ups := strings.Count(dir[i:], "/") + 1
	return strings.Repeat("../", ups) + to[i:]
}

// attachmentExt names the extension of an attachment file. Static web servers take the
// content type from it, so it comes from the media type; the uploaded name's extension is
// kept when it is one of that type's. The table keeps the common cases independent of the
// host's mime.types.
func attachmentExt(mediaType, name string) string {
	mt, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(mediaType)), ";")
	mt = strings.TrimSpace(mt)
	known := map[string]string{
		"application/pdf":    ".pdf",
		"application/msword": ".doc",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
		"application/vnd.ms-excel": ".xls",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
		"application/vnd.ms-powerpoint":                                             ".ppt",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
		"application/ofd":  ".ofd",
		"application/zip":  ".zip",
		"image/jpeg":       ".jpg",
		"image/png":        ".png",
		"image/gif":        ".gif",
		"image/webp":       ".webp",
		"text/plain":       ".txt",
		"text/csv":         ".csv",
		"application/json": ".json",
	}
	own := strings.ToLower(path.Ext(name))
	if own == ".jpeg" && mt == "image/jpeg" {
		return own
	}
	if e, ok := known[mt]; ok {
		return e
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		for _, e := range exts {
			if e == own {
				return e
			}
		}
		return exts[0]
	}
	return ".bin"
}
