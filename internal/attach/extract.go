package attach

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Extraction is what the personal-information guard can learn from a file.
type Extraction struct {
	// Text is the text of the file, for the guard and the search. Layout is
	// approximate: it is meant for scanning, not display.
	Text string
	// Unread, when not empty, says in Chinese what the file shows that has no
	// text the guard can read — scanned PDF pages, an image, a document made
	// only of pictures. A person has to look at it: nothing found in Text
	// says nothing about that part.
	Unread string
	// LongNumbers lists the XLSX numeric cells of 16 or more digits (see
	// LongNumbers): they have lost digits and cannot be recognised.
	LongNumbers []Problem
}

// Extract returns what the guard can read of an attachment.
//
//   - XLSX: every cell of every worksheet (listed or not), shared and inline
//     strings, formula results, numbers written out in full; cells separated
//     by tabs, rows by line breaks. Numbers split over adjacent cells of a
//     row (6101121985 | 03152016) are added joined, each on a line naming
//     the cells. Then comments, and the character data and attribute values
//     of every other non-structural part (pivot caches, charts, drawings,
//     document properties).
//   - DOCX: the paragraphs of the body (tables and text boxes included),
//     headers, footers, footnotes, endnotes and comments, tracked deletions
//     included, one paragraph per line; then the other parts as for XLSX. A
//     document whose only content is pictures is Unread.
//   - Embedded DOCX/XLSX files (an Excel table inside a Word document) are
//     read one level deep.
//   - PDF: the text of every page as PDFium reads it (any font with a
//     Unicode mapping, CID fonts included), filled-in form fields and other
//     annotations flattened into their page; pages with content but no
//     readable text — scans, text drawn as outlines, fonts without a
//     Unicode mapping — are listed in Unread. Encrypted PDFs are refused
//     with ErrEncrypted.
//   - Images: no text, and Unread.
//
// Every decompression, the rows of the worksheets, the extracted text and
// the time spent on a PDF are bounded by limits (zero fields: DefaultLimits);
// at most a few extractions run at once in the process (see maxConcurrent),
// the others wait for their turn or for ctx.
func Extract(ctx context.Context, t Type, data []byte, limits Limits) (Extraction, error) {
	release, err := acquire(ctx)
	if err != nil {
		return Extraction{}, err
	}
	defer release()
	j := newJob(ctx, limits)
	var x Extraction
	x.Unread, err = j.extract(t, data)
	if err != nil {
		return Extraction{}, err
	}
	if err := j.out.err(); err != nil {
		return Extraction{}, err
	}
	x.Text = j.out.String()
	if t == XLSX {
		if x.LongNumbers, err = longNumbers(newJob(ctx, limits), data); err != nil {
			return Extraction{}, err
		}
	}
	return x, nil
}

// ExtractText returns only the text of Extract. It says nothing about what
// could not be read: the publishing check uses Extract.
func ExtractText(t Type, data []byte, limits Limits) (string, error) {
	x, err := Extract(context.Background(), t, data, limits)
	return x.Text, err
}

func (j *job) extract(t Type, data []byte) (string, error) {
	if int64(len(data)) > j.l.MaxFileSize {
		return "", fail(ErrTooLarge, "文件大小 %s，超过上限 %s", sizeText(int64(len(data))), sizeText(j.l.MaxFileSize))
	}
	switch t {
	case XLSX:
		return "", extractXLSX(j, data)
	case DOCX:
		return extractDOCX(j, data)
	case PDF:
		pages, err := extractPDF(j.ctx, data, j.l, &j.out)
		if err != nil {
			return "", err
		}
		return unreadPages(pages), nil
	case PNG, JPEG, GIF, WebP:
		return "图片中的内容无法自动检查", nil
	}
	return "", fail(ErrNotAllowed, "不支持的文件类型（%s）", string(t))
}

// unreadPages describes the PDF pages without readable text.
func unreadPages(pages []int) string {
	if len(pages) == 0 {
		return ""
	}
	var nums []string
	for i, p := range pages {
		if i == 10 {
			nums = append(nums, "…")
			break
		}
		nums = append(nums, strconv.Itoa(p))
	}
	return fmt.Sprintf("第%s页（共%d页）没有可读取的文字，可能是扫描件或图片", strings.Join(nums, "、"), len(pages))
}
