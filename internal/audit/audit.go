// Package audit defines the append-only, hash-chained audit log: every change in the
// platform appends an Entry whose Hash covers its own content and the Hash of the entry
// before it, so that altering, inserting or removing an entry breaks the chain.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	ID         int64
	At         time.Time // truncated to microseconds, UTC: both databases keep that exactly
	ActorID    int64     // 0 for the system or an anonymous caller
	ActorLogin string
	IP         string
	Action     string // e.g. "org.create", "login.failed"
	ObjectType string
	ObjectID   string
	OrgID      int64 // the organisation whose subtree the change belongs to; 0 for platform-wide
	Detail     string
	PrevHash   string
	Hash       string
}

// Genesis is the PrevHash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Normalize prepares the time for hashing and storage.
func Normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ComputeHash hashes the entry's content with its PrevHash. Fields are length-prefixed
// so that no two different entries share an encoding.
func ComputeHash(e Entry) string {
	h := sha256.New()
	for _, f := range []string{
		e.PrevHash,
		strconv.FormatInt(e.ID, 10),
		Normalize(e.At).Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.ActorLogin, e.IP, e.Action, e.ObjectType, e.ObjectID,
		strconv.FormatInt(e.OrgID, 10), e.Detail,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem is one break in the chain.
type Problem struct {
	ID     int64
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("第%d条：%s", p.ID, p.Reason) }

// Verifier checks a chain entry by entry, in ID order, without holding it in memory.
type Verifier struct {
	prev     string
	lastID   int64
	Count    int
	Problems []Problem
}

// NewVerifier starts at the genesis.
func NewVerifier() *Verifier { return &Verifier{prev: Genesis} }

// Add checks the next entry.
func (v *Verifier) Add(e Entry) {
	v.Count++
	if v.lastID != 0 && e.ID != v.lastID+1 {
		v.Problems = append(v.Problems, Problem{e.ID, fmt.Sprintf("编号不连续（上一条为第%d条），可能有记录被删除或插入", v.lastID)})
	}
	if e.PrevHash != v.prev {
		v.Problems = append(v.Problems, Problem{e.ID, "前序哈希与上一条不符，链条断裂"})
	}
	if ComputeHash(e) != e.Hash {
		v.Problems = append(v.Problems, Problem{e.ID, "内容与哈希不符，记录被篡改"})
	}
	v.prev, v.lastID = e.Hash, e.ID
}

// Report summarises the verification in one line per problem.
func (v *Verifier) Report() string {
	if len(v.Problems) == 0 {
		return fmt.Sprintf("审计日志完整：共%d条，哈希链校验通过", v.Count)
	}
	lines := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("审计日志校验失败：共%d条，发现%d处问题\n%s", v.Count, len(v.Problems), strings.Join(lines, "\n"))
}

// Actor is who makes a change, and from where.
type Actor struct {
	PersonID int64
	Login    string
	IP       string
}

// System is the actor for changes the platform makes by itself (migrations, the demo,
// scheduled work, command-line tools).
func System(what string) Actor { return Actor{Login: "system:" + what} }

// Query selects audit entries.
type Query struct {
	OrgPath string // entries of organisations in this subtree; "" for all
	Action  string // prefix, e.g. "login."
	Before  int64  // entries with id < Before; 0 for the newest
	Limit   int
	// Exact is set when Action is a whole action rather than a prefix.
	Exact bool
	// ActorID, ObjectType and ObjectID narrow to one person and one object; From and To
	// (From ≤ At < To) to a period. Zero values select everything.
	ActorID    int64
	ObjectType string
	ObjectID   string
	From, To   time.Time
}
