package web

import (
	"cmp"
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	shed     prometheus.Counter
	handler  http.Handler
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gongkai_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gongkai_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"route"}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{Name: "gongkai_http_shed_total", Help: "Requests answered 503 because too much work was in progress."}),
	}
	reg.MustRegister(m.requests, m.duration, m.shed)
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return m
}

// statusWriters are reused across requests: a handler never keeps its ResponseWriter
// after it returns.
var statusWriters = sync.Pool{New: func() any { return new(statusWriter) }}

// routeMetrics are one route's series, resolved once: the latency observer and a counter
// per status code.
type routeMetrics struct {
	m       *metrics
	route   string
	observe prometheus.Observer
	byCode  sync.Map // status code → counter, resolved once per code
}

func (m *metrics) forRoute(route string) *routeMetrics {
	return &routeMetrics{m: m, route: route, observe: m.duration.WithLabelValues(route)}
}

// done counts one answered request.
func (rm *routeMetrics) done(status int, start time.Time) {
	c, ok := rm.byCode.Load(status)
	if !ok {
		c, _ = rm.byCode.LoadOrStore(status, rm.m.requests.WithLabelValues(rm.route, strconv.Itoa(status)))
	}
	c.(prometheus.Counter).Inc()
	rm.observe.Observe(time.Since(start).Seconds())
}

// instrument counts and times requests by route pattern (never by raw path, which would
// let anyone create unbounded label values).
func (rm *routeMetrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := statusWriters.Get().(*statusWriter)
		*sw = statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := cmp.Or(sw.status, http.StatusOK)
		*sw = statusWriter{}
		statusWriters.Put(sw)
		rm.done(status, start)
	})
}

// metricsHandler serves the Prometheus metrics to whoever shows the metrics token
// (--metrics-token, GONGKAI_METRICS_TOKEN) as a bearer token or, when none is configured, to
// clients on this machine only. Metrics describe the traffic and the process; they are not
// for the public.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if tok := s.app.Cfg.MetricsToken; tok != "" {
		given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(given)), []byte(tok)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "需要指标访问令牌（Authorization: Bearer …）", http.StatusUnauthorized)
			return
		}
	} else if a, err := netip.ParseAddr(s.clientIP(r)); err != nil || !a.IsLoopback() {
		http.Error(w, "指标仅限本机访问；远程采集请设置 --metrics-token", http.StatusForbidden)
		return
	}
	s.metrics.handler.ServeHTTP(w, r)
}
