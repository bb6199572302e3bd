package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/ooxml"
)

// workbookInfo is what Import learns from the zip directory and the workbook part before
// excelize opens the file.
type workbookInfo struct {
	zr     *zip.Reader
	sheets []sheetInfo // in workbook order
}

type sheetInfo struct {
	name   string
	path   string // part name inside the zip, e.g. xl/worksheets/sheet1.xml
	hidden bool
}

// File signatures: OLE compound file (legacy .xls, encrypted OOXML) and zip (.xlsx).
const (
	oleMagic = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
	zipMagic = "PK"
)

// inspect checks an upload before excelize parses it. excelize trusts the sizes it is given and
// would decompress whatever the zip directory says, so the directory is checked here, with the
// standard library, against our own limits. It also turns the usual wrong uploads (an .xls, a
// password-protected workbook, a Word file) into messages people can act on.
func inspect(data []byte, lim Limits) (*workbookInfo, *ImportError) {
	switch {
	case len(data) == 0:
		return nil, fileError(CodeNotWorkbook, "文件为空")
	case bytes.HasPrefix(data, []byte(oleMagic)):
		// OLE compound files are either legacy .xls or encrypted OOXML (which wraps the
		// package in an "EncryptedPackage" stream, named in UTF-16 in the directory).
		if bytes.Contains(data, utf16le("EncryptedPackage")) || bytes.Contains(data, utf16le("EncryptionInfo")) {
			return nil, fileError(CodeEncrypted, "工作簿设置了打开密码，请取消密码后重新上传")
		}
		return nil, fileError(CodeLegacyFormat, "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传")
	case !bytes.HasPrefix(data, []byte(zipMagic)):
		return nil, fileError(CodeNotWorkbook, "不是 Excel 工作簿（.xlsx）文件")
	}
	zr, gerr := ooxml.Open(data, ooxml.Limits{MaxFileSize: lim.MaxFileSize, MaxEntries: lim.MaxZipEntries,
		MaxUncompressed: lim.MaxUnzipSize, MaxRatio: lim.MaxEntryRatio})
	if gerr != nil {
		return nil, guardError(gerr)
	}
	for _, f := range zr.File {
		if strings.EqualFold(path.Base(f.Name), "sharedStrings.xml") && f.UncompressedSize64 > uint64(lim.MaxSharedStrings) {
			return nil, fileError(CodeZipBomb, fmt.Sprintf("工作簿的共享字符串表解压后超过 %s 上限", humanBytes(lim.MaxSharedStrings)))
		}
	}

	wbPath := officeDocument(zr)
	if wbPath == "" || findFile(zr, wbPath) == nil || !strings.HasPrefix(wbPath, "xl/") {
		switch {
		case strings.HasPrefix(wbPath, "word/") || findFile(zr, "word/document.xml") != nil:
			return nil, fileError(CodeWrongDocument, "这是 Word 文档（.docx），请上传 Excel 工作簿（.xlsx）")
		case strings.HasPrefix(wbPath, "ppt/") || findFile(zr, "ppt/presentation.xml") != nil:
			return nil, fileError(CodeWrongDocument, "这是 PowerPoint 演示文稿（.pptx），请上传 Excel 工作簿（.xlsx）")
		case findFile(zr, "content.xml") != nil && findFile(zr, "mimetype") != nil:
			return nil, fileError(CodeWrongDocument, "这是 OpenDocument 文件（如 .ods），请另存为 .xlsx 后上传")
		}
		return nil, fileError(CodeNotWorkbook, "压缩包中没有 Excel 工作簿，请上传 .xlsx 文件")
	}
	sheets, err := readSheets(zr, wbPath)
	if err != nil || len(sheets) == 0 {
		return nil, fileError(CodeCorrupt, "工作簿结构已损坏，无法读取工作表列表")
	}
	return &workbookInfo{zr: zr, sheets: sheets}, nil
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func humanBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d 字节", n)
}

// guardError words a refusal of the OOXML guard for the person who made the workbook.
func guardError(e *ooxml.Error) *ImportError {
	switch e.Kind {
	case ooxml.TooLarge:
		return fileError(CodeTooLarge, fmt.Sprintf("文件超过 %s 上限", humanBytes(e.Limit)))
	case ooxml.TooManyEntries:
		return fileError(CodeZipBomb, fmt.Sprintf("工作簿内部文件过多（%d 个，上限 %d 个），疑似恶意文件", e.N, e.Limit))
	case ooxml.Uncompressed:
		return fileError(CodeZipBomb, fmt.Sprintf("工作簿解压后超过 %s 上限，疑似压缩炸弹", humanBytes(e.Limit)))
	case ooxml.Ratio:
		return fileError(CodeZipBomb, fmt.Sprintf("工作簿内部文件“%s”压缩比异常（%d 倍），疑似压缩炸弹", e.Part, e.N))
	case ooxml.Duplicate:
		return fileError(CodeCorrupt, fmt.Sprintf("工作簿已损坏（内部文件“%s”重复），请在 Excel 或 WPS 中另存为 .xlsx 后上传", e.Part))
	case ooxml.Encrypted:
		return fileError(CodeEncrypted, "工作簿设置了打开密码，请取消密码后重新上传")
	case ooxml.Method:
		return fileError(CodeCorrupt, "工作簿使用了不支持的压缩方式，请在 Excel 或 WPS 中另存为 .xlsx 后上传")
	}
	return fileError(CodeCorrupt, "文件已损坏或不完整，无法作为 .xlsx 工作簿打开")
}

func findFile(zr *zip.Reader, name string) *zip.File { return ooxml.FindPart(zr, name) }

// maxSmallPart bounds the parts read whole here: relationships and the workbook part, a few KB.
const maxSmallPart = 4 << 20

// readPart reads a small part whole, refusing one larger than maxSmallPart whatever the zip
// directory declared.
func readPart(zr *zip.Reader, name string) ([]byte, error) {
	f := findFile(zr, name)
	if f == nil {
		return nil, fmt.Errorf("part %s missing", name)
	}
	return ooxml.ReadPart(f, maxSmallPart, nil)
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// officeDocument finds the workbook part through the package relationships, as the format
// prescribes; almost always xl/workbook.xml.
func officeDocument(zr *zip.Reader) string {
	data, err := readPart(zr, "_rels/.rels")
	if err != nil {
		return "xl/workbook.xml"
	}
	var rels xmlRels
	if xml.Unmarshal(data, &rels) != nil {
		return "xl/workbook.xml"
	}
	for _, r := range rels.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return resolveTarget("", r.Target)
		}
	}
	return ""
}

func resolveTarget(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(base, target))
}

// readSheets lists the sheets of the workbook with their part names, which excelize does not
// expose but the merge scan needs.
func readSheets(zr *zip.Reader, wbPath string) ([]sheetInfo, error) {
	data, err := readPart(zr, wbPath)
	if err != nil {
		return nil, err
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, err
	}
	dir := path.Dir(wbPath)
	relsData, err := readPart(zr, path.Join(dir, "_rels", path.Base(wbPath)+".rels"))
	if err != nil {
		return nil, err
	}
	var rels xmlRels
	if err := xml.Unmarshal(relsData, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		targets[r.ID] = resolveTarget(dir, r.Target)
	}
	var out []sheetInfo
	for _, s := range wb.Sheets {
		var id string
		for _, a := range s.Attrs {
			if a.Name.Local == "id" { // r:id, whatever the prefix or namespace version
				id = a.Value
			}
		}
		out = append(out, sheetInfo{name: s.Name, path: targets[id], hidden: s.State != "" && s.State != "visible"})
	}
	return out, nil
}

// mergeRange is a merged area, 1-based and inclusive.
type mergeRange struct {
	r1, c1, r2, c2 int
}

// readMerges collects the merged ranges of a worksheet part. excelize's GetMergeCells parses
// the whole worksheet into memory, which would defeat streaming the rows, so the <mergeCell>
// elements (which follow the sheet data) are found with a byte scan of the decompressed stream.
func readMerges(zr *zip.Reader, part string, maxMerges int) ([]mergeRange, error) {
	f := findFile(zr, part)
	if f == nil {
		return nil, fmt.Errorf("worksheet part %q missing", part)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The directory's size was checked, and archive/zip stops at it; the bound is stated here
	// too, so that it does not rest on the reader alone.
	return scanMerges(io.LimitReader(rc, int64(f.UncompressedSize64)), maxMerges)
}

// scanMerges finds the <mergeCell ref="…"> elements in a worksheet XML stream.
func scanMerges(rc io.Reader, maxMerges int) ([]mergeRange, error) {
	const maxTag = 4096
	needle := []byte("mergeCell")
	var out []mergeRange
	buf := make([]byte, 0, 256<<10)
	chunk := make([]byte, 128<<10)
	for {
		n, rerr := rc.Read(chunk)
		buf = append(buf, chunk[:n]...)
		keep := max(len(buf)-len(needle), 0) // keep the tail in case the needle straddles reads
		for pos := 0; ; {
			i := bytes.Index(buf[pos:], needle)
			if i < 0 {
				break
			}
			start := pos + i
			end := bytes.IndexByte(buf[start:], '>')
			if end < 0 {
				if len(buf)-start < maxTag {
					keep = max(start-1, 0) // tag incomplete: keep it, with the byte before it
				}
				break
			}
			tag := buf[start : start+end]
			pos = start + end
			keep = max(len(buf)-len(needle), pos)
			// <mergeCell ref="A1:B2"/> or <x:mergeCell …>, but not <mergeCells count=…>.
			if start == 0 || (buf[start-1] != '<' && buf[start-1] != ':') || len(tag) <= len(needle) || !isSpace(tag[len(needle)]) {
				continue
			}
			ref, ok := attr(tag, "ref")
			if !ok {
				continue
			}
			m, ok := parseRange(ref)
			if !ok {
				continue
			}
			if len(out) >= maxMerges {
				return nil, fmt.Errorf("more than %d merged ranges", maxMerges)
			}
			out = append(out, m)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, rerr
		}
		buf = buf[:copy(buf, buf[keep:])]
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].r1 != out[j].r1 {
			return out[i].r1 < out[j].r1
		}
		return out[i].c1 < out[j].c1
	})
	return out, nil
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// attr returns the value of a double- or single-quoted attribute in a tag.
func attr(tag []byte, name string) (string, bool) {
	key := []byte(name + "=")
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], key)
		if j < 0 {
			return "", false
		}
		at := i + j
		k := at + len(key)
		if at > 0 && isSpace(tag[at-1]) && k < len(tag) && (tag[k] == '"' || tag[k] == '\'') {
			if e := bytes.IndexByte(tag[k+1:], tag[k]); e >= 0 {
				return string(tag[k+1 : k+1+e]), true
			}
			return "", false
		}
		i = k
	}
	return "", false
}

func parseRange(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergeRange{}, false
	}
	if r1 > r2 {
		r1, r2 = r2, r1
	}
	if c1 > c2 {
		c1, c2 = c2, c1
	}
	return mergeRange{r1: r1, c1: c1, r2: r2, c2: c2}, true
}
