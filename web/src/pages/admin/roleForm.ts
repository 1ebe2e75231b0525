// The role editor's form as data: what it starts from, what it checks
// before asking the API (the same rules the API keeps), and the body it
// sends. UI ids are the server's to derive from the permissions, so the
// form never holds them.

import type { PermissionGroup, RoleCreate, RolePermissions, RoleUpdate } from "../../api/types";

/** Everyone signs in and out: the API adds it to every role, so the editor shows it held and fixed. */
export const ALWAYS_HELD = "auth:self";

/** The lowest rank a role may have (the highest is the catalog's maxRank). */
export const MIN_RANK = 1;

export interface RoleForm {
  name: string;
  description: string;
  /** As typed: the Input's text. */
  rank: string;
  permissions: Set<string>;
}

/** A new role starts at the user role's rank, or the caller's own when that is lower. */
export function newRoleForm(ceiling: number): RoleForm {
  return { name: "", description: "", rank: String(Math.min(100, ceiling)), permissions: new Set([ALWAYS_HELD]) };
}

export function roleFormOf(role: RolePermissions): RoleForm {
  return { name: role.role, description: role.description, rank: String(role.rank), permissions: new Set([ALWAYS_HELD, ...role.permissions]) };
}

/** The highest rank the caller may give a role: their own, within the catalog's bound. */
export function rankCeiling(callerRank: number, maxRank: number): number {
  return Math.max(MIN_RANK, Math.min(callerRank, maxRank));
}

export function nameProblem(name: string): string | undefined {
  if (!name) return "Enter a name.";
  if (!/^[a-z][a-z0-9_-]{1,39}$/.test(name)) return "Use 2 to 40 lower-case letters, digits, dashes or underscores, starting with a letter.";
  return undefined;
}

export function rankProblem(rank: string, ceiling: number): string | undefined {
  const t = rank.trim();
  if (!t) return "Enter a rank.";
  if (!/^\d+$/.test(t)) return "Enter a whole number.";
  const n = Number(t);
  if (n < MIN_RANK || n > ceiling) return `Enter ${MIN_RANK} to ${ceiling}.`;
  return undefined;
}

export function descriptionProblem(description: string): string | undefined {
  return [...description].length > 500 ? "Use at most 500 characters." : undefined;
}

/** Which of a group's keys are ticked: none, some or all. */
export function groupState(group: PermissionGroup, held: Set<string>): "none" | "some" | "all" {
  const n = group.permissions.filter((p) => held.has(p.key)).length;
  return n === 0 ? "none" : n === group.permissions.length ? "all" : "some";
}

/**
 * Ticks or clears every key of a group that may change: keys the caller
 * does not hold are never added, and the key every role holds stays.
 */
export function setGroup(held: Set<string>, group: PermissionGroup, on: boolean, mayGive: (key: string) => boolean): Set<string> {
  const next = new Set(held);
  for (const p of group.permissions) {
    if (p.key === ALWAYS_HELD) continue;
    if (on && mayGive(p.key)) next.add(p.key);
    if (!on) next.delete(p.key);
  }
  return next;
}

export function setPermission(held: Set<string>, key: string, on: boolean): Set<string> {
  const next = new Set(held);
  if (on) next.add(key);
  else if (key !== ALWAYS_HELD) next.delete(key);
  return next;
}

/** The permission keys in catalog order, so the body reads the same as the editor. */
function ordered(groups: PermissionGroup[], held: Set<string>): string[] {
  return groups.flatMap((g) => g.permissions.map((p) => p.key)).filter((k) => held.has(k));
}

export function createBody(form: RoleForm, groups: PermissionGroup[]): RoleCreate {
  return { name: form.name.trim(), description: form.description.trim(), rank: Number(form.rank.trim()), permissions: ordered(groups, form.permissions) };
}

/** A built-in role keeps its rank: it is sent only for a custom role. */
export function updateBody(role: RolePermissions, form: RoleForm, groups: PermissionGroup[]): RoleUpdate {
  return {
    role: role.role,
    description: form.description.trim(),
    permissions: ordered(groups, form.permissions),
    ...(role.builtIn ? {} : { rank: Number(form.rank.trim()) }),
    version: role.version,
  };
}
