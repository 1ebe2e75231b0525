// A monitor rule's configuration as a form. Each rule has its own shape
// (thresholds, a time zone and working hours, action patterns, switches);
// the form is drawn from the rule's defaults, which have every field, so a
// rule the API adds or changes needs nothing here. Values are held as
// typed and sent back in the rule's shape; the API checks them and names a
// refused field ("config.perUser.count"), shown beside it.

import { humanize } from "../../format";

export type FieldKind = "number" | "boolean" | "zone" | "weekdays" | "list" | "text";

export interface ConfigField {
  /** The field's path in the config: "perUser.count". */
  path: string;
  kind: FieldKind;
  label: string;
  description?: string;
  /** The group (a nested object) the field belongs to: "For one user". */
  group?: string;
}

/** What a field holds while it is edited. */
export type FieldValue = string | boolean | string[];
export type ConfigValues = Record<string, FieldValue>;

const labels: Record<string, string> = {
  count: "How many times",
  minutes: "Within how many minutes",
  rememberDays: "Remember an address for (days)",
  ipv4Prefix: "IPv4 prefix length",
  ipv6Prefix: "IPv6 prefix length",
  zone: "Time zone",
  startHour: "Working hours start (hour)",
  endHour: "Working hours end (hour)",
  weekdays: "Working days",
  actions: "Audit actions",
  userRoles: "When a user is given a higher role",
  rolePermissions: "When a role is given more permissions",
};

const descriptions: Record<string, string> = {
  startHour: "0 to 23, on the time zone's clock.",
  endHour: "1 to 24: work ends at the start of this hour.",
  rememberDays: "A sign-in from an address not seen for longer counts as new.",
  ipv4Prefix: "Addresses sharing this many leading bits count as one (32: each address).",
  ipv6Prefix: "Addresses sharing this many leading bits count as one.",
  actions: 'Separated by commas, such as "tasks.delete"; * stands for any characters ("*.export").',
};

const groups: Record<string, string> = {
  perUser: "For one user",
  perAddress: "From one source address",
};

/** "perUser" -> "Per user". */
function words(key: string): string {
  return humanize(key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase());
}

function kindOf(key: string, v: unknown): FieldKind {
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "boolean";
  if (key === "zone") return "zone";
  if (key === "weekdays") return "weekdays";
  if (Array.isArray(v)) return "list";
  return "text";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The fields of a rule's configuration, from its defaults (nested objects become groups). */
export function configFields(defaults: unknown, prefix = "", group?: string): ConfigField[] {
  if (!isObject(defaults)) return [];
  return Object.entries(defaults).flatMap(([key, v]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(v)) return configFields(v, path, groups[key] ?? words(key));
    return [{ path, kind: kindOf(key, v), label: labels[key] ?? words(key), description: descriptions[key], group }];
  });
}

function at(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

/** The form's values of a configuration (a field it lacks takes its default). */
export function configValues(fields: readonly ConfigField[], config: unknown, defaults: unknown): ConfigValues {
  const out: ConfigValues = {};
  for (const f of fields) {
    const v = at(config, f.path) ?? at(defaults, f.path);
    switch (f.kind) {
      case "boolean":
        out[f.path] = v === true;
        break;
      case "weekdays":
        out[f.path] = Array.isArray(v) ? v.map(String) : [];
        break;
      case "list":
        out[f.path] = Array.isArray(v) ? v.map(String).join(", ") : "";
        break;
      default:
        out[f.path] = v === undefined || v === null ? "" : String(v);
    }
  }
  return out;
}

/** What keeps a field from being sent (the API checks the ranges). */
export function fieldProblems(fields: readonly ConfigField[], values: ConfigValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.path];
    if (f.kind === "number" && (typeof v !== "string" || !/^-?\d+$/.test(v.trim()))) out[f.path] = "Enter a whole number.";
    if (f.kind === "zone" && (typeof v !== "string" || !v.trim())) out[f.path] = "Choose a time zone.";
  }
  return out;
}

/** The configuration to send, in the rule's shape. */
export function toConfig(fields: readonly ConfigField[], values: ConfigValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.path];
    let value: unknown;
    switch (f.kind) {
      case "number":
        value = Number(String(v).trim());
        break;
      case "boolean":
        value = v === true;
        break;
      case "weekdays":
        value = Array.isArray(v) ? v : [];
        break;
      case "list":
        value = String(v ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      default:
        value = String(v ?? "").trim();
    }
    const keys = f.path.split(".");
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1] as string] = value;
  }
  return out;
}

/** The form's field an API error names: "config.perUser.count" -> "perUser.count", "config.weekdays[2]" -> "weekdays". */
export function fieldOfError(apiField: string): string | undefined {
  if (!apiField.startsWith("config.")) return undefined;
  return apiField.slice("config.".length).replace(/\[\d+\]/g, "");
}

export const WEEKDAYS = [
  { value: "mon", label: "Monday" },
  { value: "tue", label: "Tuesday" },
  { value: "wed", label: "Wednesday" },
  { value: "thu", label: "Thursday" },
  { value: "fri", label: "Friday" },
  { value: "sat", label: "Saturday" },
  { value: "sun", label: "Sunday" },
];
