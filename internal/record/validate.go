package record

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/refdata"
)

// Field names used in FieldError and API payloads.
const (
	FieldEntry          = "entry_id"
	FieldKind           = "kind"
	FieldTitle          = "title"
	FieldSummary        = "summary"
	FieldBody           = "body_html"
	FieldSubject        = "subject"
	FieldIssuer         = "issuer"
	FieldIssuerOrg      = "issuer_org_id"
	FieldWrittenOn      = "written_on"
	FieldDocNo          = "doc_no"
	FieldValidity       = "validity"
	FieldEnforcementAct = "enforcement_act"
	FieldRepealedOn     = "repealed_on"
	FieldOpenness       = "openness"
	FieldOpennessReason = "openness_reason"
	FieldFormedOn       = "formed_on"
	FieldEffectiveOn    = "effective_on"
	FieldExpiresOn      = "expires_on"
	FieldRepeals        = "repeals"
	FieldPolicy         = "policy_id"
	FieldPublicity      = "publicity_period"
	FieldChangeNote     = "change_note"
	FieldGuideItemName  = "guide.item_name"
	FieldGuideBasis     = "guide.legal_basis"
	FieldGuideCond      = "guide.conditions"
	FieldGuideMaterials = "guide.materials"
	FieldGuideOnline    = "guide.online_url"
	FieldGuideProc      = "guide.procedure"
	FieldGuideTime      = "guide.time_limit"
	FieldGuidePlace     = "guide.place"
	FieldGuideHours     = "guide.hours"
	FieldGuideFees      = "guide.fees"
	FieldGuideConsult   = "guide.consult_phone"
	FieldGuideSupervise = "guide.supervise_phone"
	FieldOpinion        = "opinion"
	FieldReason         = "reason"
	FieldAt             = "at"
)

// FieldLabel returns the Chinese label of a field, as on the form and the public page.
func FieldLabel(field string) string {
	switch field {
	case FieldEntry:
		return "所属目录条目"
	case FieldKind:
		return "信息类别"
	case FieldTitle:
		return "标题"
	case FieldSummary:
		return "内容概述"
	case FieldBody:
		return "正文"
	case FieldSubject:
		return "主题分类"
	case FieldIssuer:
		return "发布机构"
	case FieldIssuerOrg:
		return "公开主体"
	case FieldWrittenOn:
		return "成文日期"
	case FieldDocNo:
		return "文号"
	case FieldValidity:
		return "有效性"
	case FieldEnforcementAct:
		return "执法类别"
	case FieldRepealedOn:
		return "废止日期"
	case FieldOpenness:
		return "公开属性"
	case FieldOpennessReason:
		return "不予公开理由"
	case FieldFormedOn:
		return "信息形成或变更日期"
	case FieldEffectiveOn:
		return "施行日期"
	case FieldExpiresOn:
		return "失效日期"
	case FieldRepeals:
		return "废止的文件"
	case FieldPolicy:
		return "所解读的政策文件"
	case FieldPublicity:
		return "公示期"
	case FieldChangeNote:
		return "修订说明"
	case FieldGuideItemName:
		return "事项名称"
	case FieldGuideBasis:
		return "设定依据"
	case FieldGuideCond:
		return "申请条件"
	case FieldGuideMaterials:
		return "办理材料"
	case FieldGuideOnline:
		return "网上办事大厅"
	case FieldGuideProc:
		return "办理流程"
	case FieldGuideTime:
		return "办理时限"
	case FieldGuidePlace:
		return "办理地点"
	case FieldGuideHours:
		return "办理时间"
	case FieldGuideFees:
		return "收费标准"
	case FieldGuideConsult:
		return "咨询电话"
	case FieldGuideSupervise:
		return "监督电话"
	case FieldOpinion:
		return "意见"
	case FieldReason:
		return "理由"
	case FieldAt:
		return "发布时间"
	case FieldCommentsUntil, FieldShortPeriodReason, FieldDraftingNote, FieldConsultation:
		return consultationLabel(field)
	}
	return field
}

// Length limits, in characters. The title limit matches what portal lists and the national
// catalog display; the others keep forms and exports sane without cutting real content.
const (
	MaxTitleLen   = 200
	MaxSummaryLen = 1000
	MaxShortLen   = 100  // subject, issuer, doc number
	MaxNoteLen    = 1000 // reasons, change notes, opinions
	MaxGuideLen   = 10000
	MaxURLLen     = 2000
	// MaxBodyLen bounds the body HTML: a long regulation with tables stays well below it
	// (100,000 characters of text are about 200 pages).
	MaxBodyLen    = 500000
	maxPeriodDays = 366 // same bound as timelimit: longer publicity periods are typos
)

// EarliestDate is the earliest date a record may carry: the founding of the People's
// Republic. Anything earlier is a typo (or 0001-01-01 from a broken client).
var EarliestDate = calendar.MustDate(1949, 10, 1)

func fieldErr(field, msg string) errs.FieldError {
	return errs.FieldError{Field: field, Label: FieldLabel(field), Message: msg}
}

// fieldOrder is the order of the fields on the form; errors are reported in it.
var fieldOrder = []string{FieldEntry, FieldKind, FieldTitle, FieldSummary, FieldBody, FieldSubject, FieldIssuer,
	FieldWrittenOn, FieldDocNo, FieldValidity, FieldRepealedOn, FieldOpenness, FieldOpennessReason, FieldFormedOn, FieldEffectiveOn, FieldExpiresOn, FieldRepeals,
	FieldPolicy, FieldPublicity, FieldGuideItemName, FieldGuideBasis, FieldGuideCond, FieldGuideMaterials, FieldGuideProc,
	FieldGuideTime, FieldGuidePlace, FieldGuideHours, FieldGuideFees, FieldGuideConsult, FieldGuideSupervise,
	FieldGuideOnline, FieldChangeNote}

func sortFields(fe []errs.FieldError) []errs.FieldError {
	rank := func(f errs.FieldError) int {
		for i, name := range fieldOrder {
			if name == f.Field {
				return i
			}
		}
		return len(fieldOrder)
	}
	sort.SliceStable(fe, func(i, j int) bool { return rank(fe[i]) < rank(fe[j]) })
	return fe
}

// Bounds checks what every saved revision must respect, a draft as much as one submitted for
// review, whether it comes from a form or the API: the length of every text field, the range
// of every date (from EarliestDate to today: none of them lies in the future) and the form of
// a linked policy's ID. It returns one FieldError per problem, nil when all is within bounds.
// Validate includes it. today is the current day in China.
func (r Record) Bounds(today calendar.Date) []errs.FieldError {
	var fe []errs.FieldError
	add := func(field, msg string) { fe = append(fe, fieldErr(field, msg)) }
	switch {
	case r.EnforcementAct != "" && !r.EnforcementAct.Valid():
		add(FieldEnforcementAct, "应为“行政许可”“行政处罚”或“行政强制”")
	case r.EnforcementAct != "" && r.Kind != KindEnforcement:
		add(FieldEnforcementAct, "只有执法公示注明执法类别")
	}

	for _, f := range []struct {
		field, value string
		max          int
	}{
		{FieldTitle, r.Title, MaxTitleLen}, {FieldSummary, r.Summary, MaxSummaryLen}, {FieldBody, r.BodyHTML, MaxBodyLen},
		{FieldSubject, r.Subject, MaxShortLen}, {FieldIssuer, r.Issuer, MaxShortLen}, {FieldDocNo, r.DocNo, MaxShortLen},
		{FieldOpennessReason, r.OpennessReason, MaxNoteLen}, {FieldChangeNote, r.ChangeNote, MaxNoteLen},
		{FieldGuideItemName, r.Guide.ItemName, MaxGuideLen}, {FieldGuideBasis, r.Guide.LegalBasis, MaxGuideLen},
		{FieldGuideCond, r.Guide.Conditions, MaxGuideLen}, {FieldGuideMaterials, r.Guide.Materials, MaxGuideLen},
		{FieldGuideProc, r.Guide.Procedure, MaxGuideLen}, {FieldGuideTime, r.Guide.TimeLimit, MaxGuideLen},
		{FieldGuidePlace, r.Guide.Place, MaxGuideLen}, {FieldGuideHours, r.Guide.Hours, MaxGuideLen},
		{FieldGuideFees, r.Guide.Fees, MaxGuideLen}, {FieldGuideConsult, r.Guide.ConsultPhone, MaxGuideLen},
		{FieldGuideSupervise, r.Guide.SupervisePhone, MaxGuideLen}, {FieldGuideOnline, r.Guide.OnlineURL, MaxURLLen},
	} {
		if n := utf8.RuneCountInString(strings.TrimSpace(f.value)); n > f.max {
			add(f.field, fmt.Sprintf("不能超过%d字（现为%d字）", f.max, n))
		}
	}
	for _, f := range []struct {
		field string
		d     calendar.Date
	}{{FieldWrittenOn, r.WrittenOn}, {FieldRepealedOn, r.RepealedOn}, {FieldFormedOn, r.FormedOn}} {
		switch {
		case f.d.IsZero():
		case f.d.Before(EarliestDate):
			add(f.field, "不能早于"+EarliestDate.String()+"（现为"+f.d.String()+"）")
		case !today.IsZero() && f.d.After(today):
			add(f.field, "不能晚于今天（"+today.String()+"）")
		}
	}
	// 施行日期 and 失效日期 may lie ahead: a document is published before it takes effect.
	for _, f := range []struct {
		field string
		d     calendar.Date
	}{{FieldEffectiveOn, r.EffectiveOn}, {FieldExpiresOn, r.ExpiresOn}} {
		if !f.d.IsZero() && f.d.Before(EarliestDate) {
			add(f.field, "不能早于"+EarliestDate.String()+"（现为"+f.d.String()+"）")
		}
	}
	if !r.ExpiresOn.IsZero() && !r.EffectiveOn.IsZero() && !r.ExpiresOn.After(r.EffectiveOn) {
		add(FieldExpiresOn, "须晚于施行日期（"+r.EffectiveOn.String()+"）")
	}
	if len(r.Repeals) > 20 {
		add(FieldRepeals, "一次最多废止20件文件")
	}
	if r.PolicyID < 0 {
		add(FieldPolicy, "编号无效")
	}
	fe = append(fe, r.consultationBounds()...)
	return sortFields(fe)
}

// Validate checks that the revision may be submitted for review and returns one FieldError per
// problem (nil when valid), in the order of the form. Drafts may be saved incomplete but
// within Bounds; Decide runs Validate at submission. today is the current day in China: dates
// of the past cannot lie after it.
func (r Record) Validate(today calendar.Date) []errs.FieldError {
	fe := r.Bounds(today)
	add := func(field, msg string) { fe = append(fe, fieldErr(field, msg)) }
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	// A field already out of bounds gets no second message about its content.
	outOfBounds := map[string]bool{}
	for _, f := range fe {
		outOfBounds[f.Field] = true
	}

	if r.EntryID == 0 && !r.Kind.Entryless() {
		add(FieldEntry, "请选择所属的标准目录条目")
	}
	if r.Kind == KindAnnualReport && (r.ReportYear < 2008 || r.ReportYear > r.WrittenOn.Year()) {
		add(FieldWrittenOn, "年度报告须写明所报告的年度（2008年起，不晚于成文日期所在年度）")
	}
	if !r.Kind.Valid() {
		add(FieldKind, "请选择信息类别")
	}
	if blank(r.Title) {
		add(FieldTitle, "不能为空")
	}

	if blank(r.Subject) {
		add(FieldSubject, "请选择主题分类")
	} else if _, ok := SubjectLabel(r.Subject); !ok && !outOfBounds[FieldSubject] {
		add(FieldSubject, "“"+r.Subject+"”不是国家主题分类中的代码")
	}
	if blank(r.Issuer) {
		add(FieldIssuer, "不能为空")
	}
	// Art.12 of the Regulations: the catalog holds each record's 生成日期.
	if r.WrittenOn.IsZero() {
		add(FieldWrittenOn, "不能为空")
	}
	if !blank(r.DocNo) && !outOfBounds[FieldDocNo] {
		if d, err := ParseDocNo(r.DocNo); err != nil {
			add(FieldDocNo, errMessage(err))
		} else if !today.IsZero() && d.Year > today.Year() {
			add(FieldDocNo, "文号中的年份"+strconv.Itoa(d.Year)+"晚于今年")
		}
	}

	switch {
	case r.Validity == "" && r.Kind == KindPolicy:
		add(FieldValidity, "政策文件须注明有效性")
	case r.Validity != "" && !r.Validity.Valid():
		add(FieldValidity, "应为“有效”“失效”或“废止”")
	case r.Validity == ValidityRepealed && r.RepealedOn.IsZero():
		add(FieldRepealedOn, "已废止的文件须填写废止日期")
	case r.Validity == ValidityEffective && !r.RepealedOn.IsZero():
		add(FieldRepealedOn, "有效的文件不应填写废止日期")
	case !r.RepealedOn.IsZero() && !r.WrittenOn.IsZero() && r.RepealedOn.Before(r.WrittenOn) && !outOfBounds[FieldRepealedOn]:
		add(FieldRepealedOn, "不能早于成文日期")
	}

	switch {
	case !r.Openness.Valid():
		add(FieldOpenness, "请选择“主动公开”“依申请公开”或“不予公开”")
	case r.Openness == OpenNotPublic && blank(r.OpennessReason):
		add(FieldOpennessReason, "不予公开的信息须写明理由和依据")
	}

	// The due date counts from this day; without it the record's deadline cannot be watched.
	// A record of the 专栏 has no entry, so no time limit counts from it.
	if r.FormedOn.IsZero() && !r.Kind.Entryless() {
		add(FieldFormedOn, "不能为空")
	}

	switch r.Kind {
	case KindInterpretation:
		switch {
		case r.PolicyID == 0:
			add(FieldPolicy, "政策解读须关联所解读的政策文件")
		case r.PolicyID == r.ID:
			add(FieldPolicy, "不能关联自身")
		}
	case KindPublicity:
		p := r.Publicity
		switch {
		case p.IsZero():
			add(FieldPublicity, "公示公告须填写公示期")
		case p.N < 0 || p.N > maxPeriodDays:
			add(FieldPublicity, fmt.Sprintf("公示期应为1至%d天", maxPeriodDays))
		case p.Unit != calendar.WorkingDays && p.Unit != calendar.CalendarDays:
			add(FieldPublicity, "请选择按工作日或自然日计算")
		}
	case KindServiceGuide:
		fe = append(fe, r.Guide.validate()...)
	case KindConsultation:
		fe = append(fe, r.consultationValid(today)...)
	}

	if r.IsAmendment() && blank(r.ChangeNote) {
		add(FieldChangeNote, "修订已发布的信息须填写修订说明（将向社会公开）")
	}
	return sortFields(fe)
}

// validate checks a service guide: the four single-veto elements of the national website check
// must be there, and the online link must be a web address. Their lengths are in Bounds.
func (g ServiceGuide) validate() []errs.FieldError {
	var fe []errs.FieldError
	for _, f := range []struct{ field, value string }{
		{FieldGuideItemName, g.ItemName}, {FieldGuideBasis, g.LegalBasis},
		{FieldGuideCond, g.Conditions}, {FieldGuideMaterials, g.Materials},
	} {
		if strings.TrimSpace(f.value) == "" {
			fe = append(fe, fieldErr(f.field, "办事指南的必备要素，不能为空"))
		}
	}
	if u := strings.TrimSpace(g.OnlineURL); u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			fe = append(fe, fieldErr(FieldGuideOnline, "应为以 http:// 或 https:// 开头的网址"))
		}
	}
	return fe
}

// SubjectLabel resolves a subject code of the national classification to its display form:
// "17" → "民政、扶贫、救灾", "17.3" → "民政、扶贫、救灾\社会福利" (一级\二级, as the national catalog
// shows it). The second level is the 1-based position in the first level's list.
func SubjectLabel(code string) (string, bool) {
	first, second, hasSecond := strings.Cut(strings.TrimSpace(code), ".")
	for _, c := range refdata.SubjectCategories() {
		if c.Code != first {
			continue
		}
		if !hasSecond {
			return c.Name, true
		}
		n, err := strconv.Atoi(second)
		if err != nil || n < 1 || n > len(c.Subcategories) || strconv.Itoa(n) != second {
			return "", false
		}
		return c.Name + `\` + c.Subcategories[n-1], true
	}
	return "", false
}

// errMessage returns the user-facing message of an error from this package.
func errMessage(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
