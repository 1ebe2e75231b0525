package localapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// receiver is a notification endpoint on 127.0.0.1 that keeps what it
// was sent.
type receiver struct {
	*httptest.Server
	mu  sync.Mutex
	got []received
}

type received struct {
	header http.Header
	query  map[string]string
	body   []byte
	at     time.Time
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		q := map[string]string{}
		for k := range r.URL.Query() {
			q[k] = r.URL.Query().Get(k)
		}
		rc.mu.Lock()
		rc.got = append(rc.got, received{header: r.Header.Clone(), query: q, body: b, at: time.Now()})
		rc.mu.Unlock()
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(rc.Close)
	return rc
}

// wait answers the first message for which match holds.
func (rc *receiver) wait(t *testing.T, what string, match func(received) bool) received {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		rc.mu.Lock()
		for _, m := range rc.got {
			if match(m) {
				rc.mu.Unlock()
				return m
			}
		}
		rc.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	rc.mu.Lock()
	for _, m := range rc.got {
		t.Logf("received %s: %.300s", m.header.Get(channels.HeaderEvent), m.body)
	}
	rc.mu.Unlock()
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "report built") || strings.Contains(l, "publish") || strings.Contains(l, "deliver") {
			t.Logf("log: %.400s", l)
		}
	}
	t.Fatalf("%s: never arrived", what)
	return received{}
}

// TestAScheduleScansAndTellsTheChannels, end to end through the stack: a
// rate(5 minutes) schedule fires when the clock passes its time, starts a
// task on the demo account as its owner, the task completes, the webhook
// receiver gets task.completed with a valid signature and the DingTalk
// robot a signed markdown message; the next run, after the simulated
// estate gained a VPC, sends changes.detected naming it.
func TestAScheduleScansAndTellsTheChannels(t *testing.T) {
	c := asAdmin(t)
	hook, robot := newReceiver(t), newReceiver(t)
	const hookSecret, robotSecret = "whsec-e2e-0123456789", "SECe2e0123456789abcdef"
	ends := []string{string(event.TaskCompleted), string(event.TaskPartiallyCompleted), string(event.ChangesDetected)}
	for _, ch := range []map[string]any{
		{"name": "Ops <hook> =cmd", "type": "webhook", "config": map[string]any{"url": hook.URL + "/cc", "secret": hookSecret}, "events": ends},
		{"name": "Team robot [DingTalk]", "type": "dingtalk", "config": map[string]any{"webhookUrl": robot.URL + "/robot/send?access_token=e2e", "secret": robotSecret},
			"events": ends},
	} {
		if a := c.post("/api/notification-channels/create", ch); a.Status != 201 {
			t.Fatalf("channel %s: %d %s", ch["name"], a.Status, a.Body)
		}
	}
	cred := demoCredentials(t, c)[0]
	var pc domain.PublicCredential
	c.get("/api/credentials/detail?id="+cred).decode(t, &pc)
	meta := map[string]string{"clientName": "ACME [UK] Ltd", "projectName": "Nightly {{.Secret}}", "bdManager": "B", "solutionsArchitect": "S",
		"cloudEngineer": "C", "cloudEngineerEmail": "c@example.com"}
	a := c.post("/api/schedules/create", map[string]any{"name": "Every five minutes", "expression": "rate(5 minutes)", "timezone": "UTC",
		"credentialIds": []string{cred}, "regions": []string{"us-east-1"}, "projectMetadata": meta, "enabled": true})
	if a.Status != 201 {
		t.Fatalf("schedule: %d %s", a.Status, a.Body)
	}
	var s domain.Schedule
	a.decode(t, &s)
	t.Cleanup(func() { c.post("/api/schedules/delete", map[string]string{"id": s.ID}) })

	run := func(n int) (domain.Task, time.Duration) {
		t.Helper()
		var due time.Time
		var cur struct {
			domain.Schedule
			NextRuns []time.Time `json:"nextRuns"`
		}
		c.get("/api/schedules/detail?id="+s.ID).decode(t, &cur)
		if len(cur.NextRuns) != 3 || cur.NextRuns[1].Sub(cur.NextRuns[0]) != 5*time.Minute {
			t.Fatalf("next runs %v", cur.NextRuns)
		}
		due = cur.NextRuns[0]
		clock.Advance(due.Sub(clock.Now()) + time.Second)
		deadline := time.Now().Add(time.Minute)
		for {
			c.get("/api/schedules/detail?id="+s.ID).decode(t, &cur)
			if cur.LastRun != nil && cur.LastRun.TaskID != "" && cur.LastRun.Time.Equal(due) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("run %d: the schedule did not fire for %s (last run %+v)", n, due, cur.LastRun)
			}
			time.Sleep(100 * time.Millisecond)
		}
		fired := time.Since(deadline.Add(-time.Minute))
		d := waitTask(t, c, cur.LastRun.TaskID, 3*time.Minute)
		if d.ScheduleID != s.ID || !d.Status.Final() || d.Status == domain.TaskFailed {
			t.Fatalf("run %d: task %+v", n, d.Task)
		}
		return d.Task, fired
	}

	first, late := run(1)
	t.Logf("the schedule's run started %s after the clock passed its time", late.Round(time.Millisecond))
	isEnd := func(task string) func(received) bool {
		return func(m received) bool {
			return strings.HasPrefix(m.header.Get(channels.HeaderEvent), "task.") && strings.Contains(string(m.body), task)
		}
	}
	m := hook.wait(t, "webhook task end", isEnd(first.ID))
	var ended tasks.Detail
	c.get("/api/tasks/detail?id="+first.ID).decode(t, &ended)
	if ended.CompletedAt != nil {
		t.Logf("from the task's end to the message at the webhook receiver: %s", m.at.Sub(*ended.CompletedAt).Round(time.Millisecond))
	}
	if err := channels.VerifyWebhook(hookSecret, m.header, m.body, time.Now(), 5*time.Minute); err != nil {
		t.Fatalf("webhook signature: %v", err)
	}
	var ev event.Event
	if err := json.Unmarshal(m.body, &ev); err != nil || ev.Task == nil || ev.Task.Client != "ACME [UK] Ltd" || ev.ID != m.header.Get(channels.HeaderEventID) {
		t.Fatalf("webhook body %s (%v)", m.body, err)
	}
	dm := robot.wait(t, "DingTalk task end", func(m received) bool { return strings.Contains(string(m.body), "Nightly") })
	mac := hmac.New(sha256.New, []byte(robotSecret))
	mac.Write([]byte(dm.query["timestamp"] + "\n" + robotSecret))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); dm.query["sign"] != want || dm.query["access_token"] != "e2e" {
		t.Fatalf("DingTalk sign %q, want %q (query %v)", dm.query["sign"], want, dm.query)
	}
	var md struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Title, Text string }
	}
	if err := json.Unmarshal(dm.body, &md); err != nil || md.MsgType != "markdown" || !strings.Contains(md.Markdown.Text, "ACME") {
		t.Fatalf("DingTalk body %s", dm.body)
	}

	// The estate gains a VPC; the next run reports it.
	region := stack.Demo.Estate().Account(pc.AccountID).Region("us-east-1")
	before := region.Vpcs
	region.Vpcs = append(append([]ec2types.Vpc(nil), before...), ec2types.Vpc{VpcId: awsString("vpc-0e2e0000000000001"),
		CidrBlock: awsString("10.99.0.0/16"), State: ec2types.VpcStateAvailable,
		Tags: []ec2types.Tag{{Key: awsString("Name"), Value: awsString("added-by-e2e")}}})
	t.Cleanup(func() { region.Vpcs = before })
	second, _ := run(2)
	defer func() {
		if t.Failed() {
			var chs struct{ Data []domain.Channel }
			c.get("/api/notification-channels?page_size=100").decode(t, &chs)
			for _, ch := range chs.Data {
				t.Logf("channel %s %s health %+v: %s", ch.Name, ch.ID, ch.Health, c.get("/api/notification-channels/deliveries?id="+ch.ID).Body)
			}
			t.Logf("second task logs: %s", c.get("/api/tasks/logs?id="+second.ID).Body)
			var reps struct{ Data []domain.Report }
			c.get("/api/reports?task_id="+second.ID).decode(t, &reps)
			t.Logf("second task reports: %+v", reps.Data)
		}
	}()
	cm := hook.wait(t, "changes.detected", func(m received) bool {
		return m.header.Get(channels.HeaderEvent) == string(event.ChangesDetected) && strings.Contains(string(m.body), second.ID)
	})
	if !strings.Contains(string(cm.body), "vpc-0e2e0000000000001") || !strings.Contains(string(cm.body), "added") {
		t.Fatalf("changes.detected does not name the new VPC: %s", cm.body)
	}
	hook.wait(t, "webhook second task end", isEnd(second.ID))
	var deliveries struct{ Data []domain.Delivery }
	var chs struct{ Data []domain.Channel }
	c.get("/api/notification-channels?page_size=100").decode(t, &chs)
	for _, ch := range chs.Data {
		if ch.Type == "webhook" {
			c.get("/api/notification-channels/deliveries?id="+ch.ID).decode(t, &deliveries)
		}
	}
	if len(deliveries.Data) != 3 { // two task ends and one change alert, each once
		t.Fatalf("the webhook channel's delivery log: %+v", deliveries.Data)
	}
}

func awsString(s string) *string { return &s }

// A sign-in closed by failed attempts reaches the channels subscribed to
// security.alert (an admin's), as well as the log.
func TestLockoutAlertsTheAdminsChannel(t *testing.T) {
	c := asAdmin(t)
	rc := newReceiver(t)
	if a := c.post("/api/notification-channels/create", map[string]any{"name": "Security", "type": "webhook",
		"config": map[string]any{"url": rc.URL + "/sec", "secret": "whsec-sec-0123456789"}, "events": []string{"security.alert"}}); a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	name, _, _ := newUser(t, "user")
	for range 5 {
		anonymous(t).post("/api/auth/login", map[string]string{"username": name, "password": "wrong-password-1A"})
	}
	m := rc.wait(t, "security alert", func(m received) bool {
		return m.header.Get(channels.HeaderEvent) == string(event.SecurityAlert) && strings.Contains(string(m.body), name)
	})
	if !strings.Contains(string(m.body), "user_locked") {
		t.Fatalf("alert %s", m.body)
	}
}
