// How values read on screen: dates, sizes, durations and enum labels.

import type { Pagination, Role } from "./api/types";

/** How times read: in the browser's zone (with its abbreviation) or in UTC, as the user chose. */
export type TimeZonePreference = "local" | "utc";

const TIME_ZONE_KEY = "cloudcensus:time-zone";
const zoneListeners = new Set<() => void>();

export function timeZonePreference(): TimeZonePreference {
  try {
    return globalThis.localStorage?.getItem(TIME_ZONE_KEY) === "utc" ? "utc" : "local";
  } catch {
    return "local";
  }
}

/** Remembers the choice in this browser and redraws whatever reads it (useTimeZone). */
export function setTimeZonePreference(p: TimeZonePreference): void {
  try {
    globalThis.localStorage?.setItem(TIME_ZONE_KEY, p);
  } catch {
    // Private windows may refuse storage: the choice then lasts until the page reloads.
  }
  memoryPreference = p;
  zoneListeners.forEach((l) => l());
}

let memoryPreference: TimeZonePreference | undefined;

/** The preference in force: what this page set, else what the browser remembers. */
export function currentTimeZone(): TimeZonePreference {
  return memoryPreference ?? timeZonePreference();
}

export function subscribeTimeZone(listener: () => void): () => void {
  zoneListeners.add(listener);
  return () => zoneListeners.delete(listener);
}

/**
 * A time to the second with its zone: "2026-12-02 17:48:09 UTC", or in the
 * browser's zone "2026-12-02 18:48:09 GMT+1". One format everywhere, so two
 * times on a page compare at a glance and a log line matches its entry.
 */
export function formatDate(iso: string | undefined, zone: TimeZonePreference = currentTimeZone()): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
      ...(zone === "utc" ? { timeZone: "UTC" } : {}),
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
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

/** A time as the clock reads in an IANA zone, to the second, with the zone: "2027-01-31 09:00:00 (Europe/Berlin)". */
export function formatDateIn(iso: string | undefined, zone: string): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} (${zone})`;
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

/** A time with how far it is from now: "in 3 hours (2027-01-31 09:00:00 UTC)". */
export function formatWhen(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return "-";
  return `${formatRelative(iso, now)} (${formatDate(iso)})`;
}
