package campaign

import "gongkai/internal/notify"

// The notification kinds a campaign sends.
const (
	NoticeDueSoon  notify.Kind = "campaign.due_soon"
	NoticeLate     notify.Kind = "campaign.late"
	NoticeReturned notify.Kind = "campaign.returned"
)

func init() {
	notify.RegisterKind(NoticeDueSoon, "即将到期")
	notify.RegisterKind(NoticeLate, "逾期未报")
	notify.RegisterKind(NoticeReturned, "报送被退回")
}
