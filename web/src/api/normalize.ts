// The API's answers, made whole at the boundary: lists the contract
// promises may come back missing (a unit still running has no coverage
// yet; a task not yet planned has no units), and pages must not crash on
// that. Only absent lists are filled; no value is invented.

import type { Task, TaskDetail, TaskUnit } from "./types";

const list = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);

export function normalizeTask<T extends Task>(t: T): T {
  return { ...t, accounts: list(t.accounts), regions: list(t.regions), credentialIds: list(t.credentialIds), projectMetadata: t.projectMetadata ?? ({} as Task["projectMetadata"]) };
}

export function normalizeUnit(u: TaskUnit): TaskUnit {
  return { ...u, coverage: list(u.coverage), resources: u.resources ?? 0, durationMs: u.durationMs ?? 0 };
}

export function normalizeTaskDetail(t: TaskDetail): TaskDetail {
  return { ...normalizeTask(t), units: list(t.units).map(normalizeUnit) };
}
