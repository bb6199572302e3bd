package record

import (
	"time"

	"gongkai/internal/calendar"
)

// Row is what belongs to a record as a whole, whatever its revisions.
type Row struct {
	ID              int64
	UnitID          int64
	IssuerOrgID     int64 // the issuing organisation, 0 for the unit (see Record.IssuerOrgID)
	Domain          string
	EntryID         int64
	EntryKey        string
	Kind            Kind
	State           State // of the public revision, or of the only one
	Title           string
	PublicRevision  int
	PendingRevision int
	IndexNo         string
	PublishedAt     time.Time
	WithdrawnAt     time.Time
	WithdrawReason  string
	ScheduledAt     time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Current is the revision staff work on: the pending amendment, else the only or public one.
func (r Row) Current() int {
	switch {
	case r.PendingRevision != 0:
		return r.PendingRevision
	case r.PublicRevision != 0:
		return r.PublicRevision
	}
	return 1
}

// Item is a line of a work queue or a public list.
type Item struct {
	Row
	Revision      int
	RevisionState State
	RevisionTitle string
	UnitCode      string
	UnitName      string
	UpdatedAt     time.Time
}

// DueItem is a record not yet published with its due date.
type DueItem struct {
	RecordID    int64
	Title       string
	UnitCode    string
	UnitName    string
	State       State
	Due         calendar.Date
	Provisional bool
}

// PublishedRef is a published record as a feed or a sitemap lists it.
type PublishedRef struct {
	ID          int64
	UnitCode    string
	UnitName    string
	Domain      string
	Title       string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// ExportRef is what the static export needs to know of a record to place its page and
// find the pages that list it.
type ExportRef struct {
	ID             int64
	UnitCode       string
	Domain         string
	EntryKey       string
	State          State
	PolicyID       int64
	PublicRevision int
	UpdatedAt      time.Time
}
