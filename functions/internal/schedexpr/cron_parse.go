package schedexpr

import (
	"strconv"
	"strings"
)

// A cron expression has six fields, per the Scheduler API reference ("A
// cron expression consists of six fields separated by white spaces:
// (minutes hours day_of_month month day_of_week year)"), with the values
// and wildcards of the cron reference's table:
//
//	Minutes        0-59              , - * /
//	Hours          0-23              , - * /
//	Day-of-month   1-31              , - * ? / L W
//	Month          1-12 or JAN-DEC   , - * /
//	Day-of-week    1-7 or SUN-SAT    , - * ? L #
//	Year           1970-2199         , - * /
//
// and its rules: "You can't specify the Day-of-month and Day-of-week fields
// in the same cron expression. If you specify a value or a * (asterisk) in
// one of the fields, you must use a ? (question mark) in the other", and
// "If you use a '#' character, you can define only one expression in the
// day-of-week field". The guide's example 0/30 20-2 ("between 10:00 pm on
// the starting day to 2:00 am on the following day") shows that a range
// may wrap past the end of its field.

const (
	minYear = 1970
	maxYear = 2199
)

// field describes one cron field. Values are stored in a bitset at bit
// value-min.
type field struct {
	name     string
	min, max int
	names    []string // month or day names for min, min+1, ...
	maxStep  int      // largest increment after /; 0: the field takes no /
}

// The increment limits are not documented; they are those of Quartz, whose
// syntax Scheduler's follows, and EventBridge refuses cron(*/60 * * * ? *)
// (aws/aws-sdk-js#4212).
var (
	minutesField = field{"minutes", 0, 59, nil, 59}
	hoursField   = field{"hours", 0, 23, nil, 23}
	domField     = field{"day-of-month", 1, 31, nil, 31}
	monthField   = field{"month", 1, 12, []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}, 12}
	dowField     = field{"day-of-week", 1, 7, []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, 0}
	yearField    = field{"year", minYear, maxYear, nil, maxYear - minYear}
)

// bitset holds up to 256 values, enough for the 230 years.
type bitset [4]uint64

func (b *bitset) add(i int)      { b[i/64] |= 1 << (i % 64) }
func (b *bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

func parseCron(body string) (Expr, *Error) {
	if body == "" {
		return Expr{}, refuse("cron() is empty: write six fields (minutes hours day-of-month month day-of-week year), e.g. cron(0 10 * * ? *)")
	}
	if strings.ContainsAny(body, "\t\n\r\v\f") {
		return Expr{}, refuse("cron(%s): separate the fields with single spaces, not tabs or line breaks", body)
	}
	fields := strings.Split(body, " ")
	for _, f := range fields {
		if f == "" {
			return Expr{}, refuse("cron(%s) has extra spaces: separate the six fields with single spaces", body)
		}
	}
	// The guide's prose calls the year "one optional field"; the API
	// reference, its table and every example give six. Five fields are
	// refused: the year costs one character, a refusal at CreateSchedule
	// costs the user a round trip.
	if len(fields) != 6 {
		hint := ""
		if len(fields) == 5 {
			hint = "; the year is required: add * for every year"
		}
		return Expr{}, refuse("cron needs six fields (minutes hours day-of-month month day-of-week year) and got %d%s", len(fields), hint)
	}
	for i := range fields {
		fields[i] = asciiUpper(fields[i])
	}
	dom, dow := fields[2], fields[4]
	switch {
	case dom == "?" && dow == "?":
		return Expr{}, refuse("day-of-month and day-of-week cannot both be ?: set one of them, e.g. cron(0 10 * * ? *)")
	case dom != "?" && dow != "?":
		return Expr{}, refuse("day-of-month and day-of-week cannot both be set: one of them must be ?")
	}

	spec := &cronSpec{}
	canon := make([]string, 6)
	var err *Error
	var set bitset
	if set, canon[0], err = parseList(fields[0], minutesField); err != nil {
		return Expr{}, err
	}
	spec.minutes = set[0]
	if set, canon[1], err = parseList(fields[1], hoursField); err != nil {
		return Expr{}, err
	}
	spec.hours = uint32(set[0])
	if set, canon[3], err = parseList(fields[3], monthField); err != nil {
		return Expr{}, err
	}
	spec.months = uint16(set[0] << 1)
	if spec.years, canon[5], err = parseList(fields[5], yearField); err != nil {
		return Expr{}, err
	}
	if dom != "?" {
		spec.days, canon[2], err = parseDayOfMonth(dom)
		canon[4] = "?"
	} else {
		spec.days, canon[4], err = parseDayOfWeek(dow)
		canon[2] = "?"
	}
	if err != nil {
		return Expr{}, err
	}
	text := "cron(" + strings.Join(canon, " ") + ")"
	return Expr{kind: KindCron, text: text, cron: spec, min: spec.minInterval()}, nil
}

// parseDayOfMonth reads the day-of-month field: L (the last day of the
// month), nW (the weekday nearest day n), or a list.
func parseDayOfMonth(text string) (dayRule, string, *Error) {
	switch {
	case text == "L":
		return dayRule{kind: lastDayOfMonth}, "L", nil
	case text == "LW":
		// Quartz has LW; Scheduler's documentation does not.
		return dayRule{}, "", refuse("LW is not in Scheduler's documented syntax: use L for the last day of the month or nW for the weekday nearest day n")
	case strings.HasSuffix(text, "W"):
		n, ok := number(text[:len(text)-1])
		if !ok || n < 1 || n > 31 {
			return dayRule{}, "", refuse("%q in the day-of-month field: W follows a single day 1-31, e.g. 15W for the weekday nearest the 15th", text)
		}
		return dayRule{kind: nearestWeekday, n: n}, strconv.Itoa(n) + "W", nil
	case strings.ContainsAny(text, "LW"):
		return dayRule{}, "", refuse("%q in the day-of-month field: L and nW stand alone (L is the last day, 15W the weekday nearest the 15th)", text)
	}
	set, canon, err := parseList(text, domField)
	if err != nil {
		return dayRule{}, "", err
	}
	return dayRule{kind: daysOfMonth, set: uint32(set[0] << 1)}, canon, nil
}

// parseDayOfWeek reads the day-of-week field (1 is Sunday): L (the last
// day of the week, Saturday), nL (the last day n of the month), n#k (the
// k-th day n of the month), or a list.
func parseDayOfWeek(text string) (dayRule, string, *Error) {
	switch {
	case text == "L":
		return newDaysOfWeek(1 << 7), "L", nil
	case strings.Contains(text, "#"):
		if strings.Contains(text, ",") {
			return dayRule{}, "", refuse("%q in the day-of-week field: with # the field holds one expression only (3#1,6#3 is not valid)", text)
		}
		day, week, _ := strings.Cut(text, "#")
		n, okDay := number(day)
		k, okWeek := number(week)
		if !okDay || !okWeek || n < 1 || n > 7 || k < 1 || k > 5 {
			return dayRule{}, "", refuse("%q in the day-of-week field: write day#week with a day 1-7 (1 is Sunday) and a week 1-5, e.g. 3#2 for the second Tuesday", text)
		}
		return dayRule{kind: nthWeekday, n: n, k: k}, strconv.Itoa(n) + "#" + strconv.Itoa(k), nil
	case strings.HasSuffix(text, "L"):
		n, ok := number(text[:len(text)-1])
		if !ok || n < 1 || n > 7 {
			return dayRule{}, "", refuse("%q in the day-of-week field: write nL with a day 1-7 (1 is Sunday), e.g. 6L for the last Friday of the month; L alone is Saturday", text)
		}
		return dayRule{kind: lastWeekday, n: n}, strconv.Itoa(n) + "L", nil
	case strings.Contains(text, "L"):
		return dayRule{}, "", refuse("%q in the day-of-week field: L stands alone (L, or nL such as 6L for the last Friday)", text)
	}
	set, canon, err := parseList(text, dowField)
	if err != nil {
		return dayRule{}, "", err
	}
	return newDaysOfWeek(uint8(set[0] << 1)), canon, nil
}

// parseList reads a comma-separated list of values, ranges and increments.
func parseList(text string, f field) (bitset, string, *Error) {
	for i := range len(text) {
		c := text[i]
		switch {
		case c >= '0' && c <= '9', c == ',', c == '-', c == '*':
		case c == '/' && f.maxStep > 0:
		case c >= 'A' && c <= 'Z' && f.names != nil:
		case c == '?' && (f.name == domField.name || f.name == dowField.name):
			return bitset{}, "", refuse("%q in the %s field: ? stands alone", text, f.name)
		default:
			return bitset{}, "", refuse("the %s field does not take %q (in %q)", f.name, string(c), text)
		}
	}
	var set bitset
	items := strings.Split(text, ",")
	canon := make([]string, len(items))
	for i, item := range items {
		if item == "" {
			return bitset{}, "", refuse("%q in the %s field has an empty item between commas", text, f.name)
		}
		if len(items) > 1 && strings.HasPrefix(item, "*") {
			return bitset{}, "", refuse("%q in the %s field: * stands alone, it already means every value", text, f.name)
		}
		var err *Error
		if canon[i], err = parseItem(item, f, &set); err != nil {
			return bitset{}, "", err
		}
	}
	return set, strings.Join(canon, ","), nil
}

// parseItem reads one of v, a-b, *, each optionally followed by /n, and
// adds its values to set.
func parseItem(item string, f field, set *bitset) (string, *Error) {
	base, stepText, stepped := strings.Cut(item, "/")
	step := 1
	if stepped {
		n, ok := number(stepText)
		if !ok || n < 1 || n > f.maxStep {
			return "", refuse("%q in the %s field: the increment after / must be a whole number from 1 to %d", item, f.name, f.maxStep)
		}
		step = n
	}
	var lo, hi int
	var canon string
	if base == "*" {
		lo, hi, canon = f.min, f.max, "*"
	} else if from, to, isRange := strings.Cut(base, "-"); isRange {
		a, aName, err := f.value(from, item)
		if err != nil {
			return "", err
		}
		b, bName, err := f.value(to, item)
		if err != nil {
			return "", err
		}
		if aName != bName {
			return "", refuse("%q in the %s field: write both ends of a range as numbers or both as names", item, f.name)
		}
		if b < a && f.name == yearField.name {
			return "", refuse("%q in the year field runs backwards", item)
		}
		lo, hi, canon = a, b, f.text(a, aName)+"-"+f.text(b, bName)
	} else {
		v, isName, err := f.value(base, item)
		if err != nil {
			return "", err
		}
		lo, hi, canon = v, v, f.text(v, isName)
		if stepped {
			hi = f.max // a/n runs from a to the end of the field
		}
	}
	// Walk lo..hi, wrapping past max back to min.
	span := f.max - f.min + 1
	count := (hi-lo+span)%span + 1
	for p := 0; p < count; p += step {
		set.add((lo - f.min + p) % span)
	}
	if stepped {
		canon += "/" + strconv.Itoa(step)
	}
	return canon, nil
}

// value reads a number or, in the month and day-of-week fields, a name.
func (f field) value(s, item string) (v int, isName bool, err *Error) {
	if s == "" {
		return 0, false, refuse("%q in the %s field is missing a value", item, f.name)
	}
	if n, ok := number(s); ok {
		if n < f.min || n > f.max {
			return 0, false, refuse("%s is out of range for %s (%s)", s, f.name, f.describe())
		}
		return n, false, nil
	}
	for i, name := range f.names {
		if s == name {
			return f.min + i, true, nil
		}
	}
	return 0, false, refuse("%q in the %s field is not a value: use %s", s, f.name, f.describe())
}

func (f field) describe() string {
	r := strconv.Itoa(f.min) + "-" + strconv.Itoa(f.max)
	if f.names != nil {
		r += " or " + f.names[0] + "-" + f.names[len(f.names)-1]
	}
	if f.name == dowField.name {
		r += ", 1 is Sunday"
	}
	return r
}

func (f field) text(v int, isName bool) string {
	if isName {
		return f.names[v-f.min]
	}
	return strconv.Itoa(v)
}

// number reads digits only (leading zeros allowed, as in Quartz). Longer
// numbers than any field holds come back as out of range, not as garbage.
func number(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	trimmed := strings.TrimLeft(s, "0")
	if len(trimmed) > 5 {
		return 1 << 30, true
	}
	n, _ := strconv.Atoi("0" + trimmed)
	return n, true
}

// asciiUpper upper-cases a-z only: strings.ToUpper would turn "ſun" into
// "SUN".
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
