package attach

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// ratioFloor is the entry size below which the compression ratio is not
// checked: small files of repeated bytes compress extremely well and cost
// nothing to expand.
const ratioFloor = 1 << 20

// openZip opens a DOCX/XLSX container and checks it against the limits using
// the sizes declared in the central directory. archive/zip refuses to read
// past a declared size, so the checked sizes bound every later read.
func openZip(data []byte, l Limits) (*zip.Reader, *Error) {
	if int64(len(data)) > l.MaxFileSize {
		return nil, fail(ErrTooLarge, "文件大小 %s，超过上限 %s", sizeText(int64(len(data))), sizeText(l.MaxFileSize))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail(ErrCorrupt, "文件已损坏，无法作为 Office 文档读取")
	}
	if len(zr.File) > l.MaxEntries {
		return nil, fail(ErrZipBomb, "文档内部文件过多（%d 个，上限 %d 个）", len(zr.File), l.MaxEntries)
	}
	var total uint64
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		// Two entries of one name are read differently by different
		// programs; what we check might not be what Word shows.
		name := strings.ToLower(f.Name)
		if seen[name] {
			return nil, fail(ErrCorrupt, "文件已损坏（内部文件\"%s\"重复）", f.Name)
		}
		seen[name] = true
		if f.Flags&1 != 0 {
			return nil, fail(ErrEncrypted, "文件已加密，请取消密码后重新上传")
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, fail(ErrCorrupt, "文件使用了不支持的压缩方式")
		}
		size := f.UncompressedSize64
		total += size
		if total > uint64(l.MaxUncompressed) {
			return nil, fail(ErrZipBomb, "文档解压后超过 %s，可能是恶意构造的文件", sizeText(l.MaxUncompressed))
		}
		if size > ratioFloor && size/max(f.CompressedSize64, 1) > uint64(l.MaxRatio) {
			return nil, fail(ErrZipBomb, "内部文件\"%s\"压缩比异常（%d 倍），可能是恶意构造的文件", f.Name, size/max(f.CompressedSize64, 1))
		}
	}
	return zr, nil
}

// findFile looks a part up by name; OPC part names are case-insensitive.
func findFile(zr *zip.Reader, name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// rewriteZip copies a container, replacing the entries in changed. Untouched
// entries are copied compressed, byte for byte.
func rewriteZip(zr *zip.Reader, changed map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data, ok := changed[f.Name]
		if !ok {
			if err := w.Copy(f); err != nil {
				return nil, fmt.Errorf("attach: copy %s: %w", f.Name, err)
			}
			continue
		}
		fh := f.FileHeader
		fh.CRC32, fh.CompressedSize64, fh.UncompressedSize64 = 0, 0, 0
		fh.CompressedSize, fh.UncompressedSize = 0, 0 // deprecated 32-bit copies; the writer recomputes both
		fh.Extra = nil
		fh.Method = zip.Deflate
		ew, err := w.CreateHeader(&fh)
		if err != nil {
			return nil, fmt.Errorf("attach: write %s: %w", f.Name, err)
		}
		if _, err := ew.Write(data); err != nil {
			return nil, fmt.Errorf("attach: write %s: %w", f.Name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("attach: finish zip: %w", err)
	}
	return buf.Bytes(), nil
}
