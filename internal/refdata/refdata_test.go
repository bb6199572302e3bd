package refdata

import "testing"

func TestLists(t *testing.T) {
	d := Domains()
	if len(d) != 25 || d[18].Code != "shjz" || d[18].Name != "社会救助" || d[21].Code != "snbt" {
		t.Fatalf("domains: got %d, %+v", len(d), d)
	}
	c := Channels()
	if len(c) != 13 || c[0].Code != "website" || c[0].Name != "政府网站" {
		t.Fatalf("channels: got %d, %+v", len(c), c)
	}
	s := SubjectCategories()
	if len(s) != 22 || s[16].Name != "民政、扶贫、救灾" || len(s[16].Subcategories) != 7 || len(s[21].Subcategories) != 0 {
		t.Fatalf("subjects: got %d, %+v", len(s), s)
	}
}
