package taskflow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func TestUnitsFollowTheSeedsScopeRules(t *testing.T) {
	creds := []domain.Credential{{ID: "c1", AccountID: "111111111111"}, {ID: "c2", AccountID: "222222222222"}}
	for _, tc := range []struct {
		name     string
		services []string
		want     []string // account/region of each unit, in order
		global   []string // services of the global units
	}{
		// us-east-1: ACM there, for CloudFront's certificates (plan_acm.go).
		{"every service", nil, []string{"111111111111/eu-west-1", "111111111111/us-east-2", "111111111111/us-east-1", "111111111111/global",
			"222222222222/eu-west-1", "222222222222/us-east-2", "222222222222/us-east-1", "222222222222/global"}, nil},
		{"regional only", []string{"vpc", "ec2"}, []string{"111111111111/eu-west-1", "111111111111/us-east-2",
			"222222222222/eu-west-1", "222222222222/us-east-2"}, nil},
		{"global only", []string{"cloudfront", "s3"}, []string{"111111111111/global", "222222222222/global"}, []string{"s3", "cloudfront"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			task := &domain.Task{ID: "t", Regions: []string{"eu-west-1", "us-east-2"}, Services: tc.services}
			units := Units(task, creds, nil)
			var got []string
			for _, u := range units {
				got = append(got, u.AccountID+"/"+u.Region)
				if u.Region == spec.GlobalUnit && tc.global != nil && !slices.Equal(u.Services, tc.global) {
					t.Errorf("global unit services %v, want %v", u.Services, tc.global)
				}
				if u.Region != spec.GlobalUnit {
					for _, s := range u.Services {
						if sv, _ := spec.Lookup(s); !sv.Scope.In(spec.Regional) {
							t.Errorf("global service %s in a regional unit", s)
						}
					}
				}
				if u.TaskID != "t" || u.CredentialID == "" {
					t.Errorf("unit %+v", u)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("units %v, want %v", got, tc.want)
			}
		})
	}
}

// planStore is the part of the store Plan uses; anything else panics.
type planStore struct {
	Store
	task  *domain.Task
	creds []domain.Credential
	units []domain.UnitState
}

func (p *planStore) GetTask(context.Context, string, string) (*domain.Task, error) {
	return p.task, nil
}
func (p *planStore) GetCredentials(context.Context, string, []string) ([]domain.Credential, error) {
	return p.creds, nil
}
func (p *planStore) SetUnits(_ context.Context, _, _ string, u []domain.UnitState) error {
	p.units = u
	return nil
}
func (p *planStore) AddLogs(context.Context, string, ...domain.TaskLog) error { return nil }

type memResults struct{ files map[string][]byte }

func (m *memResults) Put(_ context.Context, key string, body io.Reader, _ string) error {
	b, err := io.ReadAll(body)
	m.files[key] = b
	return err
}
func (m *memResults) Bucket() string { return "results" }

func TestLargePlansGoToAUnitsFile(t *testing.T) {
	for _, tc := range []struct {
		accounts int
		file     bool
	}{{2, false}, {40, true}} {
		var creds []domain.Credential
		for i := range tc.accounts {
			creds = append(creds, domain.Credential{ID: fmt.Sprint(i), AccountID: fmt.Sprintf("%012d", i)})
		}
		st := &planStore{task: &domain.Task{ID: "T", Status: domain.TaskRunning, Regions: spec.Regions()}, creds: creds}
		res := &memResults{files: map[string][]byte{}}
		f := &Flow{Store: st, Results: res, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
		plan, err := f.Plan(context.Background(), workflow.Input{TaskID: "T", WorkspaceID: "ws"})
		if err != nil {
			t.Fatal(err)
		}
		want := tc.accounts * (len(spec.Regions()) + 1)
		if len(st.units) != want {
			t.Fatalf("%d units recorded, want %d", len(st.units), want)
		}
		if !tc.file {
			if plan.UnitsFile != nil || len(plan.Units) != want {
				t.Fatalf("small plan: %d inline, file %v", len(plan.Units), plan.UnitsFile)
			}
			continue
		}
		if plan.UnitsFile == nil || len(plan.Units) != 0 || plan.UnitsFile.Bucket != "results" {
			t.Fatalf("large plan: %d inline, file %v", len(plan.Units), plan.UnitsFile)
		}
		var units []inventory.Unit
		if err := json.Unmarshal(res.files[plan.UnitsFile.Key], &units); err != nil || len(units) != want {
			t.Fatalf("units file: %d units, %v", len(units), err)
		}
	}
}

// An organization credential plans its active members that the task's
// filter keeps: by OU (any depth) or by account id; suspended accounts
// never.
func TestOrganizationUnitsFollowTheFilter(t *testing.T) {
	org := domain.Credential{ID: "org", AccountID: "100000000000", Type: domain.CredentialOrganization}
	members := map[string][]domain.OrgAccount{"org": {
		{ID: "100000000000", Status: "ACTIVE", OUIDs: []string{"r-1"}},
		{ID: "200000000000", Status: "ACTIVE", OUIDs: []string{"r-1", "ou-work", "ou-prod"}},
		{ID: "300000000000", Status: "SUSPENDED", OUIDs: []string{"r-1", "ou-work", "ou-prod"}},
		{ID: "400000000000", Status: "ACTIVE", OUIDs: []string{"r-1", "ou-sec"}},
	}}
	for _, tc := range []struct {
		name   string
		filter *domain.OrgFilter
		want   []string
	}{
		{"every active account", nil, []string{"100000000000", "200000000000", "400000000000"}},
		{"an OU and what is under it", &domain.OrgFilter{OUIDs: []string{"ou-work"}}, []string{"200000000000"}},
		{"named accounts", &domain.OrgFilter{AccountIDs: []string{"400000000000", "300000000000"}}, []string{"400000000000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			task := &domain.Task{ID: "T", Regions: []string{"eu-west-1"}, Organization: tc.filter}
			var got []string
			for _, u := range Units(task, []domain.Credential{org}, members) {
				if u.Region == "eu-west-1" {
					got = append(got, u.AccountID)
				}
				if u.CredentialID != "org" {
					t.Errorf("unit %+v is not the organization credential's", u)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("planned %v, want %v", got, tc.want)
			}
		})
	}
}
