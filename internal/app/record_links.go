package app

import (
	"context"

	"gongkai/internal/errs"
	"gongkai/internal/record"
)

// checkPolicyLink checks the policy document a record names (an interpretation's 所解读的政策文件):
// it must be a published policy document (政策文件) of the record's own unit. Otherwise the
// interpretation would be listed on another unit's policy page, or on no page at all, and its
// deadline would count from a publication that never happened. A record naming no policy
// passes; record.Validate requires one of an interpretation at submission.
//
// The answer for an ID of another unit is the one for an ID that does not exist, so that the
// form tells nothing about other units' unpublished records.
func (a *App) checkPolicyLink(ctx context.Context, r record.Record) error {
	if err := a.checkConsultationLink(ctx, r); err != nil {
		return err
	}
	if r.PolicyID == 0 {
		return nil
	}
	bad := func(msg string, args ...any) error {
		return errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldPolicy, Label: record.FieldLabel(record.FieldPolicy),
			Message: errs.E(errs.Invalid, msg, args...).Message})
	}
	if r.PolicyID < 0 {
		return bad("编号无效")
	}
	if r.PolicyID == r.ID {
		return bad("不能关联自身")
	}
	row, err := a.store.RecordRowByID(ctx, r.PolicyID)
	switch {
	case errs.Is(err, errs.NotFound) || err == nil && row.UnitID != r.UnitID:
		return bad("本单位没有编号为%d的信息", r.PolicyID)
	case err != nil:
		return err
	case row.Kind != record.KindPolicy:
		return bad("编号%d的信息“%s”是%s，不是政策文件", row.ID, row.Title, row.Kind.Label())
	case row.State != record.StatePublished:
		return bad("编号%d的政策文件“%s”当前为“%s”：政策解读只能关联已发布的政策文件", row.ID, row.Title, row.State.Label())
	}
	return nil
}
