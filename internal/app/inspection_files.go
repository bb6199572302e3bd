package app

import (
	"context"
	"slices"

	"gongkai/internal/attach"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// EvidenceUpload is what comes with a manual mark or an objection besides its text: the
// evidence files (佐证材料) and the uploader's confirmation that the files the guard could not
// fully read (a scan, a photo) hold no personal information.
type EvidenceUpload struct {
	Files         []Upload
	ConfirmUnread bool
}

// evidenceUploads checks the files of a mark or an objection like every attachment
// (checkUploads: type, size, extraction, the personal-information guard) and stores their
// blobs; the caller's transaction records them.
func (a *App) evidenceUploads(ctx context.Context, p *Principal, ev []EvidenceUpload) ([]attach.Attachment, error) {
	var ups []Upload
	confirm := false
	for _, e := range ev {
		ups = append(ups, e.Files...)
		confirm = confirm || e.ConfirmUnread
	}
	if len(ups) == 0 {
		return nil, nil
	}
	if len(ups) > maxEvidenceFiles {
		return nil, errs.Fields("佐证材料有误", errs.FieldError{Field: "files", Label: "佐证材料", Message: "每项评分或异议最多10个文件"})
	}
	return a.checkUploads(ctx, p, ups, confirm)
}

// maxEvidenceFiles bounds the files of one mark or objection (the store checks the total).
const maxEvidenceFiles = 10

// withEvidenceFiles gives the marks and objections of a round their evidence files.
func (a *App) withEvidenceFiles(ctx context.Context, roundID int64, marks []inspection.Mark, objections []inspection.Objection) error {
	mf, of, err := a.store.RoundFiles(ctx, roundID)
	if err != nil {
		return err
	}
	inspection.WithFiles(marks, objections, mf, of)
	return nil
}

// EvidenceFile finds an evidence file of a mark or an objection for p. It opens only for the
// office that runs the round, the round's scorers of the unit, the unit concerned (a grant at
// the unit itself) and the offices supervising it; never for the public nor for offices that
// merely read the unit's pages (a provincial department). Anything else is "not found".
func (a *App) EvidenceFile(ctx context.Context, p *Principal, fileID int64) (attach.Attachment, error) {
	notFound := errs.E(errs.NotFound, "佐证材料不存在")
	if p == nil {
		return attach.Attachment{}, errs.E(errs.Unauthorized, "请先登录")
	}
	at, roundID, unitID, err := a.store.EvidenceFile(ctx, fileID)
	if err != nil {
		return attach.Attachment{}, notFound
	}
	r, err := a.store.Round(ctx, roundID)
	if err != nil {
		return attach.Attachment{}, notFound
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return attach.Attachment{}, err
	}
	if !a.mayOpenEvidence(ctx, p, r, ix.byID[r.OrgID], ix.byID[unitID]) {
		return attach.Attachment{}, notFound
	}
	return at, nil
}

// mayOpenEvidence tells whether p opens the evidence files of unit u in round r.
func (a *App) mayOpenEvidence(ctx context.Context, p *Principal, r inspection.Round, owner, u org.Org) bool {
	if u.ID == 0 || !slices.Contains(r.Units, u.ID) {
		return false
	}
	for _, g := range p.Person.Grants {
		if g.OrgID == u.ID {
			return true // the unit concerned
		}
	}
	return p.Can(org.PermManageInspection, owner) || // the round's office
		p.Can(org.PermManageInspection, u) || // an office supervising the unit
		a.mayScore(ctx, p, r, u) // a scorer of the round
}
