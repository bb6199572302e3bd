package calendar

import (
	"embed"
	"io/fs"
	"slices"
	"sync"
)

// holidayFiles are the State Council notices 2017–2026 (see holidays/README.md and LICENSE).
//
//go:embed holidays/*.json
var holidayFiles embed.FS

// officialYears parses the embedded notices once. A parse failure is a build defect (the data
// ships with the binary and is tested), so it panics rather than limping on without holidays.
var officialYears = sync.OnceValue(func() []Year {
	names, err := fs.Glob(holidayFiles, "holidays/*.json")
	if err != nil {
		panic(err)
	}
	slices.Sort(names)
	years := make([]Year, 0, len(names))
	for _, name := range names {
		data, err := holidayFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		y, err := ParseYear(name[len("holidays/"):], data)
		if err != nil {
			panic("calendar: embedded holiday data is invalid: " + err.Error())
		}
		years = append(years, y)
	}
	return years
})

// Official returns the embedded official years, oldest first. Each call returns a fresh copy,
// so callers may modify it (for instance to replace a year with an administrator's upload).
func Official() []Year {
	src := officialYears()
	out := make([]Year, len(src))
	for i, y := range src {
		y.Papers = slices.Clone(y.Papers)
		y.Days = slices.Clone(y.Days)
		out[i] = y
	}
	return out
}
