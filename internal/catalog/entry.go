// Package catalog holds the standard catalog (标准目录) of a pilot unit and domain: its entries,
// the rules an entry must satisfy, the life cycle of a catalog version and the comparison of two
// versions. It is plain Go: storage, HTTP and Excel live in other packages and depend on this one.
package catalog

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entry is one disclosure item with its elements in one catalog version (目录条目), i.e. one row
// of the national two-row-header table.
type Entry struct {
	// ID is the storage identifier of this row in this version; zero until stored.
	ID int64 `json:"id"`
	// Key identifies the same item across versions of a catalog. It is opaque and independent of
	// the content, so an entry keeps its Key when it is renamed, edited or moved, and Diff can
	// show "changed" instead of "removed + added". A new entry gets NewKey(); a new version made
	// from an Excel file (which carries no keys) inherits keys by (Item1, Item2) through
	// AssignKeys. Empty means "not yet assigned".
	Key string `json:"key"`
	// Seq is the 1-based position of the entry in the catalog (the 序号 column). It is an order,
	// not an identifier: imports renumber 1..n in row order.
	Seq int `json:"seq"`

	Item1         string `json:"item1"`       // 一级事项
	Item2         string `json:"item2"`       // 二级事项
	Content       string `json:"content"`     // 公开内容（要素）
	LegalBasis    string `json:"legal_basis"` // 公开依据
	TimeLimitText string `json:"time_limit"`  // 公开时限, as written; parsed elsewhere into a deadline rule
	// ResponsibleBody is the 公开主体 as written in the catalog (often several bodies, one per line).
	ResponsibleBody string `json:"responsible_body"`
	// ResponsibleOrgID links the entry to an organisation of the platform once someone has
	// matched the text to one; zero when unlinked. It is not part of the Excel layout.
	ResponsibleOrgID int64 `json:"responsible_org_id,omitempty"`
	// Channels are the selected 公开渠道和载体: national channel codes from refdata.Channels()
	// ("website", "bulletin_board", …) and local extras as "custom:名称" (see CustomChannel).
	// Normalize puts them in national order first, then the custom ones.
	Channels []string `json:"channels"`

	AudiencePublic bool `json:"audience_public"` // 公开对象：全社会
	AudienceGroup  bool `json:"audience_group"`  // 公开对象：特定群体
	ModeProactive  bool `json:"mode_proactive"`  // 公开方式：主动
	ModeOnRequest  bool `json:"mode_on_request"` // 公开方式：依申请
	LevelCounty    bool `json:"level_county"`    // 公开层级：县级
	LevelTownship  bool `json:"level_township"`  // 公开层级：乡级

	// Stages are the 五公开 stages the item belongs to, in canonical order.
	Stages []Stage `json:"stages"`

	// NotPublic marks an item of the item list that is exempt from disclosure. The principle
	// 以公开为常态、不公开为例外 means such a mark is only valid with its legal basis.
	NotPublic      bool   `json:"not_public"`
	NotPublicBasis string `json:"not_public_basis,omitempty"` // 不予公开依据
	Notes          string `json:"notes,omitempty"`            // 备注
}

// Field names used in FieldError, Change and API payloads, with their Chinese column names.
const (
	FieldItem1           = "item1"
	FieldItem2           = "item2"
	FieldContent         = "content"
	FieldLegalBasis      = "legal_basis"
	FieldTimeLimit       = "time_limit"
	FieldResponsibleBody = "responsible_body"
	FieldChannels        = "channels"
	FieldAudience        = "audience"
	FieldMode            = "mode"
	FieldLevel           = "level"
	FieldStages          = "stages"
	FieldNotPublic       = "not_public"
	FieldNotPublicBasis  = "not_public_basis"
	FieldNotes           = "notes"
)

// FieldLabel returns the Chinese column name of a field, as printed in the national table.
func FieldLabel(field string) string {
	switch field {
	case FieldItem1:
		return "一级事项"
	case FieldItem2:
		return "二级事项"
	case FieldContent:
		return "公开内容（要素）"
	case FieldLegalBasis:
		return "公开依据"
	case FieldTimeLimit:
		return "公开时限"
	case FieldResponsibleBody:
		return "公开主体"
	case FieldChannels:
		return "公开渠道和载体"
	case FieldAudience:
		return "公开对象"
	case FieldMode:
		return "公开方式"
	case FieldLevel:
		return "公开层级"
	case FieldStages:
		return "五公开"
	case FieldNotPublic:
		return "不予公开"
	case FieldNotPublicBasis:
		return "不予公开依据"
	case FieldNotes:
		return "备注"
	}
	return field
}

// FieldError is one problem with one field of an entry, worded for the person who fills in the
// catalog. Field is the code name (for forms and API clients), Label the Chinese column name.
type FieldError struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Label + "：" + e.Message }

// MaxTextLen is the longest text field, in characters. Real elements are at most a few hundred
// characters; the bound keeps every valid entry exportable and re-importable (Excel cells hold
// 32,767 characters, and the importer refuses longer cells by default).
const MaxTextLen = 10000

// sameAsAbove is the spreadsheet shorthand for "the value of the row above". It is resolved on
// import; a stored entry that still says only 同上 has lost its meaning.
const sameAsAbove = "同上"

// Validate checks the rules every catalog entry must satisfy and returns one FieldError per
// problem, in column order; nil means valid. It expects a normalized entry (see Normalize).
//
// The rules follow the national table: an item needs a name, its content elements, a time limit,
// a responsible body, at least one channel, an audience (全社会 and/or 特定群体) and a mode
// (主动 and/or 依申请). Both marks of a pair may be set: real catalogs publish some items to
// everyone and push them to a group, or publish a summary proactively and details on request.
// The level (县级/乡级) is optional because several localities drop that column. An item marked
// not public needs its legal basis and is exempt from the publication elements.
func (e Entry) Validate() []FieldError {
	var errs []FieldError
	add := func(field, msg string) {
		errs = append(errs, FieldError{Field: field, Label: FieldLabel(field), Message: msg})
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	onlySame := func(field, s string) {
		if strings.TrimSpace(s) == sameAsAbove {
			add(field, "请填写具体内容，不能只写“同上”")
		}
	}

	if blank(e.Item1) && blank(e.Item2) {
		add(FieldItem2, "一级事项和二级事项至少填写一项")
	}
	for _, f := range []struct {
		field, value string
	}{
		{FieldItem1, e.Item1}, {FieldItem2, e.Item2}, {FieldContent, e.Content},
		{FieldLegalBasis, e.LegalBasis}, {FieldTimeLimit, e.TimeLimitText},
		{FieldResponsibleBody, e.ResponsibleBody},
	} {
		onlySame(f.field, f.value)
	}
	for _, f := range []struct {
		field, value string
	}{
		{FieldItem1, e.Item1}, {FieldItem2, e.Item2}, {FieldContent, e.Content},
		{FieldLegalBasis, e.LegalBasis}, {FieldTimeLimit, e.TimeLimitText},
		{FieldResponsibleBody, e.ResponsibleBody}, {FieldNotPublicBasis, e.NotPublicBasis}, {FieldNotes, e.Notes},
	} {
		if len(f.value) > MaxTextLen && utf8.RuneCountInString(f.value) > MaxTextLen {
			add(f.field, fmt.Sprintf("内容过长（%d字，上限%d字）", utf8.RuneCountInString(f.value), MaxTextLen))
		}
	}
	if blank(e.Content) {
		add(FieldContent, "不能为空")
	}
	if !e.NotPublic && blank(e.TimeLimitText) {
		add(FieldTimeLimit, "不能为空")
	}
	if blank(e.ResponsibleBody) {
		add(FieldResponsibleBody, "不能为空")
	}
	if !e.NotPublic && len(e.Channels) == 0 {
		add(FieldChannels, "至少选择一个公开渠道")
	}
	if msg := channelsProblem(e.Channels); msg != "" {
		add(FieldChannels, msg)
	}
	if !e.NotPublic && !e.AudiencePublic && !e.AudienceGroup {
		add(FieldAudience, "请选择“全社会”或“特定群体”")
	}
	if !e.NotPublic && !e.ModeProactive && !e.ModeOnRequest {
		add(FieldMode, "请选择“主动”或“依申请”")
	}
	if e.NotPublic && e.ModeProactive {
		add(FieldMode, "不予公开的事项不能标记为主动公开")
	}
	for i, s := range e.Stages {
		switch {
		case !s.Valid():
			add(FieldStages, "无法识别的五公开类别“"+string(s)+"”")
		case slices.Contains(e.Stages[:i], s):
			add(FieldStages, "五公开类别“"+s.Label()+"”重复")
		}
	}
	if e.NotPublic && blank(e.NotPublicBasis) {
		add(FieldNotPublicBasis, "标记为不予公开时必须写明法律依据")
	}
	if !e.NotPublic && !blank(e.NotPublicBasis) {
		add(FieldNotPublicBasis, "未标记为不予公开，不应填写不予公开依据")
	}
	return errs
}

// Normalize rewrites the entry in the canonical form used for storage, comparison and export:
// whitespace cleaned the way spreadsheet cells need it, channels and stages de-duplicated and in
// canonical order, empty lists as nil. Import and forms both call it, so that an exported
// catalog re-imports to identical entries.
func (e *Entry) Normalize() {
	e.Item1 = normalizeName(e.Item1)
	e.Item2 = normalizeName(e.Item2)
	e.Content = normalizeText(e.Content)
	e.LegalBasis = normalizeText(e.LegalBasis)
	e.TimeLimitText = normalizeText(e.TimeLimitText)
	e.ResponsibleBody = normalizeText(e.ResponsibleBody)
	e.NotPublicBasis = normalizeText(e.NotPublicBasis)
	e.Notes = normalizeText(e.Notes)
	e.Channels = SortChannels(e.Channels)
	e.Stages = sortStages(e.Stages)
}

// normalizeSpaces maps the spaces that come out of Chinese office documents (full-width space,
// no-break space, tabs) and Windows line ends to plain spaces and "\n".
func normalizeSpaces(s string) string {
	clean := true
	for _, r := range s {
		switch r {
		case '\r', '\t', '\u3000', '\u00a0', '\u2002', '\u2003', '\u200b', '\ufeff':
			clean = false
		}
		if !clean {
			break
		}
	}
	if clean {
		return s
	}
	return strings.NewReplacer(
		"\r\n", "\n", "\r", "\n", "\t", " ", "\u3000", " ", "\u00a0", " ",
		"\u2002", " ", "\u2003", " ", "\u200b", "", "\ufeff", "",
	).Replace(s)
}

// normalizeText trims every line and drops empty ones: cells are often padded with spaces and
// blank lines for layout, which carry no meaning.
func normalizeText(s string) string {
	s = normalizeSpaces(s)
	if !strings.Contains(s, "\n") {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// normalizeName cleans an item name. Names are short labels that people break or space out to
// fit a narrow column ("最低生活\n保障", "临 时 救 助"), so whitespace between two Chinese
// characters is removed and any other run of whitespace becomes one space.
func normalizeName(s string) string {
	s = strings.TrimSpace(normalizeSpaces(s))
	if !strings.ContainsAny(s, " \n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	pending := false
	for _, r := range s {
		if r == ' ' || r == '\n' {
			pending = true
			continue
		}
		if pending && !(isHan(prev) && isHan(r)) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isHan reports whether r is a Chinese character or full-width punctuation, between which a
// space is never meaningful.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
