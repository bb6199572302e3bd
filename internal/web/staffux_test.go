package web_test

import (
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestTodoPage: the reviewer lands on the 概况 page with the demo's records in review listed
// under 待保密审查 and counted in the navigation; the records list counts per state.
func TestTodoPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.client("reviewer@610112")
		code, body := get(t, c, e.ts.URL+"/admin/orgs/610112/")
		if code != 200 {
			t.Fatalf("org page: %d %s", code, body)
		}
		for _, want := range []string{"待办事项", "（待办"} {
			if !strings.Contains(body, want) {
				t.Errorf("org page lacks %q", want)
			}
		}
		code, body = get(t, c, e.ts.URL+"/admin/orgs/610112/records")
		if code != 200 || !strings.Contains(body, "待保密审查<span class=\"count\">（") {
			t.Errorf("records list: %d, no counts per state", code)
		}
	})
}
