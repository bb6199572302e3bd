package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/errs"
	"gongkai/internal/pii"
	"gongkai/internal/record"
	"gongkai/internal/sanitize"
)

// Blobs is the content-addressed store of attachment files under the data directory.
func (a *App) Blobs() (*attach.Store, error) {
	return attach.NewStore(filepath.Join(a.Cfg.DataDir, "attachments"))
}

// describe checks an uploaded file and extracts its text for the guard and the search. What
// the guard could not read (scanned pages, an image) is kept in Unread: such a file needs a
// reviewer's confirmation before review passes. Extraction runs in the attach package's
// bounded pool, shared by uploads and masking.
func describe(ctx context.Context, name string, data []byte) (attach.Attachment, attach.Type, error) {
	t, err := attach.Sniff(name, data, attach.DefaultLimits())
	if err != nil {
		return attach.Attachment{}, t, errs.Fields("附件有误", errs.FieldError{Field: "file", Label: name, Message: err.Error()})
	}
	x, err := attach.Extract(ctx, t, data, attach.DefaultLimits())
	if err != nil {
		var ae *attach.Error
		if errors.As(err, &ae) {
			return attach.Attachment{}, t, errs.Fields("附件有误", errs.FieldError{Field: "file", Label: name, Message: attach.Named(err, name).Error()})
		}
		return attach.Attachment{}, t, err
	}
	at := attach.Attachment{Name: name, MediaType: t.MediaType(), Size: int64(len(data)), Hash: attach.Hash(data), Text: x.Text,
		Findings: len(pii.Find(x.Text)), Unread: x.Unread}
	// Long numbers stored as numbers have already lost digits: a person must look.
	at.Findings += len(x.LongNumbers)
	return at, t, nil
}

// AddAttachment adds a file to the record's draft revision: an edit of its content.
func (a *App) AddAttachment(ctx context.Context, p *Principal, id int64, name string, data []byte) (record.Record, error) {
	at, _, err := describe(ctx, filepath.Base(name), data)
	if err != nil {
		return record.Record{}, err
	}
	blobs, err := a.Blobs()
	if err != nil {
		return record.Record{}, err
	}
	if _, err := blobs.Put(data); err != nil {
		return record.Record{}, err
	}
	r, err := a.CurrentRevision(ctx, id)
	if err != nil {
		return r, err
	}
	return a.act(ctx, p, r, record.Action{Kind: record.ActionEdit}, func(n *record.Record, atts *[]attach.Attachment) error {
		if len(*atts) >= 20 {
			return errs.E(errs.Conflict, "每条信息最多20个附件")
		}
		*atts = append(append([]attach.Attachment{}, *atts...), at)
		return nil
	})
}

// BodyImage is an image of a record's 正文, kept as one of the record's attachments: Src is
// the address the body's <img> shows it at (sanitize.FilesPath and its SHA-256), Name the
// attachment's name.
type BodyImage struct {
	Src, Name string
}

// AddBodyImage adds an image pasted or dropped into the 正文 editor to the record's draft as
// an attachment, with every check of AddAttachment (type from the content, size and image
// bounds, at most 20 files; an image holds text the personal-information guard cannot read,
// so a reviewer must look at it before review passes), and returns where the body shows it.
// Only images are taken; an image the draft already holds is not added twice.
func (a *App) AddBodyImage(ctx context.Context, p *Principal, id int64, name string, data []byte) (BodyImage, error) {
	t, err := attach.Sniff(filepath.Base(name), data, attach.DefaultLimits())
	if err != nil {
		return BodyImage{}, errs.Fields("图片有误", errs.FieldError{Field: "file", Label: "正文图片", Message: err.Error()})
	}
	if !t.IsImage() {
		return BodyImage{}, errs.Fields("图片有误", errs.FieldError{Field: "file", Label: "正文图片", Message: "正文中只能插入 PNG、JPEG、GIF 或 WebP 图片，其他文件请作为附件上传"})
	}
	hash := attach.Hash(data)
	img := BodyImage{Name: "正文图片-" + hash[:8] + t.Ext()}
	at, _, err := describe(ctx, img.Name, data)
	if err != nil {
		return img, err
	}
	blobs, err := a.Blobs()
	if err != nil {
		return img, err
	}
	if _, err := blobs.Put(data); err != nil {
		return img, err
	}
	add := func(n *record.Record, atts *[]attach.Attachment) error {
		for _, have := range *atts {
			if have.Hash == hash {
				return nil
			}
		}
		if len(*atts) >= 20 {
			return errs.E(errs.Conflict, "每条信息最多20个附件（正文中的图片也是附件）")
		}
		*atts = append(append([]attach.Attachment{}, *atts...), at)
		return nil
	}
	r, err := a.CurrentRevision(ctx, id)
	if err != nil {
		return img, err
	}
	u, err := a.store.Org(ctx, r.UnitID)
	if err != nil {
		return img, err
	}
	img.Src = sanitize.FilesPath(u.Code, r.ID) + hash
	_, err = a.act(ctx, p, r, record.Action{Kind: record.ActionEdit}, add)
	return img, err
}

// FilesPath is the public address prefix of the files of record r (sanitize.FilesPath), where
// the images of its 正文 point.
func (a *App) FilesPath(ctx context.Context, r record.Record) (string, error) {
	u, err := a.store.Org(ctx, r.UnitID)
	if err != nil {
		return "", err
	}
	return sanitize.FilesPath(u.Code, r.ID), nil
}

// RemoveAttachment removes the attachment at position pos (1-based) from the draft.
func (a *App) RemoveAttachment(ctx context.Context, p *Principal, id int64, pos int) (record.Record, error) {
	r, err := a.CurrentRevision(ctx, id)
	if err != nil {
		return r, err
	}
	return a.act(ctx, p, r, record.Action{Kind: record.ActionEdit}, func(n *record.Record, atts *[]attach.Attachment) error {
		if pos < 1 || pos > len(*atts) {
			return errs.E(errs.NotFound, "附件不存在")
		}
		out := append([]attach.Attachment{}, (*atts)[:pos-1]...)
		*atts = append(out, (*atts)[pos:]...)
		return nil
	})
}

// maskAttachment stores a masked copy of an XLSX or DOCX attachment. Other files with
// findings (PDF, images) cannot be rewritten here: the person must replace them.
func (a *App) maskAttachment(at attach.Attachment, pol pii.Policy) (attach.Attachment, error) {
	blobs, err := a.Blobs()
	if err != nil {
		return at, err
	}
	path, err := blobs.Path(at.Hash)
	if err != nil {
		return at, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return at, err
	}
	mask := func(s string) string { return pii.Mask(s, pol) }
	var out []byte
	switch at.MediaType {
	case attach.XLSX.MediaType():
		out, err = attach.MaskXLSX(data, mask)
	case attach.DOCX.MediaType():
		out, err = attach.MaskDOCX(data, mask)
	default:
		return at, errs.E(errs.Conflict, "附件“%s”中有个人信息，系统无法自动遮盖此类文件，请替换为已遮盖的文件", at.Name)
	}
	if err != nil {
		return at, errs.E(errs.Conflict, "附件“%s”无法自动遮盖：%v", at.Name, attach.Named(err, at.Name))
	}
	masked, _, err := describe(context.Background(), at.Name, out)
	if err != nil {
		return at, err
	}
	if _, err := blobs.Put(out); err != nil {
		return at, err
	}
	if masked.Findings > 0 {
		return at, errs.E(errs.Conflict, "附件“%s”遮盖后仍有%d处个人信息，请人工处理", at.Name, masked.Findings)
	}
	return masked, nil
}

// OpenAttachment opens a stored attachment file.
func (a *App) OpenAttachment(hash string) (*os.File, error) {
	blobs, err := a.Blobs()
	if err != nil {
		return nil, err
	}
	f, err := blobs.Open(hash)
	if err != nil {
		return nil, fmt.Errorf("attachment %s: %w", hash, err)
	}
	return f, nil
}

// confirmAttachment records that the person looked at the attachment at position pos (1-based),
// which the guard could not fully read, and found no personal information in it. Who may do it
// and when is decided by record.Decide (ActionConfirmNoPII); the audit entry names the file.
func confirmAttachment(p *Principal, pos int, now time.Time) func(*record.Record, *[]attach.Attachment) error {
	return func(_ *record.Record, atts *[]attach.Attachment) error {
		if pos < 1 || pos > len(*atts) {
			return errs.E(errs.NotFound, "附件不存在")
		}
		at := (*atts)[pos-1]
		switch {
		case at.Unread == "":
			return errs.E(errs.Conflict, "附件“%s”的文字已全部读取并检查，无需确认", at.Name)
		case at.ConfirmedBy != 0:
			return errs.E(errs.Conflict, "附件“%s”已确认不含个人信息", at.Name)
		case p == nil:
			return errs.E(errs.Unauthorized, "请先登录")
		}
		out := append([]attach.Attachment{}, *atts...)
		out[pos-1].ConfirmedBy, out[pos-1].ConfirmedAt = p.Person.ID, now
		*atts = out
		return nil
	}
}
