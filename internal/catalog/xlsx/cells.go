package xlsx

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/catalog"
)

// parseMark reads a cell of a mark column (全社会, 主动, 县级, one channel …). It accepts the set
// marks, the explicit "not set" marks and blanks; the column's own label also counts as set,
// since some people write the option instead of ticking it, and "v" stands in for √ where it was
// typed on a keyboard. ok is false for anything else, so that "？" or "部分" is reported rather
// than guessed.
func parseMark(v, label string) (set, ok bool) {
	k := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, v)
	switch k {
	case "":
		return false, true
	case "√", "✓", "✔", "●", "■", "☑", "✅", "▣", "v", "V", "Y", "y", "是", "有":
		return true, true
	case "□", "☐", "○", "×", "✗", "✘", "N", "n", "否", "无", "/", "-", "—", "－", "–":
		return false, true
	}
	if label != "" && headerKey(k) == label {
		return true, true
	}
	return false, false
}

// option is one choice of an in-cell checklist.
type option struct {
	name string
	set  bool
}

// splitChecklist splits a checklist cell such as "■政府网站 □政府公报\n■两微一端" into options.
// marked is false when the cell has no mark at all; it is then read as a plain list separated
// by 、，；, spaces or line breaks (never inside brackets, where official names use 、). lead is
// any text before the first mark of a marked list. Names are substrings of v: this runs for
// every row of an import.
func splitChecklist(v string) (opts []option, lead string, marked bool) {
	for _, r := range v {
		if markOf(r) != 0 {
			marked = true
			break
		}
	}
	if marked {
		opts = make([]option, 0, 16)
		start, mark := 0, 0
		for i, r := range v {
			m := markOf(r)
			if m == 0 {
				continue
			}
			name := trimOption(v[start:i])
			if mark == 0 {
				lead = name
			} else if name != "" {
				opts = append(opts, option{name: name, set: mark > 0})
			}
			start, mark = i+utf8.RuneLen(r), m
		}
		if name := trimOption(v[start:]); name != "" {
			opts = append(opts, option{name: name, set: mark > 0})
		}
		return opts, lead, true
	}
	depth, start := 0, 0
	for i, r := range v {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			depth = max(depth-1, 0)
		case '、', '，', ',', '；', ';', '\n', '\r', '\t', ' ', '\u3000':
			if depth == 0 {
				if name := trimOption(v[start:i]); name != "" {
					opts = append(opts, option{name: name, set: true})
				}
				start = i + utf8.RuneLen(r)
			}
		}
	}
	if name := trimOption(v[start:]); name != "" {
		opts = append(opts, option{name: name, set: true})
	}
	return opts, "", false
}

// markOf classifies a checklist mark: 1 set, -1 not set, 0 not a mark.
func markOf(r rune) int {
	switch r {
	case '■', '☑', '√', '✓', '✔', '●', '▣', '✅':
		return 1
	case '□', '☐', '○':
		return -1
	}
	return 0
}

func trimOption(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\u3000、，,；;。.:：", r)
	})
}

// parseChannels reads the 公开渠道和载体 cell. Selected options are resolved to national codes
// or kept as custom channels; the unselected ones are only read to be skipped.
func parseChannels(v string) (chs []string, problem string) {
	opts, lead, marked := splitChecklist(v)
	if marked && lead != "" {
		return nil, "“" + lead + "”前缺少 ■ 或 □ 标记"
	}
	for _, o := range opts {
		if o.set {
			if ch := catalog.ChannelFromName(o.name); ch != "" {
				chs = append(chs, ch)
			}
		}
	}
	return chs, ""
}

// parseStages reads a 公开类别 or 五公开 cell: "决策公开", "决策、执行", "■决策 □执行 …".
func parseStages(v string) (stages []catalog.Stage, problem string) {
	opts, lead, marked := splitChecklist(v)
	if marked && lead != "" {
		return nil, "“" + lead + "”前缺少 ■ 或 □ 标记"
	}
	for _, o := range opts {
		if !o.set {
			continue
		}
		found := catalog.StageFromName(o.name)
		if len(found) == 0 {
			return nil, "无法识别的五公开类别“" + o.name + "”，应为决策、执行、管理、服务、结果"
		}
		stages = append(stages, found...)
	}
	return stages, ""
}

// parseChoice reads a single text column that replaces a pair of mark columns, e.g. a 公开对象
// column holding "全社会" or "■全社会 □特定群体". match maps an option to the first and/or
// second choice of the pair.
func parseChoice(v string, match func(string) (a, b bool)) (a, b bool, problem string) {
	opts, lead, marked := splitChecklist(v)
	if marked && lead != "" {
		return false, false, "“" + lead + "”前缺少 ■ 或 □ 标记"
	}
	for _, o := range opts {
		if !o.set {
			continue
		}
		x, y := match(o.name)
		if !x && !y {
			return false, false, "无法识别“" + o.name + "”"
		}
		a, b = a || x, b || y
	}
	return a, b, ""
}

func matchAudience(s string) (public, group bool) {
	return strings.Contains(s, "全社会") || strings.Contains(s, "社会公众"),
		strings.Contains(s, "特定群体") || strings.Contains(s, "特定群众") || strings.Contains(s, "特定对象")
}

func matchMode(s string) (proactive, onRequest bool) {
	return strings.Contains(s, "主动"), strings.Contains(s, "依申请")
}

func matchLevel(s string) (county, township bool) {
	return strings.ContainsAny(s, "县区"), strings.ContainsAny(s, "乡镇村") || strings.Contains(s, "街道")
}

// isSameAsAbove recognises the 同上 shorthand.
func isSameAsAbove(v string) bool {
	if len(v) > 16 || !strings.Contains(v, "同") {
		return false
	}
	k := strings.TrimRight(headerKey(v), "。.")
	return k == "同上"
}

// isFootnote recognises the notes people put under a catalog table (注：…, 填表人：…).
func isFootnote(v string) bool {
	k := headerKey(v)
	for _, p := range [...]string{"注：", "注:", "注1", "注①", "说明：", "说明:", "填表说明", "填表人", "制表人",
		"填报人", "审核人", "联系人", "联系电话", "填报单位", "填报日期"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}
