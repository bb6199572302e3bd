package request

import (
	"strings"
	"testing"
)

func TestTable3FromKnownCases(t *testing.T) {
	cases := []Case{
		// carried over from 2024, answered in 2025
		{Kind: ApplicantPerson, Received: d("2024-12-20"), Closed: d("2025-01-10"), Result: ReplyOpen},
		// carried over from 2024, still open: carried to 2026
		{Kind: ApplicantBusiness, Received: d("2024-12-30")},
		// closed in 2024: not in the 2025 report
		{Kind: ApplicantPerson, Received: d("2024-11-01"), Closed: d("2024-11-20"), Result: ReplyOpen},
		// new in 2025
		{Kind: ApplicantPerson, Received: d("2025-02-01"), Closed: d("2025-03-01"), Result: ReplyWithheld, Reason: 4},
		{Kind: ApplicantPerson, Received: d("2025-03-01"), Closed: d("2025-03-20"), Result: ReplyOther, Reason: OtherLapsedCorrection},
		{Kind: ApplicantLegal, Received: d("2025-05-01"), Closed: d("2025-05-21"), Result: ReplyPartial},
		{Kind: ApplicantResearch, Received: d("2025-12-20"), Closed: d("2026-01-08"), Result: ReplyOpen},
		// received in 2026: not counted
		{Kind: ApplicantCharity, Received: d("2026-01-02")},
	}
	tb := BuildTable3(2025, cases)
	want := map[string][]int{
		RowNew:                  {2, 0, 1, 0, 1, 0, 4},
		RowCarriedIn:            {1, 1, 0, 0, 0, 0, 2},
		"open":                  {1, 0, 0, 0, 0, 0, 1},
		"partial":               {0, 0, 0, 0, 1, 0, 1},
		"withheld_4":            {1, 0, 0, 0, 0, 0, 1},
		"other_1":               {1, 0, 0, 0, 0, 0, 1},
		RowTotal:                {3, 0, 0, 0, 1, 0, 4},
		RowCarriedOut:           {0, 1, 1, 0, 0, 0, 2},
		"not_processed_2":       {0, 0, 0, 0, 0, 0, 0},
		ResultKey(ReplyOpen, 0): {1, 0, 0, 0, 0, 0, 1},
	}
	for key, cells := range want {
		for c, v := range cells {
			if got := tb.Cell(key, c); got != v {
				t.Errorf("%s column %s: %d, want %d", key, tb.Columns[c], got, v)
			}
		}
	}
	if f := tb.Check(); len(f) != 0 {
		t.Errorf("check fails on built data: %v", f)
	}
	if n := len(tb.Rows); n != 2+2+8+3+5+3+2 {
		t.Errorf("%d rows", n)
	}
}

func TestTable3CheckNamesTheBrokenCell(t *testing.T) {
	tb := BuildTable3(2025, []Case{{Kind: ApplicantCharity, Received: d("2025-02-01")}})
	for i := range tb.Rows {
		if tb.Rows[i].Key == RowNew {
			tb.Rows[i].Cells[3]++ // 社会公益组织
			tb.Rows[i].Cells[6]++
		}
	}
	f := tb.Check()
	if len(f) != 2 || f[0].Column != "社会公益组织" || !strings.Contains(f[0].Message, "一+二=2，三（七）+四=1") || f[1].Column != "总计" {
		t.Fatalf("failures %v", f)
	}
	tb.Rows[0].Cells[6]++ // the total column no longer adds up either
	found := false
	for _, x := range tb.Check() {
		found = found || strings.Contains(x.Message, "各列之和为2，总计为3")
	}
	if !found {
		t.Errorf("row sum not checked: %v", tb.Check())
	}
}

func TestTable4CountsOutcomesAtYearEnd(t *testing.T) {
	tb := BuildTable4(2025, []Appeal{
		{Kind: AppealReconsideration, Filed: d("2025-03-01"), Outcome: OutcomeUpheld, Decided: d("2025-05-01")},
		{Kind: AppealReconsideration, Filed: d("2025-11-01"), Outcome: OutcomeCorrected, Decided: d("2026-01-15")},
		{Kind: AppealAfterReview, Filed: d("2025-06-01"), Outcome: OutcomePending},
		{Kind: AppealLitigation, Filed: d("2024-06-01"), Outcome: OutcomeUpheld, Decided: d("2025-01-01")},
	})
	want := [][]int{{1, 0, 0, 1, 2}, {0, 0, 0, 0, 0}, {0, 0, 0, 1, 1}}
	for i, r := range tb.Rows {
		for j, v := range want[i] {
			if r.Cells[j] != v {
				t.Errorf("%s cell %d: %d, want %d", r.Label, j, r.Cells[j], v)
			}
		}
	}
}

func TestReplyValidate(t *testing.T) {
	ok := Reply{Type: ReplyWithheld, Reason: 8, Basis: "条例第十六条", Body: "x"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []Reply{
		{Type: "refused", Basis: "b", Body: "x"},
		{Type: ReplyWithheld, Reason: 9, Basis: "b", Body: "x"},
		{Type: ReplyOpen, Reason: 1, Basis: "b", Body: "x"},
		{Type: ReplyOpen, Body: "x"},
	} {
		if r.Validate() == nil {
			t.Errorf("%+v accepted", r)
		}
	}
}

func TestMasked(t *testing.T) {
	m := Applicant{Kind: ApplicantPerson, Name: "张三丰", IDNo: "610112199001011234", Phone: "13800138000"}.Masked()
	if m.Name != "张***" || m.IDNo != "61**************34" || m.Phone != "138******00" {
		t.Errorf("%+v", m)
	}
}

func TestTable2FromPolicyDocuments(t *testing.T) {
	docs := []PolicyDoc{
		{DocNo: "陕西省人民政府令第12号", Written: d("2025-03-01"), InForce: true},
		{DocNo: "未政办发〔2025〕3号", Written: d("2025-02-01"), InForce: true},
		{DocNo: "未政办发〔2023〕9号", Written: d("2023-05-01"), Repealed: d("2025-07-01")},
		{DocNo: "未政办发〔2022〕1号", Written: d("2022-05-01"), Repealed: d("2026-02-01")}, // repealed after the year: in force at its end
		{DocNo: "未政办发〔2021〕1号", Written: d("2021-05-01"), InForce: true},
		{DocNo: "", Written: d("2025-05-01"), InForce: true},             // no number: not counted
		{DocNo: "未政办发〔2026〕1号", Written: d("2026-01-05"), InForce: true}, // next year
	}
	t2 := BuildTable2(2025, docs, Table2{Licensing: 7, FeesWan: 1.5})
	got := []int{t2.RulesMade, t2.RulesRepealed, t2.RulesInForce, t2.NormativeMade, t2.NormativeRepealed, t2.NormativeInForce, t2.Licensing}
	want := []int{1, 0, 1, 1, 1, 3, 7}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("table 二 %v, want %v", got, want)
		}
	}
}
