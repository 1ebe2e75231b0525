// The audit log's property filter as query parameters and back, and as the
// body of an export (camelCase, from and to in RFC 3339).

import type { PropertyFilterProps } from "@cloudscape-design/components/property-filter";
import type { AuditExportRequest } from "../../api/types";

export const AUDIT_KEYS = ["actor", "action", "resource_type", "result"] as const;
export type AuditKey = (typeof AUDIT_KEYS)[number];

/** Equality tokens become parameters; the last token of a key wins. */
export function tokensToFilter(q: PropertyFilterProps.Query): Partial<Record<AuditKey, string>> {
  const out: Partial<Record<AuditKey, string>> = {};
  for (const t of q.tokens) {
    if (t.operator === "=" && t.propertyKey && (AUDIT_KEYS as readonly string[]).includes(t.propertyKey) && typeof t.value === "string" && t.value) {
      out[t.propertyKey as AuditKey] = t.value;
    }
  }
  return out;
}

export function filterToTokens(f: Partial<Record<AuditKey, string>>): PropertyFilterProps.Query {
  return {
    operation: "and",
    tokens: AUDIT_KEYS.filter((k) => f[k]).map((k) => ({ propertyKey: k, operator: "=", value: f[k] as string })),
  };
}

/** The list's filters (from the URL) as the body of POST /api/audit/export. */
export function toAuditExport(values: Record<AuditKey | "from" | "to", string>): AuditExportRequest {
  const f: AuditExportRequest = {};
  if (values.actor) f.actor = values.actor;
  if (values.action) f.action = values.action;
  if (values.resource_type) f.resourceType = values.resource_type;
  if (values.result) f.result = values.result as AuditExportRequest["result"];
  if (values.from) f.from = values.from;
  if (values.to) f.to = values.to;
  return f;
}
