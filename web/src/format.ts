// How values read on screen: dates, sizes, durations and enum labels.

import type { Pagination, Role } from "./api/types";

export function formatDate(iso: string | undefined): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "-";
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "-";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s % 60)} s`;
}

/** An API reason as a sentence: "must be from 2 to 10" -> "Must be from 2 to 10." */
export function sentence(v: string): string {
  const t = v.trim();
  if (!t) return t;
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
}

/** "partially_completed" -> "Partially completed". */
export function humanize(v: string): string {
  const t = v.replace(/[_-]+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

const roleLabels: Record<Role, string> = { admin: "Administrator", power_user: "Power user", user: "User" };
/** The roles a person may be given, in the order they are offered. */
export const ROLES = Object.keys(roleLabels) as Role[];

export function roleLabel(r: Role): string {
  return roleLabels[r] ?? humanize(r);
}

/** A list's total: "1,000+" when the API stopped counting (total_capped: the total is a lower bound). */
export function formatTotal(p: Pick<Pagination, "total" | "total_capped">): string {
  return `${p.total.toLocaleString("en-US")}${p.total_capped ? "+" : ""}`;
}

/** A time as the clock reads in an IANA zone, with the zone: "Jan 31, 2027, 9:00 AM (Europe/Berlin)". */
export function formatDateIn(iso: string | undefined, zone: string): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return `${d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: zone })} (${zone})`;
  } catch {
    return formatDate(iso);
  }
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
];

/** How far a time is from now, in words: "in 3 hours", "5 minutes ago", "now". */
export function formatRelative(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return "-";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const diff = t - now;
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of relativeUnits) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return "now";
}

/** A time with how far it is from now: "in 3 hours (Jan 31, 2027, 9:00 AM)". */
export function formatWhen(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return "-";
  return `${formatRelative(iso, now)} (${formatDate(iso)})`;
}
