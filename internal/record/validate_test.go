package record

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/timelimit"
)

func fieldList(fe []errs.FieldError) []string {
	var out []string
	for _, f := range fe {
		out = append(out, f.Field+":"+f.Message)
	}
	return out
}

func TestValidate(t *testing.T) {
	today := calendar.MustDate(2026, 10, 20)
	guide := ServiceGuide{ItemName: "最低生活保障审核确认", LegalBasis: "《社会救助暂行办法》",
		Conditions: "共同生活的家庭成员人均收入低于当地最低生活保障标准", Materials: "申请书、身份证明"}
	tests := []struct {
		name   string
		change func(*Record)
		want   []string // field:message prefixes, in order
	}{
		{"valid", func(*Record) {}, nil},
		{"no entry", func(r *Record) { r.EntryID = 0 }, []string{"entry_id:请选择所属的标准目录条目"}},
		{"bad kind", func(r *Record) { r.Kind = "memo" }, []string{"kind:请选择信息类别"}},
		{"no title", func(r *Record) { r.Title = "  " }, []string{"title:不能为空"}},
		{"title 200", func(r *Record) { r.Title = strings.Repeat("题", 200) }, nil},
		{"title 201", func(r *Record) { r.Title = strings.Repeat("题", 201) }, []string{"title:不能超过200字（现为201字）"}},
		{"summary too long", func(r *Record) { r.Summary = strings.Repeat("概", 1001) }, []string{"summary:不能超过1000字"}},
		{"no subject", func(r *Record) { r.Subject = "" }, []string{"subject:请选择主题分类"}},
		{"first level only", func(r *Record) { r.Subject = "17" }, nil},
		{"last first level", func(r *Record) { r.Subject = "22" }, nil},
		{"unknown first level", func(r *Record) { r.Subject = "23" }, []string{"subject:“23”不是国家主题分类中的代码"}},
		{"second level out of range", func(r *Record) { r.Subject = "17.8" }, []string{"subject:“17.8”"}},
		{"second level of 22 其他", func(r *Record) { r.Subject = "22.1" }, []string{"subject:"}},
		{"padded second level", func(r *Record) { r.Subject = "17.03" }, []string{"subject:"}},
		{"no issuer", func(r *Record) { r.Issuer = "" }, []string{"issuer:不能为空"}},
		{"no written date", func(r *Record) { r.WrittenOn = calendar.Date{} }, []string{"written_on:不能为空"}},
		{"written today", func(r *Record) { r.WrittenOn, r.FormedOn = today, today }, nil},
		{"written tomorrow", func(r *Record) { r.WrittenOn = today.AddDays(1) }, []string{"written_on:不能晚于今天（2026-10-20）"}},
		{"no doc number is fine", func(r *Record) { r.DocNo = "" }, nil},
		{"doc number with square brackets", func(r *Record) { r.DocNo = "陕政办发[2017]70号" }, nil},
		{"doc number without 号", func(r *Record) { r.DocNo = "陕政办发〔2017〕70" }, []string{"doc_no:文号格式应为"}},
		{"doc number from next year", func(r *Record) { r.DocNo = "陕政办发〔2027〕1号" }, []string{"doc_no:文号中的年份2027晚于今年"}},
		{"policy without validity", func(r *Record) { r.Validity = "" }, []string{"validity:政策文件须注明有效性"}},
		{"notice without validity", func(r *Record) { r.Kind, r.Validity = KindResult, "" }, nil},
		{"unknown validity", func(r *Record) { r.Validity = "valid" }, []string{"validity:应为"}},
		{"repealed without date", func(r *Record) { r.Validity = ValidityRepealed }, []string{"repealed_on:已废止的文件须填写废止日期"}},
		{"repealed with date", func(r *Record) { r.Validity, r.RepealedOn = ValidityRepealed, today }, nil},
		{"repealed before written", func(r *Record) {
			r.Validity, r.RepealedOn = ValidityRepealed, r.WrittenOn.AddDays(-1)
		}, []string{"repealed_on:不能早于成文日期"}},
		{"effective with repeal date", func(r *Record) { r.RepealedOn = today }, []string{"repealed_on:有效的文件不应填写废止日期"}},
		{"no openness", func(r *Record) { r.Openness = "" }, []string{"openness:请选择"}},
		{"not public without reason", func(r *Record) { r.Openness = OpenNotPublic }, []string{"openness_reason:不予公开的信息须写明理由和依据"}},
		{"not public with reason", func(r *Record) { r.Openness, r.OpennessReason = OpenNotPublic, "涉及国家秘密" }, nil},
		{"on request", func(r *Record) { r.Openness = OpenOnRequest }, nil},
		{"no formed date", func(r *Record) { r.FormedOn = calendar.Date{} }, []string{"formed_on:不能为空"}},
		{"formed in the future", func(r *Record) { r.FormedOn = today.AddDays(3) }, []string{"formed_on:不能晚于今天"}},
		{"interpretation without policy", func(r *Record) { r.Kind = KindInterpretation }, []string{"policy_id:政策解读须关联所解读的政策文件"}},
		{"interpretation of itself", func(r *Record) { r.Kind, r.ID, r.PolicyID = KindInterpretation, 5, 5 }, []string{"policy_id:不能关联自身"}},
		{"interpretation", func(r *Record) { r.Kind, r.PolicyID, r.Validity = KindInterpretation, 4, "" }, nil},
		{"publicity without period", func(r *Record) { r.Kind = KindPublicity }, []string{"publicity_period:公示公告须填写公示期"}},
		{"publicity 7 working days", func(r *Record) {
			r.Kind, r.Publicity = KindPublicity, timelimit.Span{N: 7, Unit: calendar.WorkingDays}
		}, nil},
		{"publicity too long", func(r *Record) {
			r.Kind, r.Publicity = KindPublicity, timelimit.Span{N: 400, Unit: calendar.CalendarDays}
		}, []string{"publicity_period:公示期应为1至366天"}},
		{"publicity without unit", func(r *Record) { r.Kind, r.Publicity = KindPublicity, timelimit.Span{N: 7} },
			[]string{"publicity_period:请选择按工作日或自然日计算"}},
		{"service guide complete", func(r *Record) { r.Kind, r.Guide = KindServiceGuide, guide }, nil},
		{"service guide empty: the four single-veto elements", func(r *Record) { r.Kind = KindServiceGuide }, []string{
			"guide.item_name:办事指南的必备要素，不能为空", "guide.legal_basis:办事指南的必备要素",
			"guide.conditions:办事指南的必备要素", "guide.materials:办事指南的必备要素"}},
		{"service guide without materials", func(r *Record) {
			r.Kind, r.Guide = KindServiceGuide, guide
			r.Guide.Materials = " "
		}, []string{"guide.materials:办事指南的必备要素，不能为空"}},
		{"service guide with online hall", func(r *Record) {
			r.Kind, r.Guide = KindServiceGuide, guide
			r.Guide.OnlineURL = "https://zwfw.shaanxi.gov.cn/"
		}, nil},
		{"service guide with bad link", func(r *Record) {
			r.Kind, r.Guide = KindServiceGuide, guide
			r.Guide.OnlineURL = "javascript:alert(1)"
		}, []string{"guide.online_url:应为以 http:// 或 https:// 开头的网址"}},
		{"amendment without change note", func(r *Record) { r.Revision, r.PublicRevision = 2, 1 }, []string{"change_note:修订已发布的信息须填写修订说明"}},
		{"amendment with change note", func(r *Record) { r.Revision, r.PublicRevision, r.ChangeNote = 2, 1, "更正错别字" }, nil},
		{"public revision needs no note", func(r *Record) { r.Revision, r.PublicRevision = 2, 2 }, nil},
		{"several problems in field order", func(r *Record) { r.Title, r.Issuer, r.FormedOn = "", "", calendar.Date{} },
			[]string{"title:不能为空", "issuer:不能为空", "formed_on:不能为空"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := validRecord()
			tc.change(&r)
			got := fieldList(r.Validate(today))
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Fatalf("error %d: got %q, want prefix %q", i, got[i], tc.want[i])
				}
			}
			for _, f := range r.Validate(today) {
				if f.Label == "" || f.Label == f.Field {
					t.Fatalf("field %s has no Chinese label", f.Field)
				}
			}
		})
	}
}

func TestSubjectLabel(t *testing.T) {
	for code, want := range map[string]string{
		"17":   "民政、扶贫、救灾",
		"17.3": `民政、扶贫、救灾\社会福利`,
		"01.1": `国务院组织机构\国务院`,
		"18.2": `民族、宗教\宗教事务`,
		"15.2": `劳动、人事、监察\社会保障`,
	} {
		got, ok := SubjectLabel(code)
		if !ok || got != want {
			t.Errorf("SubjectLabel(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
	for _, code := range []string{"", "1", "00", "17.", "17.0", "17.-1", "17.3.1", "18.3", "abc"} {
		if got, ok := SubjectLabel(code); ok {
			t.Errorf("SubjectLabel(%q) = %q, want not found", code, got)
		}
	}
}

func TestParseDocNo(t *testing.T) {
	ok := []struct{ in, want string }{
		{"陕政办发〔2017〕70号", "陕政办发〔2017〕70号"},
		{"陕政办发[2017]70号", "陕政办发〔2017〕70号"},
		{"陕政办发(2017)70号", "陕政办发〔2017〕70号"},
		{"陕政办发（2017）70号", "陕政办发〔2017〕70号"},
		{"陕政办发【2017】70号", "陕政办发〔2017〕70号"},
		{"陕政办发［2017］70号", "陕政办发〔2017〕70号"},
		{" 国办发 〔2016〕 19 号 ", "国办发〔2016〕19号"},
		{"国办发〔2016〕第19号", "国办发〔2016〕19号"},
		{"西政发〔2020〕007号", "西政发〔2020〕7号"},
		{"国办公开办函〔2021〕30号", "国办公开办函〔2021〕30号"},
		{"未政办函〔2026〕1号", "未政办函〔2026〕1号"},
	}
	for _, tc := range ok {
		d, err := ParseDocNo(tc.in)
		if err != nil {
			t.Errorf("ParseDocNo(%q): %v", tc.in, err)
			continue
		}
		if d.String() != tc.want {
			t.Errorf("ParseDocNo(%q) = %q, want %q", tc.in, d.String(), tc.want)
		}
	}
	d, _ := ParseDocNo("陕政办发〔2017〕70号")
	if d.Organ != "陕政办发" || d.Year != 2017 || d.Number != "70" {
		t.Errorf("parts: %+v", d)
	}
	for _, in := range []string{
		"", "70号", "〔2017〕70号", "陕政办发2017年70号", "陕政办发〔17〕70号", "陕政办发〔2017〕号",
		"陕政办发〔2017〕70", "陕政办发〔2017〕0号", "陕政办发〔1900〕3号", "ABC〔2017〕70号",
		"陕政〔2016〕1号〔2017〕70号", "陕政办发〔2017〕70号附件",
	} {
		if d, err := ParseDocNo(in); err == nil {
			t.Errorf("ParseDocNo(%q) = %+v, want error", in, d)
		} else if !errs.Is(err, errs.Invalid) {
			t.Errorf("ParseDocNo(%q): code %s", in, errs.Code(err))
		}
	}
}

func TestNormalizeAndInherit(t *testing.T) {
	r := Record{Kind: KindPublicity, Title: "  城乡低保对象公示 ", DocNo: " 未政办发[2026]12号", Guide: ServiceGuide{ItemName: " 低保 "}}
	r.Normalize()
	if r.Title != "城乡低保对象公示" || r.DocNo != "未政办发〔2026〕12号" || r.Guide.ItemName != "低保" {
		t.Fatalf("normalized: %+v", r)
	}
	r.DocNo = "文号待定"
	r.Normalize()
	if r.DocNo != "文号待定" {
		t.Fatalf("an unreadable doc number must be kept as typed for Validate to report, got %q", r.DocNo)
	}

	e := catalog.Entry{ID: 9, Key: "abc", TimeLimitText: "10个工作日内，公示7个工作日",
		Channels: []string{"website", "bulletin_board"}, AudienceGroup: true, Stages: []catalog.Stage{catalog.StageResult}}
	r.Inherit(e)
	if r.EntryID != 9 || r.EntryKey != "abc" || r.TimeLimitText != e.TimeLimitText || !r.AudienceGroup || r.AudiencePublic ||
		len(r.Channels) != 2 || len(r.Stages) != 1 || r.Publicity != (timelimit.Span{N: 7, Unit: calendar.WorkingDays}) {
		t.Fatalf("inherited: %+v", r)
	}
	e.Channels[0] = "changed"
	if r.Channels[0] != "website" {
		t.Fatal("Inherit shares the entry's slice")
	}
	// A record's own period wins; other kinds take none.
	own := Record{Kind: KindPublicity, Publicity: timelimit.Span{N: 5, Unit: calendar.CalendarDays}}
	own.Inherit(e)
	policy := Record{Kind: KindPolicy}
	policy.Inherit(e)
	if own.Publicity.N != 5 || !policy.Publicity.IsZero() {
		t.Fatalf("own %v, policy %v", own.Publicity, policy.Publicity)
	}
}

func TestLabels(t *testing.T) {
	for _, k := range Kinds() {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("kind %s", k)
		}
	}
	for _, s := range States() {
		if !s.Valid() || s.Label() == string(s) {
			t.Errorf("state %s", s)
		}
		if s.Public() != (s == StatePublished) {
			t.Errorf("state %s public = %v", s, s.Public())
		}
	}
	for _, a := range Actions() {
		if !a.Valid() || a.Label() == string(a) {
			t.Errorf("action %s", a)
		}
	}
	if StateNew.Valid() || Kind("x").Valid() || Validity("").Valid() || Openness("").Valid() || ActionKind("x").Valid() {
		t.Error("unknown values reported valid")
	}
	if !OpenProactive.ShowsBody() || OpenOnRequest.ShowsBody() || OpenNotPublic.ShowsBody() {
		t.Error("ShowsBody")
	}
}

// TestBounds: every text field has a length limit and every date a range, checked on every
// save (Bounds) and at submission (Validate), each with the field's Chinese label.
func TestBounds(t *testing.T) {
	today := calendar.MustDate(2026, 10, 20)
	over := func(n int) string { return strings.Repeat("字", n+1) }
	tests := []struct {
		name   string
		change func(*Record)
		want   []string // field:message prefixes, in form order
	}{
		{"within bounds", func(*Record) {}, nil},
		{"title", func(r *Record) { r.Title = over(MaxTitleLen) }, []string{"title:不能超过200字（现为201字）"}},
		{"summary", func(r *Record) { r.Summary = over(MaxSummaryLen) }, []string{"summary:不能超过1000字"}},
		{"body", func(r *Record) { r.BodyHTML = over(MaxBodyLen) }, []string{"body_html:不能超过500000字（现为500001字）"}},
		{"body at the limit", func(r *Record) { r.BodyHTML = strings.Repeat("字", MaxBodyLen) }, nil},
		{"subject", func(r *Record) { r.Subject = over(MaxShortLen) }, []string{"subject:不能超过100字"}},
		{"issuer", func(r *Record) { r.Issuer = over(MaxShortLen) }, []string{"issuer:不能超过100字"}},
		{"doc number", func(r *Record) { r.DocNo = over(MaxShortLen) }, []string{"doc_no:不能超过100字"}},
		{"openness reason", func(r *Record) { r.OpennessReason = over(MaxNoteLen) }, []string{"openness_reason:不能超过1000字"}},
		{"change note", func(r *Record) { r.ChangeNote = over(MaxNoteLen) }, []string{"change_note:不能超过1000字"}},
		{"every guide element", func(r *Record) {
			g := &r.Guide
			for _, p := range []*string{&g.ItemName, &g.LegalBasis, &g.Conditions, &g.Materials, &g.Procedure, &g.TimeLimit,
				&g.Place, &g.Hours, &g.Fees, &g.ConsultPhone, &g.SupervisePhone} {
				*p = over(MaxGuideLen)
			}
			g.OnlineURL = "https://zwfw.shaanxi.gov.cn/" + strings.Repeat("a", MaxURLLen)
		}, []string{"guide.item_name:不能超过10000字", "guide.legal_basis:", "guide.conditions:", "guide.materials:", "guide.procedure:",
			"guide.time_limit:", "guide.place:", "guide.hours:", "guide.fees:", "guide.consult_phone:", "guide.supervise_phone:",
			"guide.online_url:不能超过2000字"}},
		{"formed on 0001-01-01", func(r *Record) { r.FormedOn = calendar.MustDate(1, 1, 1) },
			[]string{"formed_on:不能早于1949-10-01（现为0001-01-01）"}},
		{"written the day before 1949-10-01", func(r *Record) { r.WrittenOn = calendar.MustDate(1949, 9, 30) }, []string{"written_on:不能早于1949-10-01"}},
		{"written on 1949-10-01", func(r *Record) { r.WrittenOn = EarliestDate }, nil},
		{"written in 9999", func(r *Record) { r.WrittenOn = calendar.MustDate(9999, 12, 31) }, []string{"written_on:不能晚于今天（2026-10-20）"}},
		{"formed tomorrow", func(r *Record) { r.FormedOn = today.AddDays(1) }, []string{"formed_on:不能晚于今天"}},
		{"repealed in 1900", func(r *Record) { r.RepealedOn = calendar.MustDate(1900, 1, 1) }, []string{"repealed_on:不能早于1949-10-01"}},
		{"repealed next year", func(r *Record) { r.RepealedOn = today.AddDays(365) }, []string{"repealed_on:不能晚于今天"}},
		{"negative policy", func(r *Record) { r.PolicyID = -1 }, []string{"policy_id:编号无效"}},
		{"several, in form order", func(r *Record) {
			r.ChangeNote, r.Title, r.FormedOn = over(MaxNoteLen), over(MaxTitleLen), calendar.MustDate(1, 1, 1)
		},
			[]string{"title:", "formed_on:", "change_note:"}},
	}
	check := func(t *testing.T, got []errs.FieldError, want []string) {
		t.Helper()
		list := fieldList(got)
		if len(list) != len(want) {
			t.Fatalf("got %q, want %q", list, want)
		}
		for i := range list {
			if !strings.HasPrefix(list[i], want[i]) {
				t.Fatalf("error %d: got %q, want prefix %q", i, list[i], want[i])
			}
			if got[i].Label == "" || got[i].Label == got[i].Field {
				t.Fatalf("field %s has no Chinese label", got[i].Field)
			}
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A draft: nothing else is filled in, yet the bounds hold.
			draft := Record{Kind: KindOther, State: StateDraft, Revision: 1}
			tc.change(&draft)
			check(t, draft.Bounds(today), tc.want)
			// At submission, Validate reports the same problems.
			r := validRecord()
			r.Kind, r.Validity = KindOther, ""
			tc.change(&r)
			check(t, r.Validate(today), tc.want)
		})
	}
}

// TestValidateColumnKinds: a record of the 专栏 needs no catalog entry and no 形成日期, and an
// annual report names the year it reports on.
func TestValidateColumnKinds(t *testing.T) {
	today := calendar.MustParseDate("2026-03-02")
	base := Record{Title: "政府信息公开指南", Subject: "02.1", Issuer: "西安市未央区人民政府", WrittenOn: today, Openness: OpenProactive, BodyHTML: "<p>正文</p>"}
	for _, tc := range []struct {
		name  string
		kind  Kind
		year  int
		field string
	}{
		{"guide", KindInfoGuide, 0, ""},
		{"rules", KindInfoRules, 0, ""},
		{"report", KindAnnualReport, 2025, ""},
		{"report without year", KindAnnualReport, 0, FieldWrittenOn},
		{"report of next year", KindAnnualReport, 2027, FieldWrittenOn},
		{"policy without entry", KindPolicy, 0, FieldEntry},
	} {
		r := base
		r.Kind, r.ReportYear = tc.kind, tc.year
		fe := r.Validate(today)
		got := ""
		for _, f := range fe {
			if f.Field == tc.field || tc.field == "" {
				got = f.Field
			}
		}
		if got != tc.field {
			t.Errorf("%s: errors %v, want one on %q", tc.name, fe, tc.field)
		}
	}
	if !KindInfoGuide.Column() || KindPolicy.Column() || !KindAnnualReport.Valid() || KindAnnualReport.Label() != "政府信息公开工作年度报告" {
		t.Error("column kinds")
	}
}
