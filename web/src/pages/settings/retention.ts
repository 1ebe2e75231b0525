// The report retention setting as the form holds it: keep forever (0 to
// the API) or delete reports older than a number of days (1 to 3650).

export const MAX_RETENTION_DAYS = 3650;

export interface RetentionForm {
  mode: "forever" | "days";
  /** The days as typed; read only in "days" mode. */
  days: string;
}

export function retentionForm(days: number): RetentionForm {
  return days > 0 ? { mode: "days", days: String(days) } : { mode: "forever", days: "" };
}

/** What keeps the form from being saved; undefined when it may be. */
export function retentionProblem(f: RetentionForm): string | undefined {
  if (f.mode === "forever") return undefined;
  const t = f.days.trim();
  if (!t) return "Enter a number of days.";
  if (!/^\d+$/.test(t)) return "Enter a whole number of days.";
  const n = Number(t);
  if (n < 1 || n > MAX_RETENTION_DAYS) return `Enter 1 to ${MAX_RETENTION_DAYS.toLocaleString("en-US")} days.`;
  return undefined;
}

/** The reportRetentionDays to send: 0 keeps reports forever. */
export function retentionDays(f: RetentionForm): number {
  return f.mode === "forever" ? 0 : Number(f.days.trim());
}

/** How a saved setting reads. */
export function describeRetention(days: number): string {
  if (days <= 0) return "Reports are kept forever.";
  return `Reports older than ${days.toLocaleString("en-US")} day${days === 1 ? "" : "s"} are deleted.`;
}
