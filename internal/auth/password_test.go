package auth

import (
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("正确的密码horse", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"正确的密码horse", true}, {"正确的密码hors", false}, {"", false}} {
		ok, err := CheckPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	h2, _ := HashPassword("正确的密码horse", TestParams)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$$", "plain", "$bcrypt$x$y$z$w"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword(%q) accepted a malformed hash", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret("gk_"), NewSecret("gk_")
	if a == b || !strings.HasPrefix(a, "gk_") || len(a) < 40 {
		t.Fatalf("secrets: %q %q", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 || HashSecret(a) != HashSecret(a) {
		t.Fatal("HashSecret")
	}
	if p := NewPassword(); len(p) != 14 {
		t.Fatal(p)
	}
}
