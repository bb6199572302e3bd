package corpus

import (
	"strings"
	"testing"
)

// TestFrequencies checks that the marked words occur at the rates the benchmark's classes
// are named after.
func TestFrequencies(t *testing.T) {
	const n = 10000
	c := New(1, n)
	count := map[string]int{}
	words := []string{"公示", "低保", "最低生活保障", "城乡居民基本养老保险", "2026年", "冰雹"}
	for id := int64(1); id <= n; id++ {
		d := c.Doc(id)
		if id%97 == 0 && d != c.Doc(id) {
			t.Fatalf("doc %d is not deterministic", id)
		}
		text := d.Title + "\n" + d.Body
		for _, w := range words {
			if strings.Contains(text, w) {
				count[w]++
			}
		}
	}
	for _, tc := range []struct {
		word   string
		lo, hi float64
	}{
		{"公示", 0.70, 0.90},
		{"低保", 0.12, 0.18},
		{"最低生活保障", 0.02, 0.10},
		{"冰雹", 0, 0.002},
	} {
		f := float64(count[tc.word]) / n
		t.Logf("%s: %.4f", tc.word, f)
		if f < tc.lo || f > tc.hi {
			t.Errorf("%s in %.4f of records, want %.2f–%.2f", tc.word, f, tc.lo, tc.hi)
		}
	}
	t.Logf("all: %v", count)
	if first, last := c.Doc(1).Published, c.Doc(n).Published; first.Year() != 2017 || last.Year() != 2026 {
		t.Errorf("published from %v to %v", first, last)
	}
}
