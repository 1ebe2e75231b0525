// The schedule form's state and rules, apart from its looks: a schedule is
// the create-task wizard's draft (name, credentials, regions, project
// metadata) plus when it runs (an EventBridge Scheduler expression in a
// time zone), whether it is enabled, the services and the channels it
// notifies. The API checks the expression for real; the form only catches
// what is plainly not one, and shows the API's reason beside its field.
// A new schedule starts with the project metadata the last scan was
// started with, as the wizard does.

import type { CreateScheduleRequest, Schedule, UpdateScheduleRequest } from "../../api/types";
import { emptyDraft, everyAccount, localField, METADATA_FIELDS, toRequest, validateStep, type Draft, type Errors } from "../tasks/wizard/draft";
import { rememberedMetadata } from "../tasks/wizard/remembered";

export interface ScheduleForm {
  /** Name, credentials, regions and project metadata, as the task wizard keeps them. */
  task: Draft;
  expression: string;
  timezone: string;
  enabled: boolean;
  /** Empty: every service. */
  services: string[];
  channelIds: string[];
}

/** The browser's IANA zone, which a new schedule runs in unless changed. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Every IANA zone the browser knows, UTC first. */
export function timezones(): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...known.filter((z) => z !== "UTC")];
}

export function emptyScheduleForm(zone = browserZone()): ScheduleForm {
  return { task: emptyDraft(), expression: "", timezone: zone, enabled: true, services: [], channelIds: [] };
}

/** A new schedule's form: empty, but with the project metadata of the last scan started in this browser, as the task wizard offers it. */
export function newScheduleForm(zone = browserZone()): ScheduleForm {
  const f = emptyScheduleForm(zone);
  return { ...f, task: { ...f.task, metadata: { ...f.task.metadata, ...rememberedMetadata() } } };
}

export function formFromSchedule(s: Schedule): ScheduleForm {
  const m = s.projectMetadata;
  return {
    task: {
      name: s.name,
      credentialIds: [...s.credentialIds],
      regions: [...s.regions],
      metadata: {
        clientName: m.clientName,
        projectName: m.projectName,
        bdManager: m.bdManager,
        solutionsArchitect: m.solutionsArchitect,
        cloudEngineer: m.cloudEngineer,
        cloudEngineerEmail: m.cloudEngineerEmail,
      },
      diagram: m.networkDiagramKey ? { fileName: "the diagram uploaded before", key: m.networkDiagramKey } : null,
      diagramUploading: false,
      templateId: s.templateId ?? "",
      // A schedule keeps its services beside the draft, and has no organization filter.
      services: [],
      organization: everyAccount(),
      exclusions: (s.exclusions ?? []).map((r) => ({ kind: r.kind, value: r.value })),
    },
    expression: s.expression,
    timezone: s.timezone,
    enabled: s.enabled,
    services: [...(s.services ?? [])],
    channelIds: [...(s.channelIds ?? [])],
  };
}

/** Examples shown beside the expression; a click fills it in. */
export const EXPRESSION_EXAMPLES: { expression: string; meaning: string }[] = [
  { expression: "rate(5 minutes)", meaning: "every 5 minutes (the shortest interval)" },
  { expression: "rate(1 day)", meaning: "once a day, counted from when the schedule is saved" },
  { expression: "cron(0 2 * * ? *)", meaning: "every day at 02:00" },
  { expression: "cron(0 8 ? * MON-FRI *)", meaning: "weekdays at 08:00" },
  { expression: "cron(0 6 1 * ? *)", meaning: "the first of each month at 06:00" },
  { expression: "at(2027-01-31T09:00:00)", meaning: "once, on 31 January 2027 at 09:00" },
];

const rateRe = /^rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const cronRe = /^cron\((.*)\)$/;
const atRe = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;

/** What is plainly wrong with an expression, before the API checks it; undefined when it has the shape of one. */
export function expressionProblem(raw: string): string | undefined {
  const e = raw.trim();
  if (!e) return "Enter when the schedule runs, such as rate(1 day) or cron(0 2 * * ? *).";
  if (e.startsWith("rate(")) return rateRe.test(e) ? undefined : "A rate is rate(value unit), unit minutes, hours or days: rate(5 minutes).";
  if (e.startsWith("at(")) return atRe.test(e) ? undefined : "A one-time schedule is at(yyyy-mm-ddThh:mm:ss): at(2027-01-31T09:00:00).";
  const cron = cronRe.exec(e);
  if (cron) {
    const fields = (cron[1] ?? "").trim().split(/\s+/).filter(Boolean);
    return fields.length === 6 ? undefined : `A cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}.`;
  }
  return "Use rate(...), cron(...) or at(...).";
}

/** Every problem of the form, keyed by the field it shows beside; empty when it may be sent. */
export function validateSchedule(f: ScheduleForm, regions?: readonly string[]): Errors {
  const e: Errors = {};
  if (!f.task.name.trim()) e.name = "Name the schedule.";
  else if (f.task.name.trim().length > 100) e.name = "Use at most 100 characters.";
  const expr = expressionProblem(f.expression);
  if (expr) e.expression = expr;
  if (!f.timezone) e.timezone = "Choose a time zone.";
  // The task wizard's steps: credentials, regions, project (its name rule is replaced by the schedule's).
  for (const step of [0, 1, 2]) {
    const { name: _name, ...rest } = validateStep(step, f.task, regions);
    Object.assign(e, rest);
  }
  return e;
}

/** The fields an API validation error may name that the form shows beside their input. */
export const SCHEDULE_FIELDS: readonly string[] = [
  "name",
  "expression",
  "timezone",
  "enabled",
  "services",
  "channelIds",
  "credentialIds",
  "regions",
  "projectMetadata",
  "projectMetadata.networkDiagramKey",
  "templateId",
  ...METADATA_FIELDS.map((m) => `projectMetadata.${m.field}`),
];

/** The form's field for an API error field ("projectMetadata.clientName" -> "clientName"). */
export { localField };

export function toCreate(f: ScheduleForm): CreateScheduleRequest {
  // Schedules take no organization filter: an organization credential's runs scan every active account.
  const task = toRequest(f.task, false);
  return {
    ...task,
    expression: f.expression.trim(),
    timezone: f.timezone,
    enabled: f.enabled,
    ...(f.services.length > 0 ? { services: f.services } : {}),
    channelIds: f.channelIds,
  };
}

export function toUpdate(s: Pick<Schedule, "id" | "version">, f: ScheduleForm): UpdateScheduleRequest {
  return { id: s.id, version: s.version, ...toCreate(f) };
}

/** The update that only turns a schedule on or off, every other setting as it is. */
export function toggled(s: Schedule, enabled: boolean): UpdateScheduleRequest {
  return { ...toUpdate(s, formFromSchedule(s)), enabled };
}
