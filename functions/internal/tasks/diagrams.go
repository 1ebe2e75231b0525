package tasks

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/exports"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/netdiagram"
)

// Diagrams are the network diagrams of a task, drawn from its results:
// the ones the report places, as SVG for the console.
type Diagrams struct {
	Diagrams []Diagram `json:"diagrams"`
	// Omitted counts the diagrams left out so that the answer stays within
	// Lambda's 6 MB (the report holds them all).
	Omitted int `json:"omitted"`
}

// Diagram is one account and region, or one part of it.
type Diagram struct {
	AccountID string  `json:"accountId"`
	Region    string  `json:"region"`
	Title     string  `json:"title"`
	Part      int     `json:"part"`
	Parts     int     `json:"parts"`
	Width     float64 `json:"width"` // points
	Height    float64 `json:"height"`
	// SVG is the drawing: every label is escaped text (names come from
	// the scanned account), and it has no script or external reference.
	SVG string `json:"svg"`
}

// diagramBudget bounds the JSON of the SVGs in one answer, under
// Lambda's 6 MB with room for the rest.
const diagramBudget = 5 << 20

// diagrams draws the task's networks one unit result at a time, so memory
// holds one unit's records and the SVGs.
func (s *Service) diagrams(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	t, err := s.visible(r.Context(), p, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	if err := t.ResultsAvailable(s.now()); err != nil {
		return err
	}
	out := Diagrams{Diagrams: []Diagram{}}
	used := 0
	err = exports.EachResult(r.Context(), s.blobs, t.ID, func(res *inventory.Result) error {
		if res.Unit == nil {
			return nil
		}
		for _, d := range netdiagram.Build(res.Unit.AccountID, res.Unit.Region, res.Records) {
			var svg bytes.Buffer
			if err := d.SVG(&svg); err != nil {
				return err
			}
			quoted, _ := json.Marshal(svg.String()) // a string encodes
			if used+len(quoted) > diagramBudget {
				out.Omitted++
				continue
			}
			used += len(quoted)
			out.Diagrams = append(out.Diagrams, Diagram{AccountID: d.AccountID, Region: d.Region, Title: d.Title,
				Part: d.Part, Parts: d.Parts, Width: d.Width, Height: d.Height, SVG: svg.String()})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, out)
}
