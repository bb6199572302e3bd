package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"gongkai/internal/store/storetest"
)

// BenchmarkCachedRecordPage measures the handler path of a cached public page, without the
// network: the overhead every anonymous page view pays above writing its bytes.
func BenchmarkCachedRecordPage(b *testing.B) {
	e := newEnvB(b)
	req := httptest.NewRequest("GET", "/610112/records/3", nil)
	w := httptest.NewRecorder()
	e.srv.ServeHTTP(w, req)
	if w.Code != 200 {
		b.Fatalf("status %d", w.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, httptest.NewRequest("GET", "/610112/records/3", nil))
	}
}

// BenchmarkBareHandler is the reference: the same bytes from memory.
func BenchmarkBareHandler(b *testing.B) {
	e := newEnvB(b)
	w := httptest.NewRecorder()
	e.srv.ServeHTTP(w, httptest.NewRequest("GET", "/610112/records/3", nil))
	body := w.Body.Bytes()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/610112/records/3", nil))
	}
}

func newEnvB(b *testing.B) *env { return newEnv(b, storetest.OpenSQLite(b)) }
