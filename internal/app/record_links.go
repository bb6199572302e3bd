package app

import (
	"context"
	"slices"

	"gongkai/internal/errs"
	"gongkai/internal/record"
)

// checkPolicyLink checks the policy document a record names (an interpretation's 所解读的政策文件):
// it must be a policy document (政策文件) of the record's own unit or of a level above it, and
// either published or still in the procedure (a draft, in review, awaiting approval or
// scheduled: the interpretation is prepared with the policy). When publishing, the policy must
// be published already: otherwise the interpretation would explain a document nobody can read,
// and its deadline would count from a publication that never happened. A record naming no
// policy passes; record.Validate requires one of an interpretation at submission.
//
// The answer for an ID of another unit is the one for an ID that does not exist, so that the
// form tells nothing about other units' unpublished records.
func (a *App) checkPolicyLink(ctx context.Context, r record.Record, publishing bool) error {
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
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	if err == nil && row.UnitID != r.UnitID {
		// A policy of a level above: the units contain one another by path.
		if !a.contains(ctx, row.UnitID, r.UnitID) || row.State != record.StatePublished {
			err = errs.E(errs.NotFound, "")
		}
	}
	switch {
	case err != nil:
		return bad("本单位及上级没有编号为%d的信息", r.PolicyID)
	case row.Kind != record.KindPolicy:
		return bad("编号%d的信息“%s”是%s，不是政策文件", row.ID, row.Title, row.Kind.Label())
	case row.State == record.StateWithdrawn:
		return bad("编号%d的政策文件“%s”已撤回，不能再解读", row.ID, row.Title)
	case publishing && row.State != record.StatePublished:
		return bad("编号%d的政策文件“%s”当前为“%s”：须先发布政策文件，解读才能发布", row.ID, row.Title, row.State.Label())
	}
	return nil
}

// contains reports whether organisation outer contains organisation inner.
func (a *App) contains(ctx context.Context, outer, inner int64) bool {
	o, err1 := a.store.Org(ctx, outer)
	i, err2 := a.store.Org(ctx, inner)
	return err1 == nil && err2 == nil && o.Contains(i)
}

// checkRepeals checks the documents a record repeals: only a policy document repeals, and
// only published policy documents of its own unit, each once.
func (a *App) checkRepeals(ctx context.Context, r record.Record) error {
	if len(r.Repeals) == 0 {
		return nil
	}
	bad := func(msg string, args ...any) error {
		return errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldRepeals, Label: record.FieldLabel(record.FieldRepeals),
			Message: errs.E(errs.Invalid, msg, args...).Message})
	}
	if r.Kind != record.KindPolicy {
		return bad("只有政策文件可以废止其他文件")
	}
	seen := []int64{}
	for _, id := range r.Repeals {
		if id <= 0 || id == r.ID || slices.Contains(seen, id) {
			return bad("编号%d无效或重复", id)
		}
		seen = append(seen, id)
		row, err := a.store.RecordRowByID(ctx, id)
		if err != nil || row.UnitID != r.UnitID {
			return bad("本单位没有编号为%d的信息", id)
		}
		if row.Kind != record.KindPolicy || row.State != record.StatePublished {
			return bad("编号%d的信息“%s”不是已发布的政策文件", id, row.Title)
		}
		if row.RepealedBy != 0 && row.RepealedBy != r.ID {
			return bad("编号%d的政策文件“%s”已被编号%d的文件废止", id, row.Title, row.RepealedBy)
		}
	}
	return nil
}
