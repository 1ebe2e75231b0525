// Package monitor watches the audit log for signs of an attack or of
// misuse and raises security alerts: repeated failed sign-ins (per user
// and per source address), a sign-in from an address the user never used,
// a role raised, an admin at work outside working hours, a mass export or
// delete, repeated refusals. Each alert names its rule, a severity, what
// it is about (a user, an address, a role) and the audit entries that are
// its evidence; people acknowledge and resolve it (/api/alerts), and it is
// published as a security.alert event to the notification channels.
//
// # Design
//
// The rules are pure functions (Evaluate) over a Batch: one workspace's
// audit entries in id order, those past the checkpoint being new and the
// earlier ones the look-back that windowed counts need. A rule raises a
// Finding only for a new entry, and only at the edge of a burst: "5
// failures within 15 minutes" is met at the fifth, and a burst that goes
// on is one alert until the threshold has not been met for a whole
// window. Because an edge depends only on the entries within two windows
// before it, the same entries give the same findings whichever tick sees
// them, and each finding has a deterministic dedupe key (rule, subject,
// the entry at the edge) and alert id. The look-back is read only when a
// new entry is one a windowed rule counts (a failed sign-in, a refusal,
// an export or delete, an off-hours change), and only as far as those
// rules need.
//
// Monitor.Tick runs the rules for every workspace: it reads the rule
// settings and the checkpoint (one query), the audit entries from the
// look-back to now minus a lag (entries are written with ULIDs taken at
// request time, so a few seconds are left for writes in flight), then
// stores each finding as an alert with its dedupe marker (one conditional
// transaction), publishes it, remembers the addresses users signed in
// from, and moves the checkpoint last. A tick that dies halfway and runs
// again finds its alerts by their markers (raising none twice, and
// publishing again only those it had not published: the event id is the
// alert's, so the channels deduplicate too) and loses no entry, since
// the checkpoint had not moved.
//
// # Failed sign-ins of unknown names
//
// The sign-in route cannot tell which workspace an unknown name belongs
// to, so those failures are audited in the pseudo-workspace "none" with
// the actor "anonymous". The per-address count of a workspace adds them
// to its own failures from the same address: a password spray mixes real
// and made-up names. An address alert is raised in a workspace only at a
// failure that targeted one of its users, so a workspace is never told
// about attacks on others alone, and its evidence
// may name entries of "none" that the detail route does not resolve
// (they belong to no workspace). "none" is also monitored as a workspace
// of its own, with the default settings, so a spray of made-up names that
// targets nobody still raises a platform-level alert; such alerts go to
// the structured log only (no workspace's channels may see them).
//
// The monitor reads and writes only through its Store interface, the
// routes through ServiceStore (both *store.Store). It must not import the
// AWS SDK, the scanner, the report builder or any handler package.
package monitor
