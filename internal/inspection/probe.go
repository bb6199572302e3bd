package inspection

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/channel"
	"gongkai/internal/errs"
)

// Reachability probe (national check item "站点无法访问"): a unit's administrator or its
// supervisors register external sites of the unit (e.g. a county's own government site);
// the platform requests each of them at least 20 times a day with a ProbeTimeout, and the
// RuleSiteUnreachable indicator judges the share of failed probes over the week before a
// round's cut-off.

// ProbeTimeout is how long a probe waits for a site before counting it unreachable.
const ProbeTimeout = 15 * time.Second

// ProbeSlot is the length of one probe round: 24 rounds a day.
const ProbeSlot = time.Hour

// MaxProbeTargets bounds the external sites of one unit.
const MaxProbeTargets = 10

// ProbeTarget is one external site of a unit that the platform probes.
type ProbeTarget struct {
	ID        int64
	UnitID    int64
	URL       string
	Label     string
	CreatedAt time.Time
}

// Validate checks a target's address and label.
func (t ProbeTarget) Validate() error {
	var fe []errs.FieldError
	if _, err := channel.ParseURL(t.URL); err != nil {
		fe = append(fe, errs.FieldError{Field: "url", Label: "网站地址", Message: err.Error()})
	}
	if n := len([]rune(strings.TrimSpace(t.Label))); n > 100 {
		fe = append(fe, errs.FieldError{Field: "label", Label: "网站名称", Message: "不超过100字"})
	}
	if len(fe) > 0 {
		return errs.Fields("监测网站登记有误", fe...)
	}
	return nil
}

// ProbeResult is one probe of one target.
type ProbeResult struct {
	TargetID int64
	At       time.Time
	OK       bool
	Status   int // HTTP status, 0 when no response
	Millis   int
	Error    string
}

// ProbeStat sums the probes of one target over a window: how many, how many failed, and
// the failures with the longest waits first (at most WorstShown).
type ProbeStat struct {
	TargetID int64
	URL      string
	Total    int
	Failed   int
	Worst    []ProbeResult
}

// WorstShown is how many failures the evidence of an unreachable site lists.
const WorstShown = 5

// Share is the percentage of failed probes.
func (s ProbeStat) Share() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Failed) * 100 / float64(s.Total)
}

// Unreachable gives the evidence of rule (RuleSiteUnreachable) for the probe statistics of
// one unit over the window ending at the cut-off: one item per site whose failed probes are
// at least Threshold percent of its probes. No probes (no site registered) is no evidence:
// the indicator does not apply. link gives the staff page that lists a target's results.
func Unreachable(rule Rule, stats []ProbeStat, from, to time.Time, link func(ProbeStat) string) []Evidence {
	var ev []Evidence
	loc := time.FixedZone("CST", 8*3600)
	for _, s := range stats {
		if s.Total == 0 || s.Share() < rule.Threshold {
			continue
		}
		var worst []string
		for _, w := range s.Worst {
			why := w.Error
			if why == "" && w.Status != 0 {
				why = fmt.Sprintf("HTTP %d", w.Status)
			}
			worst = append(worst, fmt.Sprintf("%s（%.1f秒，%s）", w.At.In(loc).Format("01-02 15:04"), float64(w.Millis)/1000, why))
		}
		ev = append(ev, Evidence{URL: link(s), Note: fmt.Sprintf("网站%s在%s至%s共监测%d次，%d次无法访问（%.1f%%，达到%g%%）；最严重的几次：%s",
			s.URL, from.In(loc).Format("2006-01-02 15:04"), to.In(loc).Format("2006-01-02 15:04"), s.Total, s.Failed, s.Share(), rule.Threshold, strings.Join(worst, "；"))})
	}
	return ev
}
