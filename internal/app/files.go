package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"gongkai/internal/attach"
	"gongkai/internal/errs"
)

// Upload is a file as uploaded: its name and its bytes.
type Upload struct {
	Name string
	Data []byte
}

// checkUploads puts files that are not record attachments (a campaign submission's, a
// request reply's) through the checks of record attachments (describe: type, size,
// extraction limits) and the personal-information guard: a file with unmasked personal
// information is refused, and one the guard could not fully read (a scan, an image) only
// with the uploader's confirmation that they looked at it (confirmUnread), which is recorded
// with the file. Every refusal names the file; the accepted files are stored in the
// content-addressed blob store and returned for the caller's transaction.
func (a *App) checkUploads(ctx context.Context, p *Principal, ups []Upload, confirmUnread bool) ([]attach.Attachment, error) {
	var out []attach.Attachment
	var fe []errs.FieldError
	for _, u := range ups {
		name := filepath.Base(u.Name)
		at, _, err := describe(ctx, name, u.Data)
		if err != nil {
			var e *errs.Error
			if errors.As(err, &e) && len(e.Fields) > 0 {
				fe = append(fe, e.Fields...)
				continue
			}
			return nil, err
		}
		switch {
		case at.Findings > 0:
			fe = append(fe, errs.FieldError{Field: "files", Label: name, Message: fmt.Sprintf("含有%d处个人信息（身份证号码、手机号码等），请遮盖后重新上传", at.Findings)})
			continue
		case at.Unread != "" && !confirmUnread:
			fe = append(fe, errs.FieldError{Field: "confirm_unread", Label: name,
				Message: "系统无法读取其中的部分内容（" + at.Unread + "），请逐页查看，确认不含个人信息后勾选“我已逐页查看附件”再提交"})
			continue
		case at.Unread != "":
			at.ConfirmedBy, at.ConfirmedAt = p.Person.ID, a.Now()
		}
		at.Text = "" // kept for records' search only
		out = append(out, at)
	}
	if len(fe) > 0 {
		return nil, errs.Fields("附件有误", fe...)
	}
	if len(out) == 0 {
		return nil, nil
	}
	blobs, err := a.Blobs()
	if err != nil {
		return nil, err
	}
	for _, u := range ups {
		if _, err := blobs.Put(u.Data); err != nil {
			return nil, err
		}
	}
	return out, nil
}
