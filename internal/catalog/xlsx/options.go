// Package xlsx reads and writes standard catalogs in the national Excel layout (基层政务公开标准目录:
// 序号 | 公开事项 一级·二级 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
// 公开对象 全社会·特定群体 | 公开方式 主动·依申请 | 公开层级 县级·乡级) and the local variants of it
// that units actually upload.
//
// Import is all-or-nothing: any error means the caller stores nothing, and an *ImportError lists
// every problem with its sheet, row and column so that the person who made the file can fix it
// in one go. Uploads are untrusted, so the container is checked (size, zip directory, ratios)
// before excelize parses anything, and rows are streamed.
package xlsx

import "gongkai/internal/catalog"

// Limits bound what an upload may cost. Zero fields take the DefaultLimits value. excelize's
// own defaults (16 GB unzipped) are meant for trusted files, not for a public upload form.
type Limits struct {
	// MaxFileSize is the largest accepted upload in bytes.
	MaxFileSize int64
	// MaxUnzipSize is the largest total of the decompressed parts of the workbook.
	MaxUnzipSize int64
	// MaxEntryRatio is the largest decompressed/compressed ratio of one part larger than
	// ooxml.RatioFloor. Spreadsheet XML compresses 5–30×; a zip bomb 1000×.
	MaxEntryRatio int64
	// MaxZipEntries is the largest number of parts in the package.
	MaxZipEntries int
	// MaxRows is the largest number of catalog entries (data rows) in the sheet.
	MaxRows int
	// MaxSheetRows is the largest number of rows read from the sheet, counted as they are
	// streamed: blank rows, notes and headings included, so that a small file of 400,000
	// rows that are not entries is not read to its end either.
	MaxSheetRows int
	// MaxSharedStrings bounds the shared string table in bytes (decompressed). excelize reads
	// the whole table into memory, several times its size, the first time a cell uses it.
	MaxSharedStrings int64
	// MaxCellLen is the largest number of characters in one cell; by default the longest text
	// an entry may hold, so that a cell that is too long is reported where it is.
	MaxCellLen int
	// MaxMerges is the largest number of merged ranges in the sheet.
	MaxMerges int
	// MaxProblems is how many problems are listed before the import stops looking.
	MaxProblems int
}

// DefaultLimits returns limits that fit real catalogs (a few hundred rows, well under 1 MB) with
// a wide margin.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:      10 << 20,
		MaxUnzipSize:     100 << 20,
		MaxEntryRatio:    200,
		MaxZipEntries:    1000,
		MaxRows:          20000,
		MaxSheetRows:     30000,
		MaxSharedStrings: 32 << 20,
		MaxCellLen:       catalog.MaxTextLen,
		MaxMerges:        100000,
		MaxProblems:      200,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxUnzipSize <= 0 {
		l.MaxUnzipSize = d.MaxUnzipSize
	}
	if l.MaxEntryRatio <= 0 {
		l.MaxEntryRatio = d.MaxEntryRatio
	}
	if l.MaxZipEntries <= 0 {
		l.MaxZipEntries = d.MaxZipEntries
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxSheetRows <= 0 {
		l.MaxSheetRows = max(d.MaxSheetRows, l.MaxRows+l.MaxRows/2)
	}
	if l.MaxSharedStrings <= 0 {
		l.MaxSharedStrings = d.MaxSharedStrings
	}
	if l.MaxCellLen <= 0 {
		l.MaxCellLen = d.MaxCellLen
	}
	if l.MaxMerges <= 0 {
		l.MaxMerges = d.MaxMerges
	}
	if l.MaxProblems <= 0 {
		l.MaxProblems = d.MaxProblems
	}
	return l
}

// Options configure Import.
type Options struct {
	Limits Limits
	// Sheet names the worksheet to read. Empty: the only visible sheet that has a catalog
	// header; with several, the one whose name or title contains Domain.
	Sheet string
	// Domain is the domain name (e.g. 社会救助) used to choose among several catalog sheets.
	Domain string
	// TmpDir is where excelize may spill large worksheets; empty means the system default.
	TmpDir string
}
