package attach

import "time"

// Attachment is a file attached to a revision of a record, as stored.
type Attachment struct {
	ID        int64
	RecordID  int64
	Revision  int
	Position  int
	Name      string
	MediaType string
	Size      int64
	Hash      string
	Text      string // extracted text, for the personal-information guard and search
	Findings  int    // unmasked personal information found in Text
	// Unread says what the guard could not read (scanned pages, an image); empty when it read
	// everything. Such a file needs a person's confirmation that it holds no personal
	// information (ConfirmedBy, ConfirmedAt) before its revision passes review.
	Unread      string
	ConfirmedBy int64
	ConfirmedAt time.Time
	CreatedAt   time.Time
}

// NeedsConfirmation reports an attachment the guard could not fully read and nobody has
// confirmed yet.
func (a Attachment) NeedsConfirmation() bool { return a.Unread != "" && a.ConfirmedBy == 0 }

// PublicFile is a file of a published revision, as the static export copies it.
type PublicFile struct {
	RecordID  int64
	Hash      string
	MediaType string
	Name      string
}
