package config

import "testing"

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{{"16384", 16384}, {"16KiB", 16 << 10}, {"16 KB", 16 << 10}, {"8MiB", 8 << 20}, {"2M", 2 << 20},
		{"", 0}, {"0", 0}, {"-1KiB", 0}, {"lots", 0}, {"1.5MiB", 0}, {"9999999MiB", 0}} {
		got, err := Bytes("max-public-body", tc.in)
		if got != tc.want || (err != nil) != (tc.want == 0) {
			t.Errorf("Bytes(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestPrefixes(t *testing.T) {
	p, err := Prefixes("trusted-proxies", " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,")
	if err != nil || len(p) != 3 || p[1].String() != "192.0.2.7/32" {
		t.Fatalf("%v %v", p, err)
	}
	if _, err := Prefixes("trusted-proxies", "10.0.0.0/33"); err == nil {
		t.Fatal("bad prefix accepted")
	}
	if p, err := Prefixes("trusted-proxies", ""); err != nil || len(p) != 0 {
		t.Fatalf("empty: %v %v", p, err)
	}
}

func TestPublicBase(t *testing.T) {
	for _, tc := range []struct{ base, addr, want string }{
		{"https://gk.example.gov.cn/", "0.0.0.0:8080", "https://gk.example.gov.cn"},
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"", "0.0.0.0:8080", "http://localhost:8080"},
		{"", ":8080", "http://localhost:8080"},
		{"", "[::]:8080", "http://localhost:8080"},
		{"", "[::1]:8080", "http://[::1]:8080"},
	} {
		if got := (Config{BaseURL: tc.base, Addr: tc.addr}).PublicBase(); got != tc.want {
			t.Errorf("%q %q: %s, want %s", tc.base, tc.addr, got, tc.want)
		}
	}
}
