package pii

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// id18 builds a valid 18-digit ID with its computed check character.
func id18(area, birth, seq string) string {
	s := area + birth + seq
	return s + string(IDCheckChar(s))
}

// badCheck returns id with a wrong check character that also fails Luhn, so
// that the number is no finding of any kind.
func badCheck(t testing.TB, id string) string {
	for _, c := range "0123456789X" {
		s := id[:17] + string(c)
		if s != id && !Luhn(s) {
			return s
		}
	}
	t.Fatalf("no wrong check character for %s", id)
	return ""
}

// id18NoLuhn builds an ID whose order number makes the whole number fail
// Luhn, so that when the ID is rejected it is not taken for a card either.
func id18NoLuhn(area, birth string) string {
	for seq := 100; ; seq++ {
		if s := id18(area, birth, itoa(seq)); !Luhn(s) {
			return s
		}
	}
}

// luhnComplete appends the Luhn check digit to prefix.
func luhnComplete(prefix string) string {
	for d := '0'; d <= '9'; d++ {
		if s := prefix + string(d); Luhn(s) {
			return s
		}
	}
	panic("unreachable")
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

func TestIDCheckChar(t *testing.T) {
	// Published examples of GB 11643.
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		if got := IDCheckChar(id[:17]); got != id[17] {
			t.Errorf("IDCheckChar(%s) = %c, want %c", id[:17], got, id[17])
		}
	}
	if IDCheckChar("1234") != 0 || IDCheckChar("1101051949123100A") != 0 {
		t.Error("IDCheckChar accepted bad input")
	}
}

func TestLuhn(t *testing.T) {
	if !Luhn("4111111111111111") || Luhn("4111111111111112") || Luhn("") || Luhn("41x1") {
		t.Fatal("Luhn wrong")
	}
}

type want struct {
	kind  Kind
	value string
}

func TestFind(t *testing.T) {
	id := id18("610112", "19900101", "123")
	idX := ""
	// Find an order number that ends in X.
	for seq := 100; seq < 999 && idX == ""; seq++ {
		if s := id18("110105", "19491231", itoa(seq)); s[17] == 'X' {
			idX = s
		}
	}
	idLuhn := "" // a valid ID that also passes Luhn must stay an ID
	for seq := 100; seq < 999 && idLuhn == ""; seq++ {
		if s := id18("320102", "19851111", itoa(seq)); Luhn(s) {
			idLuhn = s
		}
	}
	card16 := luhnComplete("622202123456789")
	card19 := luhnComplete("622202123456789012")
	cardBad := card16[:15] + string('0'+(card16[15]-'0'+1)%10)
	card19Grouped := card19[0:4] + " " + card19[4:8] + " " + card19[8:12] + " " + card19[12:16] + " " + card19[16:]
	uscc := ""
	for n := 100000000; n < 100100000 && uscc == ""; n++ {
		// 9 (market regulation) 1 (company) 610000 (area) + 9-digit code.
		s := "91610000" + itoa(n)
		for _, c := range "0123456789" {
			if validUSCC(s+string(c)) && Luhn(s+string(c)) {
				uscc = s + string(c)
			}
		}
	}
	if uscc == "" {
		t.Fatal("no numeric USCC passing Luhn generated")
	}

	tests := []struct {
		name string
		text string
		want []want
	}{
		{"id18", "身份证号：" + id + "，住址", []want{{ID18, id}}},
		{"id18 lower x", "证件 " + strings.ToLower(idX), []want{{ID18, strings.ToLower(idX)}}},
		{"id18 full-width", "身份证" + toFullWidth(id), []want{{ID18, toFullWidth(id)}}},
		{"id18 grouped", "610112 19900101 " + id[14:], []want{{ID18, "610112 19900101 " + id[14:]}}},
		{"id18 also luhn", idLuhn, []want{{ID18, idLuhn}}},
		{"id18 wrong check", "身份证号" + badCheck(t, id), nil},
		{"id18 wrong check X", badCheck(t, idX), nil},
		{"id18 bad province", id18("991234", "19900101", "123"), nil},
		{"id18 prefecture 00", id18("610012", "19900101", "123"), nil},
		{"id18 born in future", id18NoLuhn("610112", "29990101"), nil},
		{"id18 born 1899", id18NoLuhn("610112", "18991231"), nil},
		{"id18 no 30 February", id18NoLuhn("610112", "19900230"), nil},
		{"id18 HK residence permit", id18("810000", "19900101", "123"), []want{{ID18, id18("810000", "19900101", "123")}}},
		{"id18 inside longer digits", "1" + id, nil},
		{"id18 after letters", "NO" + id, nil},
		{"id18 before letters", id + "AB", nil},
		{"id15", "旧证 610112900101123 作废", []want{{ID15, "610112900101123"}}},
		{"id15 bad date", "610112901301123", nil},
		{"mobile", "联系电话13812345678。", []want{{Mobile, "13812345678"}}},
		{"mobile spaces", "电话 138 1234 5678", []want{{Mobile, "138 1234 5678"}}},
		{"mobile hyphens", "电话:138-1234-5678", []want{{Mobile, "138-1234-5678"}}},
		{"mobile full-width", "电话１３８１２３４５６７８", []want{{Mobile, "１３８１２３４５６７８"}}},
		{"mobile +86", "+8613812345678", []want{{Mobile, "13812345678"}}},
		{"mobile +86 spaced", "+86 138 1234 5678", []want{{Mobile, "138 1234 5678"}}},
		{"mobile after count", "共 3 人 13812345678", []want{{Mobile, "13812345678"}}},
		{"mobile end of sentence", "请拨打13812345678.", []want{{Mobile, "13812345678"}}},
		{"mobile second digit 2", "12812345678", nil},
		{"mobile 12 digits", "138123456789", nil},
		{"mobile 10 digits", "1381234567", nil},
		{"mobile odd grouping", "1381 234 5678", nil},
		{"mobile two spaces", "138  1234 5678", nil},
		{"decimal", "金额 13812345678.50 元", nil},
		{"decimal before", "0.13812345678", nil},
		{"card 16", "卡号" + card16, []want{{BankCard, card16}}},
		{"card 19 grouped", "卡号 " + card19Grouped + " 开户行", []want{{BankCard, card19Grouped}}},
		{"card hyphens", card16[:4] + "-" + card16[4:8] + "-" + card16[8:12] + "-" + card16[12:], []want{{BankCard, card16[:4] + "-" + card16[4:8] + "-" + card16[8:12] + "-" + card16[12:]}}},
		{"card luhn invalid", cardBad, nil},
		{"card leading 1", luhnComplete("123456789012345"), nil},
		{"uscc is no card", "统一社会信用代码" + uscc, nil},
		{"index number", "索引号：11610000016000365Q/2017-00123", nil},
		{"date", "2017-01-01 2024-12-31", nil},
		{"landline", "029-87654321", nil},
		{"masked id", "610112********1234", nil},
		{"masked mobile", "138****5678", nil},
		{"masked card", "**** **** **** 1234", nil},
		{"two findings", id + " " + "13812345678", []want{{ID18, id}, {Mobile, "13812345678"}}},
		{"table row", "1\t张三\t" + id + "\t13912345678\t500", []want{{ID18, id}, {Mobile, "13912345678"}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %+v, want %v", tt.text, got, tt.want)
			}
			for i, f := range got {
				w := tt.want[i]
				if f.Kind != w.kind || f.Value != w.value {
					t.Errorf("finding %d = %v %q, want %v %q", i, f.Kind, f.Value, w.kind, w.value)
				}
				if tt.text[f.Start:f.End] != f.Value {
					t.Errorf("offsets %d:%d give %q, not %q", f.Start, f.End, tt.text[f.Start:f.End], f.Value)
				}
				if f.Label != f.Kind.Label() || f.Label == "" {
					t.Errorf("label %q", f.Label)
				}
				if utf8.RuneCountInString(f.Masked) != utf8.RuneCountInString(f.Value) {
					t.Errorf("masked %q has another length than %q", f.Masked, f.Value)
				}
			}
		})
	}
}

func TestFindDigits(t *testing.T) {
	id := id18("610112", "19900101", "123")
	f := Find("身份证" + toFullWidth(id))
	if len(f) != 1 || f[0].Digits != id {
		t.Fatalf("Digits = %+v, want %s", f, id)
	}
}

func TestMask(t *testing.T) {
	id := id18("610112", "19900101", "123")
	card19 := luhnComplete("622202123456789012")
	grouped := card19[0:4] + " " + card19[4:8] + " " + card19[8:12] + " " + card19[12:16] + " " + card19[16:]
	def := DefaultPolicy()
	tests := []struct {
		name string
		text string
		p    Policy
		want string
	}{
		{"id", "身份证号" + id + "。", def, "身份证号610112********" + id[14:] + "。"},
		{"id15", "610112900101123", def, "610112*****1123"},
		{"mobile", "电话13812345678", def, "电话138****5678"},
		{"mobile grouped", "138 1234 5678", def, "138 **** 5678"},
		{"mobile full-width", "１３８１２３４５６７８", def, "１３８****５６７８"},
		{"card", grouped, def, "**** **** **** ***" + card19[15:16] + " " + card19[16:]},
		{"custom", "13812345678 " + id, Policy{ID: Rule{1, 1}, Mobile: Rule{0, 0}, BankCard: Rule{0, 0}, MaskChar: '●'},
			strings.Repeat("●", 11) + " 6" + strings.Repeat("●", 16) + id[17:]},
		{"invalid policy uses default", "13812345678", Policy{Mobile: Rule{11, 0}, MaskChar: '1'}, "138****5678"},
		{"nothing", "无个人信息 12345", def, "无个人信息 12345"},
		{"already masked", "610112********1234", def, "610112********1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mask(tt.text, tt.p)
			if got != tt.want {
				t.Fatalf("Mask(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if utf8.RuneCountInString(got) != utf8.RuneCountInString(tt.text) {
				t.Errorf("rune count changed")
			}
		})
	}
}

// TestMaskExposesNewCandidate covers the case that makes Mask repeat: the
// kept end of an ID, joined by spaces to the groups of four after it, reads
// as a card number once the middle of the ID is hidden.
func TestMaskExposesNewCandidate(t *testing.T) {
	id := id18("610112", "19900101", "512")
	rest := luhnComplete(id[14:] + "56789012345")[4:]
	text := id + " " + rest[0:4] + " " + rest[4:8] + " " + rest[8:]
	if fs := Find(text); len(fs) != 1 || fs[0].Kind != ID18 {
		t.Fatalf("Find(%q) = %+v, want the ID only", text, fs)
	}
	once, err := MaskFindings(text, Find(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(Find(once)) == 0 {
		t.Fatalf("expected one pass to expose a new candidate in %q", once)
	}
	got := Mask(text, DefaultPolicy())
	if fs := Find(got); len(fs) != 0 {
		t.Fatalf("Mask(%q) = %q still has %+v", text, got, fs)
	}
}

func TestMaskFindingsMismatch(t *testing.T) {
	text := "电话13812345678"
	fs := Find(text)
	if _, err := MaskFindings("电话13912345678", fs); err == nil {
		t.Fatal("findings of another text were accepted")
	}
	fs[0].Masked = "*"
	if _, err := MaskFindings(text, fs); err == nil {
		t.Fatal("a mask of another length was accepted")
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []Policy{
		{ID: Rule{6, 6}, Mobile: Rule{3, 4}, BankCard: Rule{0, 4}, MaskChar: '*'},
		{ID: Rule{6, 4}, Mobile: Rule{4, 4}, BankCard: Rule{0, 4}, MaskChar: '*'},
		{ID: Rule{6, 4}, Mobile: Rule{3, 4}, BankCard: Rule{-1, 4}, MaskChar: '*'},
		{ID: Rule{6, 4}, Mobile: Rule{3, 4}, BankCard: Rule{0, 4}, MaskChar: '0'},
		{ID: Rule{6, 4}, Mobile: Rule{3, 4}, BankCard: Rule{0, 4}, MaskChar: '<'},
		{ID: Rule{6, 4}, Mobile: Rule{3, 4}, BankCard: Rule{0, 4}, MaskChar: '-'},
	}
	for _, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil", p)
		} else if !strings.Contains(err.Error(), "脱敏规则") {
			t.Errorf("error not in Chinese: %v", err)
		}
	}
}

func FuzzMask(f *testing.F) {
	id := id18("610112", "19900101", "123")
	for _, s := range []string{
		"", id, "13812 " + id, "138 1234 5678", "１３８１２３４５６７８", "+8613812345678",
		luhnComplete("622202123456789012"), "身份证号" + strings.ToLower(id18("110105", "19491231", "002")),
		"6222 0212 3456 7890 123", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9", "\xff\xfe13812345678",
		id + " " + id + "-" + id, "0.13812345678", "610112 19900101 1234",
		// Evasions: invisible and formatting characters, other digits and dashes.
		"138\u200b1234\u200b5678", "1\u00ad3\u00ad8\u00ad12345678", "\u202e13812345678\u202c",
		"６１０１１２\u2060１９９００１０１\ufeff１２３４", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "138\u20121234\u20135678",
		"1\u03323\u03328\u033212345678", "1\ufe0f38 1234 5678\u200d", "\u200b\u200b\u200b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m := Mask(text, DefaultPolicy())
		if utf8.RuneCountInString(m) != utf8.RuneCountInString(text) {
			t.Fatalf("rune count %d -> %d", utf8.RuneCountInString(text), utf8.RuneCountInString(m))
		}
		if fs := Find(m); len(fs) != 0 {
			t.Fatalf("Mask(%q) = %q still has %+v", text, m, fs)
		}
		if len(Find(text)) == 0 && m != text {
			t.Fatalf("text without findings changed: %q -> %q", text, m)
		}
	})
}

// TestSegmentsChangeNothing: scanning a long text in segments finds exactly
// what one scan of the whole text finds.
func TestSegmentsChangeNothing(t *testing.T) {
	id := id18("610112", "19900101", "123")
	pieces := []string{id, "13812345678", "138 1234 5678", "。", "，", "\n", " ", "-", "中文", "1.5", "+86", "+8613912345678", "X", "a", "6222 0212 3456 7890 123"}
	var b strings.Builder
	for i := 0; b.Len() < 40000; i++ {
		b.WriteString(pieces[(i*7+i/3)%len(pieces)])
	}
	text := b.String()
	now := time.Now()
	whole := newScanner(text, now).find(DefaultPolicy())
	parts := findAll(text, now, DefaultPolicy())
	if len(whole) < 100 || len(whole) != len(parts) {
		t.Fatalf("whole text: %d findings, in segments: %d", len(whole), len(parts))
	}
	for i := range whole {
		if whole[i] != parts[i] {
			t.Fatalf("finding %d: %+v vs %+v", i, whole[i], parts[i])
		}
	}
}

// Numbers hidden from a machine by characters a reader does not see, or by
// digits and dashes of another style, are found; the finding's offsets and
// Value are the original bytes, Normalized what a reviewer should read, and
// masking hides exactly the digits, leaving the other characters in place.
func TestFindNormalised(t *testing.T) {
	id := id18("610112", "19900101", "123")
	cases := []struct {
		text, normalized, masked string
	}{
		{"电话138\u200b1234\u200b5678。", "13812345678", "138\u200b****\u200b5678"},                        // zero-width space
		{"电话1\u00ad3\u00ad8\u00ad1234\u00ad5678", "13812345678", "1\u00ad3\u00ad8\u00ad****\u00ad5678"}, // soft hyphens
		{"\u202e13812345678\u202c", "13812345678", "138****5678"},                                       // bidi override
		{"\u200e13812345678", "13812345678", "138****5678"},                                             // left-to-right mark
		{"身份证" + id[:6] + "\u2060" + id[6:14] + "\ufeff" + id[14:], id, id[:6] + "\u2060********\ufeff" + id[14:]},
		{"１３８１２３４５６７８", "13812345678", "１３８****５６７８"},                                                 // full-width digits
		{"𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "13812345678", "𝟏𝟑𝟖****𝟓𝟔𝟕𝟖"},                                                 // mathematical digits
		{"138\u20121234\u20135678", "138\u20121234\u20135678", "138\u2012****\u20135678"},             // figure dash, en dash
		{"138\u20091234\u20095678", "138\u20091234\u20095678", "138\u2009****\u20095678"},             // thin spaces
		{"1\u03323\u03328\u03321\u03322345678", "13812345678", "1\u03323\u03328\u0332*\u0332***5678"}, // combining underline
	}
	for _, c := range cases {
		fs := Find(c.text)
		if len(fs) != 1 {
			t.Errorf("%q: %d findings %+v", c.text, len(fs), fs)
			continue
		}
		f := fs[0]
		if c.text[f.Start:f.End] != f.Value || f.Normalized != c.normalized || f.Masked != c.masked {
			t.Errorf("%q: value %q normalized %q masked %q, want %q and %q", c.text, f.Value, f.Normalized, f.Masked, c.normalized, c.masked)
		}
		m := Mask(c.text, DefaultPolicy())
		if !strings.Contains(m, c.masked) || len(Find(m)) != 0 || utf8.RuneCountInString(m) != utf8.RuneCountInString(c.text) {
			t.Errorf("Mask(%q) = %q", c.text, m)
		}
		if got, err := MaskFindings(c.text, fs); err != nil || got != m {
			t.Errorf("MaskFindings(%q) = %q, %v; Mask gives %q", c.text, got, err, m)
		}
	}
	// Invisible characters do not glue a number to a word either.
	for _, s := range []string{"abc\u200b13812345678", "13812345678\u200bx", "١٣٨١٢٣٤٥٦٧٨", "①13812345678"} {
		if fs := Find(s); len(fs) != 0 && s != "①13812345678" {
			t.Errorf("%q: %+v", s, fs)
		}
	}
	// A circled number is an enumerator, not a digit: ①13812345678 is item 1.
	if fs := Find("①13812345678"); len(fs) != 1 || fs[0].Digits != "13812345678" {
		t.Errorf("①13812345678: %+v", fs)
	}
}

func TestFindHTMLNormalised(t *testing.T) {
	src := "<p>联系电话 138&#8203;1234<span>\u200b</span>5678</p>"
	fs := FindHTML(src)
	if len(fs) != 1 || fs[0].Normalized != "13812345678" {
		t.Fatalf("%+v", fs)
	}
	m, err := MaskHTML(src, DefaultPolicy())
	if err != nil || len(FindHTML(m)) != 0 || !strings.Contains(m, "138") || strings.Contains(m, "1234") {
		t.Errorf("MaskHTML = %q, %v", m, err)
	}
}

func TestFindAcross(t *testing.T) {
	id := id18("610112", "19850315", "201")
	card := luhnComplete("622202123456789012")
	cases := []struct {
		pieces []string
		want   []string // "first-last kind digits"
	}{
		{[]string{"张三", id[:10], id[10:], "3"}, []string{"1-2 ID18 " + id}},
		{[]string{"138", "1234", "5678"}, []string{"0-2 Mobile 13812345678"}},
		{[]string{" 138 ", "12345678"}, []string{"0-1 Mobile 13812345678"}},
		{[]string{card[:8], card[8:]}, []string{"0-1 BankCard " + card}},
		{[]string{"1", id[:9], id[9:]}, []string{"1-2 ID18 " + id}}, // the row number is not part of it
		{[]string{"138\u200b", "1234", "5678"}, []string{"0-2 Mobile 13812345678"}},
		{[]string{"13812345678", "5"}, nil},   // a whole number in one cell is Find's
		{[]string{"2026", "12", "07"}, nil},   // a date in three cells
		{[]string{"3", "1500", "4500"}, nil},  // counts and amounts
		{[]string{"138", "", "1234"}, nil},    // an empty cell ends the run
		{[]string{"138", "12a", "5678"}, nil}, // so does text
		{[]string{"029", "86781234"}, nil},    // a landline
	}
	for _, c := range cases {
		var got []string
		for _, a := range FindAcross(c.pieces) {
			got = append(got, itoa(a.First)+"-"+itoa(a.Last)+" "+a.Finding.Kind.String()+" "+a.Finding.Digits)
			if m := Mask(a.Joined, DefaultPolicy()); len(Find(m)) != 0 || m == a.Joined {
				t.Errorf("%q: joined %q masks to %q", c.pieces, a.Joined, m)
			}
		}
		if strings.Join(got, ";") != strings.Join(c.want, ";") {
			t.Errorf("%q: %v, want %v", c.pieces, got, c.want)
		}
	}
}

// FuzzFindAcross: cells given as text split at '|'. Whatever they hold, each reported number
// spans two or more adjacent pieces, is exactly one finding of their joined text, and masking
// the joined text hides it.
func FuzzFindAcross(f *testing.F) {
	id := id18("610112", "19850315", "201")
	for _, s := range []string{id[:10] + "|" + id[10:], "138|1234|5678", "1|" + id[:9] + "|" + id[9:], "138\u200b|1234|5678",
		"１３８|１２３４|５６７８", "2026|12|07", "138||1234", " 138 |12345678", "X|138|12345678X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pieces := strings.Split(s, "|")
		for _, a := range FindAcross(pieces) {
			if a.First < 0 || a.Last <= a.First || a.Last >= len(pieces) {
				t.Fatalf("span %d-%d of %d pieces", a.First, a.Last, len(pieces))
			}
			var b strings.Builder
			for _, p := range pieces[a.First : a.Last+1] {
				b.WriteString(strings.TrimFunc(p, unicode.IsSpace))
			}
			if b.String() != a.Joined || a.Joined[a.Finding.Start:a.Finding.End] != a.Finding.Value {
				t.Fatalf("%q: joined %q, finding %+v", pieces, a.Joined, a.Finding)
			}
			if m := Mask(a.Joined, DefaultPolicy()); len(Find(m)) != 0 || m == a.Joined {
				t.Fatalf("%q masks to %q", a.Joined, m)
			}
		}
	})
}
