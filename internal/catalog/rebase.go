package catalog

import "slices"

// Rebase carries the changes a draft made to its base version over to a newer version of the
// same catalog (变基): what the draft added, removed and changed relative to base is applied to
// newer, and everything else newer changed is kept. Entries are matched as Diff matches them.
// Where both changed the same entry the draft's content wins and a note says so; a change to
// an entry newer removed is dropped with a note. The notes are in Chinese, for the person.
func Rebase(base, draft, newer []Entry) (merged []Entry, notes []string) {
	merged = slices.Clone(newer)
	find := func(e *Entry) int {
		for i := range merged {
			if e.Key != "" && merged[i].Key == e.Key {
				return i
			}
		}
		n := nameOf(*e)
		for i := range merged {
			if nameOf(merged[i]) == n {
				return i
			}
		}
		return -1
	}
	name := func(e *Entry) string {
		if e.Item2 == "" {
			return "“" + e.Item1 + "”"
		}
		return "“" + e.Item1 + " › " + e.Item2 + "”"
	}
	for _, c := range Diff(base, draft) {
		switch c.Kind {
		case Added:
			if i := find(c.New); i >= 0 {
				notes = append(notes, "您新增的"+name(c.New)+"在新版本中已有，保留新版本中的内容")
				continue
			}
			merged = append(merged, *c.New)
		case Removed:
			i := find(c.Old)
			if i < 0 {
				continue // removed in the newer version too
			}
			if len(CompareEntries(*c.Old, merged[i])) > 0 {
				notes = append(notes, "您删除的"+name(c.Old)+"在新版本中有修改，未删除，请核对")
				continue
			}
			merged = slices.Delete(merged, i, i+1)
		case Changed:
			i := find(c.Old)
			if i < 0 {
				notes = append(notes, "您修改的"+name(c.Old)+"在新版本中已删除，修改未保留")
				continue
			}
			if len(CompareEntries(*c.Old, merged[i])) > 0 {
				notes = append(notes, name(c.New)+"在两个版本中都有修改，已采用您草稿中的内容，请核对")
			}
			e := *c.New
			e.Key, e.ID = merged[i].Key, merged[i].ID
			merged[i] = e
		}
	}
	for i := range merged {
		merged[i].Seq, merged[i].ID = i+1, 0
	}
	return merged, notes
}
