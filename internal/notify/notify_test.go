package notify

import (
	"strings"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

func TestValidate(t *testing.T) {
	ok := Notification{Recipient: ToPerson(3), Kind: "due_soon", Subject: "obligation:1", Text: "工作方案将于12月9日到期", Link: "/admin/orgs/610112/campaigns"}
	for _, tc := range []struct {
		name  string
		edit  func(*Notification)
		field string
	}{
		{"valid", func(*Notification) {}, ""},
		{"to a role", func(n *Notification) { n.Recipient = ToRole(5, org.RoleUnitAdmin) }, ""},
		{"no recipient", func(n *Notification) { n.Recipient = Recipient{} }, "recipient"},
		{"person and role", func(n *Notification) { n.Recipient.OrgID, n.Recipient.Role = 5, org.RoleEditor }, "recipient"},
		{"unknown role", func(n *Notification) { n.Recipient = ToRole(5, "boss") }, "recipient"},
		{"bad kind", func(n *Notification) { n.Kind = "Due Soon" }, "kind"},
		{"no subject", func(n *Notification) { n.Subject = "" }, "subject"},
		{"control in subject", func(n *Notification) { n.Subject = "a\nb" }, "subject"},
		{"empty text", func(n *Notification) { n.Text = "  " }, "text"},
		{"long text", func(n *Notification) { n.Text = strings.Repeat("字", MaxText+1) }, "text"},
		{"absolute link", func(n *Notification) { n.Link = "https://example.com/" }, "link"},
		{"protocol-relative link", func(n *Notification) { n.Link = "//example.com/" }, "link"},
		{"no link", func(n *Notification) { n.Link = "" }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := ok
			tc.edit(&n)
			err := n.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, isE := err.(*errs.Error)
			if !isE || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
		})
	}
}

func TestRecipient(t *testing.T) {
	grants := []org.Grant{{OrgID: 5, Role: org.RoleUnitAdmin}, {OrgID: 7, Role: org.RoleEditor}}
	for _, tc := range []struct {
		r    Recipient
		key  string
		hits bool
	}{
		{ToPerson(3), "p:3", true},
		{ToPerson(4), "p:4", false},
		{ToRole(5, org.RoleUnitAdmin), "o:5:unit_admin", true},
		{ToRole(5, org.RoleEditor), "o:5:editor", false},
		{ToRole(1, org.RoleUnitAdmin), "o:1:unit_admin", false}, // an ancestor's role is not enough
	} {
		if got := tc.r.Key(); got != tc.key {
			t.Errorf("key %q, want %q", got, tc.key)
		}
		if got := tc.r.Reaches(3, grants); got != tc.hits {
			t.Errorf("%s reaches person 3: %v", tc.key, got)
		}
	}
}

func TestKindLabel(t *testing.T) {
	RegisterKind("test.kind", "测试")
	if Kind("test.kind").Label() != "测试" || Kind("nobody").Label() != "通知" {
		t.Fatal("labels")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a second registration must panic")
		}
	}()
	RegisterKind("test.kind", "again")
}
