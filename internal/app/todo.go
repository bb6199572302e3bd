package app

import (
	"context"
	"slices"

	"gongkai/internal/calendar"

	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/record"
)

// TodoSection is what waits for a person at one organisation where they hold a grant.
type TodoSection struct {
	Org       org.Org
	Roles     []org.Role
	Review    []record.Item    // in 保密审查, for a reviewer
	Approve   []record.Item    // awaiting 审核签发, for an approver
	Returned  []record.Item    // drafts returned to their author
	Due       []record.DueItem // unpublished records due within TodoDueDays, overdue ones included
	Filings   []FilingRow      // catalog versions filed with the organisation, to receipt
	Questions []QuestionRow    // public questions not yet answered
	Requests  []RequestRow     // open disclosure requests due within TodoDueDays or overdue
}

// Count is the number of things waiting in the section.
func (s TodoSection) Count() int {
	return len(s.Review) + len(s.Approve) + len(s.Returned) + len(s.Due) + len(s.Filings) + len(s.Questions) + len(s.Requests)
}

// TodoPage is a person's 待办: one section per grant organisation, the empty ones left out.
type TodoPage struct {
	Sections []TodoSection
	Total    int
	Today    calendar.Date
}

// TodoDueDays is how far ahead the to-do list looks for due dates (calendar days).
const TodoDueDays = 7

// Todo gathers what waits for p: the records to review or approve where p holds those roles,
// p's own drafts returned by a reviewer or approver, the records due soon or overdue, the
// catalog filings p's organisation receives, unanswered public questions and disclosure
// requests due soon — each by p's role and within the scope of the grant.
func (a *App) Todo(ctx context.Context, p *Principal) (TodoPage, error) {
	var pg TodoPage
	if p == nil {
		return pg, p.Authorize(org.PermView, org.Org{})
	}
	returned, err := a.store.ReturnedTo(ctx, p.Person.ID)
	if err != nil {
		return pg, err
	}
	today := a.Today()
	pg.Today = today
	seen := map[int64]bool{}
	for _, g := range p.Person.Grants {
		if seen[g.OrgID] {
			continue
		}
		seen[g.OrgID] = true
		o, err := a.store.Org(ctx, g.OrgID)
		if err != nil {
			return pg, err
		}
		if !p.Can(org.PermView, o) {
			continue
		}
		sec := TodoSection{Org: o}
		for _, x := range p.Person.Grants {
			if x.OrgID == o.ID {
				sec.Roles = append(sec.Roles, x.Role)
			}
		}
		has := func(r org.Role) bool { return slices.Contains(sec.Roles, r) }
		worker := has(org.RoleEditor) || has(org.RoleUnitAdmin) || has(org.RoleReviewer) || has(org.RoleApprover)
		if has(org.RoleReviewer) {
			if sec.Review, err = a.Queue(ctx, p, o, record.StateInReview); err != nil {
				return pg, err
			}
		}
		if has(org.RoleApprover) {
			if sec.Approve, err = a.Queue(ctx, p, o, record.StateAwaitingApproval); err != nil {
				return pg, err
			}
		}
		if len(returned) > 0 {
			drafts, err := a.Queue(ctx, p, o, record.StateDraft)
			if err != nil {
				return pg, err
			}
			for _, it := range drafts {
				if returned[it.ID] {
					sec.Returned = append(sec.Returned, it)
				}
			}
		}
		if worker {
			if sec.Due, err = a.DueWithin(ctx, p, o, TodoDueDays); err != nil {
				return pg, err
			}
		}
		if p.Can(org.PermReceiveFiling, o) && (o.Kind == org.KindProvince || o.Kind == org.KindCity) {
			if sec.Filings, err = a.PendingFilings(ctx, p, o); err != nil {
				return pg, err
			}
		}
		if has(org.RoleEditor) || has(org.RoleUnitAdmin) || has(org.RoleApprover) {
			qs, err := a.QuestionList(ctx, p, o, "")
			if err != nil {
				return pg, err
			}
			for _, q := range qs {
				if q.State != participation.QuestionAnswered {
					sec.Questions = append(sec.Questions, q)
				}
			}
		}
		if p.Can(org.PermHandleRequest, o) {
			l, err := a.Requests(ctx, p, o, FilterOpen)
			if err != nil {
				return pg, err
			}
			horizon := today.AddDays(TodoDueDays)
			for _, x := range l.Rows {
				if x.Status.Overdue || (!x.Status.Clock.Due.IsZero() && !horizon.Before(x.Status.Clock.Due)) {
					sec.Requests = append(sec.Requests, x)
				}
			}
		}
		if n := sec.Count(); n > 0 {
			pg.Sections = append(pg.Sections, sec)
			pg.Total += n
		}
	}
	return pg, nil
}

// RecordCounts counts the records of o's subtree per state of the revision staff work on.
func (a *App) RecordCounts(ctx context.Context, p *Principal, o org.Org) (map[record.State]int, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.RecordStateCounts(ctx, o.Path)
}
