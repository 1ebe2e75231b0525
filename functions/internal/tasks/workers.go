package tasks

import (
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Worker is one running execution and its units in flight: in a
// serverless system, the executions are the workers.
type Worker struct {
	ExecutionARN  string       `json:"executionArn"`
	TaskID        string       `json:"taskId"`
	TaskName      string       `json:"taskName"`
	Status        string       `json:"status"`
	StartedAt     time.Time    `json:"startedAt"`
	UnitsTotal    int          `json:"unitsTotal"`
	UnitsDone     int          `json:"unitsDone"`
	UnitsFailed   int          `json:"unitsFailed"`
	UnitsInFlight []UnitFlight `json:"unitsInFlight"`
}

// UnitFlight is a unit being scanned now.
type UnitFlight struct {
	AccountID string     `json:"accountId"`
	Region    string     `json:"region"`
	StartedAt *time.Time `json:"startedAt,omitempty"`
}

// Workers lists the running executions.
type Workers struct {
	Data []Worker `json:"data"`
}

// Stats counts units of recent tasks.
type Stats struct {
	Running               int   `json:"running"`
	Succeeded             int   `json:"succeeded"`
	Failed                int   `json:"failed"`
	Throttled             int   `json:"throttled"`
	AverageUnitDurationMS int64 `json:"averageUnitDurationMs"`
	TasksConsidered       int   `json:"tasksConsidered"`
}

// Purged says how many executions were stopped.
type Purged struct {
	Stopped int `json:"stopped"`
}

func (s *Service) workers(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	running, err := s.store.RunningTasks(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	execs, err := s.orch.ListRunning(r.Context())
	if err != nil {
		return err
	}
	byARN := map[string]orchestrator.Execution{}
	for _, e := range execs {
		byARN[e.ARN] = e
	}
	out := Workers{Data: []Worker{}}
	for _, t := range running {
		wk := Worker{ExecutionARN: t.ExecutionARN, TaskID: t.ID, TaskName: t.Name, Status: "QUEUED",
			UnitsTotal: t.UnitsTotal, UnitsDone: t.UnitsDone, UnitsFailed: t.UnitsFailed, UnitsInFlight: []UnitFlight{}}
		if e, ok := byARN[t.ExecutionARN]; ok {
			wk.Status, wk.StartedAt = string(e.Status), e.StartDate
		} else if t.StartedAt != nil {
			wk.StartedAt = *t.StartedAt
		}
		units, err := s.store.Units(r.Context(), p.WorkspaceID, t.ID)
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.Status == "running" {
				wk.UnitsInFlight = append(wk.UnitsInFlight, UnitFlight{AccountID: u.AccountID, Region: u.Region, StartedAt: u.StartedAt})
			}
		}
		out.Data = append(out.Data, wk)
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

// statsWindow is how many recent tasks the statistics cover.
const statsWindow = 50

func (s *Service) workerStats(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	l, err := s.store.ListTasks(r.Context(), p.WorkspaceID, store.TaskFilter{}, domain.Page{Number: 1, Size: statsWindow})
	if err != nil {
		return err
	}
	var st Stats
	var total int64
	var ended int64
	for _, t := range l.Items {
		units, err := s.store.Units(r.Context(), p.WorkspaceID, t.ID)
		if err != nil {
			return err
		}
		st.TasksConsidered++
		for _, u := range units {
			switch u.Status {
			case "running":
				st.Running++
			case "done":
				st.Succeeded++
			case "failed":
				st.Failed++
			}
			if u.Throttles > 0 || u.Statuses["throttled"] > 0 {
				st.Throttled++
			}
			if u.Status == "done" || u.Status == "failed" {
				total += u.DurationMS
				ended++
			}
		}
	}
	if ended > 0 {
		st.AverageUnitDurationMS = total / ended
	}
	return httpapi.JSON(w, http.StatusOK, st)
}

func (s *Service) purge(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	running, err := s.store.RunningTasks(r.Context(), p.WorkspaceID)
	out := Purged{}
	var stopped []string
	for i := 0; err == nil && i < len(running); i++ {
		if err = s.stop(r.Context(), &running[i], "purged by "+p.Username); err == nil {
			out.Stopped++
			stopped = append(stopped, running[i].ID)
		}
	}
	httpapi.AuditOf(r).After = map[string]any{"stopped": out.Stopped, "tasks": stopped}
	if err != nil {
		return domain.Unavailable("purge stopped part way: "+err.Error(), err)
	}
	return httpapi.JSON(w, http.StatusOK, out)
}
