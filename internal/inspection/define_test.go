package inspection

import (
	"fmt"
	"testing"

	"gongkai/internal/errs"
)

// TestShippedSetsPassDefine: the shipped versions meet the rules a defined version must meet
// (total 100, known rules, parameters in range), and Define keeps them as they are, so a
// version made from one unchanged computes the same.
func TestShippedSetsPassDefine(t *testing.T) {
	for _, s := range Shipped() {
		got, err := Define(s, []string{"shjz", "zdgc"})
		if err != nil {
			t.Fatalf("%s: %v", s.Key(), err)
		}
		if fmt.Sprintf("%+v", got.Indicators) == "" || len(got.Indicators) != len(s.Indicators) {
			t.Fatalf("%s: %d indicators", s.Key(), len(got.Indicators))
		}
		for i, ind := range got.Indicators {
			want := s.Indicators[i]
			if ind.Code != want.Code || ind.Max != want.Max || ind.Veto != want.Veto || (ind.Rule == nil) != (want.Rule == nil) {
				t.Fatalf("%s %s changed: %+v", s.Key(), want.Code, ind)
			}
			if ind.Rule != nil && fmt.Sprintf("%+v", *ind.Rule) != fmt.Sprintf("%+v", want.Rule.normalized()) {
				t.Fatalf("%s %s rule: %+v, want %+v", s.Key(), want.Code, *ind.Rule, *want.Rule)
			}
		}
	}
}

// TestDefineNamesFields: each refusal names the indicator's field.
func TestDefineNamesFields(t *testing.T) {
	s, _ := FindSet("default@2")
	s.Indicators = append([]Indicator{}, s.Indicators...)
	r := *s.Indicators[4].Rule
	r.Days = 40 // site_unreachable: at most 31
	s.Indicators[4].Rule = &r
	_, err := Define(s, nil)
	e, ok := err.(*errs.Error)
	if !ok || len(e.Fields) != 1 || e.Fields[0].Field != "indicators.4.days" {
		t.Fatalf("40 days of probes: %v", err)
	}
}
