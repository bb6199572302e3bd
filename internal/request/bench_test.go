package request

import "testing"

// BenchmarkRun replays a request with a correction, a consultation and an extension: what a
// list does once per row.
func BenchmarkRun(b *testing.B) {
	cal := officialCal(b)
	events := []Event{
		{Kind: EventCorrectionNotice, On: d("2025-09-17"), Until: d("2025-10-15")},
		{Kind: EventCorrected, On: d("2025-09-22")},
		{Kind: EventConsultationStart, On: d("2025-09-26"), Party: PartyThird},
		{Kind: EventConsultationEnd, On: d("2025-10-17")},
		{Kind: EventExtension, On: d("2025-10-20"), Days: 20},
	}
	today := d("2025-10-21")
	b.ReportAllocs()
	for b.Loop() {
		Run(cal, d("2025-09-15"), events, today)
	}
}

// BenchmarkTable3 counts 100,000 cases for one year.
func BenchmarkTable3(b *testing.B) {
	cases := make([]Case, 100000)
	for i := range cases {
		cases[i] = Case{Kind: ApplicantKinds()[i%6], Received: d("2025-01-01").AddDays(i % 365), Result: ReplyOpen}
		if i%3 != 0 {
			cases[i].Closed = cases[i].Received.AddDays(20)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		BuildTable3(2025, cases)
	}
}
