package campaign

import "testing"

// TestRectificationObligations: a rectification campaign owes exactly one report per unit
// named, to the issuing office, due on the official calendar across the National Day
// holiday (published 2026-09-30, 3 working days: 10-08, 10-09 and the make-up Saturday 10-10).
func TestRectificationObligations(t *testing.T) {
	c := Campaign{ID: 7, Name: "《关于检查情况的通报》整改", IssuedOn: d("2026-09-30"),
		Units:         []Participant{{Unit: "610112"}, {Unit: "610111"}},
		Rectification: &Rectification{NoticeID: 42, RoundID: 3, Office: 1, Days: 3, Published: d("2026-09-30")}}
	ps := Parties{Province: Party{ID: 1, Code: "610000"}, Units: []Party{{ID: 3, Code: "610112", CityID: 2}, {ID: 4, Code: "610111", CityID: 2}},
		Cities: []Party{{ID: 2, Code: "610100"}}, Departments: []Party{{ID: 9, Code: "sxmzt"}}}
	obs := Generate(c, cal(t), ps)
	if len(obs) != 2 {
		t.Fatalf("%d obligations: %+v", len(obs), obs)
	}
	for i, o := range obs {
		if o.OrgID != ps.Units[i].ID || o.Kind != KindRectification || o.Key != RectificationKey || o.Due != d("2026-10-10") ||
			len(o.Recipients) != 1 || o.Recipients[0] != 1 || o.Owner != OwnerUnit || o.CampaignID != 7 {
			t.Fatalf("obligation %d: %+v", i, o)
		}
	}
	// Not a deliverable a campaign may plan.
	p := pilot2017()
	p.Phases[0].Deliverables[0].Kind = KindRectification
	if err := p.Validate(); err == nil {
		t.Fatal("a planned rectification deliverable was accepted")
	}
}
