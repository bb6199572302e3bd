// Package errs defines the application's error codes. Domain and storage code return
// *Error values; only the web layer maps them to HTTP statuses (see web/errors.go).
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes, after benbjohnson/wtf.
const (
	NotFound     = "not_found"
	Invalid      = "invalid"
	Unauthorized = "unauthorized"
	Forbidden    = "forbidden"
	Conflict     = "conflict"
	Internal     = "internal"
)

// FieldError says what was wrong with one field, row or column of the input.
type FieldError struct {
	Field   string `json:"field"`           // code name, e.g. "login" or "E12"
	Label   string `json:"label,omitempty"` // Chinese label shown to people
	Message string `json:"message"`         // Chinese
}

func (f FieldError) String() string {
	if f.Label != "" {
		return f.Label + "：" + f.Message
	}
	return f.Field + "：" + f.Message
}

// Error is an application error with a code and a message fit for the user (Chinese).
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.String()
	}
	return e.Message + "：" + strings.Join(parts, "；")
}

// E builds an error with a formatted message.
func E(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fields builds an Invalid error from field errors.
func Fields(message string, fields ...FieldError) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

// Code returns the code of err, Internal for errors that are not *Error, "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code string) bool { return Code(err) == code }
