// The date-range filter kept as two RFC 3339 query values (from, to), the
// form the list APIs take. A relative range is resolved when applied.

import type { DateRangePickerProps } from "@cloudscape-design/components/date-range-picker";

const unitMs: Record<string, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

export function rangeToUrl(v: DateRangePickerProps.Value | null, now = Date.now()): { from?: string; to?: string } {
  if (!v) return { from: undefined, to: undefined };
  if (v.type === "relative") {
    return { from: new Date(now - v.amount * (unitMs[v.unit] ?? 0)).toISOString(), to: undefined };
  }
  const from = v.startDate ? new Date(v.startDate) : undefined;
  const to = v.endDate ? new Date(v.endDate) : undefined;
  // A date without a time means the whole day: end the range at its last millisecond.
  if (to && /^\d{4}-\d{2}-\d{2}$/.test(v.endDate)) to.setHours(23, 59, 59, 999);
  return {
    from: from && !Number.isNaN(from.getTime()) ? from.toISOString() : undefined,
    to: to && !Number.isNaN(to.getTime()) ? to.toISOString() : undefined,
  };
}

export function rangeFromUrl(from: string, to: string): DateRangePickerProps.AbsoluteValue | null {
  if (!from && !to) return null;
  return { type: "absolute", startDate: from, endDate: to };
}
