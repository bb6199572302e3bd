// Package record holds the records a pilot unit publishes (公开信息) and the rules of the
// publishing procedure: what a record must contain, who may move it from one state to the next,
// how its index number (索引号) is formed and when it is due. It is plain Go — no SQL, no HTTP:
// the store persists Records and applies the Outcome of Decide, the web layer shows them.
//
// # Revisions
//
// A published record is never edited in place: what the public has seen stays on record, and a
// change goes through the same confidentiality review and approval as the first publication
// (the "editing a published record makes a new revision with a public change note").
// Every Record value is therefore ONE revision of a record:
//
//   - Revision numbers the revisions of a record from 1.
//   - State is the procedure state of THIS revision's content. Only a value whose State is
//     StatePublished may ever be rendered to the public.
//   - PublicRevision (record-level) is the revision the public currently sees, 0 before the
//     first publication. On the public revision itself PublicRevision == Revision.
//   - PendingRevision (record-level) is the amendment in progress while PublicRevision stays
//     public, 0 when there is none. There is at most one.
//
// The record as a whole (what the API reports as the record's state) has the state of its
// public revision, or of its only revision before the first publication. Revise, called on the
// public revision, yields a new revision Revision+1 in draft (Outcome.NewRevision); the public
// revision stays published. The amendment then goes through edit → submit → review → approve
// like a first draft; when it is published it replaces the public one (Outcome.Supersedes) and
// keeps the record's ID, address and 索引号. Withdraw and Revise act on the public revision;
// every other action acts on the pending revision when there is one (see ActionKind.OnPublic).
// Older revisions stay stored as history (Revision < PublicRevision) and accept no action.
//
// A storage layout that follows: records(id, unit, …, state, public_revision,
// pending_revision, index_no, published_at, withdrawn_*) and record_revisions(record_id,
// revision, state, content…, procedure fields…), the record row's state being the public (or
// only) revision's state.
package record

import (
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/timelimit"
)

// Kind is what sort of information a record is. Kinds carry different required fields and
// deadlines: an interpretation follows its policy, a publicity notice has a period, a service
// guide has standard elements.
type Kind string

// The kinds of record.
const (
	KindPolicy         Kind = "policy"         // 政策文件
	KindInterpretation Kind = "interpretation" // 政策解读
	KindPublicity      Kind = "publicity"      // 公示公告 (notice or list with a publicity period)
	KindServiceGuide   Kind = "service_guide"  // 办事指南
	KindEnforcement    Kind = "enforcement"    // 执法公示
	KindProgress       Kind = "progress"       // 进展情况
	KindResult         Kind = "result"         // 结果公开
	KindOther          Kind = "other"          // 其他
	KindConsultation   Kind = "consultation"   // 征求意见稿 (a draft decision published for comment)

	// The kinds of the 政府信息公开 专栏 (column): pages of the unit as a whole, under no
	// catalog entry and no policy domain (see Kind.Column).
	KindInfoGuide    Kind = "info_guide"    // 政府信息公开指南
	KindInfoRules    Kind = "info_rules"    // 政府信息公开制度
	KindAnnualReport Kind = "annual_report" // 政府信息公开工作年度报告

	// KindInspectionNotice is the notice (通报) a supervising office (the province office or
	// a city) publishes on a closed inspection round: a record of the office itself, under no
	// catalog entry (see Kind.Entryless), through the same procedure.
	KindInspectionNotice Kind = "inspection_notice" // 检查通报
)

// Entryless reports whether records of kind k belong to no catalog entry: the kinds of the
// 专栏 and the inspection notice.
func (k Kind) Entryless() bool { return k.Column() || k == KindInspectionNotice }

// ColumnKinds are the kinds published in a unit's 政府信息公开 专栏 rather than under a
// catalog entry, in the column's order.
func ColumnKinds() []Kind { return []Kind{KindInfoGuide, KindInfoRules, KindAnnualReport} }

// Column reports whether k is a kind of the 政府信息公开 专栏: such a record belongs to the unit
// as a whole — no domain, no catalog entry, no deadline of an entry's time limit — and goes
// through the same procedure (confidentiality review, approval, revisions) as every record.
func (k Kind) Column() bool {
	return k == KindInfoGuide || k == KindInfoRules || k == KindAnnualReport
}

// Kinds returns every kind in display order.
func Kinds() []Kind {
	return []Kind{KindPolicy, KindInterpretation, KindPublicity, KindServiceGuide, KindEnforcement,
		KindProgress, KindResult, KindOther, KindConsultation}
}

// Label is the Chinese name shown to users.
func (k Kind) Label() string {
	switch k {
	case KindPolicy:
		return "政策文件"
	case KindInterpretation:
		return "政策解读"
	case KindPublicity:
		return "公示公告"
	case KindServiceGuide:
		return "办事指南"
	case KindEnforcement:
		return "执法公示"
	case KindProgress:
		return "进展情况"
	case KindResult:
		return "结果公开"
	case KindOther:
		return "其他"
	case KindConsultation:
		return "征求意见稿"
	case KindInfoGuide:
		return "政府信息公开指南"
	case KindInfoRules:
		return "政府信息公开制度"
	case KindAnnualReport:
		return "政府信息公开工作年度报告"
	case KindInspectionNotice:
		return "检查通报"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k.Label() != string(k) }

// EnforcementAct is the kind of administrative decision an enforcement notice publishes, as
// table 二 of the annual report counts them.
type EnforcementAct string

// The enforcement acts.
const (
	ActLicensing EnforcementAct = "licensing" // 行政许可
	ActPenalty   EnforcementAct = "penalty"   // 行政处罚
	ActCoercion  EnforcementAct = "coercion"  // 行政强制
)

// EnforcementActs lists the acts in the order of table 二.
func EnforcementActs() []EnforcementAct {
	return []EnforcementAct{ActLicensing, ActPenalty, ActCoercion}
}

// Label is the Chinese name.
func (a EnforcementAct) Label() string {
	switch a {
	case ActLicensing:
		return "行政许可"
	case ActPenalty:
		return "行政处罚"
	case ActCoercion:
		return "行政强制"
	}
	return string(a)
}

// Valid reports whether a is a known act (empty is not).
func (a EnforcementAct) Valid() bool { return a != "" && a.Label() != string(a) }

// State is where a revision is in the publishing procedure (contract.md).
type State string

// The states of the procedure. StateNew is the "state" of a record that does not exist yet; it
// is never stored and only ActionCreate accepts it.
const (
	StateNew              State = ""
	StateDraft            State = "draft"
	StateInReview         State = "in_review"
	StateAwaitingApproval State = "awaiting_approval"
	StateScheduled        State = "scheduled"
	StatePublished        State = "published"
	StateWithdrawn        State = "withdrawn"
)

// States returns the stored states in procedure order.
func States() []State {
	return []State{StateDraft, StateInReview, StateAwaitingApproval, StateScheduled, StatePublished, StateWithdrawn}
}

// Label is the Chinese name shown to users and used in error messages.
func (s State) Label() string {
	switch s {
	case StateNew:
		return "未创建"
	case StateDraft:
		return "草稿"
	case StateInReview:
		return "保密审查中"
	case StateAwaitingApproval:
		return "待审核签发"
	case StateScheduled:
		return "定时待发布"
	case StatePublished:
		return "已发布"
	case StateWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Valid reports whether s is a stored state.
func (s State) Valid() bool { return s != StateNew && s.Label() != string(s) }

// Public reports whether content in state s may be shown to the public. Only published is:
// the contract's "only published is ever visible to the public, on any surface".
func (s State) Public() bool { return s == StatePublished }

// Validity is the 有效性 of a document in the national disclosure catalog.
type Validity string

// The validity values. Empty means "not stated", allowed for kinds other than policy documents.
const (
	ValidityEffective Validity = "effective" // 有效
	ValidityExpired   Validity = "expired"   // 失效
	ValidityRepealed  Validity = "repealed"  // 废止
)

// Label is the Chinese name.
func (v Validity) Label() string {
	switch v {
	case ValidityEffective:
		return "有效"
	case ValidityExpired:
		return "失效"
	case ValidityRepealed:
		return "废止"
	}
	return string(v)
}

// Valid reports whether v is a known value (empty is not).
func (v Validity) Valid() bool { return v != "" && v.Label() != string(v) }

// Openness is the 公开属性 of a record.
type Openness string

// The openness values.
const (
	OpenProactive Openness = "proactive"  // 主动公开
	OpenOnRequest Openness = "on_request" // 依申请公开
	OpenNotPublic Openness = "not_public" // 不予公开 (needs its reason)
)

// Label is the Chinese name.
func (o Openness) Label() string {
	switch o {
	case OpenProactive:
		return "主动公开"
	case OpenOnRequest:
		return "依申请公开"
	case OpenNotPublic:
		return "不予公开"
	}
	return string(o)
}

// Valid reports whether o is a known value.
func (o Openness) Valid() bool { return o != "" && o.Label() != string(o) }

// ShowsBody reports whether the public may read the body of a published record with this
// openness. A 依申请公开 record is listed in the catalog with its metadata, but its content is
// given to applicants, not to everyone; 不予公开 records are never published at all (Decide
// refuses to publish them).
func (o Openness) ShowsBody() bool { return o == OpenProactive }

// ServiceGuide holds the standard elements of a 办事指南. The first four are the single-veto
// elements of the national website check (standards.md §5): a guide without them fails the
// whole site, so Validate requires them.
type ServiceGuide struct {
	ItemName       string // 事项名称
	LegalBasis     string // 设定依据
	Conditions     string // 申请条件
	Materials      string // 办理材料
	Procedure      string // 办理流程
	TimeLimit      string // 办理时限
	Place          string // 办理地点
	Hours          string // 办理时间
	Fees           string // 收费标准
	ConsultPhone   string // 咨询电话
	SupervisePhone string // 监督电话
	OnlineURL      string // 网上办事大厅 (http or https)
}

// IsZero reports whether no element is filled in.
func (g ServiceGuide) IsZero() bool { return g == ServiceGuide{} }

// PIIOverride records that full personal information may lawfully be published in this
// revision (惩戒公示 and the like). Without it, unmasked findings block review and approval.
// It belongs to the revision's content: Decide clears it whenever the content is edited, so an
// override never covers numbers added after it was given.
type PIIOverride struct {
	Reason string    // the legal ground, e.g. 失信被执行人惩戒公示依据《…》第…条
	By     int64     // person who recorded it
	At     time.Time // when
}

// Granted reports whether the override is complete: a reason and the person who gave it.
func (o PIIOverride) Granted() bool { return o.By != 0 && strings.TrimSpace(o.Reason) != "" }

// Record is one revision of one piece of information published under a catalog entry (see the
// package documentation for the revision model). Content fields are edited by people; procedure
// fields are set only from Outcome.Record; record-level fields are the same on every revision.
type Record struct {
	// Identity (record-level).
	ID       int64
	UnitID   int64  // the pilot unit (organisation id) that publishes it
	Domain   string // domain code, e.g. "shjz"
	EntryID  int64  // the catalog entry (in the catalog version current when it was created)
	EntryKey string // the entry's Key, stable across catalog versions
	Kind     Kind
	// IssuerOrgID is the organisation that issues the record (record-level): the unit itself or
	// one of its departments or townships, by default the entry's responsible body
	// (catalog.Entry.ResponsibleOrgID). Roles held there act on the record (Actor.Issuer).
	// Zero means the unit (records made before issuers were kept).
	IssuerOrgID int64

	// Content of this revision.
	Title    string
	Summary  string // 内容概述
	BodyHTML string // already sanitised by the caller

	// National catalog metadata (standards.md §4).
	IndexNo     string        // 索引号, assigned at the first publication (record-level)
	Subject     string        // 主题分类: "17" or "17.3" (1-based second level), see SubjectLabel
	Issuer      string        // 发布机构
	WrittenOn   calendar.Date // 成文日期
	PublishedAt time.Time     // 发布日期: the first publication (record-level), zero before
	DocNo       string        // 文号, e.g. 陕政办发〔2017〕70号 (see ParseDocNo)
	Validity    Validity      // 有效性
	RepealedOn  calendar.Date // 废止日期 (or 失效日期 for an expired document)
	EffectiveOn calendar.Date // 施行日期: before it the document is not yet in force (see ForceOn)
	ExpiresOn   calendar.Date // 失效日期 set in advance (有效期至): from that day it has lapsed
	// Repeals are the documents (record IDs, policy documents of the same unit or above) that
	// this one repeals: when it is published, each of them is repealed from its 施行日期 (or its
	// publication day), and their pages link to it.
	Repeals []int64
	// RepealedBy and RepealedFrom (record-level) say which published document repealed this
	// one and from which day; zero when none.
	RepealedBy   int64
	RepealedFrom calendar.Date
	Openness     Openness // 公开属性
	// OpennessReason is required for 不予公开: the ground under the Regulations.
	OpennessReason string
	// FormedOn is the day the information was formed or changed: the event day of the entry's
	// time-limit rule, from which the due date is counted.
	FormedOn calendar.Date

	// Kind-specific content.
	PolicyID int64 // interpretation: the policy document it explains
	// PolicyPublishedOn is the first publication day of PolicyID, filled in by whoever loads an
	// interpretation (it is not a column of its own); DueDate counts from it.
	PolicyPublishedOn calendar.Date
	Publicity         timelimit.Span // publicity notice: the 公示期, e.g. 7 working days
	// PublicityStart is the first day of posting when it differs from the publication date
	// (a list first posted on a bulletin board); zero means the publication date.
	PublicityStart calendar.Date
	Guide          ServiceGuide // service guide: the standard elements
	// EnforcementAct: an enforcement notice (执法公示) says which decision it publishes
	// (行政许可, 行政处罚, 行政强制), so that the annual report counts the decisions; empty
	// when not stated.
	EnforcementAct EnforcementAct `json:",omitempty"`
	// Consultation: a draft decision's comment period and 起草说明 (see consultation.go).
	Consultation Consultation
	// ConsultationID: a decision names the consultation it follows. The loader fills in
	// ConsultationFeedbackPublished (not stored): approval waits for the feedback.
	ConsultationID                int64
	ConsultationFeedbackPublished bool `json:"-"`
	// ReportYear is the year an annual report (KindAnnualReport) reports on.
	ReportYear int `json:",omitempty"`
	// Sample marks a record of the demo dataset (示例数据), set when the demo is seeded and
	// never by a form: only such records carry the tag on public pages.
	Sample bool `json:",omitempty"`

	// Inherited from the catalog entry (see Inherit), shown with the record and used for
	// filters; a later catalog version does not change a record already made.
	Stages         []catalog.Stage
	Channels       []string
	AudiencePublic bool
	AudienceGroup  bool
	TimeLimitText  string

	// Procedure of this revision.
	State           State
	Revision        int
	PublicRevision  int    // record-level: the revision the public sees, 0 if none
	PendingRevision int    // record-level: the amendment in progress, 0 if none
	ChangeNote      string // 修订说明, public; required for an amendment
	RevisedAt       time.Time
	CreatedBy       int64 // who started this revision
	UpdatedBy       int64 // who last edited its content
	SubmittedBy     int64 // who last submitted it for review
	ReviewedBy      int64 // who passed the confidentiality review in this round
	ReviewOpinion   string
	ApprovedBy      int64 // who approved it (also for a scheduled one)
	ApproveOpinion  string
	// SameReviewerApprover is set when ApprovedBy is also ReviewedBy under
	// Policy.AllowSameReviewerApprover: the exception is shown in the history.
	SameReviewerApprover bool
	ScheduledAt          time.Time
	WithdrawnAt          time.Time // record-level
	WithdrawnBy          int64
	WithdrawReason       string // public
	CreatedAt            time.Time
	UpdatedAt            time.Time

	// Personal-information gate. PIIFindings is the number of unmasked findings of the last scan
	// of this revision's title, body and attachment text (the store rescans on every change).
	PIIFindings int
	PIIOverride PIIOverride
	// UnreadAttachments is the number of attachments whose content the guard could not read
	// (scanned pages, images) and that nobody has yet confirmed to hold no personal
	// information; set with PIIFindings. Finding nothing in a file one cannot read proves
	// nothing, so these block review and approval like findings do.
	UnreadAttachments int
}

// IssuerID is the organisation that issues r: IssuerOrgID, else the unit.
func (r Record) IssuerID() int64 {
	if r.IssuerOrgID != 0 {
		return r.IssuerOrgID
	}
	return r.UnitID
}

// IsAmendment reports whether r is a revision in progress of an already published record.
func (r Record) IsAmendment() bool { return r.PublicRevision != 0 && r.Revision > r.PublicRevision }

// IsHistory reports whether r is an earlier revision that a later one has replaced.
func (r Record) IsHistory() bool { return r.Revision < r.PublicRevision }

// Inherit copies what a record takes from its catalog entry: the entry's identity, stages,
// channels, audience and time-limit text, and for a publicity notice without its own period the
// entry's publicity period (公示7个工作日). Called when a record is created under an entry.
func (r *Record) Inherit(e catalog.Entry) {
	r.EntryID = e.ID
	r.EntryKey = e.Key
	r.Stages = append([]catalog.Stage(nil), e.Stages...)
	r.Channels = append([]string(nil), e.Channels...)
	r.AudiencePublic = e.AudiencePublic
	r.AudienceGroup = e.AudienceGroup
	r.TimeLimitText = e.TimeLimitText
	if r.Kind == KindPublicity && r.Publicity.IsZero() {
		r.Publicity = timelimit.Parse(e.TimeLimitText).Publicity
	}
}

// Normalize puts the fields people type into their stored form: surrounding space trimmed, the
// document number in its canonical form where it can be read. Forms and the API both call it
// before Validate.
func (r *Record) Normalize() {
	for _, p := range []*string{&r.Title, &r.Summary, &r.Subject, &r.Issuer, &r.OpennessReason, &r.ChangeNote,
		&r.Guide.ItemName, &r.Guide.LegalBasis, &r.Guide.Conditions, &r.Guide.Materials, &r.Guide.Procedure,
		&r.Guide.TimeLimit, &r.Guide.Place, &r.Guide.Hours, &r.Guide.Fees, &r.Guide.ConsultPhone,
		&r.Guide.SupervisePhone, &r.Guide.OnlineURL} {
		*p = strings.TrimSpace(*p)
	}
	r.DocNo = strings.TrimSpace(r.DocNo)
	if d, err := ParseDocNo(r.DocNo); err == nil {
		r.DocNo = d.String()
	}
}
