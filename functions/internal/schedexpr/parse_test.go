package schedexpr

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseAccepts(t *testing.T) {
	for _, tc := range []struct{ in, kind, canonical string }{
		// Scheduler and EventBridge documentation.
		{"rate(5 minutes)", KindRate, "rate(5 minutes)"},
		{"rate(1 minute)", KindRate, "rate(1 minute)"},
		{"rate(1 hour)", KindRate, "rate(1 hour)"},
		{"rate(1 day)", KindRate, "rate(1 day)"},
		{"rate(1 days)", KindRate, "rate(1 day)"}, // the Scheduler guide's own spelling
		{"rate(5 minute)", KindRate, "rate(5 minutes)"},
		{"rate(12 hours)", KindRate, "rate(12 hours)"},
		{"cron(0 10 * * ? *)", KindCron, "cron(0 10 * * ? *)"},
		{"cron(0 18 ? * MON-FRI *)", KindCron, "cron(0 18 ? * MON-FRI *)"},
		{"cron(0/30 20-2 ? * MON-FRI *)", KindCron, "cron(0/30 20-2 ? * MON-FRI *)"},
		{"cron(5,35 14 * * ? *)", KindCron, "cron(5,35 14 * * ? *)"},
		{"cron(15 10 ? * 6L 2022-2023)", KindCron, "cron(15 10 ? * 6L 2022-2023)"},
		{"cron(0 8 ? * 3#2 *)", KindCron, "cron(0 8 ? * 3#2 *)"},
		{"cron(0 12 3W * ? *)", KindCron, "cron(0 12 3W * ? *)"},
		{"cron(0 0 L * ? *)", KindCron, "cron(0 0 L * ? *)"},
		{"cron(0 0 ? * L *)", KindCron, "cron(0 0 ? * L *)"},
		{"cron(0 0 * JAN,FEB,MAR ? *)", KindCron, "cron(0 0 * JAN,FEB,MAR ? *)"},
		{"cron(0 0 1-15 * ? *)", KindCron, "cron(0 0 1-15 * ? *)"},
		{"cron(1/10 * * * ? *)", KindCron, "cron(1/10 * * * ? *)"},
		{"at(2022-11-20T13:00:00)", KindAt, "at(2022-11-20T13:00:00)"},
		// Accepted by AWS, as reported in localstack/localstack#13572.
		{"cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)", KindCron, "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)"},
		{"cron(30-30 13-13 ? * 2,4,6 *)", KindCron, "cron(30-30 13-13 ? * 2,4,6 *)"},
		{"cron(1-31/30 1-1 ? * 1,7 *)", KindCron, "cron(1-31/30 1-1 ? * 1,7 *)"},
		// Names are case-insensitive and numbers lose leading zeros.
		{"cron(0 18 ? * mon-fri *)", KindCron, "cron(0 18 ? * MON-FRI *)"},
		{"cron(0 9 ? jan,Jul 2#1 *)", KindCron, "cron(0 9 ? JAN,JUL 2#1 *)"},
		{"cron(00 08 l * ? *)", KindCron, "cron(0 8 L * ? *)"},
		{"cron(0 12 015w * ? *)", KindCron, "cron(0 12 15W * ? *)"},
		{"cron(*/5 * * * ? *)", KindCron, "cron(*/5 * * * ? *)"},
		{"cron(0 0 ? NOV-FEB FRI-MON *)", KindCron, "cron(0 0 ? NOV-FEB FRI-MON *)"},
		{"cron(0 0 ? * 1,7 2025-2030/2)", KindCron, "cron(0 0 ? * 1,7 2025-2030/2)"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			e, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if e.Kind() != tc.kind || e.String() != tc.canonical {
				t.Errorf("Parse(%q) = %s %q, want %s %q", tc.in, e.Kind(), e.String(), tc.kind, tc.canonical)
			}
			again, err := Parse(e.String())
			if err != nil || again.String() != e.String() {
				t.Errorf("canonical %q does not parse back to itself: %v %q", e.String(), err, again.String())
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"", "is empty"},
		{"rate(" + strings.Repeat("1", 300) + " minutes)", "at most 256"},
		{" rate(5 minutes)", "spaces around it"},
		{"rate(5 minutes)\n", "spaces around it"},
		{"every 5 minutes", "is not a schedule"},
		{"cron(0 10 * * ? *", "is not a schedule"},
		{"RATE(5 minutes)", `"RATE" is not a schedule type`},
		{"Cron(0 10 * * ? *)", `"Cron" is not a schedule type`},
		{"daily(1)", `"daily" is not a schedule type`},

		{"rate(0 minutes)", `rate value "0" must be a positive whole number`},
		{"rate(-5 minutes)", "must be a positive whole number"},
		{"rate(+5 minutes)", "must be a positive whole number"},
		{"rate(05 minutes)", "must be a positive whole number"},
		{"rate(1.5 hours)", "must be a positive whole number"},
		{"rate(5 seconds)", `"seconds" is not a rate unit`},
		{"rate(5 Minutes)", `"Minutes" is not a rate unit`},
		{"rate(2 weeks)", `"weeks" is not a rate unit`},
		{"rate(5)", "a whole number and a unit separated by one space"},
		{"rate()", "a whole number and a unit separated by one space"},
		{"rate(5  minutes)", "a whole number and a unit separated by one space"},
		{"rate( 5 minutes)", "a whole number and a unit separated by one space"},
		{"rate(5 minutes extra)", "a whole number and a unit separated by one space"},
		{"rate(99999999 days)", "longer than 100 years"},
		{"rate(99999999999999999999 minutes)", "longer than 100 years"},

		{"cron()", "cron() is empty"},
		{"cron(0 10 * * ?)", "six fields (minutes hours day-of-month month day-of-week year) and got 5; the year is required"},
		{"cron(0 0 10 * * ? *)", "and got 7"},
		{"cron(0  10 * * ? *)", "extra spaces"},
		{"cron( 0 10 * * ? *)", "extra spaces"},
		{"cron(0 10 * * ? * )", "extra spaces"},
		{"cron(0\t10 * * ? *)", "not tabs or line breaks"},
		{"cron(60 * * * ? *)", "60 is out of range for minutes (0-59)"},
		{"cron(0 24 * * ? *)", "24 is out of range for hours (0-23)"},
		{"cron(0 0 0 * ? *)", "0 is out of range for day-of-month (1-31)"},
		{"cron(0 0 32 * ? *)", "32 is out of range for day-of-month"},
		{"cron(0 0 * 13 ? *)", "13 is out of range for month (1-12 or JAN-DEC)"},
		{"cron(0 0 ? * 0 *)", "0 is out of range for day-of-week (1-7 or SUN-SAT, 1 is Sunday)"},
		{"cron(0 0 ? * 8 *)", "8 is out of range for day-of-week"},
		{"cron(0 0 * * ? 1969)", "1969 is out of range for year (1970-2199)"},
		{"cron(0 0 * * ? 2200)", "2200 is out of range for year"},
		{"cron(0 0 * * ? 99999999)", "99999999 is out of range for year"},
		{"cron(0 10 * * * *)", "day-of-month and day-of-week cannot both be set: one of them must be ?"},
		{"cron(0 10 1 * MON *)", "day-of-month and day-of-week cannot both be set: one of them must be ?"},
		{"cron(0 10 ? * ? *)", "day-of-month and day-of-week cannot both be ?"},
		{"cron(? 10 * * ? *)", `the minutes field does not take "?"`},
		{"cron(0 10 * * ? ?)", `the year field does not take "?"`},
		{"cron(0 10 ?,1 * ? *)", "? stands alone"},
		{"cron(0 10 * * ?,1 *)", "day-of-month and day-of-week cannot both be set"},
		{"cron(0 10 1,? * ? *)", "? stands alone"},
		{"cron(*/60 * * * ? *)", "the increment after / must be a whole number from 1 to 59"},
		{"cron(0/0 * * * ? *)", "the increment after / must be a whole number from 1 to 59"},
		{"cron(0 */24 * * ? *)", "from 1 to 23"},
		{"cron(0/ * * * ? *)", "the increment after /"},
		{"cron(0 0 ? * MON/2 *)", `the day-of-week field does not take "/"`},
		{"cron(0 0 ? * 3#1,6#3 *)", "with # the field holds one expression only"}, // the cron reference's own example
		{"cron(0 0 ? * 3#6 *)", "a day 1-7 (1 is Sunday) and a week 1-5"},
		{"cron(0 0 ? * 8#1 *)", "a day 1-7 (1 is Sunday) and a week 1-5"},
		{"cron(0 0 ? * MON#1 *)", "a day 1-7 (1 is Sunday) and a week 1-5"},
		{"cron(0 0 ? * 8L *)", "write nL with a day 1-7"},
		{"cron(0 0 ? * 5L,6L *)", "write nL with a day 1-7"},
		{"cron(0 0 ? * L,2 *)", "L stands alone"},
		{"cron(0 0 LW * ? *)", "LW is not in Scheduler's documented syntax"},
		{"cron(0 0 L-3 * ? *)", "L and nW stand alone"},
		{"cron(0 0 1,L * ? *)", "L and nW stand alone"},
		{"cron(0 0 32W * ? *)", "W follows a single day 1-31"},
		{"cron(0 0 W * ? *)", "W follows a single day 1-31"},
		{"cron(0 0 1-5W * ? *)", "W follows a single day 1-31"},
		{"cron(5L 0 * * ? *)", `the minutes field does not take "L"`},
		{"cron(0 0 * * L *)", "cannot both be set"},
		{"cron(0 0 ? * # *)", "a day 1-7"},
		{"cron(1,,2 * * * ? *)", "empty item between commas"},
		{"cron(1, * * * ? *)", "empty item between commas"},
		{"cron(*,5 * * * ? *)", "* stands alone"},
		{"cron(5- * * * ? *)", "is missing a value"},
		{"cron(-5 * * * ? *)", "is missing a value"},
		{"cron(1-2-3 * * * ? *)", `"2-3" in the minutes field is not a value`},
		{"cron(0 0 ? * MON-5 *)", "write both ends of a range as numbers or both as names"},
		{"cron(0 0 * FOO ? *)", `"FOO" in the month field is not a value: use 1-12 or JAN-DEC`},
		{"cron(0 0 * JANUARY ? *)", `"JANUARY" in the month field is not a value`},
		{"cron(0 0 * * ? 2023-2022)", "runs backwards"},
		{"cron(0 0 MON * ? *)", `the day-of-month field does not take "M"`},
		{"cron(0 0 * * ? *))", `the year field does not take ")"`},
		{"cron(0 0 ſ * ? *)", "the day-of-month field does not take"},

		{"at(2022-11-20T13:00:00Z)", "carries a zone or offset (Z)"},
		{"at(2022-11-20T13:00:00+01:00)", "carries a zone or offset (+01:00)"},
		{"at(2022-11-20T13:00:00.000)", "fractional seconds"},
		{"at(2022-11-20 13:00:00)", "yyyy-mm-ddThh:mm:ss"},
		{"at(2022-11-20t13:00:00)", "yyyy-mm-ddThh:mm:ss"},
		{"at(2022-11-20T13:00)", "yyyy-mm-ddThh:mm:ss"},
		{"at(22-11-20T13:00:00)", "yyyy-mm-ddThh:mm:ss"},
		{"at()", "yyyy-mm-ddThh:mm:ss"},
		{"at(2022-02-30T13:00:00)", "2022-02-30 is not a date"},
		{"at(2023-02-29T00:00:00)", "2023-02-29 is not a date"},
		{"at(2022-13-01T00:00:00)", "is not a date"},
		{"at(2022-11-20T24:00:00)", "24:00:00 is not a time of day"},
		{"at(2022-11-20T12:60:00)", "is not a time of day"},
		{"at(1969-12-31T23:59:59)", "the year must be between 1970 and 2199"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			e, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) accepted %q; want refusal %q", tc.in, e, tc.reason)
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.Field != "expression" {
				t.Fatalf("Parse(%q) error %#v is not an *Error on field expression", tc.in, err)
			}
			if !strings.Contains(pe.Reason, tc.reason) {
				t.Errorf("Parse(%q) reason\n  %q\nwant it to contain\n  %q", tc.in, pe.Reason, tc.reason)
			}
		})
	}
}

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"} {
		loc, err := LoadZone(name)
		if err != nil || loc == nil {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	if loc, _ := LoadZone(""); loc != time.UTC {
		t.Errorf(`LoadZone("") = %v, want UTC`, loc)
	}
	for _, tc := range []struct{ name, reason string }{
		{"Local", "Local is not a time zone name"},
		{"america/new_york", "is not a time zone"},
		{"Mars/Olympus_Mons", "is not a time zone"},
		{"../../etc/passwd", "is not a time zone"},
		{"/usr/share/zoneinfo/UTC", "is not a time zone"},
		{"Europe/" + strings.Repeat("X", 50), "at most 50 characters"},
	} {
		_, err := LoadZone(tc.name)
		var pe *Error
		if !errors.As(err, &pe) || pe.Field != "timezone" || !strings.Contains(pe.Reason, tc.reason) {
			t.Errorf("LoadZone(%q) = %v, want a timezone error containing %q", tc.name, err, tc.reason)
		}
	}
}
