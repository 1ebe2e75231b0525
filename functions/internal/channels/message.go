package channels

import (
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// message is what an event says, before any format: every string is
// plain text (cleaned, not escaped). The renderers escape and cut it.
type message struct {
	Kind     string // what happened, ours: "Task completed"
	Title    string // Kind and the name it happened to
	Facts    []fact
	Sections []section
	Link     link
	Footer   string
}

type fact struct{ Label, Value string }

// section is a heading with a paragraph, a list, or both. Omitted counts
// items the event knows of but does not list (changes beyond the notable
// ones).
type section struct {
	Heading string
	Text    string
	Items   []string
	Omitted int
}

type link struct{ Text, URL string }

// summarize says what ev is about, the same way for every receiver.
func summarize(ev event.Event) message {
	var m message
	switch {
	case ev.Task != nil && (ev.Type == event.TaskCompleted || ev.Type == event.TaskPartiallyCompleted || ev.Type == event.TaskFailed):
		m = taskMessage(ev.Type, *ev.Task)
	case ev.Type == event.ChangesDetected && ev.Changes != nil:
		m = changesMessage(*ev.Changes)
	case ev.Type == event.ScheduleSkipped && ev.Schedule != nil:
		m = scheduleMessage(*ev.Schedule)
	case ev.Type == event.SecurityAlert && ev.Alert != nil:
		m = alertMessage(*ev.Alert)
	case ev.Type == event.Test:
		m = message{
			Kind:  "Test message",
			Title: "Test message from CloudCensus",
			Sections: []section{{
				Heading: "Channel works",
				Text:    "This channel is set up correctly: it will receive the CloudCensus events it subscribes to.",
			}},
		}
	default:
		m = message{Kind: "CloudCensus event", Title: named("CloudCensus event", clean(string(ev.Type)))}
	}
	m.Footer = "CloudCensus · " + clean(string(ev.Type))
	if ev.ID != "" {
		m.Footer += " · event " + clean(ev.ID)
	}
	if !ev.Time.IsZero() {
		m.Footer += " · " + timestamp(ev.Time)
	}
	return m
}

func named(kind, name string) string {
	if name == "" {
		return kind
	}
	return kind + ": " + name
}

func taskMessage(typ event.Type, t event.Task) message {
	kind := map[event.Type]string{
		event.TaskCompleted:          "Task completed",
		event.TaskPartiallyCompleted: "Task partially completed",
		event.TaskFailed:             "Task failed",
	}[typ]
	m := message{Kind: kind, Title: named(kind, clean(t.Name))}
	m.Facts = appendFact(m.Facts, "Client", clean(t.Client))
	m.Facts = appendFact(m.Facts, "Project", clean(t.Project))
	m.Facts = appendFact(m.Facts, "Status", clean(t.Status))
	if d := t.Duration(); d > 0 {
		m.Facts = appendFact(m.Facts, "Duration", duration(d))
	}
	m.Facts = appendFact(m.Facts, "Scope", plural(t.Accounts, "account", "accounts")+" × "+plural(t.Regions, "region", "regions"))
	m.Facts = appendFact(m.Facts, "Resources found", count(t.Resources))
	m.Facts = appendFact(m.Facts, "Schedule", clean(t.ScheduleName))
	if e := clean(t.Error); e != "" {
		m.Sections = append(m.Sections, section{Heading: "Why it failed", Text: e})
	}
	if len(t.NotCovered) > 0 {
		s := section{Heading: "Services not covered"}
		for _, g := range t.NotCovered[:min(len(t.NotCovered), maxItems)] {
			s.Items = append(s.Items, gapLine(g))
		}
		s.Omitted = len(t.NotCovered) - len(s.Items)
		m.Sections = append(m.Sections, s)
	}
	m.Link = link{Text: "Open the task", URL: t.URL}
	return m
}

func gapLine(g event.Gap) string {
	where := clean(g.Account)
	if r := clean(g.Region); r != "" {
		if where != "" {
			where += " / "
		}
		where += r
	}
	line := clean(g.Service)
	if where != "" {
		line += " (" + where + ")"
	}
	if r := clean(g.Reason); r != "" {
		line += ": " + r
	}
	return line
}

func changesMessage(c event.Changes) message {
	m := message{Kind: "Changes detected", Title: named("Changes detected", clean(c.TaskName))}
	m.Facts = appendFact(m.Facts, "Client", clean(c.Client))
	m.Facts = appendFact(m.Facts, "Project", clean(c.Project))
	var added, removed, changed int
	byService := section{Heading: "By service"}
	for i, s := range c.Services {
		added, removed, changed = added+s.Added, removed+s.Removed, changed+s.Changed
		if i >= maxItems {
			byService.Omitted++
			continue
		}
		name := clean(s.Title)
		if name == "" {
			name = clean(s.Service)
		}
		byService.Items = append(byService.Items, fmt.Sprintf("%s: %s", name, tally(s.Added, s.Removed, s.Changed)))
	}
	m.Facts = appendFact(m.Facts, "Changes", tally(added, removed, changed))
	if len(c.Services) > 0 {
		m.Sections = append(m.Sections, byService)
	}
	if len(c.Notable) > 0 {
		notable := section{Heading: "Notable changes"}
		for _, ch := range c.Notable[:min(len(c.Notable), event.MaxNotable)] {
			notable.Items = append(notable.Items, changeLine(ch))
		}
		notable.Omitted = max(0, added+removed+changed-len(notable.Items))
		m.Sections = append(m.Sections, notable)
	}
	m.Link = link{Text: "Open the changes", URL: c.URL}
	return m
}

func tally(added, removed, changed int) string {
	return fmt.Sprintf("%s added, %s removed, %s changed", count(added), count(removed), count(changed))
}

func changeLine(c event.Change) string {
	kind := map[event.ChangeKind]string{event.Added: "Added", event.Removed: "Removed", event.Changed: "Changed"}[c.Kind]
	if kind == "" {
		kind = clean(string(c.Kind))
	}
	what := clean(c.ResourceType)
	if what == "" {
		what = clean(c.Service)
	}
	line := kind + " " + what
	id, name := clean(c.ID), clean(c.Name)
	switch {
	case name != "" && id != "" && name != id:
		line += " " + name + " (" + id + ")"
	case name != "":
		line += " " + name
	case id != "":
		line += " " + id
	}
	where := clean(c.Account)
	if r := clean(c.Region); r != "" {
		if where != "" {
			where += " / "
		}
		where += r
	}
	if where != "" {
		line += " in " + where
	}
	if d := clean(c.Detail); d != "" {
		line += " — " + d
	}
	return line
}

func scheduleMessage(s event.ScheduleSkip) message {
	m := message{Kind: "Schedule skipped", Title: named("Schedule skipped", clean(s.Name))}
	if !s.DueAt.IsZero() {
		m.Facts = appendFact(m.Facts, "Due at", timestamp(s.DueAt))
	}
	m.Facts = appendFact(m.Facts, "Code", clean(s.Code))
	if r := clean(s.Reason); r != "" {
		m.Sections = append(m.Sections, section{Heading: "Why it was skipped", Text: r})
	}
	m.Link = link{Text: "Open the schedule", URL: s.URL}
	return m
}

func alertMessage(a event.Alert) message {
	m := message{Kind: "Security alert", Title: named("Security alert", clean(a.Kind))}
	if msg := clean(a.Message); msg != "" {
		m.Sections = append(m.Sections, section{Heading: "What happened", Text: msg})
	}
	return m
}

func appendFact(fs []fact, label, value string) []fact {
	if value == "" {
		return fs
	}
	return append(fs, fact{Label: label, Value: value})
}

// A budget bounds each value (text, in characters) and each list (items)
// of one rendering. Renderers start generous and tighten until the whole
// message fits its receiver's size limit.
type budget struct{ text, items int }

var budgets = []budget{{1000, maxItems}, {400, 15}, {200, 10}, {100, 5}, {60, 3}, {30, 1}}

// maxItems is the most items any rendering lists; summarize counts the
// rest without reading them.
const maxItems = 25

// fit renders with ever tighter budgets until the result is at most max
// bytes. The last budget always fits the limits used here: a handful of
// 30-character values.
func fit(max int, render func(budget) ([]byte, error)) ([]byte, error) {
	var size int
	for _, b := range budgets {
		out, err := render(b)
		if err != nil {
			return nil, err
		}
		if len(out) <= max {
			return out, nil
		}
		size = len(out)
	}
	return nil, fmt.Errorf("message of %d bytes exceeds the %d-byte limit", size, max)
}
