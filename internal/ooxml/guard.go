// Package ooxml holds what reading and rewriting Office Open XML packages
// (XLSX, DOCX) needs wherever the bytes come from outside: the zip guard
// that checks a container's directory against limits before anything is
// decompressed (Open), looking parts up and reading them bounded (FindPart,
// ReadPart), walking a part token by token with byte offsets (WalkXML),
// rewriting a container with some parts replaced (Rewrite), and replacing
// byte spans of a text while leaving every other byte as it was (Apply,
// Recut, EscapeText), which masking uses for XML parts and HTML alike.
//
// Its errors carry no user-facing text: each caller (attachments, the
// catalog workbook) words them in Chinese for its own users.
package ooxml

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// RatioFloor is the entry size below which the compression ratio is not
// checked: small parts of repeated bytes (styles.xml) compress extremely
// well and cost nothing to expand.
const RatioFloor = 1 << 20

// Limits bound a container. Every field must be set: the callers fill their
// own defaults; a zero bound refuses every container.
type Limits struct {
	// MaxFileSize is the largest container, in bytes.
	MaxFileSize int64
	// MaxEntries is the most entries the directory may list.
	MaxEntries int
	// MaxUncompressed bounds the declared decompressed sizes of all entries
	// together, in bytes.
	MaxUncompressed int64
	// MaxRatio bounds decompressed/compressed size of any entry larger
	// than RatioFloor: real XML compresses 5–30 times, bombs thousands.
	MaxRatio int64
}

// Kind is what the guard refused a container for.
type Kind int

// The kinds of Error.
const (
	TooLarge       Kind = iota + 1 // the file itself is over MaxFileSize
	NotZip                         // not a readable zip archive
	TooManyEntries                 // more entries than MaxEntries
	Duplicate                      // two entries of one name (ignoring case and slash direction)
	Encrypted                      // an entry is encrypted
	Method                         // an entry is compressed other than stored or deflated
	Uncompressed                   // the entries together decompress beyond MaxUncompressed
	Ratio                          // an entry compresses more than MaxRatio
)

// Error is a container the guard refused. N and Limit are the figures the
// message needs: the file size, the entry count, the decompressed total or
// the ratio, and the bound it broke.
type Error struct {
	Kind     Kind
	Part     string // the entry concerned, for Duplicate, Encrypted, Method and Ratio
	N, Limit int64
}

func (e *Error) Error() string {
	names := map[Kind]string{TooLarge: "file too large", NotZip: "not a zip archive",
		TooManyEntries: "too many entries", Duplicate: "duplicate entry", Encrypted: "encrypted entry",
		Method: "unsupported compression method", Uncompressed: "decompressed size over limit",
		Ratio: "compression ratio over limit"}
	s := "ooxml: " + names[e.Kind]
	if e.Part != "" {
		s += " " + e.Part
	}
	if e.Limit > 0 {
		s += fmt.Sprintf(" (%d, limit %d)", e.N, e.Limit)
	}
	return s
}

// Open opens a container and checks it against l using the sizes declared
// in the central directory. archive/zip refuses to read past a declared
// size, so the checked sizes bound every later read. Two entries whose
// names differ only in case or slash direction are refused: programs read
// such a pair differently, so what is checked might not be what Office shows.
func Open(data []byte, l Limits) (*zip.Reader, *Error) {
	if int64(len(data)) > l.MaxFileSize {
		return nil, &Error{Kind: TooLarge, N: int64(len(data)), Limit: l.MaxFileSize}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{Kind: NotZip}
	}
	if len(zr.File) > l.MaxEntries {
		return nil, &Error{Kind: TooManyEntries, N: int64(len(zr.File)), Limit: int64(l.MaxEntries)}
	}
	var total uint64
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		name := strings.ToLower(partName(f.Name))
		if seen[name] {
			return nil, &Error{Kind: Duplicate, Part: f.Name}
		}
		seen[name] = true
		if f.Flags&1 != 0 {
			return nil, &Error{Kind: Encrypted, Part: f.Name}
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, &Error{Kind: Method, Part: f.Name}
		}
		size := f.UncompressedSize64
		total += size
		if total > uint64(l.MaxUncompressed) || total < size {
			return nil, &Error{Kind: Uncompressed, N: int64(min(total, 1<<62)), Limit: l.MaxUncompressed}
		}
		// size > MaxRatio × compressed, without the product overflowing.
		c := max(f.CompressedSize64, 1)
		if r := size / c; size > RatioFloor && (r > uint64(l.MaxRatio) || r == uint64(l.MaxRatio) && size%c != 0) {
			return nil, &Error{Kind: Ratio, Part: f.Name, N: int64(r), Limit: l.MaxRatio}
		}
	}
	return zr, nil
}

// partName is an entry name as OPC means it: forward slashes (some zip
// writers use backslashes), no leading slash.
func partName(name string) string {
	return strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/")
}
