// Scope rules (exclusions): what a workspace (Settings) or one task (the
// wizard) leaves out of a scan. A rule excludes by account, region or
// service (the unit or the service is not scanned), or by tag (key=value,
// key=*), resource id or ARN, or CIDR block (a resource whose address or
// block lies inside it). The form checks what is plainly wrong before
// sending; the API checks for real and names the rule at fault as
// exclusions[i].value (or .kind), which the editor shows beside its row.

import type { ScopeRule } from "../api/types";
import { fieldError } from "../api/errors";

export type ExclusionKind = "account" | "region" | "service" | "tag" | "resource" | "cidr";

export interface KindInfo {
  value: ExclusionKind;
  label: string;
  /** What a value of the kind looks like, as the API says it. */
  hint: string;
  placeholder: string;
}

export const EXCLUSION_KINDS: readonly KindInfo[] = [
  { value: "account", label: "Account", hint: "An AWS account id: 12 digits. Its units are not scanned.", placeholder: "123456789012" },
  { value: "region", label: "Region", hint: "A region code. No unit in it is scanned.", placeholder: "eu-west-1" },
  { value: "service", label: "Service", hint: "A service of the column spec. It is not scanned.", placeholder: "lambda" },
  { value: "tag", label: "Tag", hint: "key=value, or key=* for any value of the key.", placeholder: "Environment=sandbox" },
  { value: "resource", label: "Resource", hint: "A resource id or ARN.", placeholder: "i-0123456789abcdef0" },
  { value: "cidr", label: "CIDR block", hint: "Resources whose address or block lies inside it.", placeholder: "10.20.0.0/16" },
];

export function kindInfo(kind: string): KindInfo | undefined {
  return EXCLUSION_KINDS.find((k) => k.value === kind);
}

/** A rule as the report states it: "tag Owner=*". */
export function describeExclusion(r: Pick<ScopeRule, "kind" | "value">): string {
  return `${r.kind} ${r.value}`;
}

function ipv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Whether s is a CIDR block: IPv4 a.b.c.d/n, or an IPv6 prefix (its shape only: the API parses it). */
export function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const [, addr = "", bits = ""] = m;
  const n = Number(bits);
  if (addr.includes(":")) return /^[0-9a-fA-F:.]+$/.test(addr) && addr.split(":").length >= 3 && n <= 128;
  return ipv4(addr) && n <= 32;
}

/**
 * What is plainly wrong with a rule; undefined when the API may check it.
 * services: the service keys the API knows (GET /api/meta/services), when known.
 */
export function exclusionProblem(r: Pick<ScopeRule, "kind" | "value">, services?: readonly string[]): string | undefined {
  const v = r.value.trim();
  const info = kindInfo(r.kind);
  if (!info) return "Choose what the rule excludes.";
  if (!v) return `Enter the ${info.label.toLowerCase()} to exclude.`;
  switch (info.value) {
    case "account":
      return /^\d{12}$/.test(v) ? undefined : "An AWS account id is 12 digits.";
    case "region":
      return /^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : "Enter a region code such as eu-west-1.";
    case "service":
      return !services || services.includes(v) ? undefined : `Unknown service "${v}".`;
    case "tag": {
      const eq = v.indexOf("=");
      return eq > 0 && v.slice(0, eq).trim() ? undefined : "Enter key=value, or key=* for any value.";
    }
    case "resource":
      return v.length <= 2048 ? undefined : "A resource id or ARN is at most 2,048 characters.";
    case "cidr":
      return isCidr(v) ? undefined : "Enter a CIDR block such as 10.20.0.0/16.";
  }
}

/** The problems of rules, by row index; empty when none. */
export function exclusionProblems(rules: readonly Pick<ScopeRule, "kind" | "value">[], services?: readonly string[]): Record<number, string> {
  const out: Record<number, string> = {};
  rules.forEach((r, i) => {
    const p = exclusionProblem(r, services);
    if (p) out[i] = p;
  });
  return out;
}

/** The field an API error names for one part of row index: "exclusions[2].value". */
export function exclusionField(field: string, index: number, part: "kind" | "value"): string {
  return `${field}[${index}].${part}`;
}

/** Every field an API validation error may name for n rules: the list itself and each row's kind and value. */
export function exclusionFields(field: string, n: number): string[] {
  const out = [field];
  for (let i = 0; i < n; i++) out.push(exclusionField(field, i, "kind"), exclusionField(field, i, "value"));
  return out;
}

/** The API's reason for one part of row index, when err names it. */
export function apiRowError(err: unknown, field: string, index: number, part: "kind" | "value"): string | undefined {
  return fieldError(err, exclusionField(field, index, part));
}

/** The rules to send: trimmed, without the source the server sets. */
export function cleanExclusions(rules: readonly ScopeRule[]): ScopeRule[] {
  return rules.map((r) => ({ kind: r.kind, value: r.value.trim() }));
}

/** Whether two lists of rules say the same (the order counts: the API reports by index). */
export function sameExclusions(a: readonly ScopeRule[], b: readonly ScopeRule[]): boolean {
  return a.length === b.length && a.every((r, i) => r.kind === b[i]?.kind && r.value.trim() === b[i]?.value.trim());
}
