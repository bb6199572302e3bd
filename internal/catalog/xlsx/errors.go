package xlsx

import (
	"fmt"
	"strings"
)

// Problem codes, for API clients and tests; the Reason is what people read.
const (
	CodeTooLarge        = "too_large"        // upload above MaxFileSize
	CodeNotWorkbook     = "not_workbook"     // not an .xlsx file at all (or an empty one)
	CodeWrongDocument   = "wrong_document"   // an Office file of another kind (.docx, .pptx, .ods)
	CodeLegacyFormat    = "legacy_format"    // an old binary .xls
	CodeEncrypted       = "encrypted"        // password-protected workbook
	CodeCorrupt         = "corrupt"          // damaged zip or XML
	CodeZipBomb         = "zip_bomb"         // decompressed size, ratio or part count beyond limits
	CodeSheet           = "sheet"            // requested sheet missing or several catalog sheets
	CodeNoHeader        = "no_header"        // no catalog header found
	CodeMissingColumn   = "missing_column"   // a required column is absent
	CodeUnknownColumn   = "unknown_column"   // a header that is not part of the layout
	CodeDuplicateColumn = "duplicate_column" // the same column twice
	CodeNoHeaderColumn  = "unlabelled_data"  // data in a column without header
	CodeBadMark         = "bad_mark"         // a mark cell that is neither set nor empty
	CodeBadValue        = "bad_value"        // a checklist or option that cannot be understood
	CodeSameAsAbove     = "same_as_above"    // 同上 with nothing above
	CodeCellTooLong     = "cell_too_long"    // cell above MaxCellLen
	CodeTooManyRows     = "too_many_rows"    // more entries than MaxRows
	CodeInvalid         = "invalid"          // an entry fails catalog.Entry.Validate
	CodeNoEntries       = "no_entries"       // a header but no data rows
)

// Problem is one thing wrong with an uploaded file, located as Excel shows it.
type Problem struct {
	Code   string `json:"code"`
	Sheet  string `json:"sheet,omitempty"`  // worksheet name; empty when the problem concerns the whole file
	Row    int    `json:"row,omitempty"`    // 1-based row number; 0 when the problem concerns the file or the sheet
	Column string `json:"column,omitempty"` // column letter such as "E"; empty when the problem concerns a whole row
	Header string `json:"header,omitempty"` // the column's header as written in the file
	Reason string `json:"reason"`           // in Chinese, for the person who made the file
}

// String formats the problem as 工作表"社会救助" 第12行 E列（公开时限）：不能为空.
func (p Problem) String() string {
	var b strings.Builder
	if p.Sheet != "" {
		fmt.Fprintf(&b, "工作表\"%s\" ", p.Sheet)
	}
	if p.Row > 0 {
		fmt.Fprintf(&b, "第%d行 ", p.Row)
	}
	if p.Column != "" {
		b.WriteString(p.Column + "列")
		if p.Header != "" {
			b.WriteString("（" + p.Header + "）")
		}
	}
	loc := strings.TrimRight(b.String(), " ")
	if loc == "" {
		return p.Reason
	}
	return loc + "：" + p.Reason
}

// ImportError is returned for every problem with the uploaded file itself (as opposed to an I/O
// failure). It lists all problems found, up to Limits.MaxProblems.
type ImportError struct {
	Problems []Problem
	// Truncated is set when the import stopped looking after MaxProblems problems.
	Truncated bool
}

// Error gives the first problem on one line, with a count of the others, as a command line or a
// flash message needs it; Problems has the full list.
func (e *ImportError) Error() string {
	if len(e.Problems) == 0 {
		return "导入失败"
	}
	msg := e.Problems[0].String()
	switch {
	case e.Truncated:
		msg += fmt.Sprintf("（另有至少%d处问题）", len(e.Problems)-1)
	case len(e.Problems) > 1:
		msg += fmt.Sprintf("（另有%d处问题）", len(e.Problems)-1)
	}
	return msg
}

// Lines returns every problem formatted, for a report or a command's stderr.
func (e *ImportError) Lines() []string {
	out := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		out = append(out, p.String())
	}
	if e.Truncated {
		out = append(out, fmt.Sprintf("问题过多，仅列出前%d处", len(e.Problems)))
	}
	return out
}

func fileError(code, reason string) *ImportError {
	return &ImportError{Problems: []Problem{{Code: code, Reason: reason}}}
}
