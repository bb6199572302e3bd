package app

import (
	"context"
	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/pii"
	"gongkai/internal/record"
	"gongkai/internal/sanitize"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/timelimit"
)

// RecordInput is the content a person enters for a record (a draft or an amendment).
type RecordInput struct {
	Kind           record.Kind
	Title          string
	Summary        string
	BodyHTML       string // sanitised here, never stored as typed
	Subject        string
	Issuer         string
	WrittenOn      string // YYYY-MM-DD
	DocNo          string
	Validity       record.Validity
	RepealedOn     string
	Openness       record.Openness
	OpennessReason string
	FormedOn       string
	EffectiveOn    string  // 施行日期 (may lie ahead)
	ExpiresOn      string  // 失效日期 set in advance (may lie ahead)
	Repeals        []int64 // policy documents of the unit this one repeals (from its 施行日期)
	// IssuerOrgID is the issuing body (公开主体) of a new record: the unit or one of its
	// departments or townships; 0 takes the entry's responsible body, else the organisation the
	// record is created from. Only read when creating.
	IssuerOrgID   int64
	PolicyID      int64
	PublicityDays int // a publicity notice's period (0: from the entry)
	// PublicityCalendarDays counts PublicityDays in calendar days (公示7天) instead of working
	// days (公示7个工作日).
	PublicityCalendarDays bool
	Guide                 record.ServiceGuide
	EnforcementAct        record.EnforcementAct // 执法公示: 行政许可, 行政处罚 or 行政强制
	ChangeNote            string
	// FormedToday: an omitted 形成日期 is the day of creation, where the entry's rule counts from
	// formation (the JSON API's documented default for systems that hand information over as
	// it forms); the form leaves it off, so a clerk must give the date.
	FormedToday bool
	// A consultation's period (YYYY-MM-DD) and 起草说明; a decision's consultation.
	CommentsUntil, ShortPeriodReason, DraftingNote string
	ConsultationID                                 int64

	// files is the address of the record's attachments (sanitize.FilesPath), set when an
	// existing record is edited: the body's images may show those files. A new record has
	// none yet, so its body keeps no image.
	files string
}

// apply copies the input onto a revision, sanitising the body and parsing dates; date errors
// and anything out of record.Bounds come back as field errors.
func (in RecordInput) apply(r *record.Record, today calendar.Date) []errs.FieldError {
	var fe []errs.FieldError
	date := func(field, v string) calendar.Date {
		v = strings.TrimSpace(v)
		if v == "" {
			return calendar.Date{}
		}
		d, err := calendar.ParseDate(v)
		if err != nil {
			fe = append(fe, errs.FieldError{Field: field, Label: record.FieldLabel(field), Message: "日期无效：" + v})
		}
		return d
	}
	if in.Kind != "" {
		r.Kind = in.Kind
	}
	r.Title, r.Summary, r.BodyHTML = in.Title, in.Summary, sanitize.RecordBody(sanitize.Paragraphs(in.BodyHTML), in.files) // plain text: one paragraph a line
	r.Subject, r.Issuer, r.DocNo = in.Subject, in.Issuer, in.DocNo
	r.WrittenOn = date(record.FieldWrittenOn, in.WrittenOn)
	r.Validity, r.RepealedOn = in.Validity, date(record.FieldRepealedOn, in.RepealedOn)
	r.Openness, r.OpennessReason = in.Openness, in.OpennessReason
	if r.Openness == "" {
		r.Openness = record.OpenProactive
	}
	r.FormedOn = date(record.FieldFormedOn, in.FormedOn)
	r.EffectiveOn, r.ExpiresOn = date(record.FieldEffectiveOn, in.EffectiveOn), date(record.FieldExpiresOn, in.ExpiresOn)
	r.Repeals = append([]int64(nil), in.Repeals...)
	r.PolicyID = in.PolicyID
	if in.PublicityDays > 0 {
		unit := calendar.WorkingDays
		if in.PublicityCalendarDays {
			unit = calendar.CalendarDays
		}
		r.Publicity = timelimit.Span{N: in.PublicityDays, Unit: unit}
	}
	r.Guide, r.ChangeNote, r.EnforcementAct = in.Guide, in.ChangeNote, in.EnforcementAct
	r.Consultation = record.Consultation{CommentsUntil: date(record.FieldCommentsUntil, in.CommentsUntil),
		ShortPeriodReason: strings.TrimSpace(in.ShortPeriodReason), DraftingNote: strings.TrimSpace(in.DraftingNote)}
	r.ConsultationID = in.ConsultationID
	r.Normalize()
	if len(fe) > 0 {
		return fe
	}
	return r.Bounds(today)
}

// unitActor loads the unit and the issuing body of a record and the principal as the
// procedure sees them.
func (a *App) unitActor(ctx context.Context, p *Principal, r record.Record) (org.Org, org.Org, record.Actor, error) {
	u, err := a.store.Org(ctx, r.UnitID)
	if err != nil {
		return u, u, record.Actor{}, err
	}
	issuer, err := a.issuerOf(ctx, r, u)
	if err != nil {
		return u, issuer, record.Actor{}, err
	}
	if p == nil {
		return u, issuer, record.SystemActor(), nil
	}
	return u, issuer, staffActor(p, u, issuer), nil
}

// staffActor is p acting on a record of unit u issued by issuer.
func staffActor(p *Principal, u, issuer org.Org) record.Actor {
	return record.Actor{PersonID: p.Person.ID, Grants: p.Person.Grants, Unit: u, Issuer: issuer}
}

// unitPolicy reads a unit's procedure settings: the reviewer/approver exception counts only
// once a supervisor has approved it.
func (a *App) unitPolicy(ctx context.Context, unitID int64) (record.Policy, error) {
	e, err := a.UnitException(ctx, unitID)
	return record.Policy{AllowSameReviewerApprover: e.State == ExceptionApproved}, err
}

// IndexPattern is the configured 索引号 pattern.
func (a *App) IndexPattern(ctx context.Context) (record.IndexPattern, error) {
	v, err := a.store.Setting(ctx, "record.index_pattern")
	if err != nil {
		return record.IndexPattern{}, err
	}
	if v == "" {
		v = record.DefaultIndexPattern
	}
	return record.ParseIndexPattern(v)
}

// scan counts unmasked personal information in a revision: title, summary, body, guide and
// the text of its attachments.
func scan(r *record.Record, atts []attach.Attachment) {
	n := len(pii.Find(r.Title)) + len(pii.Find(r.Summary)) + len(pii.FindHTML(r.BodyHTML))
	for _, f := range guideFields(&r.Guide) {
		n += len(pii.Find(*f))
	}
	unread := 0
	for _, at := range atts {
		n += at.Findings
		if at.NeedsConfirmation() {
			unread++
		}
	}
	r.PIIFindings, r.UnreadAttachments = n, unread
}

func guideFields(g *record.ServiceGuide) []*string {
	return []*string{&g.ItemName, &g.LegalBasis, &g.Conditions, &g.Materials, &g.Procedure, &g.TimeLimit, &g.Place, &g.Hours,
		&g.Fees, &g.ConsultPhone, &g.SupervisePhone}
}

// change prepares what the store needs to apply an outcome for r: numbering, the search
// document and the deadline.
func (a *App) change(ctx context.Context, r record.Record, u org.Org) (store.RecordChange, error) {
	pat, err := a.IndexPatternFor(ctx, u.ID)
	if err != nil {
		return store.RecordChange{}, err
	}
	body, err := a.issuerOf(ctx, r, u)
	if err != nil {
		return store.RecordChange{}, err
	}
	issuer := IndexIssuerCode(pat, u, body)
	ch := store.RecordChange{Publication: store.Publication{IndexPattern: pat, Issuer: issuer, Doc: func(pub record.Record) search.Doc {
		return a.searchDoc(ctx, pub, u)
	}}}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return ch, err
	}
	if r.Kind == record.KindInterpretation && r.PolicyID != 0 {
		if pol, err := a.store.RecordRowByID(ctx, r.PolicyID); err == nil && !pol.PublishedAt.IsZero() {
			r.PolicyPublishedOn = calendar.DateOf(pol.PublishedAt)
		}
	}
	due, ok := record.DueDate(r, timelimit.Parse(r.TimeLimitText), cal)
	if ok && r.Kind == record.KindInterpretation && a.interpretationSameDay(ctx, r.UnitID) {
		due = cal.AddWorkingDays(r.PolicyPublishedOn, 0)
	}
	if ok && !due.Date.IsZero() {
		ch.Deadline = &store.Deadline{SubjectType: "record", From: due.From, N: due.N, Unit: due.Unit, Due: due.Date, Provisional: due.Provisional}
	}
	return ch, nil
}

// searchDoc is what the search index holds of a published revision.
func (a *App) searchDoc(ctx context.Context, r record.Record, u org.Org) search.Doc {
	var atts []attach.Attachment
	if r.Openness.ShowsBody() {
		atts, _ = a.store.Attachments(ctx, r.ID, r.Revision)
	}
	return searchDocOf(r, u, atts, a.Today())
}

// searchDocOf is searchDoc with the revision's attachments and the day given.
func searchDocOf(r record.Record, u org.Org, atts []attach.Attachment, today calendar.Date) search.Doc {
	var body strings.Builder
	body.WriteString(r.Summary)
	body.WriteString("\n")
	if r.Openness.ShowsBody() {
		body.WriteString(sanitize.Text(r.BodyHTML))
	}
	for _, f := range guideFields(&r.Guide) {
		body.WriteString("\n" + *f)
	}
	if r.Openness.ShowsBody() {
		for _, at := range atts {
			body.WriteString("\n" + at.Name + "\n" + at.Text)
		}
	}
	body.WriteString("\n" + r.IndexNo + " " + r.DocNo)
	stage, stages := "", []string{}
	for i, st := range r.Stages {
		if i == 0 {
			stage = string(st)
		}
		stages = append(stages, string(st))
	}
	return search.Doc{ID: r.ID, Unit: u.Code, Domain: r.Domain, Stage: stage, Stages: strings.Join(stages, " "), Kind: string(r.Kind), Subject: r.Subject,
		InForce: r.ForceOn(today) == record.ForceInForce, Published: r.PublishedAt, Title: r.Title, Body: body.String()}
}

// CreateRecord starts a record in draft under a catalog entry of the unit's effective (or
// newest) catalog. from is the unit, or one of its departments or townships creating a record
// it issues itself; the issuing body is in.IssuerOrgID, else the entry's responsible body when
// from is the unit, else from.
func (a *App) CreateRecord(ctx context.Context, p *Principal, from org.Org, domain string, entryID int64, in RecordInput) (record.Record, error) {
	u, err := a.UnitOf(ctx, from)
	if err != nil {
		return record.Record{}, errs.E(errs.NotFound, "试点单位不存在")
	}
	entry, v, err := a.store.Entry(ctx, entryID)
	if err != nil {
		return record.Record{}, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldEntry, Label: record.FieldLabel(record.FieldEntry), Message: "目录条目不存在"})
	}
	c, err := a.store.CatalogByID(ctx, v.CatalogID)
	if err != nil {
		return record.Record{}, err
	}
	if c.OrgID != u.ID || c.Domain != domain {
		return record.Record{}, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldEntry, Label: record.FieldLabel(record.FieldEntry), Message: "该条目不属于本单位此领域的标准目录"})
	}
	if v.State != catalog.VersionEffective && v.State != catalog.VersionDraft && v.State != catalog.VersionFiled {
		return record.Record{}, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldEntry, Label: record.FieldLabel(record.FieldEntry), Message: "该条目属于已被替代的目录版本"})
	}
	if entry.NotPublic {
		return record.Record{}, errs.E(errs.Conflict, "该目录条目标记为不予公开，不能在其下发布信息")
	}
	r := record.Record{UnitID: u.ID, Domain: domain, Kind: in.Kind}
	r.Inherit(entry)
	issuerID := in.IssuerOrgID
	if issuerID == 0 {
		issuerID = from.ID
		if from.ID == u.ID && entry.ResponsibleOrgID != 0 {
			issuerID = entry.ResponsibleOrgID
		}
	}
	issuer, err := a.checkIssuer(ctx, u, from, issuerID)
	if err != nil {
		return r, err
	}
	r.IssuerOrgID = issuer.ID
	today := calendar.DateOf(a.Now())
	if fe := in.apply(&r, today); len(fe) > 0 {
		return r, errs.Fields("信息填写有误", fe...)
	}
	if r.Kind.Entryless() {
		return r, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldKind, Label: record.FieldLabel(record.FieldKind),
			Message: "“" + r.Kind.Label() + "”在政府信息公开专栏中发布，不属于目录条目"})
	}
	if err := a.checkPolicyLink(ctx, r, false); err != nil {
		return r, err
	}
	if err := a.checkRepeals(ctx, r); err != nil {
		return r, err
	}
	// Defaults a clerk would fill in the same way; all remain editable in the draft.
	if r.Subject == "" {
		r.Subject = DefaultSubject(domain)
	}
	if r.Issuer == "" {
		r.Issuer = issuer.Official()
	}
	if r.WrittenOn.IsZero() {
		r.WrittenOn = today
	}
	if r.FormedOn.IsZero() {
		// The deadline counts from this day: where the entry's rule counts from formation or
		// change, the clerk must say when that was; elsewhere it is the day of creation.
		if rule := timelimit.Parse(r.TimeLimitText); rule.CountsFromEvent() && r.Kind != record.KindInterpretation && !in.FormedToday {
			return r, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldFormedOn, Label: record.FieldLabel(record.FieldFormedOn),
				Message: "本条目的公开时限为“" + rule.String() + "”，从信息形成或者变更之日起算，须填写该日期（不能晚于今天）"})
		}
		r.FormedOn = today
	}
	if !r.Kind.Valid() {
		return r, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldKind, Label: record.FieldLabel(record.FieldKind), Message: "请选择信息类别"})
	}
	if strings.TrimSpace(r.Title) == "" {
		return r, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldTitle, Label: record.FieldLabel(record.FieldTitle), Message: "不能为空"})
	}
	if p == nil {
		return r, errs.E(errs.Unauthorized, "请先登录")
	}
	out, err := record.Decide(r, record.Action{Kind: record.ActionCreate}, staffActor(p, u, issuer), record.Policy{}, a.Now())
	if err != nil {
		return r, err
	}
	r = out.Record
	scan(&r, nil)
	ch, err := a.change(ctx, r, u)
	if err != nil {
		return r, err
	}
	return a.store.CreateRecord(ctx, p.Actor(), r, u.ID, ch)
}

// CurrentRevision loads the revision staff work on.
func (a *App) CurrentRevision(ctx context.Context, id int64) (record.Record, error) {
	row, err := a.store.RecordRowByID(ctx, id)
	if err != nil {
		return record.Record{}, err
	}
	return a.store.Revision(ctx, id, row.Current())
}

// StaffRecord returns the current revision for a person who may see the record's unit, or
// NotFound (a record outside one's scope does not exist for them).
func (a *App) StaffRecord(ctx context.Context, p *Principal, id int64) (record.Record, org.Org, error) {
	r, err := a.CurrentRevision(ctx, id)
	if err != nil {
		return r, org.Org{}, err
	}
	u, err := a.store.Org(ctx, r.UnitID)
	if err != nil {
		return r, u, err
	}
	issuer, err := a.issuerOf(ctx, r, u)
	if err != nil {
		return r, u, err
	}
	if !mayView(p, u, issuer) {
		return record.Record{}, org.Org{}, errs.E(errs.NotFound, "信息不存在")
	}
	return r, u, nil
}

// PublicRecord returns the public revision of a published record; anything else is NotFound.
// A withdrawn record is returned with Withdrawn set so that its address can say why.
func (a *App) PublicRecord(ctx context.Context, id int64) (record.Record, record.Row, error) {
	row, err := a.store.RecordRowByID(ctx, id)
	if err != nil {
		return record.Record{}, row, err
	}
	switch row.State {
	case record.StatePublished:
		r, err := a.store.Revision(ctx, id, row.PublicRevision)
		return r, row, err
	case record.StateWithdrawn:
		if row.PublicRevision != 0 {
			// Only the title, the date and the reason: the record itself is no longer public.
			return record.Record{ID: row.ID, UnitID: row.UnitID, Title: row.Title, State: record.StateWithdrawn,
				WithdrawnAt: row.WithdrawnAt, WithdrawReason: row.WithdrawReason}, row, nil
		}
	}
	return record.Record{}, row, errs.E(errs.NotFound, "信息不存在或尚未发布")
}

// EditRecord replaces the content of the record's draft revision.
func (a *App) EditRecord(ctx context.Context, p *Principal, id int64, in RecordInput) (record.Record, error) {
	r, err := a.CurrentRevision(ctx, id)
	if err != nil {
		return r, err
	}
	u, err := a.store.Org(ctx, r.UnitID)
	if err != nil {
		return r, err
	}
	in.files = sanitize.FilesPath(u.Code, r.ID)
	return a.act(ctx, p, r, record.Action{Kind: record.ActionEdit}, func(n *record.Record, _ *[]attach.Attachment) error {
		kind := n.Kind
		if fe := in.apply(n, calendar.DateOf(a.Now())); len(fe) > 0 {
			return errs.Fields("信息填写有误", fe...)
		}
		if n.Kind != kind && (!n.Kind.Valid() || n.Kind.Column() != kind.Column() || kind == record.KindInspectionNotice || n.Kind == record.KindInspectionNotice) {
			n.Kind = kind // a record stays in the 专栏 or under its entry
		}
		if err := a.checkPolicyLink(ctx, *n, false); err != nil {
			return err
		}
		return a.checkRepeals(ctx, *n)
	})
}

// Act carries out a step of the procedure on a record.
func (a *App) Act(ctx context.Context, p *Principal, id int64, action record.Action) (record.Record, error) {
	row, err := a.store.RecordRowByID(ctx, id)
	if err != nil {
		return record.Record{}, err
	}
	rev := row.Current()
	if action.Kind.OnPublic() && row.PublicRevision != 0 {
		rev = row.PublicRevision
	}
	r, err := a.store.Revision(ctx, id, rev)
	if err != nil {
		return r, err
	}
	var after func(*record.Record, *[]attach.Attachment) error
	switch action.Kind {
	case record.ActionMaskPII:
		u, err := a.store.Org(ctx, r.UnitID)
		if err != nil {
			return r, err
		}
		files := sanitize.FilesPath(u.Code, r.ID)
		after = func(n *record.Record, atts *[]attach.Attachment) error { return a.maskRevision(n, atts, files) }
	case record.ActionConfirmNoPII:
		after = confirmAttachment(p, action.Attachment, a.Now())
	}
	return a.act(ctx, p, r, action, after)
}

// act decides an action, lets after change the new revision's content and attachments,
// rescans it for personal information and applies the outcome, attachments included, in one
// transaction.
func (a *App) act(ctx context.Context, p *Principal, r record.Record, action record.Action, after func(*record.Record, *[]attach.Attachment) error) (record.Record, error) {
	u, issuer, actor, err := a.unitActor(ctx, p, r)
	if err != nil {
		return r, err
	}
	if p != nil && !mayView(p, u, issuer) {
		return r, errs.E(errs.NotFound, "信息不存在")
	}
	policy, err := a.unitPolicy(ctx, u.ID)
	if err != nil {
		return r, err
	}
	atts, err := a.store.Attachments(ctx, r.ID, r.Revision)
	if err != nil {
		return r, err
	}
	scan(&r, atts)
	if err := a.loadConsultationFeedback(ctx, &r); err != nil {
		return r, err
	}
	out, err := record.Decide(r, action, actor, policy, a.Now())
	if err != nil {
		return r, err
	}
	if action.Kind == record.ActionSubmit || action.Kind == record.ActionApprove || action.Kind == record.ActionPublishDue {
		// The policy may have been withdrawn since the link was made; an interpretation is
		// published only after (or with) its policy.
		if err := a.checkPolicyLink(ctx, r, out.To == record.StatePublished); err != nil {
			return r, err
		}
		if err := a.checkRepeals(ctx, r); err != nil {
			return r, err
		}
	}
	newAtts := atts
	if after != nil {
		if err := after(&out.Record, &newAtts); err != nil {
			return r, err
		}
	}
	scan(&out.Record, newAtts)
	ch, err := a.change(ctx, out.Record, u)
	if err != nil {
		return r, err
	}
	if after != nil && !out.NewRevision {
		ch.Attachments = &newAtts
	}
	if err := a.publicationDuties(ctx, r, out, &ch); err != nil {
		return r, err
	}
	if err := a.rectification(ctx, r, out, &ch); err != nil { // inspection_notice.go
		return r, err
	}
	if err := a.deliveries(ctx, out, u, &ch); err != nil {
		return r, err
	}
	if err := a.mails(ctx, out, u.Code, &ch); err != nil {
		return r, err
	}
	by := audit.System("scheduler")
	if p != nil {
		by = p.Actor()
	}
	ch.Detail = map[string]any{}
	if action.Opinion != "" {
		ch.Detail["opinion"] = action.Opinion
	}
	if action.Reason != "" {
		ch.Detail["reason"] = action.Reason
	}
	if out.Action == record.ActionAllowPII {
		ch.Detail["pii_findings"] = r.PIIFindings
	}
	if out.Action == record.ActionConfirmNoPII {
		at := newAtts[action.Attachment-1]
		ch.Detail["attachment"], ch.Detail["hash"], ch.Detail["unread"] = at.Name, at.Hash, at.Unread
	}
	return a.store.ApplyRecord(ctx, by, out, u.ID, ch)
}

// maskRevision masks every finding in the revision's text and attachments (the defaults of
// standards.md §7), storing masked copies of the attachment files.
func (a *App) maskRevision(r *record.Record, atts *[]attach.Attachment, files string) error {
	pol := pii.DefaultPolicy()
	r.Title, r.Summary = pii.Mask(r.Title, pol), pii.Mask(r.Summary, pol)
	body, err := pii.MaskHTML(r.BodyHTML, pol)
	if err != nil {
		return err
	}
	r.BodyHTML = sanitize.RecordBody(body, files)
	for _, f := range guideFields(&r.Guide) {
		*f = pii.Mask(*f, pol)
	}
	out := make([]attach.Attachment, len(*atts))
	for i, at := range *atts {
		out[i] = at
		if at.Findings == 0 {
			continue
		}
		masked, err := a.maskAttachment(at, pol)
		if err != nil {
			return err
		}
		out[i] = masked
	}
	*atts = out
	return nil
}

// PublishDue publishes every scheduled record whose time has come. Several instances may run
// it at once: the store's state check lets exactly one publication through, the others get
// Conflict and move on.
func (a *App) PublishDue(ctx context.Context) (int, error) {
	ids, err := a.store.DueScheduled(ctx, a.Now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := a.Act(ctx, nil, id, record.Action{Kind: record.ActionPublishDue}); err != nil {
			if errs.Is(err, errs.Conflict) {
				continue
			}
			a.Log.Error("scheduled publication failed", "record", id, "err", err)
			continue
		}
		n++
	}
	return n, nil
}

// RunScheduler publishes due records at start and then every interval until ctx ends.
func (a *App) RunScheduler(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.PublishDue(ctx); err != nil {
			a.Log.Warn("scheduler", "err", err)
		} else if n > 0 {
			a.Log.Info("published scheduled records", "count", n)
		}
		if _, err := a.RemindQuestions(ctx); err != nil {
			a.Log.Warn("question reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DefaultSubject is the national subject category (主题分类, "一级.二级") that a record of a
// pilot domain usually takes; the clerk can change it.
func DefaultSubject(domain string) string {
	switch domain {
	case "cxgh":
		return "10.1" // 城乡建设、环境保护\城市规划
	case "zdjsxm":
		return "03.6" // 国民经济管理、国有资产监管\重大建设项目
	case "ggzyjy":
		return "03.7"
	case "czyjs":
		return "04.1" // 财政、金融、审计\财政
	case "ssgl":
		return "04.2" // 税务
	case "aqsc":
		return "09.5" // 市场监管、安全生产监管\安全生产监管
	case "spypjg":
		return "09.4" // 食品药品监管
	case "zdbc":
		return "05.1" // 国土资源、能源\土地
	case "cqaz", "bzxzf", "ncwfgz", "szfw":
		return "10.2" // 城乡建设（含住房）
	case "hjbh":
		return "10.3" // 环境监测、保护与治理
	case "cszhzf":
		return "10.6"
	case "ggwhfw":
		return "12.1" // 文化
	case "ggflfw":
		return "16.3" // 司法
	case "hjgl":
		return "16.1" // 公安
	case "jycy":
		return "15.1" // 劳动就业
	case "shbx":
		return "15.2" // 社会保障
	case "shjz", "ylfw":
		return "17.3" // 民政、扶贫、救灾\社会福利
	case "fpjz":
		return "17.6" // 扶贫
	case "snbt":
		return "06.1" // 农业、畜牧业、渔业
	case "ywjy":
		return "11.2" // 教育
	case "ylws":
		return "13.1" // 卫生
	}
	return "22" // 其他
}
