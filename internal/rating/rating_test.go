package rating

import (
	"strings"
	"testing"

	"gongkai/internal/errs"
)

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		r    Rating
		ok   bool
	}{
		{"satisfied", Rating{Value: Satisfied}, true},
		{"poor with reason", Rating{Value: Poor, Reason: strings.Repeat("慢", MaxReason)}, true},
		{"zero", Rating{Value: 0}, false},
		{"four", Rating{Value: 4}, false},
		{"reason too long", Rating{Value: Fair, Reason: strings.Repeat("慢", MaxReason+1)}, false},
	} {
		err := c.r.Validate()
		if (err == nil) != c.ok || (err != nil && !errs.Is(err, errs.Invalid)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestSummary(t *testing.T) {
	for _, c := range []struct {
		s     Summary
		total int
		rate  float64
	}{
		{Summary{}, 0, 0},
		{Summary{Satisfied: 1}, 1, 100},
		{Summary{Fair: 2}, 2, 50},
		{Summary{Satisfied: 1, Fair: 1, Poor: 2}, 4, 37.5},
	} {
		if c.s.Total() != c.total || c.s.Rate() != c.rate {
			t.Errorf("%+v: total %d rate %v, want %d %v", c.s, c.s.Total(), c.s.Rate(), c.total, c.rate)
		}
	}
	if Label(Satisfied) != "满意" || Label(Fair) != "基本满意" || Label(Poor) != "不满意" || Label(0) != "" {
		t.Error("labels")
	}
}
