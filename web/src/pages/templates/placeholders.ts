// What a report template may say in square brackets. Which placeholders
// exist is the API's to say: the built-in template's entry in GET
// /api/templates lists every known one. The console adds what fills each,
// in the order a person reads them; a placeholder it has no words for
// still shows, at the end.

import type { Template } from "../../api/types";

/** The anchors a template must keep, each alone in its own paragraph. */
export const ANCHORS = ["Document Control", "Report Body"] as const;

export const PLACEHOLDER_HELP: Record<string, string> = {
  "Client Name": "the task's client name",
  "Project Name": "the task's project name",
  "BD Manager": "the business development manager named in the task",
  "Solutions Architect": "the solutions architect named in the task",
  "Cloud Engineer": "the cloud engineer named in the task (also the document's author)",
  "Cloud Engineer Email": "the cloud engineer's e-mail address",
  "Report Date": "the report's date, such as 4 December 2026",
  Version: "the document version, such as 1.2",
  "Task Name": "the name of the scan task",
  "Platform Name": "CloudCensus",
};

/** The known placeholders, from the built-in template's entry when loaded, in reading order. */
export function knownPlaceholders(templates: readonly Template[] | undefined): string[] {
  const order = Object.keys(PLACEHOLDER_HELP);
  const builtIn = templates?.find((t) => t.builtIn);
  if (!builtIn || builtIn.placeholders.length === 0) return order;
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return [...builtIn.placeholders].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** "[Client Name]" */
export function bracketed(name: string): string {
  return `[${name}]`;
}
