package app

import (
	"context"
	"errors"
	"path"
	"regexp"
	"strconv"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/pii"
	"gongkai/internal/sanitize"
)

// WordImport is a Word document read for a record's 正文 (从Word导入): the sanitised body,
// a title (the document's first heading, else the file name) and what the
// personal-information guard found in it, by kind, for the clerk to mask before submitting.
// Pictures counts the document's pictures added to the record as attachments (shown in the
// body), PicturesLeft those left out, PictureErrors why.
type WordImport struct {
	File          string
	Title         string
	BodyHTML      string
	Findings      map[string]int // e.g. 身份证号 → 2
	Total         int
	Pictures      int
	PicturesLeft  int
	PictureErrors []string
}

var firstHeading = regexp.MustCompile(`<h[1-6]>(.*?)</h[1-6]>`)

// ImportWord reads a .docx uploaded on the record form of o. The body goes into the form,
// which the clerk saves as usual. The document's pictures become attachments of the record
// recordID, like images pasted into the 正文 (AddBodyImage), and the body shows them; a new
// record (recordID 0) has no attachments yet, so its pictures are left out and counted.
func (a *App) ImportWord(ctx context.Context, p *Principal, o org.Org, file string, data []byte, recordID int64) (WordImport, error) {
	w := WordImport{File: path.Base(strings.ReplaceAll(file, `\`, "/"))}
	if err := p.Authorize(org.PermCatalogEdit, o); err != nil {
		return w, err
	}
	bad := func(msg string) error {
		return errs.Fields("从Word导入失败", errs.FieldError{Field: "docx", Label: "Word 文件“" + w.File + "”", Message: msg})
	}
	if !strings.EqualFold(path.Ext(w.File), ".docx") {
		return w, bad("请选择 .docx 格式的文件（.doc 文件请先在 Word 或 WPS 中另存为 .docx）")
	}
	body, pics, err := attach.DOCXToHTMLPictures(data)
	var ae *attach.Error
	if errors.As(err, &ae) {
		return w, bad(ae.Reason)
	} else if err != nil {
		return w, err
	}
	files := ""
	if recordID == 0 {
		w.PicturesLeft = len(pics)
	} else if len(pics) > 0 {
		r, err := a.CurrentRevision(ctx, recordID)
		if err != nil {
			return w, err
		}
		if files, err = a.FilesPath(ctx, r); err != nil {
			return w, err
		}
		for i, pic := range pics {
			img, err := a.AddBodyImage(ctx, p, recordID, pic.Name, pic.Data)
			if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
				w.PicturesLeft++
				w.PictureErrors = append(w.PictureErrors, pic.Name+"："+errText(err))
				continue
			} else if err != nil {
				return w, err
			}
			body = strings.ReplaceAll(body, `src="`+attach.PicturePrefix+strconv.Itoa(i)+`"`, `src="`+img.Src+`"`)
			w.Pictures++
		}
	}
	w.BodyHTML = sanitize.RecordBody(body, files)
	if strings.TrimSpace(sanitize.Text(w.BodyHTML)) == "" {
		return w, bad("文档中没有可读取的文字")
	}
	w.Title = strings.TrimSuffix(w.File, path.Ext(w.File))
	if m := firstHeading.FindStringSubmatch(w.BodyHTML); m != nil {
		if t := strings.TrimSpace(sanitize.Text(m[1])); t != "" {
			w.Title = t
		}
	}
	w.Findings = map[string]int{}
	for _, f := range pii.FindHTML(w.BodyHTML) {
		w.Findings[f.Kind.Label()]++
		w.Total++
	}
	return w, nil
}

// errText is the message of an application error without its code: the fields' messages
// when it has any.
func errText(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	if len(e.Fields) == 0 {
		return e.Message
	}
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, "；")
}
