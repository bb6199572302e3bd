package campaign

import (
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func cal(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(calendar.Official(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var d = calendar.MustParseDate

func pilot2017() Campaign {
	return Campaign{ID: 1, Name: "基层政务公开标准化规范化试点", DocNo: "陕政办发〔2017〕70号", IssuedOn: d("2017-08-11"),
		Units: []Participant{{Unit: "610112", Domains: []string{"shjz"}}, {Unit: "610111", Domains: []string{"shjz"}}},
		Phases: []Phase{
			{Name: "方案制订阶段", Deliverables: []Deliverable{{Kind: KindWorkPlan, Title: "工作方案", Owner: OwnerUnit, Recipients: []Recipient{ToProvince, ToCity}, Due: Due{Date: d("2017-08-31")}}}},
			{Name: "总结验收阶段", Deliverables: []Deliverable{{Kind: KindCityReport, Title: "试点工作报告", Owner: OwnerCity, Recipients: []Recipient{ToProvince}, Due: Due{Date: d("2018-07-31")}}}},
		},
		Cadences: Cadences{Unit: Semimonthly, City: Monthly, Department: Monthly}}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Campaign)
		field string
	}{
		{"valid", func(*Campaign) {}, ""},
		{"due before issue", func(c *Campaign) { c.Phases[0].Deliverables[0].Due = Due{Date: d("2017-08-01")} }, "phases[0].deliverables[0].due"},
		{"working days", func(c *Campaign) { c.Phases[0].Deliverables[0].Due = Due{WorkingDays: 5, After: EventIssued} }, ""},
		{"unknown event", func(c *Campaign) { c.Phases[0].Deliverables[0].Due = Due{WorkingDays: 5, After: "signed"} }, "phases[0].deliverables[0].due"},
		{"city recipient of a city", func(c *Campaign) { c.Phases[1].Deliverables[0].Recipients = []Recipient{ToCity} }, "phases[1].deliverables[0].recipients"},
		{"bad owner", func(c *Campaign) { c.Phases[0].Deliverables[0].Owner = "county" }, "phases[0].deliverables[0].owner"},
		{"no domains", func(c *Campaign) { c.Units[1].Domains = nil }, "units[1].domains"},
		{"no name", func(c *Campaign) { c.Name = " " }, "name"},
		{"bad cadence", func(c *Campaign) { c.Cadences.Unit = "weekly" }, "cadences.unit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := pilot2017()
			tc.edit(&c)
			err := c.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := err.(*errs.Error)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
		})
	}
}

func TestPeriods(t *testing.T) {
	ps := Periods(Semimonthly, d("2017-08-11"), d("2017-10-31"))
	want := []string{"2017-08-01..2017-08-15", "2017-08-16..2017-08-31", "2017-09-01..2017-09-15", "2017-09-16..2017-09-30", "2017-10-01..2017-10-15", "2017-10-16..2017-10-31"}
	if len(ps) != len(want) {
		t.Fatalf("%d periods: %v", len(ps), ps)
	}
	for i, p := range ps {
		if got := p[0].String() + ".." + p[1].String(); got != want[i] {
			t.Errorf("period %d: %s, want %s", i, got, want[i])
		}
	}
	if ms := Periods(Monthly, d("2018-02-20"), d("2018-04-29")); len(ms) != 2 || ms[0][1] != d("2018-02-28") || ms[1][1] != d("2018-03-31") {
		t.Fatalf("months: %v", ms)
	}
	o := Obligation{PeriodStart: d("2017-08-16"), PeriodEnd: d("2017-08-31")}
	if o.Period() != "2017年8月下半月" {
		t.Fatal(o.Period())
	}
	o = Obligation{PeriodStart: d("2017-09-01"), PeriodEnd: d("2017-09-30")}
	if o.Period() != "2017年9月" {
		t.Fatal(o.Period())
	}
}

func TestGenerate(t *testing.T) {
	c := cal(t)
	ps := Parties{Province: Party{ID: 1, Code: "610000"}, Cities: []Party{{ID: 2, Code: "610100"}},
		Units: []Party{{ID: 3, Code: "610112", CityID: 2}, {ID: 4, Code: "610111", CityID: 2}}, Departments: []Party{{ID: 5, Code: "sxmzt"}}}
	obs := Generate(pilot2017(), c, ps)
	count := map[Kind]int{}
	for _, o := range obs {
		count[o.Kind]++
		switch {
		case o.Kind == KindLiaison && o.OrgID == 3:
			// 2017-08-11 is a Friday: five working days later is Friday 08-18.
			if o.Due != d("2017-08-18") || len(o.Recipients) != 2 {
				t.Errorf("liaison: %+v", o)
			}
		case o.Kind == KindWorkPlan && o.OrgID == 3:
			if o.Due != d("2017-08-31") || o.Recipients[0] != 1 || o.Recipients[1] != 2 || o.Owner != OwnerUnit {
				t.Errorf("work plan: %+v", o)
			}
		case o.Key == "p:2017-09-2" && o.OrgID == 4:
			// 16–30 September; three working days after 09-30 skip the National Day week.
			if o.Due != d("2017-10-11") || o.Title != "2017年9月下半月进展情况报告" {
				t.Errorf("progress: %+v", o)
			}
		case o.Kind == KindCityReport:
			if o.OrgID != 2 || len(o.Recipients) != 1 || o.Recipients[0] != 1 {
				t.Errorf("city report: %+v", o)
			}
		}
	}
	// Units: 24 halves from August 2017 to July 2018, for two units; city and department:
	// 12 months each.
	if count[KindLiaison] != 3 || count[KindWorkPlan] != 2 || count[KindCityReport] != 1 || count[KindProgress] != 2*24+12+12 {
		t.Fatalf("counts: %v", count)
	}
}

func TestStateOn(t *testing.T) {
	c := cal(t)
	due := d("2026-12-10") // a Thursday
	o := Obligation{Due: due}
	for _, tc := range []struct {
		today   string
		version int
		on      string
		status  SubmissionStatus
		want    State
	}{
		{"2026-12-01", 0, "", "", StateUpcoming},
		{"2026-12-08", 0, "", "", StateDue}, // two working days before
		{"2026-12-10", 0, "", "", StateDue},
		{"2026-12-11", 0, "", "", StateMissing},
		{"2026-12-11", 1, "2026-12-09", StatusPending, StateSubmitted},
		{"2026-12-11", 1, "2026-12-11", StatusPending, StateLate},
		{"2026-12-11", 2, "2026-12-09", StatusReturned, StateReturned},
		{"2026-12-11", 1, "2026-12-11", StatusAccepted, StateAccepted},
	} {
		x := o
		x.Version, x.Status = tc.version, tc.status
		if tc.on != "" {
			x.SubmittedOn = d(tc.on)
		}
		if got := x.StateOn(d(tc.today), c, 2); got != tc.want {
			t.Errorf("%s v%d on %s %s: %s, want %s", tc.today, tc.version, tc.on, tc.status, got, tc.want)
		}
	}
	if n := (Obligation{Due: due}).DaysLate(d("2026-12-14")); n != 4 {
		t.Errorf("days late %d", n)
	}
}

func TestStatusAndReceipts(t *testing.T) {
	if StatusOf(nil, []int64{1, 2}) != StatusPending ||
		StatusOf([]Receipt{{RecipientID: 1, Decision: Accept}}, []int64{1, 2}) != StatusPending ||
		StatusOf([]Receipt{{RecipientID: 1, Decision: Accept}, {RecipientID: 2, Decision: Accept}}, []int64{1, 2}) != StatusAccepted ||
		StatusOf([]Receipt{{RecipientID: 1, Decision: Accept}, {RecipientID: 2, Decision: Return}}, []int64{1, 2}) != StatusReturned {
		t.Fatal("status")
	}
	if ValidateReceipt(Return, "") == nil || ValidateReceipt("maybe", "x") == nil || ValidateReceipt(Accept, "") != nil {
		t.Fatal("receipt validation")
	}
	if (Submission{Summary: "x"}).Validate(KindProgress) == nil || (Submission{Progress: "x"}).Validate(KindProgress) != nil ||
		(Submission{Summary: "x", Public: true}).Validate(KindCatalog) == nil || (Submission{Summary: "x", Public: true}).Validate(KindWorkPlan) != nil {
		t.Fatal("submission validation")
	}
}

func TestLiaison(t *testing.T) {
	l := Liaison{Role: RoleLiaison, Name: "王明", Post: "科长", Mobile: "13912345678", Email: "wm@example.cn", OfficePhone: "029-86781234"}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	l.Mobile = "1391234567"
	if err := l.Validate(); err == nil {
		t.Fatal("short mobile accepted")
	}
	if MaskMobile("13912345678") != "139****5678" {
		t.Fatal(MaskMobile("13912345678"))
	}
}
