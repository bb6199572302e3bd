package inspection

import (
	"fmt"
	"strings"

	"gongkai/internal/calendar"
)

// OutstandingScore is the score from which a unit not vetoed is named outstanding in a notice.
const OutstandingScore = 90

// NoticeDraft is the draft of a notice (通报) on a closed round: the ranking, the outstanding
// units, the problems found per unit in plain Chinese with their evidence, and the
// rectification (整改) deadline.
type NoticeDraft struct {
	Title       string
	Intro       string
	Ranking     []NoticeRank
	Outstanding []string
	Problems    []UnitProblems
	Days        int           // working days for rectification
	Deadline    calendar.Date // the day rectification reports are due
}

// NoticeRank is one row of the notice's ranking.
type NoticeRank struct {
	Rank   int
	Unit   string
	Score  float64
	Vetoed bool
}

// UnitProblems are the deductions of one unit named for rectification.
type UnitProblems struct {
	Unit   string
	Score  float64
	Vetoed bool
	Items  []Problem
}

// Problem is one deduction in plain words, with its evidence.
type Problem struct {
	Text     string
	Evidence []Evidence
}

// Draft writes the notice draft of round r from its final scores; names gives each unit's
// name by id.
func Draft(r Round, scores []UnitScore, names map[int64]string, days int, deadline calendar.Date) NoticeDraft {
	d := NoticeDraft{Title: "关于" + strings.TrimSuffix(r.Name, "（示例数据）") + "情况的通报", Days: days, Deadline: deadline}
	vetoed := 0
	for _, us := range scores {
		d.Ranking = append(d.Ranking, NoticeRank{Rank: us.Rank, Unit: names[us.UnitID], Score: us.Score, Vetoed: us.Vetoed})
		if us.Vetoed {
			vetoed++
		}
		if !us.Vetoed && us.Score >= OutstandingScore {
			d.Outstanding = append(d.Outstanding, names[us.UnitID])
		}
		up := UnitProblems{Unit: names[us.UnitID], Score: us.Score, Vetoed: us.Vetoed}
		for _, ln := range us.Lines {
			if ln.Deducted == 0 && !ln.Veto {
				continue
			}
			text := fmt.Sprintf("“%s”扣%g分", ln.Indicator.Name, ln.Deducted)
			switch {
			case ln.Indicator.Auto && ln.Count > 0:
				text += fmt.Sprintf("，平台查实%d处问题", ln.Count)
			case !ln.Indicator.Auto:
				var cs []string
				for _, m := range ln.Marks {
					if strings.TrimSpace(m.Comment) != "" {
						cs = append(cs, m.Comment)
					}
				}
				if len(cs) > 0 {
					text += "：" + strings.Join(cs, "；")
				}
			}
			if ln.Veto {
				text += "（单项否决）"
			}
			up.Items = append(up.Items, Problem{Text: text, Evidence: ln.Evidence})
		}
		if len(up.Items) > 0 {
			d.Problems = append(d.Problems, up)
		}
	}
	d.Intro = fmt.Sprintf("按照%s，对%d个单位%s至%s的政务公开工作进行了检查评估，检查截止时间为%s。现将有关情况通报如下。",
		r.Set.Name, len(scores), r.PeriodFrom, r.PeriodTo, calendar.DateOf(r.Cutoff))
	if vetoed > 0 {
		d.Intro += fmt.Sprintf("其中%d个单位因单项否决指标不合格。", vetoed)
	}
	return d
}
