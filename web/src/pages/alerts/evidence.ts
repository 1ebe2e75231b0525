// The audit log filtered to an alert's evidence. The log is listed by time
// (entry ids grow with it), by actor and by action; it takes no list of
// ids. So the link narrows the log to the evidence's time span (a second
// either side), and to its actor and action when they share one, and
// names the entries (?entries=) for the log to mark.

import type { AuditEntry } from "../../api/types";

export function evidenceQuery(entries: readonly Pick<AuditEntry, "id" | "timestamp" | "actor" | "action">[]): URLSearchParams {
  const q = new URLSearchParams();
  const times = entries.map((e) => new Date(e.timestamp).getTime()).filter((t) => !Number.isNaN(t));
  if (times.length > 0) {
    q.set("from", new Date(Math.min(...times) - 1000).toISOString());
    q.set("to", new Date(Math.max(...times) + 1000).toISOString());
  }
  const actors = new Set(entries.map((e) => e.actor));
  const [actor] = actors;
  if (actors.size === 1 && actor) q.set("actor", actor);
  const actions = new Set(entries.map((e) => e.action));
  const [action] = actions;
  if (actions.size === 1 && action) q.set("action", action);
  if (entries.length > 0) q.set("entries", entries.map((e) => e.id).join(","));
  return q;
}

/** The audit log's address showing these entries. */
export function evidenceHref(entries: readonly Pick<AuditEntry, "id" | "timestamp" | "actor" | "action">[]): string {
  return `/audit?${evidenceQuery(entries).toString()}`;
}

/** The ids the audit log's ?entries= names. */
export function entriesParam(v: string | null): Set<string> {
  return new Set((v ?? "").split(",").map((s) => s.trim()).filter(Boolean));
}
