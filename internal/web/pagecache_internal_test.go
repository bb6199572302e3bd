package web

import (
	"net/http/httptest"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"br, gzip;q=0.8", true},
		{"gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"identity", false},
		{"*", true},
		{"deflate, *;q=0", false},
		{"xgzip", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if c.header != "" {
			r.Header.Set("Accept-Encoding", c.header)
		}
		if got := acceptsGzip(r); got != c.want {
			t.Errorf("Accept-Encoding %q: got %v, want %v", c.header, got, c.want)
		}
	}
}

func TestApproxCount(t *testing.T) {
	for n, want := range map[int]string{1200: "1,200", 8400: "8,400", 12000: "1.2 万", 99000: "9.9 万", 560000: "56 万", 1_200_000: "120 万"} {
		if got := approxCount(n); got != want {
			t.Errorf("approxCount(%d) = %q, want %q", n, got, want)
		}
	}
}
