package catalog

import (
	"sort"
	"strings"
)

// ChangeKind says what happened to an entry between two versions.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Label is the Chinese name shown in the comparison view.
func (k ChangeKind) Label() string {
	switch k {
	case Added:
		return "新增"
	case Removed:
		return "删除"
	case Changed:
		return "修改"
	}
	return string(k)
}

// Change is one entry that differs between two versions. Old is nil for Added, New for
// Removed; Fields lists the differing fields of a Changed entry in column order.
type Change struct {
	Kind   ChangeKind    `json:"kind"`
	Old    *Entry        `json:"old,omitempty"`
	New    *Entry        `json:"new,omitempty"`
	Fields []FieldChange `json:"fields,omitempty"`
}

// FieldChange is one differing field, with both values as the catalog shows them (channels by
// name, marks as the chosen options), so that the view needs no further formatting.
type FieldChange struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// itemName is the (一级事项, 二级事项) pair, the natural identity of an item in a catalog.
type itemName struct{ item1, item2 string }

func nameOf(e Entry) itemName {
	return itemName{normalizeName(e.Item1), normalizeName(e.Item2)}
}

// Diff compares two versions of a catalog (or a unit's catalog with the province template) and
// returns the entries that were added, removed or changed.
//
// Entries are matched by Key first (so an edited or renamed item is one change, not a removal
// and an addition), then the remaining ones by (Item1, Item2), which is all a template or an
// uploaded spreadsheet offers. The order is that of b, with each removed entry placed after the
// entry that preceded it in a; the result is the same for the same input. Position (Seq) is not
// compared: inserting one entry would otherwise mark every later one as changed.
func Diff(a, b []Entry) []Change {
	matchA := make([]int, len(a)) // index in b, or -1
	matchB := make([]int, len(b)) // index in a, or -1
	for i := range matchA {
		matchA[i] = -1
	}
	for i := range matchB {
		matchB[i] = -1
	}

	byKey := map[string][]int{}
	for i, e := range a {
		if e.Key != "" {
			byKey[e.Key] = append(byKey[e.Key], i)
		}
	}
	for j, e := range b {
		if e.Key == "" {
			continue
		}
		if is := byKey[e.Key]; len(is) > 0 {
			matchA[is[0]], matchB[j] = j, is[0]
			byKey[e.Key] = is[1:]
		}
	}

	byName := map[itemName][]int{}
	for i, e := range a {
		if matchA[i] < 0 {
			n := nameOf(e)
			byName[n] = append(byName[n], i)
		}
	}
	for j, e := range b {
		if matchB[j] >= 0 {
			continue
		}
		n := nameOf(e)
		if is := byName[n]; len(is) > 0 {
			matchA[is[0]], matchB[j] = j, is[0]
			byName[n] = is[1:]
		}
	}

	type placed struct {
		pos, sub, i int // sort key: position in b, removed-after flag, index in a
		c           Change
	}
	var out []placed
	for j := range b {
		nb := &b[j]
		if i := matchB[j]; i >= 0 {
			if fields := CompareEntries(a[i], *nb); len(fields) > 0 {
				out = append(out, placed{pos: j, c: Change{Kind: Changed, Old: &a[i], New: nb, Fields: fields}})
			}
			continue
		}
		out = append(out, placed{pos: j, c: Change{Kind: Added, New: nb}})
	}
	anchor := -1 // position in b of the last matched entry of a seen so far
	for i := range a {
		if matchA[i] >= 0 {
			anchor = matchA[i]
			continue
		}
		out = append(out, placed{pos: anchor, sub: 1, i: i, c: Change{Kind: Removed, Old: &a[i]}})
	}
	sort.SliceStable(out, func(x, y int) bool {
		p, q := out[x], out[y]
		if p.pos != q.pos {
			return p.pos < q.pos
		}
		if p.sub != q.sub {
			return p.sub < q.sub
		}
		return p.i < q.i
	})
	changes := make([]Change, len(out))
	for k, p := range out {
		changes[k] = p.c
	}
	return changes
}

// CompareEntries returns the catalog fields in which two entries differ, in column order.
// Identity and bookkeeping (ID, Key, Seq, ResponsibleOrgID) are not compared, and channel and
// stage lists are compared as sets.
func CompareEntries(a, b Entry) []FieldChange {
	var out []FieldChange
	cmp := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Label: FieldLabel(field), Old: old, New: new})
		}
	}
	cmp(FieldItem1, a.Item1, b.Item1)
	cmp(FieldItem2, a.Item2, b.Item2)
	cmp(FieldContent, a.Content, b.Content)
	cmp(FieldLegalBasis, a.LegalBasis, b.LegalBasis)
	cmp(FieldTimeLimit, a.TimeLimitText, b.TimeLimitText)
	cmp(FieldResponsibleBody, a.ResponsibleBody, b.ResponsibleBody)
	cmp(FieldChannels, ChannelsText(a.Channels), ChannelsText(b.Channels))
	cmp(FieldAudience, AudienceText(a), AudienceText(b))
	cmp(FieldMode, ModeText(a), ModeText(b))
	cmp(FieldLevel, LevelText(a), LevelText(b))
	cmp(FieldStages, StagesText(a.Stages), StagesText(b.Stages))
	cmp(FieldNotPublic, yes(a.NotPublic), yes(b.NotPublic))
	cmp(FieldNotPublicBasis, a.NotPublicBasis, b.NotPublicBasis)
	cmp(FieldNotes, a.Notes, b.Notes)
	return out
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

// pair joins the labels of the set marks of a two-mark column group with "、".
func pair(a bool, la string, b bool, lb string) string {
	switch {
	case a && b:
		return la + "、" + lb
	case a:
		return la
	case b:
		return lb
	}
	return ""
}

// AudienceText shows the audience marks as text, e.g. "全社会、特定群体".
func AudienceText(e Entry) string {
	return pair(e.AudiencePublic, "全社会", e.AudienceGroup, "特定群体")
}

// ModeText shows the mode marks as text, e.g. "主动".
func ModeText(e Entry) string {
	return pair(e.ModeProactive, "主动", e.ModeOnRequest, "依申请")
}

// LevelText shows the level marks as text, e.g. "县级、乡级".
func LevelText(e Entry) string {
	return pair(e.LevelCounty, "县级", e.LevelTownship, "乡级")
}

// ChannelsText shows channels by name in canonical order, joined with "；" (official names
// contain "、" themselves).
func ChannelsText(chs []string) string {
	chs = SortChannels(chs)
	names := make([]string, len(chs))
	for i, ch := range chs {
		names[i] = ChannelName(ch)
	}
	return strings.Join(names, "；")
}

// StagesText shows stages by their short names in canonical order, joined with "、".
func StagesText(ss []Stage) string {
	ss = sortStages(ss)
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Label()
	}
	return strings.Join(names, "、")
}
