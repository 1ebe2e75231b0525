// What the task detail derives from its units: each unit's progress and
// the coverage matrix (service x unit). The unit status values are open in
// the contract, so "finished" is judged by unitKind.

import type { Coverage, ServiceSpec, TaskUnit } from "../../api/types";
import { type Kind, unitKind } from "../../components/status";
import { humanize } from "../../format";

export function isGlobalUnit(u: { region: string }): boolean {
  return u.region === "global";
}

/** The services a unit has reported so far (the API leaves the list out until the first). */
export function coverageOf(u: TaskUnit): Coverage[] {
  return u.coverage ?? [];
}

function finished(u: TaskUnit): boolean {
  const k = unitKind(u.status);
  return k !== "pending" && k !== "in-progress";
}

/**
 * A unit's progress in percent: finished units 100, waiting ones 0, a
 * running one by how many services it has reported against what finished
 * units of its kind (global or regional) reported; undefined when unknown.
 */
export function unitProgress(u: TaskUnit, units: TaskUnit[]): number | undefined {
  if (finished(u)) return 100;
  const kind = unitKind(u.status);
  if (kind === "pending" && coverageOf(u).length === 0) return 0;
  const expected = Math.max(0, ...units.filter((o) => finished(o) && isGlobalUnit(o) === isGlobalUnit(u)).map((o) => coverageOf(o).length));
  if (expected === 0) return undefined;
  return Math.min(99, Math.round((coverageOf(u).length / expected) * 100));
}

export interface MatrixColumn {
  key: string;
  accountId: string;
  region: string;
}

export interface Matrix {
  services: string[];
  columns: MatrixColumn[];
  cell(service: string, columnKey: string): Coverage | undefined;
  /** The spec's title of a service key (the key itself when unknown). */
  title(service: string): string;
}

export function columnKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** Builds the coverage matrix: services sorted, columns by account then region (global first). */
export function coverageMatrix(units: TaskUnit[], spec?: Pick<ServiceSpec, "key" | "title">[]): Matrix {
  const cells = new Map<string, Coverage>();
  const services = new Set<string>();
  const columns = new Map<string, MatrixColumn>();
  for (const u of units) {
    const key = columnKey(u.accountId, u.region);
    columns.set(key, { key, accountId: u.accountId, region: u.region });
    for (const c of coverageOf(u)) {
      services.add(c.service);
      cells.set(`${c.service}|${key}`, c);
    }
  }
  const sortedColumns = [...columns.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      Number(isGlobalUnit(b)) - Number(isGlobalUnit(a)) ||
      a.region.localeCompare(b.region),
  );
  // Report order (the spec's) when the spec is known, else by key.
  const order = new Map((spec ?? []).map((s, i) => [s.key, i] as const));
  const titles = new Map((spec ?? []).map((s) => [s.key, s.title] as const));
  const rank = (k: string) => order.get(k) ?? Number.MAX_SAFE_INTEGER;
  return {
    services: [...services].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
    columns: sortedColumns,
    cell: (service, key) => cells.get(`${service}|${key}`),
    title: (service) => titles.get(service) ?? service,
  };
}

/** Counts of each coverage status over every unit. */
export function coverageTotals(units: TaskUnit[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const u of units) for (const c of coverageOf(u)) totals[c.status] = (totals[c.status] ?? 0) + 1;
  return totals;
}

/**
 * A unit's status as read: one that finished but could not read every
 * service says "Completed with warnings" (and how many), never a green
 * "Done" beside a partial scan.
 */
export function unitStatus(u: Pick<TaskUnit, "status" | "warnings">): { type: Kind; label: string } {
  const type = unitKind(u.status);
  if (type === "success" && u.warnings > 0) return { type: "warning", label: `Completed with warnings (${u.warnings})` };
  return { type, label: humanize(u.status) };
}
