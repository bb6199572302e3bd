package web

import "testing"

func TestCardTables(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"labelled",
			`<table class="x"><thead><tr><th scope="col">标题</th><th scope="col" colspan="2">单位 &amp; 部门</th></tr></thead><tbody><tr><td><a href="/a">甲</a></td><td>乙</td><td>丙</td></tr><tr><td colspan="3">暂无</td></tr></tbody></table>`,
			`<table class="x" data-cards><thead><tr><th scope="col">标题</th><th scope="col" colspan="2">单位 &amp; 部门</th></tr></thead><tbody><tr><td data-label="标题"><a href="/a">甲</a></td><td>乙</td><td data-label="单位 &amp; 部门">丙</td></tr><tr><td colspan="3">暂无</td></tr></tbody></table>`},
		{"no head: reachable by keyboard",
			`<table><tr><th scope="row">键</th><td>值</td></tr></table>`,
			`<table tabindex="0"><tr><th scope="row">键</th><td>值</td></tr></table>`},
		{"two head rows",
			`<table><thead><tr><th>a</th></tr><tr><th>b</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`,
			`<table tabindex="0"><thead><tr><th>a</th></tr><tr><th>b</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`},
		{"nested and scroll box",
			`<div class="table-scroll"><table><thead><tr><th>外</th></tr></thead><tbody><tr><td><table><thead><tr><th>内</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table></td></tr></tbody></table></div>`,
			`<div class="table-scroll" tabindex="0" role="region" aria-label="表格（可横向滚动）"><table data-cards><thead><tr><th>外</th></tr></thead><tbody><tr><td data-label="外"><table data-cards><thead><tr><th>内</th></tr></thead><tbody><tr><td data-label="内">x</td></tr></tbody></table></td></tr></tbody></table></div>`},
		{"other markup untouched", `<p>a<br>b</p><input type="hidden" name="x" value="&lt;"><!-- c -->`, `<p>a<br>b</p><input type="hidden" name="x" value="&lt;"><!-- c -->`},
	} {
		if got := string(cardTables([]byte(tc.in))); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
