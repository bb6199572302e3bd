package catalog

import (
	"slices"
	"strings"
	"sync"

	"gongkai/internal/refdata"
)

// customPrefix marks a local channel that is not one of the 13 national ones (12345热线,
// 政务公开专区 …). Keeping it inside the same list keeps the order the catalog chose, and the
// prefix cannot collide with a national code, which never contains a colon.
const customPrefix = "custom:"

// CustomChannel returns the channel value for a local extra channel called name.
func CustomChannel(name string) string { return customPrefix + strings.TrimSpace(name) }

// CustomChannelName returns the name of a custom channel value and true, or "" and false for a
// national code.
func CustomChannelName(ch string) (string, bool) {
	if name, ok := strings.CutPrefix(ch, customPrefix); ok {
		return name, true
	}
	return "", false
}

// channelTable is the lookup built from refdata once; it is read-only after construction.
type channelTable struct {
	codes []string          // national codes in official order
	order map[string]int    // code → position
	names map[string]string // code → official name
	find  map[string]string // normalized name or alias → code
}

// channelAliases returns the short and local names under which the national channels appear in
// real catalogs. Only unambiguous names are listed; anything else stays a custom channel, so
// that the text people wrote is kept rather than guessed.
func channelAliases() map[string][]string {
	return map[string][]string{
		"website":          {"政府网站", "政府门户网站", "门户网站", "网站"},
		"gazette":          {"政府公报", "公报"},
		"weibo_wechat_app": {"两微一端", "政务微博、微信、客户端", "政务微博", "政务微信", "政务客户端", "微博", "微信", "客户端", "政务新媒体"},
		"press_hearing":    {"发布会/听证会", "发布会", "听证会", "新闻发布会"},
		"broadcast":        {"广播电视", "广播", "电视"},
		"print_media":      {"纸质媒体", "报纸", "报刊", "纸媒"},
		"reading_point":    {"公开查阅点", "政府信息公开查阅点", "查阅点"},
		"service_center":   {"政务服务中心", "政务服务大厅"},
		"service_station":  {"便民服务站"},
		"door_to_door":     {"入户/现场", "入户", "现场"},
		"bulletin_board": {"社区/企事业单位/村公示栏", "社区/企事业单位/村公示栏（电子屏）", "公示栏", "公示栏（电子屏）",
			"社区/村公示栏", "社区公示栏", "村公示栏", "村务公开栏", "村（居）务公开栏", "政务公开栏", "公开栏", "电子屏"},
		"targeted_push": {"精准推送"},
		"other":         {"其他"},
	}
}

// channels is a lazily built, immutable table (not mutable state): sync.OnceValue guarantees
// it is built once and only read afterwards.
var channels = sync.OnceValue(func() *channelTable {
	t := &channelTable{order: map[string]int{}, names: map[string]string{}, find: map[string]string{}}
	for i, c := range refdata.Channels() {
		t.codes = append(t.codes, c.Code)
		t.order[c.Code] = i
		t.names[c.Code] = c.Name
		t.find[channelKey(c.Name)] = c.Code
		t.find[channelKey(stripParen(c.Name))] = c.Code
	}
	for code, names := range channelAliases() {
		if _, ok := t.order[code]; !ok {
			continue // refdata changed; aliases of a removed channel must not resurrect it
		}
		for _, n := range names {
			t.find[channelKey(n)] = code
		}
	}
	return t
})

// channelKey is the form in which channel names are compared: no whitespace, full-width
// parentheses and colon, since both widths are typed interchangeably. It runs for every
// selected option of every imported row, hence the allocation-free fast path.
func channelKey(s string) string {
	clean := true
	for _, r := range s {
		if keyRune(r) != r {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r = keyRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// keyRune maps one rune for channelKey; -1 drops it.
func keyRune(r rune) rune {
	switch r {
	case ' ', '\n', '\r', '\t', '\u3000', '\u00a0':
		return -1
	case '(':
		return '（'
	case ')':
		return '）'
	case '／':
		return '/'
	case ':':
		return '：'
	}
	return r
}

// stripParen removes a trailing parenthesised explanation: "两微一端（政务微博、微信、客户端）"
// is mostly written as "两微一端".
func stripParen(s string) string {
	s = channelKey(s)
	if i := strings.Index(s, "（"); i > 0 && strings.HasSuffix(s, "）") {
		return s[:i]
	}
	return s
}

// NationalChannelCodes returns the 13 national channel codes in official order.
func NationalChannelCodes() []string {
	return append([]string(nil), channels().codes...)
}

// IsNationalChannel reports whether code is one of the national channel codes.
func IsNationalChannel(code string) bool {
	_, ok := channels().order[code]
	return ok
}

// ChannelName returns the name to show for a channel value: the official name of a national
// channel, the name of a custom one, or the value itself if it is unknown.
func ChannelName(ch string) string {
	if name, ok := CustomChannelName(ch); ok {
		return name
	}
	if name, ok := channels().names[ch]; ok {
		return name
	}
	return ch
}

// ChannelFromName resolves a channel as written in a catalog to its value: a national code when
// the name (or a common short name) is a national channel, "其他（X）" and unknown names to a
// custom channel. It returns "" for an empty name.
func ChannelFromName(name string) string {
	k := channelKey(name)
	if k == "" {
		return ""
	}
	t := channels()
	if code, ok := t.find[k]; ok {
		return code
	}
	// "其他（12345热线）", "其他：12345热线": the local extra is named inside the 其他 option.
	if rest, ok := strings.CutPrefix(k, "其他"); ok {
		rest = strings.TrimPrefix(rest, "：")
		rest = strings.TrimSuffix(strings.TrimPrefix(rest, "（"), "）")
		if rest != "" {
			return CustomChannel(rest)
		}
	}
	if code, ok := t.find[stripParen(k)]; ok {
		return code
	}
	return CustomChannel(strings.TrimSpace(normalizeSpaces(name)))
}

// SortChannels returns the channels de-duplicated, national ones in official order followed by
// custom ones in their given order. Unknown values are kept after the custom ones so that
// Validate can report them. Empty input gives nil.
func SortChannels(chs []string) []string {
	if len(chs) == 0 {
		return nil
	}
	t := channels()
	national := make([]bool, len(t.codes))
	var rest []string
	for _, ch := range chs {
		if i, ok := t.order[ch]; ok {
			national[i] = true
			continue
		}
		if name, ok := CustomChannelName(ch); ok {
			ch = CustomChannel(normalizeName(name))
		}
		if !slices.Contains(rest, ch) {
			rest = append(rest, ch)
		}
	}
	out := make([]string, 0, len(chs))
	for i, on := range national {
		if on {
			out = append(out, t.codes[i])
		}
	}
	var unknown []string
	for _, ch := range rest {
		if _, ok := CustomChannelName(ch); ok {
			out = append(out, ch)
		} else {
			unknown = append(unknown, ch)
		}
	}
	return append(out, unknown...)
}

// checklistMarks are characters that cannot appear in a custom channel name because the Excel
// checklist uses them to separate and mark options.
const checklistMarks = "■□☑☐√✓✔●○▣✅"

// channelsProblem returns a message for the first malformed channel value, or "".
func channelsProblem(chs []string) string {
	for i, ch := range chs {
		if slices.Contains(chs[:i], ch) {
			return "公开渠道“" + ChannelName(ch) + "”重复"
		}
		name, custom := CustomChannelName(ch)
		switch {
		case custom && strings.TrimSpace(name) == "":
			return "自定义渠道名称不能为空"
		case custom && strings.ContainsAny(name, checklistMarks):
			return "自定义渠道“" + name + "”不能包含 ■、□、√ 等标记符号"
		case custom && IsNationalChannel(ChannelFromName(name)):
			return "自定义渠道“" + name + "”与国家规定的渠道“" + ChannelName(ChannelFromName(name)) + "”重复，请直接选择该渠道"
		case !custom && !IsNationalChannel(ch):
			return "无法识别的公开渠道“" + ch + "”"
		}
	}
	return ""
}
