package catalog

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
)

// VersionState is where a catalog version is in its life: a unit edits a draft, files it with
// the supervising offices (备案), and it takes effect; a later effective version supersedes it.
// Every change of a catalog is a new version (动态调整), so old versions are never edited.
type VersionState string

// The states of a catalog version.
const (
	VersionDraft      VersionState = "draft"
	VersionFiled      VersionState = "filed"
	VersionEffective  VersionState = "effective"
	VersionSuperseded VersionState = "superseded"
)

// Label is the Chinese name shown to users.
func (s VersionState) Label() string {
	switch s {
	case VersionDraft:
		return "草稿"
	case VersionFiled:
		return "已备案"
	case VersionEffective:
		return "现行有效"
	case VersionSuperseded:
		return "已被替代"
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s VersionState) Valid() bool { return s.Label() != string(s) }

// Next returns the states a version in state s may move to.
//
// draft → filed: the unit submits the catalog for filing.
// filed → effective: the filing is acknowledged and the catalog applies.
// filed → draft: the supervising office returns the filing for revision.
// effective → superseded: a newer version took effect (the only way out of effective, so that
// a unit always has exactly one effective catalog per domain once it had one).
// superseded is final: history is not rewritten.
func (s VersionState) Next() []VersionState {
	switch s {
	case VersionDraft:
		return []VersionState{VersionFiled}
	case VersionFiled:
		return []VersionState{VersionEffective, VersionDraft}
	case VersionEffective:
		return []VersionState{VersionSuperseded}
	}
	return nil
}

// ErrIllegalTransition is matched (errors.Is) by every refused state change; the web layer maps
// it to 409 Conflict.
var ErrIllegalTransition = errors.New("catalog: illegal version state transition")

// TransitionError says which move was refused. Its message is meant for users.
type TransitionError struct {
	From, To VersionState
}

func (e *TransitionError) Error() string {
	if !e.From.Valid() || !e.To.Valid() {
		return "目录版本状态无效：“" + string(e.From) + "”→“" + string(e.To) + "”"
	}
	var allowed []string
	for _, s := range e.From.Next() {
		allowed = append(allowed, "“"+s.Label()+"”")
	}
	msg := "目录版本不能从“" + e.From.Label() + "”变为“" + e.To.Label() + "”"
	if len(allowed) > 0 {
		msg += "，只能变为" + strings.Join(allowed, "或")
	} else {
		msg += "，该状态不能再变更"
	}
	return msg
}

// Is makes errors.Is(err, ErrIllegalTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrIllegalTransition }

// Transition checks the move of a version from one state to another and returns a
// *TransitionError (matching ErrIllegalTransition) when the move is not allowed. Callers check
// it where the state is changed, in the same transaction, not only in the interface.
func Transition(from, to VersionState) error {
	for _, s := range from.Next() {
		if s == to {
			return nil
		}
	}
	return &TransitionError{From: from, To: to}
}

// NewKey returns a fresh entry Key: random, so it says nothing about the content and survives
// any edit.
func NewKey() string {
	var b [10]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// AssignKeys gives every entry of next that has no Key the Key of the entry of prev with the
// same (Item1, Item2), or a new one. It is how a version made from an uploaded spreadsheet,
// which carries no keys, stays comparable with the version before it. Each key of prev is used
// at most once; keys already set in next are kept.
func AssignKeys(prev, next []Entry) {
	used := map[string]bool{}
	for _, e := range next {
		if e.Key != "" {
			used[e.Key] = true
		}
	}
	byName := map[itemName][]string{}
	for _, e := range prev {
		if e.Key != "" && !used[e.Key] {
			n := nameOf(e)
			byName[n] = append(byName[n], e.Key)
		}
	}
	for i := range next {
		if next[i].Key != "" {
			continue
		}
		n := nameOf(next[i])
		if keys := byName[n]; len(keys) > 0 {
			next[i].Key, byName[n] = keys[0], keys[1:]
			continue
		}
		next[i].Key = NewKey()
	}
}
