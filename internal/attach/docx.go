package attach

import (
	"context"
	"sort"
	"strings"

	"gongkai/internal/ooxml"
)

func extractDOCX(j *job, data []byte) (string, error) {
	zr, e := openZip(data, j.l)
	if e != nil {
		return "", e
	}
	if ooxml.FindPart(zr, "word/document.xml") == nil {
		return "", fail(ErrMismatch, "文件内容不是 DOCX 文档")
	}
	// The body first, then headers, footers, notes and comments, then the rest.
	files := append(zr.File[:0:0], zr.File...)
	rank := func(name string) int {
		switch n := strings.ToLower(name); {
		case n == "word/document.xml":
			return 0
		case docxTextPart(n):
			return 1
		}
		return 2
	}
	sort.SliceStable(files, func(i, j int) bool { return rank(files[i].Name) < rank(files[j].Name) })
	pictures, text := false, false
	for _, f := range files {
		start := j.out.Len()
		if err := extractOtherPart(j, f, docxTextPart(f.Name), docxRules()); err != nil {
			return "", err
		}
		if docxTextPart(f.Name) && strings.TrimSpace(j.out.String()[start:]) != "" {
			text = true
		}
		pictures = pictures || strings.HasPrefix(strings.ToLower(f.Name), "word/media/")
	}
	// A scan pasted into Word: pictures and no text that a reader sees.
	if pictures && !text {
		return "文档中只有图片，没有可读取的文字", nil
	}
	return "", nil
}

// MaskDOCX masks personal information in the text of a DOCX file: the body,
// headers, footers, footnotes, endnotes and comments, including tracked
// deletions (still in the file) and text boxes. Each paragraph is masked as a
// whole, because Word splits text into runs wherever formatting or editing
// history changes — often in the middle of a number. mask must keep the
// number of characters; pii.Mask does.
//
// Personal information it cannot mask — in charts, SmartArt, embedded files,
// document properties — is reported in a *ReviewError and no file is
// returned. The limits are DefaultLimits.
func MaskDOCX(data []byte, mask func(string) string) ([]byte, error) {
	release, err := acquire(context.Background())
	if err != nil {
		return nil, err
	}
	defer release()
	j := newJob(context.Background(), DefaultLimits())
	zr, e := openZip(data, j.l)
	if e != nil {
		return nil, e
	}
	if ooxml.FindPart(zr, "word/document.xml") == nil {
		return nil, fail(ErrMismatch, "文件内容不是 DOCX 文档")
	}
	m := masking{j: j, mask: mask}
	for _, f := range zr.File {
		if docxTextPart(f.Name) {
			err = m.textPart(f, docxRules())
		} else {
			err = m.otherPart(f)
		}
		if err != nil {
			return nil, err
		}
	}
	return m.result(data, zr)
}
