package export

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strconv"
)

// A records sitemap lists, in ID order, one <url> per published record with the day of its
// last change. Re-rendering one through the handler reads and encodes 40,000 records (a
// quarter of a second at 100,000 records), which alone would spend an incremental run's
// budget; yet when one record changes, only its line changes, and when one joins or leaves
// the last part, only that part changes. An incremental run therefore edits those lines in
// the file it exported before, in exactly the form the handler writes them, and renders
// through the handler whenever the file is not in that form or a part boundary moves. The
// export tests check the result against a fresh full export byte for byte.

// urlChange is the new state of one record's line in a records sitemap.
type urlChange struct {
	id      int64
	loc     string // the record's address, as in the sitemap (with the base URL or root-relative)
	lastmod string // 2006-01-02
	remove  bool   // the record is no longer published
}

func urlElement(loc, lastmod string) []byte {
	var b bytes.Buffer
	b.WriteString("<url><loc>")
	xml.EscapeText(&b, []byte(loc))
	b.WriteString("</loc><lastmod>")
	xml.EscapeText(&b, []byte(lastmod))
	b.WriteString("</lastmod></url>")
	return b.Bytes()
}

// recordIDOfLoc takes the record ID from the end of a record's address, …/records/ID.
func recordIDOfLoc(loc []byte) (int64, bool) {
	i := bytes.LastIndex(loc, []byte("/records/"))
	if i < 0 {
		return 0, false
	}
	id, err := strconv.ParseInt(string(loc[i+len("/records/"):]), 10, 64)
	return id, err == nil && id > 0
}

// patchSitemapPart applies changes to a records sitemap file. ok is false when the file is
// not in the handler's form or the part would end up with no URL or more than max.
func patchSitemapPart(body []byte, changes []urlChange, max int) (out []byte, ok bool) {
	open := bytes.Index(body, []byte("<urlset "))
	if open < 0 {
		return nil, false
	}
	gt := bytes.IndexByte(body[open:], '>')
	if gt < 0 {
		return nil, false
	}
	head := body[:open+gt+1]
	rest := body[open+gt+1:]
	type elem struct {
		id   int64
		body []byte
	}
	var elems []elem
	for bytes.HasPrefix(rest, []byte("<url><loc>")) {
		end := bytes.Index(rest, []byte("</url>"))
		if end < 0 {
			return nil, false
		}
		el := rest[:end+len("</url>")]
		locEnd := bytes.Index(el, []byte("</loc><lastmod>"))
		if locEnd < 0 || !bytes.HasSuffix(el, []byte("</lastmod></url>")) {
			return nil, false
		}
		id, idOK := recordIDOfLoc(el[len("<url><loc>"):locEnd])
		if !idOK || len(elems) > 0 && id <= elems[len(elems)-1].id {
			return nil, false
		}
		elems = append(elems, elem{id, el})
		rest = rest[len(el):]
	}
	if !bytes.HasPrefix(rest, []byte("</urlset>")) || len(elems) == 0 {
		return nil, false
	}
	byID := map[int64]urlChange{}
	for _, c := range changes {
		byID[c.id] = c
	}
	var next []elem
	for _, e := range elems {
		c, changed := byID[e.id]
		if !changed {
			next = append(next, e)
			continue
		}
		delete(byID, e.id)
		if !c.remove {
			next = append(next, elem{e.id, urlElement(c.loc, c.lastmod)})
		}
	}
	for id, c := range byID {
		if !c.remove {
			next = append(next, elem{id, urlElement(c.loc, c.lastmod)})
		}
	}
	sort.Slice(next, func(i, j int) bool { return next[i].id < next[j].id })
	if len(next) == 0 || len(next) > max {
		return nil, false
	}
	out = make([]byte, 0, len(body)+len(changes)*100)
	out = append(out, head...)
	for _, e := range next {
		out = append(out, e.body...)
	}
	return append(out, rest...), true
}
