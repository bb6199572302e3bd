package inspection

import "gongkai/internal/attach"

// MarkKey names one scorer's mark of one unit's indicator in a round.
type MarkKey struct {
	UnitID    int64
	Indicator string
	ScorerID  int64
}

// WithFiles gives each mark and objection its evidence files.
func WithFiles(marks []Mark, objections []Objection, markFiles map[MarkKey][]attach.Attachment, objectionFiles map[int64][]attach.Attachment) {
	for i := range marks {
		m := &marks[i]
		m.Files = markFiles[MarkKey{m.UnitID, m.Indicator, m.ScorerID}]
	}
	for i := range objections {
		objections[i].Files = objectionFiles[objections[i].ID]
	}
}
