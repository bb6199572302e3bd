package subscribe

import (
	"testing"

	"gongkai/internal/errs"
)

func TestValidate(t *testing.T) {
	ok := Subscription{Email: "a@example.org", Unit: "610112", Frequency: Immediate}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mod   func(*Subscription)
		field string
	}{
		{func(s *Subscription) { s.Email = "" }, "email"},
		{func(s *Subscription) { s.Email = "a@b" }, "email"},
		{func(s *Subscription) { s.Email = "A <a@example.org>" }, "email"},
		{func(s *Subscription) { s.Unit = "" }, "unit"},
		{func(s *Subscription) { s.Unit, s.Domain = "", "shjz" }, "domain"},
		{func(s *Subscription) { s.Query = string(make([]rune, 51)) }, "q"},
		{func(s *Subscription) { s.Frequency = "weekly" }, "frequency"},
	} {
		s := ok
		c.mod(&s)
		e, isErr := s.Validate().(*errs.Error)
		found := false
		if isErr {
			for _, f := range e.Fields {
				found = found || f.Field == c.field
			}
		}
		if !found {
			t.Errorf("%+v: no error on %s", s, c.field)
		}
	}
}

func TestMatches(t *testing.T) {
	it := Item{Unit: "610112", Domain: "shjz", Title: "最低生活保障标准调整公示", Summary: "城乡低保"}
	for _, c := range []struct {
		s    Subscription
		want bool
	}{
		{Subscription{Unit: "610112"}, true},
		{Subscription{Unit: "610111"}, false},
		{Subscription{Unit: "610112", Domain: "snbt"}, false},
		{Subscription{Query: "低保 公示"}, true},
		{Subscription{Query: "低保 补贴"}, false},
		{Subscription{Unit: "610112", Domain: "shjz", Query: "最低生活保障"}, true},
	} {
		if got := c.s.Matches(it); got != c.want {
			t.Errorf("%+v: %v", c.s, got)
		}
	}
}

func TestTokens(t *testing.T) {
	a, ha := NewToken()
	b, hb := NewToken()
	if a == b || ha == hb || HashToken(a) != ha || ha == a || len(a) < 30 {
		t.Fatalf("tokens %q %q", a, b)
	}
}
