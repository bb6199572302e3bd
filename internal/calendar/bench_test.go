package calendar

import "testing"

// BenchmarkDue measures one typical due-date computation (20 working days from a date in the
// covered years), as the storage layer does when it recomputes every open deadline. Run it with
// -benchtime=1000000x for the time of one million.
func BenchmarkDue(b *testing.B) {
	cal := officialCal(b)
	start := MustParseDate("2017-01-01")
	const days = 3650
	var sink Date
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from := start.AddDays(i * 7919 % days)
		sink = cal.AddWorkingDays(from, 20).Date
	}
	if sink.IsZero() {
		b.Fatal("no result")
	}
}

// BenchmarkDueCalendarDays is the same for 20 calendar days (第203条 extension included).
func BenchmarkDueCalendarDays(b *testing.B) {
	cal := officialCal(b)
	start := MustParseDate("2017-01-01")
	var sink Date
	for i := 0; i < b.N; i++ {
		sink = cal.AddDays(start.AddDays(i*7919%3650), 20).Date
	}
	if sink.IsZero() {
		b.Fatal("no result")
	}
}

// BenchmarkDueDayByDay is the reference: the obvious implementation that steps one day at a
// time asking IsWorkingDay, measured in the same run as BenchmarkDue.
func BenchmarkDueDayByDay(b *testing.B) {
	cal := officialCal(b)
	start := MustParseDate("2017-01-01")
	var sink Date
	for i := 0; i < b.N; i++ {
		sink = walk(cal, start.AddDays(i*7919%3650), 20)
	}
	if sink.IsZero() {
		b.Fatal("no result")
	}
}
