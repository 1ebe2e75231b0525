// The audit log's property filter as query parameters and back, and as the
// body of an export (camelCase, from and to in RFC 3339). Free text is the
// API's q: it matches an entry's actor, action, resource (type, id, name),
// address and user agent.

import type { PropertyFilterProps } from "@cloudscape-design/components/property-filter";
import type { AuditExportRequest } from "../../api/types";

/** The keys the filter's properties set, each one query parameter. */
export const AUDIT_PROPERTIES = ["actor", "action", "resource_type", "resource_id", "result"] as const;
/** Every key of the filter in the URL: the properties and the free text. */
export const AUDIT_KEYS = [...AUDIT_PROPERTIES, "q"] as const;
export type AuditKey = (typeof AUDIT_KEYS)[number];

/** The only free-text operator: the API's q matches text an entry contains. */
export const FREE_TEXT_OPERATOR = ":";

/** Equality tokens become parameters, free text becomes q; the last token of a key wins. */
export function tokensToFilter(q: PropertyFilterProps.Query): Partial<Record<AuditKey, string>> {
  const out: Partial<Record<AuditKey, string>> = {};
  for (const t of q.tokens) {
    if (typeof t.value !== "string" || !t.value.trim()) continue;
    if (!t.propertyKey && t.operator === FREE_TEXT_OPERATOR) out.q = t.value.trim();
    else if (t.operator === "=" && t.propertyKey && (AUDIT_PROPERTIES as readonly string[]).includes(t.propertyKey)) out[t.propertyKey as AuditKey] = t.value;
  }
  return out;
}

export function filterToTokens(f: Partial<Record<AuditKey, string>>): PropertyFilterProps.Query {
  return {
    operation: "and",
    tokens: [
      ...AUDIT_PROPERTIES.filter((k) => f[k]).map((k) => ({ propertyKey: k, operator: "=", value: f[k] as string })),
      ...(f.q ? [{ operator: FREE_TEXT_OPERATOR, value: f.q }] : []),
    ],
  };
}

/** The list's filters (from the URL) as the body of POST /api/audit/export. */
export function toAuditExport(values: Record<AuditKey | "from" | "to", string>): AuditExportRequest {
  const f: AuditExportRequest = {};
  if (values.actor) f.actor = values.actor;
  if (values.action) f.action = values.action;
  if (values.resource_type) f.resourceType = values.resource_type;
  if (values.resource_id) f.resourceId = values.resource_id;
  if (values.result) f.result = values.result as AuditExportRequest["result"];
  if (values.q) f.q = values.q;
  if (values.from) f.from = values.from;
  if (values.to) f.to = values.to;
  return f;
}
