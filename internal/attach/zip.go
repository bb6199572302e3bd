package attach

import (
	"archive/zip"

	"gongkai/internal/ooxml"
)

// openZip opens a DOCX/XLSX container through the OOXML guard
// (ooxml.Open), which checks its directory against the limits before
// anything is decompressed, and words a refusal for the uploader.
func openZip(data []byte, l Limits) (*zip.Reader, *Error) {
	zr, err := ooxml.Open(data, ooxml.Limits{MaxFileSize: l.MaxFileSize, MaxEntries: l.MaxEntries,
		MaxUncompressed: l.MaxUncompressed, MaxRatio: l.MaxRatio})
	if err == nil {
		return zr, nil
	}
	switch err.Kind {
	case ooxml.TooLarge:
		return nil, fail(ErrTooLarge, "文件大小 %s，超过上限 %s", sizeText(err.N), sizeText(err.Limit))
	case ooxml.TooManyEntries:
		return nil, fail(ErrZipBomb, "文档内部文件过多（%d 个，上限 %d 个）", err.N, err.Limit)
	case ooxml.Duplicate:
		return nil, fail(ErrCorrupt, "文件已损坏（内部文件\"%s\"重复）", err.Part)
	case ooxml.Encrypted:
		return nil, fail(ErrEncrypted, "文件已加密，请取消密码后重新上传")
	case ooxml.Method:
		return nil, fail(ErrCorrupt, "文件使用了不支持的压缩方式")
	case ooxml.Uncompressed:
		return nil, fail(ErrZipBomb, "文档解压后超过 %s，可能是恶意构造的文件", sizeText(err.Limit))
	case ooxml.Ratio:
		return nil, fail(ErrZipBomb, "内部文件\"%s\"压缩比异常（%d 倍），可能是恶意构造的文件", err.Part, err.N)
	}
	return nil, fail(ErrCorrupt, "文件已损坏，无法作为 Office 文档读取")
}
