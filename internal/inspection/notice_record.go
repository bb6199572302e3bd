package inspection

// NoticeRecord links a closed round to the record that publishes its notice (通报): the
// record of kind record.KindInspectionNotice belongs to the office that ran the round and
// goes through the procedure; when it is first published, each unit in Units owes a
// rectification report within Days working days (the campaign CampaignID, 0 until then).
type NoticeRecord struct {
	RoundID    int64
	RecordID   int64
	Days       int
	Units      []int64 // the units named for rectification
	CampaignID int64
}

// NamedForRectification are the units a notice names for rectification: those with a
// deduction or a single veto.
func NamedForRectification(scores []UnitScore) []int64 {
	var out []int64
	for _, us := range scores {
		for _, ln := range us.Lines {
			if ln.Deducted > 0 || ln.Veto {
				out = append(out, us.UnitID)
				break
			}
		}
	}
	return out
}
