package audit

import (
	"testing"
	"time"
)

func chain(n int) []Entry {
	prev := Genesis
	var out []Entry
	for i := 1; i <= n; i++ {
		e := Entry{ID: int64(i), At: Normalize(time.Date(2026, 11, 26, 8, 0, i, 123456789, time.UTC)), ActorID: 7, ActorLogin: "admin@610112", Action: "org.update", ObjectType: "org", ObjectID: "3", Detail: `{"name":"未央区"}`, PrevHash: prev}
		e.Hash = ComputeHash(e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(es []Entry) *Verifier {
	v := NewVerifier()
	for _, e := range es {
		v.Add(e)
	}
	return v
}

func TestChain(t *testing.T) {
	if v := verify(chain(5)); len(v.Problems) != 0 || v.Count != 5 {
		t.Fatalf("intact chain: %s", v.Report())
	}
	altered := chain(5)
	altered[2].Detail = `{"name":"灞桥区"}`
	if v := verify(altered); len(v.Problems) != 1 || v.Problems[0].ID != 3 {
		t.Fatalf("altered: %s", v.Report())
	}
	removed := chain(5)
	removed = append(removed[:2], removed[3:]...)
	if v := verify(removed); len(v.Problems) == 0 {
		t.Fatal("removed entry not detected")
	}
	// An inserted entry with a correct own hash still breaks its successor's link.
	ins := chain(5)
	fake := Entry{ID: 3, At: ins[2].At, Action: "x", PrevHash: ins[1].Hash}
	fake.Hash = ComputeHash(fake)
	withFake := append(append(append([]Entry{}, ins[:2]...), fake), ins[2:]...)
	if v := verify(withFake); len(v.Problems) == 0 {
		t.Fatal("inserted entry not detected")
	}
	// Removing the last entry cannot be seen from the chain alone; the store keeps a
	// head hash for that (see store.VerifyAudit).
}
