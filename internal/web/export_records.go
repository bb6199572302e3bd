package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/org"
)

// RecordAddr names a record page for RecordPages: the unit in its address and the record.
type RecordAddr struct {
	Unit string
	ID   int64
}

// RecordPages renders the pages of published records in bulk, for the static export: the
// data of the whole batch is read with app.PublicRecordPages (a few queries for the batch
// instead of about nine a page), and every page is rendered with the template and the view
// of recordPage (recordPageData, render), so that it is byte for byte what Render gives for
// its address. A page it does not render this way has Status 0 and should be rendered with
// Render, which answers it as the live site does: a record not published (withdrawn, a
// draft, gone), of another unit than the address says, or under an address that is not a
// publisher's (a pilot unit, or an office for its 通报).
func (e *Exporter) RecordPages(ctx context.Context, addrs []RecordAddr) ([]ExportPage, error) {
	out := make([]ExportPage, len(addrs))
	if len(addrs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(addrs))
	for i, a := range addrs {
		ids[i] = a.ID
	}
	pages, err := e.s.app.PublicRecordPages(ctx, ids)
	if err != nil {
		return nil, err
	}
	domains, err := e.s.app.Domains(ctx)
	if err != nil {
		return nil, err
	}
	domainNames := make(map[string]string, len(domains))
	for _, d := range domains {
		domainNames[d.Code] = d.Name
	}
	cal, _, calErr := e.s.app.Calendar(ctx)
	units := map[string]org.Org{}
	notUnit := map[string]bool{}
	for i, a := range addrs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pg, ok := pages[a.ID]
		if !ok || notUnit[a.Unit] {
			continue
		}
		u, ok := units[a.Unit]
		if !ok {
			if u, err = e.s.app.Publisher(ctx, a.Unit); err != nil {
				notUnit[a.Unit] = true
				continue
			}
			units[a.Unit] = u
		}
		if pg.Row.UnitID != u.ID {
			continue
		}
		target := "/" + a.Unit + "/records/" + strconv.FormatInt(a.ID, 10)
		addr, err := url.ParseRequestURI(target)
		if err != nil {
			continue
		}
		rec := &recorder{header: http.Header{}}
		e.s.render(rec, e.request(ctx, addr, target), http.StatusOK, "record.html", recordPageData(u, pg, domainNames[pg.Record.Domain], cal, calErr == nil))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		out[i] = ExportPage{Status: rec.status, Header: rec.header, Body: rec.buf.Bytes()}
	}
	return out, nil
}
