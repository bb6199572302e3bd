// Package refdata embeds the national reference lists that seed a new database:
// pilot domains, disclosure channels and subject categories.
package refdata

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed domains.tsv
var domainsTSV string

//go:embed channels.tsv
var channelsTSV string

//go:embed subject-categories.tsv
var subjectsTSV string

// Domain is a policy domain (领域) such as 社会救助.
type Domain struct {
	Code  string
	Name  string
	Order int
}

// Channel is a disclosure channel (公开渠道和载体).
type Channel struct {
	Code string
	Name string
	Kind string // online, print, event, broadcast, place, other
}

// SubjectCategory is a first-level subject category (主题分类) with its second-level names.
type SubjectCategory struct {
	Code          string
	Name          string
	Subcategories []string
}

// rows splits a TSV text into rows of fields, skipping the header line and blank lines.
func rows(text string, want int) [][]string {
	var out [][]string
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		for len(f) < want {
			f = append(f, "")
		}
		out = append(out, f)
	}
	return out
}

// Domains returns the 25 pilot domains in their official order.
func Domains() []Domain {
	var out []Domain
	for _, f := range rows(domainsTSV, 3) {
		n, err := strconv.Atoi(f[2])
		if err != nil {
			panic(fmt.Sprintf("refdata: domains.tsv: bad order %q", f[2]))
		}
		out = append(out, Domain{Code: f[0], Name: f[1], Order: n})
	}
	return out
}

// Channels returns the 13 national disclosure channels.
func Channels() []Channel {
	var out []Channel
	for _, f := range rows(channelsTSV, 3) {
		out = append(out, Channel{Code: f[0], Name: f[1], Kind: f[2]})
	}
	return out
}

// SubjectCategories returns the national subject classification.
func SubjectCategories() []SubjectCategory {
	var out []SubjectCategory
	for _, f := range rows(subjectsTSV, 3) {
		var subs []string
		for _, s := range strings.Split(f[2], ";") {
			if s = strings.TrimSpace(s); s != "" {
				subs = append(subs, s)
			}
		}
		out = append(out, SubjectCategory{Code: f[0], Name: f[1], Subcategories: subs})
	}
	return out
}
