package app

import (
	"context"
	"errors"
	"path"
	"regexp"
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
type WordImport struct {
	File     string
	Title    string
	BodyHTML string
	Findings map[string]int // e.g. 身份证号 → 2
	Total    int
}

var firstHeading = regexp.MustCompile(`<h[1-6]>(.*?)</h[1-6]>`)

// ImportWord reads a .docx uploaded on the record form of o. Nothing is stored: the body
// goes into the form, which the clerk saves as usual.
func (a *App) ImportWord(ctx context.Context, p *Principal, o org.Org, file string, data []byte) (WordImport, error) {
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
	body, err := attach.DOCXToHTML(data)
	var ae *attach.Error
	if errors.As(err, &ae) {
		return w, bad(ae.Reason)
	} else if err != nil {
		return w, err
	}
	w.BodyHTML = sanitize.Body(body)
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
