package catalog

import "testing"

func TestRebase(t *testing.T) {
	e := func(key, i1, i2, content string) Entry {
		return Entry{Key: key, Item1: i1, Item2: i2, Content: content}
	}
	base := []Entry{e("a", "社会救助", "低保", "v1"), e("b", "社会救助", "特困", "v1"), e("c", "社会救助", "临时救助", "v1"), e("d", "社会救助", "医疗救助", "v1")}
	// The draft changes a, removes b, adds x, changes d.
	draft := []Entry{e("a", "社会救助", "低保", "draft"), e("c", "社会救助", "临时救助", "v1"), e("d", "社会救助", "医疗救助", "draft"), e("x", "社会救助", "新增事项", "draft")}
	// The newer version changes c, adds y, removes d.
	newer := []Entry{e("a", "社会救助", "低保", "v1"), e("b", "社会救助", "特困", "v1"), e("c", "社会救助", "临时救助", "newer"), e("y", "社会救助", "另一新增", "newer")}
	got, notes := Rebase(base, draft, newer)
	want := map[string]string{"a": "draft", "c": "newer", "y": "newer", "x": "draft"}
	if len(got) != len(want) {
		t.Fatalf("merged %d entries: %+v", len(got), got)
	}
	for i, g := range got {
		if want[g.Key] != g.Content || g.Seq != i+1 {
			t.Errorf("entry %d: %+v", i, g)
		}
	}
	if len(notes) != 1 || notes[0] != "您修改的“社会救助 › 医疗救助”在新版本中已删除，修改未保留" {
		t.Errorf("notes: %q", notes)
	}
	// Both change the same entry: the draft wins, with a note.
	newer2 := []Entry{e("a", "社会救助", "低保", "newer"), e("b", "社会救助", "特困", "v1"), e("c", "社会救助", "临时救助", "v1"), e("d", "社会救助", "医疗救助", "v1")}
	got, notes = Rebase(base, draft, newer2)
	if got[0].Content != "draft" || len(notes) != 1 {
		t.Errorf("conflict: %+v %q", got[0], notes)
	}
}
