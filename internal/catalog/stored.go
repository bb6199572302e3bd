package catalog

import "time"

// Catalog is the standard catalog of one organisation and domain (a template when the
// organisation is the province office or a provincial department).
type Catalog struct {
	ID       int64
	OrgID    int64
	Domain   string
	Template bool
}

// Version is one version of a catalog.
type Version struct {
	ID              int64
	CatalogID       int64
	Number          int
	State           VersionState
	Note            string // why this version was made (动态调整的理由)
	Source          string // "template:ID", "import:FILE", "copy:N", "new"
	TemplateVersion int64  // the template version this one started from, 0 if none
	CreatedAt       time.Time
	CreatedBy       string
	UpdatedAt       time.Time
	FiledAt         time.Time
	EffectiveAt     time.Time
	SupersededAt    time.Time
	Entries         int // count, filled by listings
}

// Filing is the receipt of one recipient for a filed version (备案).
type Filing struct {
	VersionID   int64
	RecipientID int64
	Recipient   string // name
	State       string // FilingSubmitted, FilingReceived, FilingReturned or FilingAccepted
	Opinion     string
	SubmittedAt time.Time
	UpdatedAt   time.Time
	UpdatedBy   string
}

// Filing states.
const (
	FilingSubmitted = "submitted"
	FilingReceived  = "received"
	FilingReturned  = "returned"
	FilingAccepted  = "accepted"
)

// FilingLabel is the Chinese name of a filing state.
func FilingLabel(s string) string {
	switch s {
	case FilingSubmitted:
		return "已报送"
	case FilingReceived:
		return "已接收"
	case FilingReturned:
		return "已退回"
	case FilingAccepted:
		return "已备案"
	}
	return s
}

// PendingFiling is a filed version waiting for a recipient.
type PendingFiling struct {
	Filing
	CatalogID int64
	OrgID     int64
	Domain    string
	Number    int
}
