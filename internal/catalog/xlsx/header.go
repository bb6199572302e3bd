package xlsx

import (
	"strings"

	"gongkai/internal/catalog"
)

// colKind is what a column of the sheet holds.
type colKind int

const (
	colNone           colKind = iota // no header: must stay empty
	colUnknown                       // a header we do not understand
	colSeq                           // 序号: ignored, entries are renumbered
	colCategory                      // 公开类别: 决策公开 / 执行公开 … → Stages
	colItem1                         // 一级事项
	colItem2                         // 二级事项
	colItem                          // 公开事项 not split into two levels → Item1
	colContent                       // 公开内容（要素）
	colBasis                         // 公开依据
	colTimeLimit                     // 公开时限
	colBody                          // 公开主体
	colChannels                      // 公开渠道和载体 as a checklist or list in one cell
	colChannel                       // one column per channel, holding a mark
	colAudiencePublic                // 全社会 mark
	colAudienceGroup                 // 特定群体 mark
	colAudienceText                  // 公开对象 as text in one column
	colModeProactive                 // 主动 mark
	colModeOnRequest                 // 依申请 mark
	colModeText                      // 公开方式 as text in one column
	colLevelCounty                   // 县级 mark
	colLevelTownship                 // 乡级 mark
	colLevelText                     // 公开层级 as text in one column
	colStages                        // 五公开 as a checklist or list in one cell
	colStage                         // one column per stage, holding a mark
	colNotes                         // 备注
	colNotPublicBasis                // 不予公开依据: non-empty marks the item not public
)

// column is one classified column of the sheet.
type column struct {
	kind    colKind
	index   int    // 0-based
	letter  string // A, B, …
	header  string // header text as written (whitespace removed); "公开对象·全社会" for sub-columns
	group   string // the top header of a two-row group ("公开对象"), else ""
	label   string // the sub label for mark columns ("全社会"), accepted as a mark
	channel string // for colChannel
	stage   catalog.Stage
}

// headerKey is the form in which header texts are compared: no whitespace at all (titles are
// often spaced out as "序  号"), full-width brackets, no required-field stars or trailing colon.
func headerKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\n', '\r', '\t', '\u3000', '\u00a0', '*', '＊', '※':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		}
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), ":：")
}

// groupKind says which two-row group a top header opens.
type groupKind int

const (
	groupNone groupKind = iota
	groupItem
	groupAudience
	groupMode
	groupLevel
	groupChannels
	groupStages
)

func groupOf(key string) groupKind {
	switch {
	case key == "公开事项" || key == "事项名称" || key == "公开事项名称":
		return groupItem
	case key == "公开对象":
		return groupAudience
	case key == "公开方式":
		return groupMode
	case key == "公开层级":
		return groupLevel
	case isChannelsKey(key):
		return groupChannels
	case key == "五公开" || key == "公开类别" || key == "五公开类别":
		return groupStages
	}
	return groupNone
}

func isChannelsKey(key string) bool {
	return strings.HasPrefix(key, "公开渠道") || strings.HasPrefix(key, "公开载体")
}

// classifySingle classifies a header that stands alone (one row, or merged over both rows).
func classifySingle(key string) colKind {
	switch key {
	case "":
		return colNone
	case "序号", "编号", "序":
		return colSeq
	case "公开类别", "类别", "公开类型", "五公开类别", "所属类别":
		return colCategory
	case "一级事项", "一级公开事项":
		return colItem1
	case "二级事项", "二级公开事项":
		return colItem2
	case "公开事项", "事项名称", "公开事项名称":
		return colItem
	case "公开依据":
		return colBasis
	case "公开对象":
		return colAudienceText
	case "公开方式":
		return colModeText
	case "公开层级":
		return colLevelText
	case "五公开":
		return colStages
	case "备注":
		return colNotes
	case "不予公开依据", "不公开依据", "不予公开理由", "不予公开的依据", "不予公开理由及依据":
		return colNotPublicBasis
	}
	switch {
	case strings.HasPrefix(key, "公开内容") || strings.HasPrefix(key, "公开要素"):
		return colContent
	case strings.HasPrefix(key, "公开时限"):
		return colTimeLimit
	case strings.HasPrefix(key, "公开主体") || strings.HasPrefix(key, "责任主体") || strings.HasPrefix(key, "公开责任主体"):
		return colBody
	case strings.HasPrefix(key, "公开依据"):
		return colBasis
	case isChannelsKey(key):
		return colChannels
	}
	if k := subKind(groupAudience, key); k != colUnknown {
		return k
	}
	if k := subKind(groupMode, key); k != colUnknown {
		return k
	}
	if k := subKind(groupLevel, key); k != colUnknown {
		return k
	}
	return colUnknown
}

// subKind classifies the lower header of a two-row group.
func subKind(g groupKind, key string) colKind {
	switch g {
	case groupItem:
		switch key {
		case "一级事项", "一级", "一级公开事项":
			return colItem1
		case "二级事项", "二级", "二级公开事项":
			return colItem2
		}
	case groupAudience:
		switch key {
		case "全社会", "社会公众", "全社会公开":
			return colAudiencePublic
		case "特定群体", "特定群众", "特定对象", "特定群体公开":
			return colAudienceGroup
		}
	case groupMode:
		switch key {
		case "主动", "主动公开":
			return colModeProactive
		case "依申请", "依申请公开":
			return colModeOnRequest
		}
	case groupLevel:
		return levelKind(key)
	case groupChannels:
		if key != "" {
			return colChannel
		}
	case groupStages:
		if len(catalog.StageFromName(key)) == 1 {
			return colStage
		}
	}
	return colUnknown
}

// levelKind reads the many spellings of the two levels: 县级, 县（区）级, 县区级 …; 乡级, 乡、村级,
// 乡镇（街道）级 ….
func levelKind(key string) colKind {
	if !strings.HasSuffix(key, "级") {
		return colUnknown
	}
	township := strings.ContainsAny(key, "乡镇村") || strings.Contains(key, "街道")
	county := strings.ContainsAny(key, "县区")
	switch {
	case township && !strings.HasPrefix(key, "县"):
		return colLevelTownship
	case county && !township:
		return colLevelCounty
	}
	return colUnknown
}

// mainLabels are the headers that identify the header row of a catalog; a row holding three of
// them is taken as the header whatever its position.
func isMainLabel(key string) bool {
	switch classifySingle(key) {
	case colItem1, colItem2, colItem, colContent, colBasis, colTimeLimit, colBody, colChannels,
		colAudienceText, colModeText, colLevelText:
		return true
	}
	return false
}

func headerScore(cells []string) int {
	n := 0
	for _, c := range cells {
		if c != "" && isMainLabel(headerKey(c)) {
			n++
		}
	}
	return n
}

// isSubLabel reports whether key can be the lower header under the group opened by top.
func isSubLabel(top, key string) bool {
	if key == "" || key == top {
		return false
	}
	if g := groupOf(top); g != groupNone {
		return subKind(g, key) != colUnknown
	}
	return false
}

// buildColumns classifies the columns from the header row (top) and the optional second header
// row (sub). Merged header cells have already been filled in both rows.
func buildColumns(top, sub []string) []column {
	n := max(len(top), len(sub))
	cols := make([]column, n)
	for i := range cols {
		var t, s string
		if i < len(top) {
			t = headerKey(top[i])
		}
		if i < len(sub) {
			s = headerKey(sub[i])
		}
		c := column{index: i, letter: colLetter(i)}
		switch {
		case s == "" || s == t:
			c.header = t
			c.kind = classifySingle(t)
		case t == "":
			c.header = s
			c.kind = classifySingle(s)
			c.label = s
		default:
			c.header, c.group, c.label = t+"·"+s, t, s
			if g := groupOf(t); g != groupNone {
				c.kind = subKind(g, s)
			} else {
				c.kind = classifySingle(s) // a loose grouping over known columns
			}
		}
		switch c.kind {
		case colChannel:
			c.channel = catalog.ChannelFromName(c.label)
		case colStage:
			c.stage = catalog.StageFromName(c.label)[0]
		}
		cols[i] = c
	}
	return cols
}

// errorHeader is the header to name in a problem about a whole field: the group header for
// option columns ("公开对象" rather than "公开对象·全社会"), the lower header for the two item
// levels ("二级事项"), otherwise the column's own.
func (c column) errorHeader() string {
	switch c.kind {
	case colAudiencePublic, colAudienceGroup, colModeProactive, colModeOnRequest,
		colLevelCounty, colLevelTownship, colChannel, colStage:
		if c.group != "" {
			return c.group
		}
	}
	if c.label != "" {
		return c.label
	}
	return c.header
}

func colLetter(i int) string {
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}
