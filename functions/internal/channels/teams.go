package channels

import "strings"

// teamsPayloadMax keeps a card well inside Teams' message limit: Microsoft
// documents 28 KB for incoming webhooks and Workflows' "post card" action
// (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook),
// and senders report refusals (HTTP 413) from about 21 KB.
const teamsPayloadMax = 20000

// The message a Teams Workflows webhook ("When a Teams webhook request is
// received" → "Post card in a chat or channel") takes: one Adaptive Card
// attachment.
type teamsPayload struct {
	Type        string            `json:"type"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string       `json:"contentType"`
	ContentURL  *string      `json:"contentUrl"`
	Content     adaptiveCard `json:"content"`
}

type adaptiveCard struct {
	Schema  string            `json:"$schema"`
	Type    string            `json:"type"`
	Version string            `json:"version"`
	Body    []cardElement     `json:"body"`
	Actions []cardAction      `json:"actions,omitempty"`
	MSTeams map[string]string `json:"msteams,omitempty"`
}

// cardElement is a TextBlock or a FactSet. TextBlock text, fact titles and
// fact values are Markdown in Teams, so everything in them is escaped,
// including the braces of {{DATE()}}/{{TIME()}} substitutions.
type cardElement struct {
	Type     string     `json:"type"`
	Text     string     `json:"text,omitempty"`
	Wrap     bool       `json:"wrap,omitempty"`
	Weight   string     `json:"weight,omitempty"`
	Size     string     `json:"size,omitempty"`
	Style    string     `json:"style,omitempty"`
	IsSubtle bool       `json:"isSubtle,omitempty"`
	Spacing  string     `json:"spacing,omitempty"`
	Facts    []cardFact `json:"facts,omitempty"`
}

type cardFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type cardAction struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

var teamsList = listFormat{esc: markdown, m: runes, bullet: "- ", sep: "\n"}

func renderTeams(m message) ([]byte, error) {
	return fit(teamsPayloadMax, func(b budget) ([]byte, error) { return marshal(teamsMessage(m, b)) })
}

func teamsMessage(m message, b budget) teamsPayload {
	card := adaptiveCard{
		Schema:  "http://adaptivecards.io/schemas/adaptive-card.json",
		Type:    "AdaptiveCard",
		Version: "1.4",
		MSTeams: map[string]string{"width": "Full"},
	}
	card.Body = append(card.Body, cardElement{
		Type: "TextBlock", Text: clip(m.Title, b.text+40, markdown, runes),
		Wrap: true, Weight: "Bolder", Size: "Medium", Style: "heading",
	})
	if len(m.Facts) > 0 {
		set := cardElement{Type: "FactSet"}
		for _, f := range m.Facts {
			set.Facts = append(set.Facts, cardFact{Title: escape(f.Label, markdown), Value: clip(f.Value, b.text, markdown, runes)})
		}
		card.Body = append(card.Body, set)
	}
	for _, s := range m.Sections {
		card.Body = append(card.Body, cardElement{
			Type: "TextBlock", Text: escape(s.Heading, markdown), Wrap: true, Weight: "Bolder", Spacing: "Medium",
		})
		var parts []string
		if s.Text != "" {
			parts = append(parts, clip(s.Text, b.text, markdown, runes))
		}
		if len(s.Items) > 0 || s.Omitted > 0 {
			parts = append(parts, teamsList.list(s.Items, s.Omitted, b, teamsPayloadMax))
		}
		if len(parts) > 0 {
			// A blank line ends the paragraph before the list.
			card.Body = append(card.Body, cardElement{Type: "TextBlock", Text: strings.Join(parts, "\n\n"), Wrap: true})
		}
	}
	card.Body = append(card.Body, cardElement{
		Type: "TextBlock", Text: clip(m.Footer, b.text+120, markdown, runes),
		Wrap: true, IsSubtle: true, Size: "Small", Spacing: "Medium",
	})
	if u := safeLink(m.Link.URL); u != "" {
		card.Actions = []cardAction{{Type: "Action.OpenUrl", Title: m.Link.Text, URL: u}}
	}
	return teamsPayload{
		Type: "message",
		Attachments: []teamsAttachment{{
			ContentType: "application/vnd.microsoft.card.adaptive",
			Content:     card,
		}},
	}
}
