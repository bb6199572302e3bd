package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// FindPart looks a part up by name. OPC part names are case-insensitive;
// a leading slash and backslashes written by some zip tools are ignored.
func FindPart(zr *zip.Reader, name string) *zip.File {
	name = partName(name)
	for _, f := range zr.File {
		if strings.EqualFold(partName(f.Name), name) {
			return f
		}
	}
	return nil
}

// ErrPartSize is returned by ReadPart for a part longer than its bound or
// than its directory entry declared.
var ErrPartSize = errors.New("ooxml: part larger than allowed")

// ReadPart reads a whole part, at most limit bytes and never more than the
// directory declared. open opens the entry (nil: f.Open); a caller that
// counts every decompressed byte against a budget passes its own. Errors of
// open and of the reader are returned as they are.
func ReadPart(f *zip.File, limit int64, open func(*zip.File) (io.ReadCloser, error)) ([]byte, error) {
	if open == nil {
		open = (*zip.File).Open
	}
	rc, err := open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	limit = min(limit, int64(min(f.UncompressedSize64, 1<<62)))
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s", ErrPartSize, f.Name)
	}
	return b, nil
}

// XMLError is an error of the XML decoder: the part is not well-formed, or
// its reader failed (Err is then the reader's error, e.g. a decompression
// bound).
type XMLError struct{ Err error }

func (e *XMLError) Error() string { return "ooxml: xml: " + e.Err.Error() }
func (e *XMLError) Unwrap() error { return e.Err }

// WalkXML calls fn for every token of an XML part with the byte span
// [start, end) of the token in the input, until fn returns an error, which
// is returned as it is. Errors of the decoder come as *XMLError.
func WalkXML(r io.Reader, fn func(tok xml.Token, start, end int64) error) error {
	d := xml.NewDecoder(r)
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &XMLError{Err: err}
		}
		if err := fn(tok, start, d.InputOffset()); err != nil {
			return err
		}
	}
}

// Rewrite copies a container, replacing the entries named in changed (by
// their exact names). Untouched entries are copied compressed, byte for byte.
func Rewrite(zr *zip.Reader, changed map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data, ok := changed[f.Name]
		if !ok {
			if err := w.Copy(f); err != nil {
				return nil, fmt.Errorf("ooxml: copy %s: %w", f.Name, err)
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
			return nil, fmt.Errorf("ooxml: write %s: %w", f.Name, err)
		}
		if _, err := ew.Write(data); err != nil {
			return nil, fmt.Errorf("ooxml: write %s: %w", f.Name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("ooxml: finish zip: %w", err)
	}
	return buf.Bytes(), nil
}
