package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Security monitor rows (package monitor):
//
//	alert          PK WS#<ws>#ALERT      SK ALERT#<id>        GSI1 WS#<ws>#ALERTSTATUS#<status> / ALERT#<id>
//	dedupe marker  PK WS#<ws>#ALERTKEY   SK KEY#<dedupe key>  owner: the alert's id; expiresAt
//	rule setting   PK WS#<ws>#MONITOR    SK RULE#<rule>
//	checkpoint     PK WS#<ws>#MONITOR    SK CHECKPOINT        lastId: the last audit entry processed
//	seen addresses PK WS#<ws>#SEENADDR   SK USER#<user>       addresses: address -> last seen; expiresAt
//
// Alert ids are ULIDs of the time of the entry that raised them, so the
// partition lists alerts newest first, and the status index lists the
// open ones without reading the resolved. The dedupe marker is written in
// the same transaction as its alert: a monitor tick that runs again over
// the same entries finds it and raises nothing new. The rule settings and
// the checkpoint share a partition, so a tick reads both in one query.
// The checkpoint only moves forward. A user's seen addresses are one
// small item, read for many users in one batch and replaced whole with a
// version check; it expires when the user has not signed in for the
// monitor's memory.
type alertItem struct {
	Meta
	domain.Alert
}

func alertPK(ws string) string { return "WS#" + ws + "#ALERT" }
func alertSK(id string) string { return "ALERT#" + id }
func alertStatusPK(ws string, st domain.AlertStatus) string {
	return "WS#" + ws + "#ALERTSTATUS#" + string(st)
}
func alertKeyPK(ws string) string { return "WS#" + ws + "#ALERTKEY" }
func monitorPK(ws string) string  { return "WS#" + ws + "#MONITOR" }
func seenAddrPK(ws string) string { return "WS#" + ws + "#SEENADDR" }

// AlertKeyRetention is how long a dedupe marker outlives its alert's
// creation: far longer than a monitor tick can lag behind.
const AlertKeyRetention = 30 * 24 * time.Hour

// maxAlertKey bounds a dedupe key in a sort key; longer keys are hashed.
const maxAlertKey = 512

func alertKeySK(key string) string {
	if len(key) > maxAlertKey {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return "KEY#" + key
}

type alertKeyItem struct {
	PK        string `dynamo:"PK,hash"`
	SK        string `dynamo:"SK,range"`
	Type      string `dynamo:"type"`
	Owner     string `dynamo:"owner"`
	ExpiresAt int64  `dynamo:"expiresAt"`
}

func newAlertItem(a *domain.Alert) *alertItem {
	return &alertItem{Meta: Meta{PK: alertPK(a.WorkspaceID), SK: alertSK(a.ID), Type: "alert",
		GSI1PK: alertStatusPK(a.WorkspaceID, a.Status), GSI1SK: alertSK(a.ID)}, Alert: *a}
}

// CreateAlert stores a new alert at version 1 with its dedupe marker, in
// one transaction. When the marker (or the alert) exists already, the
// alert was raised before: created is false and *a becomes the stored
// alert, so the caller can tell whether it was notified.
func (s *Store) CreateAlert(ctx context.Context, a *domain.Alert) (created bool, err error) {
	if a.Status == "" {
		a.Status = domain.AlertOpen
	}
	it := newAlertItem(a)
	now := s.now()
	it.CreatedAt, it.UpdatedAt, it.Version = now, now, 1
	mk := alertKeyItem{PK: alertKeyPK(a.WorkspaceID), SK: alertKeySK(a.DedupeKey), Type: "alertkey", Owner: a.ID,
		ExpiresAt: now.Add(AlertKeyRetention).Unix()}
	err = s.db.WriteTx().
		Put(s.table.Put(it).If("attribute_not_exists(PK)")).
		Put(s.table.Put(mk).If("attribute_not_exists(PK)")).Run(ctx)
	if err == nil {
		*a = it.Alert
		return true, nil
	}
	if !dynamo.IsCondCheckFailed(err) {
		return false, fmt.Errorf("create alert %s: %w", a.ID, err)
	}
	id := a.ID
	var got alertKeyItem
	if err := s.get(ctx, mk.PK, mk.SK, "alert key", &got); err == nil {
		id = got.Owner
	} else if !domain.Is(err, domain.KindNotFound) {
		return false, fmt.Errorf("read alert key of %s: %w", a.ID, err)
	}
	stored, err := s.GetAlert(ctx, a.WorkspaceID, id)
	if err != nil {
		return false, fmt.Errorf("read alert raised before %s: %w", id, err)
	}
	*a = *stored
	return false, nil
}

// GetAlert reads an alert of a workspace.
func (s *Store) GetAlert(ctx context.Context, ws, id string) (*domain.Alert, error) {
	var it alertItem
	if err := s.get(ctx, alertPK(ws), alertSK(id), "alert", &it); err != nil {
		return nil, err
	}
	return &it.Alert, nil
}

// AlertFilter narrows the alert list.
type AlertFilter struct {
	Status   domain.AlertStatus
	Rule     string
	Severity domain.AlertSeverity
}

// ListAlerts lists a workspace's alerts newest first (by the time of the
// entry that raised them); a status filter reads only that status's rows.
func (s *Store) ListAlerts(ctx context.Context, ws string, f AlertFilter, p Page) (Listed[domain.Alert], error) {
	q := query{pk: alertPK(ws), skPrefix: "ALERT#", newest: true}
	if f.Status != "" {
		q = query{index: GSI1, pk: alertStatusPK(ws, f.Status), newest: true}
	}
	if f.Rule != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"rule", f.Rule}})
	}
	if f.Severity != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"severity", f.Severity}})
	}
	l, err := list[alertItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Alert]{}, fmt.Errorf("list alerts: %w", err)
	}
	return mapListed(l, func(it alertItem) domain.Alert { return it.Alert }), nil
}

// AcknowledgeAlert marks an open alert acknowledged by a user. With a
// version, the alert must still be at it. An alert no longer open, or at
// another version, is a conflict.
func (s *Store) AcknowledgeAlert(ctx context.Context, ws, id, by string, version int) (*domain.Alert, error) {
	now := s.now()
	u := s.table.Update("PK", alertPK(ws)).Range("SK", alertSK(id)).
		Set("status", domain.AlertAcknowledged).Set("GSI1PK", alertStatusPK(ws, domain.AlertAcknowledged)).
		Set("acknowledgedBy", by).Set("acknowledgedAt", now).Set("updatedAt", now).Add("version", 1)
	if version > 0 {
		u = u.If("attribute_exists(PK) AND $ = ? AND version = ?", "status", domain.AlertOpen, version)
	} else {
		u = u.If("attribute_exists(PK) AND $ = ?", "status", domain.AlertOpen)
	}
	return s.changeAlert(ctx, ws, id, version, u)
}

// ResolveAlert closes an open or acknowledged alert with a comment. With
// a version, the alert must still be at it. A resolved alert, or one at
// another version, is a conflict.
func (s *Store) ResolveAlert(ctx context.Context, ws, id, by, comment string, version int) (*domain.Alert, error) {
	now := s.now()
	u := s.table.Update("PK", alertPK(ws)).Range("SK", alertSK(id)).
		Set("status", domain.AlertResolved).Set("GSI1PK", alertStatusPK(ws, domain.AlertResolved)).
		Set("resolvedBy", by).Set("resolvedAt", now).Set("resolveComment", comment).Set("updatedAt", now).Add("version", 1)
	if version > 0 {
		u = u.If("attribute_exists(PK) AND $ <> ? AND version = ?", "status", domain.AlertResolved, version)
	} else {
		u = u.If("attribute_exists(PK) AND $ <> ?", "status", domain.AlertResolved)
	}
	return s.changeAlert(ctx, ws, id, version, u)
}

// changeAlert runs a status change and, when its condition fails, tells
// why: no such alert, another version, or a status that forbids it.
func (s *Store) changeAlert(ctx context.Context, ws, id string, version int, u *dynamo.Update) (*domain.Alert, error) {
	var it alertItem
	err := u.Value(ctx, &it)
	if err == nil {
		return &it.Alert, nil
	}
	if !dynamo.IsCondCheckFailed(err) {
		return nil, fmt.Errorf("change alert %s: %w", id, err)
	}
	cur, gerr := s.GetAlert(ctx, ws, id)
	if gerr != nil {
		return nil, gerr
	}
	if version > 0 && cur.Version != version {
		return nil, domain.Conflict("changed by someone else since it was read: reload and try again")
	}
	return nil, domain.Conflict("the alert is " + string(cur.Status) + " already")
}

// MarkAlertNotified records that the alert went to the notification
// channels. It is not an edit: the version stays.
func (s *Store) MarkAlertNotified(ctx context.Context, ws, id string, at time.Time) error {
	err := s.table.Update("PK", alertPK(ws)).Range("SK", alertSK(id)).Set("notifiedAt", at.UTC()).
		If("attribute_exists(PK)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.NotFound("alert")
	}
	if err != nil {
		return fmt.Errorf("mark alert %s notified: %w", id, err)
	}
	return nil
}

// MonitorState is what a monitor tick reads of a workspace first: the
// last audit entry processed ("" before the first tick) and the stored
// rule settings (rules without one run with their defaults).
type MonitorState struct {
	Checkpoint string
	Rules      []domain.AlertRuleSetting
}

// monitorRow reads both kinds of row of the monitor partition.
type monitorRow struct {
	Meta
	domain.AlertRuleSetting
	LastID string `dynamo:"lastId"`
}

type ruleItem struct {
	Meta
	domain.AlertRuleSetting
}

const checkpointSK = "CHECKPOINT"

// GetMonitorState reads a workspace's checkpoint and rule settings in one
// query.
func (s *Store) GetMonitorState(ctx context.Context, ws string) (*MonitorState, error) {
	rows, err := all[monitorRow](ctx, s, query{pk: monitorPK(ws)})
	if err != nil {
		return nil, fmt.Errorf("monitor state of %s: %w", ws, err)
	}
	st := &MonitorState{}
	for _, r := range rows {
		if r.SK == checkpointSK {
			st.Checkpoint = r.LastID
			continue
		}
		rs := r.AlertRuleSetting
		rs.WorkspaceID = ws
		st.Rules = append(st.Rules, rs)
	}
	return st, nil
}

// PutAlertRule stores a rule's setting: version 0 creates it (a conflict
// if it exists), any other version replaces the stored one at that
// version (a conflict if it moved on). rs comes back at its new version.
func (s *Store) PutAlertRule(ctx context.Context, rs *domain.AlertRuleSetting) error {
	it := &ruleItem{Meta: Meta{PK: monitorPK(rs.WorkspaceID), SK: "RULE#" + rs.Rule, Type: "alertrule"}, AlertRuleSetting: *rs}
	var err error
	if rs.Version == 0 {
		err = s.create(ctx, it, "")
	} else {
		err = s.update(ctx, it, "", nil, nil)
	}
	if err != nil {
		if domain.Is(err, domain.KindConflict) {
			return domain.Conflict("the rule's setting changed since it was read: reload and try again")
		}
		return fmt.Errorf("put alert rule %s: %w", rs.Rule, err)
	}
	*rs = it.AlertRuleSetting
	return nil
}

// SetMonitorCheckpoint records the last audit entry a tick processed. It
// only moves forward: a slower tick that finishes later cannot move it
// back.
func (s *Store) SetMonitorCheckpoint(ctx context.Context, ws, lastID string) error {
	err := s.table.Update("PK", monitorPK(ws)).Range("SK", checkpointSK).
		Set("type", "monitorcheckpoint").Set("lastId", lastID).Set("updatedAt", s.now()).
		If("attribute_not_exists(lastId) OR lastId < ?", lastID).Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("set monitor checkpoint of %s: %w", ws, err)
	}
	return nil
}

// SeenAddresses are the source addresses (or address prefixes) a user
// signed in from, each with when it was last seen.
type SeenAddresses struct {
	WorkspaceID string               `dynamo:"workspaceId"`
	UserID      string               `dynamo:"userId"`
	Addresses   map[string]time.Time `dynamo:"addresses"`
	Version     int                  `dynamo:"version"`
}

type seenItem struct {
	Meta
	SeenAddresses
}

// SeenAddressesOf reads the seen addresses of users, in batches of a
// hundred; users never seen are missing from the answer.
func (s *Store) SeenAddressesOf(ctx context.Context, ws string, users []string) (map[string]*SeenAddresses, error) {
	out := map[string]*SeenAddresses{}
	if len(users) == 0 {
		return out, nil
	}
	keys := make([]dynamo.Keyed, 0, len(users))
	for _, u := range users {
		keys = append(keys, dynamo.Keys{seenAddrPK(ws), "USER#" + u})
	}
	var rows []seenItem
	err := s.table.Batch("PK", "SK").Get(keys...).Consistent(true).All(ctx, &rows)
	if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("seen addresses in %s: %w", ws, err)
	}
	for i := range rows {
		sa := rows[i].SeenAddresses
		if sa.Addresses == nil {
			sa.Addresses = map[string]time.Time{}
		}
		out[sa.UserID] = &sa
	}
	return out, nil
}

// PutSeenAddresses replaces a user's seen addresses if they are still at
// sa.Version (0: none stored yet), and keeps them until expires.
func (s *Store) PutSeenAddresses(ctx context.Context, sa *SeenAddresses, expires time.Time) error {
	read := sa.Version
	it := &seenItem{Meta: Meta{PK: seenAddrPK(sa.WorkspaceID), SK: "USER#" + sa.UserID, Type: "seenaddr", ExpiresAt: expires.Unix()},
		SeenAddresses: *sa}
	it.Version = read + 1
	put := s.table.Put(it)
	if read == 0 {
		put = put.If("attribute_not_exists(PK)")
	} else {
		put = put.If("version = ?", read)
	}
	if err := put.Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict("seen addresses of " + sa.UserID + " changed since they were read")
		}
		return fmt.Errorf("put seen addresses of %s: %w", sa.UserID, err)
	}
	sa.Version = read + 1
	return nil
}

// AuditRange reads at most limit audit entries of a workspace whose ids
// lie strictly between after and before, oldest first, in one query
// (DynamoDB pages it at 1 MB). after may be "" (from the first entry).
// Reads are consistent: an entry that is acknowledged written is seen.
func (s *Store) AuditRange(ctx context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error) {
	from := "AUDIT#"
	if after != "" {
		// "!" sorts below every id character: the smallest key past after.
		from = "AUDIT#" + after + "!"
	}
	to := "AUDIT#" + before
	if to < from {
		return nil, nil
	}
	var rows []auditItem
	err := s.table.Get("PK", "WS#"+ws+"#AUDIT").Range("SK", dynamo.Between, from, to).
		Consistent(true).Limit(limit).All(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("audit range of %s: %w", ws, err)
	}
	out := make([]domain.AuditEntry, 0, len(rows))
	for _, r := range rows {
		if r.ID >= before {
			break
		}
		out = append(out, r.AuditEntry)
	}
	return out, nil
}

// AuditEntries reads audit entries of a workspace by id (an alert's
// evidence), in batches of a hundred; ids not found (expired, or of
// another workspace) are missing from the answer, which keeps the order
// of ids.
func (s *Store) AuditEntries(ctx context.Context, ws string, ids []string) ([]domain.AuditEntry, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]dynamo.Keyed, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		keys = append(keys, dynamo.Keys{"WS#" + ws + "#AUDIT", "AUDIT#" + id})
	}
	var rows []auditItem
	err := s.table.Batch("PK", "SK").Get(keys...).All(ctx, &rows)
	if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("audit entries of %s: %w", ws, err)
	}
	byID := make(map[string]domain.AuditEntry, len(rows))
	for _, r := range rows {
		byID[r.ID] = r.AuditEntry
	}
	out := make([]domain.AuditEntry, 0, len(byID))
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			out = append(out, e)
			delete(byID, id)
		}
	}
	return out, nil
}
