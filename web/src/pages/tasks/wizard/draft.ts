// The create-task wizard's state and rules, apart from its looks so the
// rules can be tested alone: what each step requires, which step an API
// field error belongs to, and the request the review step sends.

import type { CreateTaskRequest, OrgFilter, ProjectMetadata, ScopeRule } from "../../../api/types";
import { cleanExclusions, exclusionField, exclusionProblems } from "../../../components/exclusions";
import { emailProblem } from "../../auth/passwords";

export type MetadataField = Exclude<keyof ProjectMetadata, "networkDiagramKey">;

/** Which accounts of the chosen organization credentials a scan covers: every active one, those under some OUs, or named ones. */
export type OrgMode = "all" | "ous" | "accounts";

export interface OrgScope {
  mode: OrgMode;
  /** The OUs chosen (ou-... ids), read in mode "ous". */
  ouIds: string[];
  /** The accounts chosen, read in mode "accounts". */
  accountIds: string[];
}

export function everyAccount(): OrgScope {
  return { mode: "all", ouIds: [], accountIds: [] };
}

/** The organization filter a scope sends; undefined for every active account. */
export function orgFilter(o: OrgScope): OrgFilter | undefined {
  if (o.mode === "ous" && o.ouIds.length > 0) return { ouIds: o.ouIds };
  if (o.mode === "accounts" && o.accountIds.length > 0) return { accountIds: o.accountIds };
  return undefined;
}

export interface Draft {
  name: string;
  credentialIds: string[];
  regions: string[];
  metadata: Record<MetadataField, string>;
  diagram: { fileName: string; key: string } | null;
  diagramUploading: boolean;
  /** The report template (GET /api/templates); "": the workspace's default. */
  templateId: string;
  /** Empty: every service. */
  services: string[];
  /** Read only when an organization credential is chosen. */
  organization: OrgScope;
  /** The scan's own scope rules, besides the workspace's. */
  exclusions: ScopeRule[];
}

/** The project's fields: each label in sentence case, and what an empty one asks for (acronyms kept: "BD manager"). */
export const METADATA_FIELDS: { field: MetadataField; label: string; placeholder: string; missing: string }[] = [
  { field: "clientName", label: "Client name", placeholder: "Example Corp", missing: "Enter the client's name." },
  { field: "projectName", label: "Project name", placeholder: "Landing zone", missing: "Enter the project's name." },
  { field: "bdManager", label: "BD manager", placeholder: "Name", missing: "Enter the BD manager's name." },
  { field: "solutionsArchitect", label: "Solutions architect", placeholder: "Name", missing: "Enter the solutions architect's name." },
  { field: "cloudEngineer", label: "Cloud engineer", placeholder: "Name", missing: "Enter the cloud engineer's name." },
  { field: "cloudEngineerEmail", label: "Cloud engineer email", placeholder: "name@example.com", missing: "Enter the cloud engineer's email." },
];

export function emptyDraft(): Draft {
  return {
    name: "",
    credentialIds: [],
    regions: [],
    metadata: { clientName: "", projectName: "", bdManager: "", solutionsArchitect: "", cloudEngineer: "", cloudEngineerEmail: "" },
    diagram: null,
    diagramUploading: false,
    templateId: "",
    services: [],
    organization: everyAccount(),
    exclusions: [],
  };
}

export const STEPS = ["credentials", "regions", "project", "review"] as const;
export type Errors = Partial<Record<string, string>>;

/**
 * The problems that keep step from being left forward; empty when none.
 * regions are those the API accepts (GET /api/meta/services), when known;
 * services the service keys, when known.
 */
export function validateStep(step: number, d: Draft, regions?: readonly string[], services?: readonly string[]): Errors {
  const e: Errors = {};
  switch (STEPS[step]) {
    case "credentials":
      if (!d.name.trim()) e.name = "Name the task.";
      else if (d.name.trim().length > 128) e.name = "Use at most 128 characters.";
      if (d.credentialIds.length === 0) e.credentialIds = "Select at least one credential.";
      break;
    case "regions": {
      if (d.regions.length === 0) e.regions = "Select at least one region.";
      const unknown = regions ? d.regions.filter((r) => !regions.includes(r)) : [];
      if (unknown.length > 0) e.regions = `Unknown region: ${unknown.join(", ")}.`;
      if (d.organization.mode === "ous" && d.organization.ouIds.length === 0) e["organization.ouIds"] = "Choose at least one OU.";
      if (d.organization.mode === "accounts" && d.organization.accountIds.length === 0) e["organization.accountIds"] = "Choose at least one account.";
      for (const [i, problem] of Object.entries(exclusionProblems(d.exclusions, services))) e[exclusionField("exclusions", Number(i), "value")] = problem;
      break;
    }
    case "project":
      for (const { field, missing } of METADATA_FIELDS) {
        if (!d.metadata[field].trim()) e[field] = missing;
      }
      if (!e.cloudEngineerEmail) {
        const p = emailProblem(d.metadata.cloudEngineerEmail);
        if (p) e.cloudEngineerEmail = p;
      }
      if (d.diagramUploading) e.networkDiagram = "Wait for the diagram to finish uploading.";
      break;
  }
  return e;
}

/**
 * The errors still to show once the draft changed: a shown error goes as
 * soon as its field is valid (or takes the field's new problem); no new
 * error appears before the user asks to move on.
 */
export function stillInvalid(shown: Errors, now: Errors): Errors {
  const next: Errors = {};
  for (const k of Object.keys(shown)) if (now[k]) next[k] = now[k];
  return next;
}

/** The first step with a problem, or -1 when every step is complete. */
export function firstInvalidStep(d: Draft, regions?: readonly string[]): number {
  return STEPS.findIndex((_, i) => Object.keys(validateStep(i, d, regions)).length > 0);
}

/** Maps an API error field ("regions", "projectMetadata.clientName") to the wizard's field name. */
export function localField(apiField: string): string {
  const f = apiField.replace(/^projectMetadata\./, "");
  if (f === "networkDiagramKey") return "networkDiagram";
  return f.replace(/\[\d+\]$/, "");
}

export function stepOfField(apiField: string): number {
  const f = localField(apiField);
  if (f === "name" || f === "credentialIds") return 0;
  if (f === "regions" || f === "services" || f.startsWith("organization") || f.startsWith("exclusions")) return 1;
  if (f === "networkDiagram" || f === "templateId" || METADATA_FIELDS.some((m) => m.field === f) || f === "projectMetadata") return 2;
  return 3;
}

/** The request the review step sends; the organization scope only when an organization credential is chosen. */
export function toRequest(d: Draft, withOrganization = true): CreateTaskRequest {
  const filter = withOrganization ? orgFilter(d.organization) : undefined;
  const trimmed = Object.fromEntries(Object.entries(d.metadata).map(([k, v]) => [k, v.trim()])) as Record<MetadataField, string>;
  return {
    name: d.name.trim(),
    credentialIds: d.credentialIds,
    regions: d.regions,
    projectMetadata: { ...trimmed, ...(d.diagram ? { networkDiagramKey: d.diagram.key } : {}) },
    ...(d.templateId ? { templateId: d.templateId } : {}),
    ...(d.services.length > 0 ? { services: d.services } : {}),
    ...(d.exclusions.length > 0 ? { exclusions: cleanExclusions(d.exclusions) } : {}),
    ...(filter ? { organization: filter } : {}),
  };
}
