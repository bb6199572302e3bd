package app

import (
	"context"
	"io"
	"strconv"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/catalog/xlsx"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// ReadWorkbook reads catalog entries from an uploaded workbook. A problem with the file is an
// Invalid error whose fields locate each problem (sheet, row, column).
func ReadWorkbook(file string, r io.Reader, size int64, domainName string) ([]catalog.Entry, error) {
	res, err := xlsx.Import(r, size, xlsx.Options{Limits: xlsx.DefaultLimits(), Domain: domainName})
	if err != nil {
		if ie, ok := err.(*xlsx.ImportError); ok {
			e := &errs.Error{Code: errs.Invalid, Message: file + "：导入失败，数据未作任何修改"}
			for _, line := range ie.Lines() {
				e.Fields = append(e.Fields, errs.FieldError{Field: "file", Label: file, Message: line})
			}
			return nil, e
		}
		return nil, err
	}
	if len(res.Entries) == 0 {
		return nil, errs.E(errs.Invalid, "%s：没有找到任何目录条目", file)
	}
	return res.Entries, nil
}

// ImportWorkbook makes a new draft version from a workbook, as the command line does: the
// operator acts as by, after the same checks of the unit and domain as the web.
func (a *App) ImportWorkbook(ctx context.Context, p *Principal, by audit.Actor, o org.Org, domain, file string, r io.Reader, size int64) (catalog.Version, error) {
	if p != nil {
		if err := authorizeEdit(p, o); err != nil {
			return catalog.Version{}, err
		}
		by = p.Actor()
	}
	if err := mayHaveCatalog(o, domain); err != nil {
		return catalog.Version{}, err
	}
	name, err := a.domainName(ctx, domain)
	if err != nil {
		return catalog.Version{}, err
	}
	entries, err := ReadWorkbook(file, r, size, name)
	if err != nil {
		return catalog.Version{}, err
	}
	return a.store.NewDraft(ctx, by, o.ID, domain, IsTemplateOrg(o), entries, "导入 "+file, "import:"+file, 0)
}

func (a *App) domainName(ctx context.Context, code string) (string, error) {
	ds, err := a.store.Domains(ctx)
	if err != nil {
		return "", err
	}
	for _, d := range ds {
		if d.Code == code {
			return d.Name, nil
		}
	}
	return "", errs.E(errs.NotFound, "领域“%s”不存在", code)
}

// ExportWorkbook writes a version of the catalog of (o, domain) in the national layout;
// number 0 means the newest version (drafts included).
func (a *App) ExportWorkbook(ctx context.Context, w io.Writer, o org.Org, domain string, number int) (catalog.Version, error) {
	c, err := a.store.Catalog(ctx, o.ID, domain)
	if err != nil {
		return catalog.Version{}, err
	}
	var v catalog.Version
	if number == 0 {
		v, err = a.store.NewestVersion(ctx, c.ID)
	} else {
		v, err = a.store.VersionByNumber(ctx, c.ID, number)
	}
	if err != nil {
		return v, err
	}
	return v, a.exportVersion(ctx, w, o, domain, v)
}

// ExportEffective writes the version in force, for the public.
func (a *App) ExportEffective(ctx context.Context, w io.Writer, o org.Org, domain string) (catalog.Version, error) {
	v, _, err := a.EffectiveCatalog(ctx, o, domain)
	if err != nil {
		return v, err
	}
	return v, a.exportVersion(ctx, w, o, domain, v)
}

func (a *App) exportVersion(ctx context.Context, w io.Writer, o org.Org, domain string, v catalog.Version) error {
	es, err := a.store.Entries(ctx, v.ID)
	if err != nil {
		return err
	}
	name, err := a.domainName(ctx, domain)
	if err != nil {
		return err
	}
	label := "第" + strconv.Itoa(v.Number) + "版"
	if v.State != catalog.VersionEffective {
		label += "（" + v.State.Label() + "）"
	}
	return xlsx.Export(w, xlsx.Meta{Unit: o.Name, Domain: name, Version: label}, es)
}
