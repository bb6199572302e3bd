package campaign

import (
	"gongkai/internal/calendar"
)

// Rectification is what an inspection notice (检查通报) orders once it is published: each
// unit it names for rectification (整改) files a rectification report with the office that
// issued the notice by Due, publication day + Days working days on the official calendar.
// It is kept as a campaign of its own, not public, so that the report is filed, receipted,
// returned, reminded and listed exactly like any campaign deliverable; the campaign's units
// are the named units and its obligations are those reports alone (no liaisons, no
// progress reports).
type Rectification struct {
	NoticeID  int64         // the notice record
	RoundID   int64         // the inspection round it reports on
	Office    int64         // the issuing office, which receives the reports
	Days      int           // working days for rectification
	Published calendar.Date // the notice's publication day
	Due       calendar.Date // Published + Days working days on the calendar at publication
}

// RectificationTitle is the title of the rectification report obligation.
const RectificationTitle = "整改报告"

// RectificationKey is the key of a unit's rectification report within its campaign.
const RectificationKey = "rectification"

// obligations are the rectification reports of the campaign's units, due Days working days
// after publication on cal: a change of the calendar moves them like any working-day rule.
func (r Rectification) obligations(c Campaign, cal *calendar.Calendar, ps Parties) []Obligation {
	due := cal.AddWorkingDays(r.Published, r.Days).Date
	var out []Obligation
	for _, p := range ps.Units {
		out = append(out, Obligation{CampaignID: c.ID, OrgID: p.ID, OrgCode: p.Code, OrgName: p.Name, Owner: OwnerUnit,
			Key: RectificationKey, Kind: KindRectification, Title: RectificationTitle, Due: due, Recipients: []int64{r.Office}})
	}
	return out
}
