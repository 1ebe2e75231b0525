// The channel form's rules: which settings each type of receiver takes,
// the events a channel may subscribe to, and the request built from the
// form. The API answers URLs and secrets masked; editing, those inputs
// start empty and a blank one sends the masked value back as it came, which
// the API reads as "keep the stored one". Only a value the user typed is
// sent as a new one.

import type { Channel, ChannelConfig, ChannelType, CreateChannelRequest, UpdateChannelRequest } from "../../api/types";

export const CHANNEL_TYPES: { value: ChannelType; label: string; description: string }[] = [
  { value: "dingtalk", label: "DingTalk", description: "A custom robot in a DingTalk group." },
  { value: "slack", label: "Slack", description: "An incoming webhook of a Slack app." },
  { value: "teams", label: "Microsoft Teams", description: "A Teams Workflows webhook that posts to a channel." },
  { value: "webhook", label: "Webhook", description: "Signed JSON POSTed to your own HTTPS endpoint." },
  { value: "email", label: "E-mail", description: "A message to a list of addresses." },
];

export const EVENTS: { value: string; label: string }[] = [
  { value: "task.completed", label: "A scan completed" },
  { value: "task.partially_completed", label: "A scan completed with some units failed" },
  { value: "task.failed", label: "A scan failed" },
  { value: "changes.detected", label: "A scan found changes since the previous one" },
  { value: "schedule.skipped", label: "A scheduled run was skipped" },
  { value: "security.alert", label: "A security alert (sign-in lockouts, permission changes)" },
];

export function typeLabel(t: string): string {
  return CHANNEL_TYPES.find((c) => c.value === t)?.label ?? t;
}

export function eventLabel(e: string): string {
  return EVENTS.find((x) => x.value === e)?.label ?? e;
}

export interface ChannelForm {
  name: string;
  type: ChannelType;
  enabled: boolean;
  events: string[];
  /** dingtalk, slack, teams */
  webhookUrl: string;
  /** webhook */
  url: string;
  /** dingtalk (optional), webhook */
  secret: string;
  /** dingtalk: mobile numbers, comma or space separated */
  atMobiles: string;
  atAll: boolean;
  /** email: one address a line (commas also separate) */
  recipients: string;
}

/** The masked values of a channel being edited, sent back unchanged when their input is left blank. */
export type Kept = Partial<Record<"webhookUrl" | "url" | "secret", string>>;

export const MIN_WEBHOOK_SECRET = 16;

export function emptyChannelForm(type: ChannelType = "webhook"): ChannelForm {
  return { name: "", type, enabled: true, events: ["task.completed", "task.partially_completed", "task.failed"], webhookUrl: "", url: "", secret: "", atMobiles: "", atAll: false, recipients: "" };
}

export function channelFormFrom(c: Channel): { form: ChannelForm; kept: Kept } {
  const cfg = c.config;
  const kept: Kept = {};
  if (cfg.webhookUrl) kept.webhookUrl = cfg.webhookUrl;
  if (cfg.url) kept.url = cfg.url;
  if (cfg.secret) kept.secret = cfg.secret;
  return {
    form: {
      name: c.name,
      type: c.type as ChannelType,
      enabled: c.enabled,
      events: [...c.events],
      webhookUrl: "",
      url: "",
      secret: "",
      atMobiles: (cfg.atMobiles ?? []).join(", "),
      atAll: cfg.atAll === true,
      recipients: (cfg.recipients ?? []).join("\n"),
    },
    kept,
  };
}

const list = (s: string) => s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

/** The settings of f's type only, each masked value kept unless its input was filled in. */
export function configOf(f: ChannelForm, kept: Kept = {}): ChannelConfig {
  const typed = (field: keyof Kept) => f[field].trim() || kept[field] || "";
  switch (f.type) {
    case "dingtalk": {
      const secret = typed("secret");
      const mobiles = list(f.atMobiles);
      return { webhookUrl: typed("webhookUrl"), ...(secret ? { secret } : {}), ...(mobiles.length ? { atMobiles: mobiles } : {}), ...(f.atAll ? { atAll: true } : {}) };
    }
    case "slack":
    case "teams":
      return { webhookUrl: typed("webhookUrl") };
    case "webhook":
      return { url: typed("url"), secret: typed("secret") };
    case "email":
      return { recipients: list(f.recipients) };
  }
}

export type ChannelErrors = Partial<Record<keyof ChannelForm, string>>;

const httpUrl = /^https?:\/\/[^\s/]+/i;

/** Problems with f; a masked value kept from the stored channel counts as given. */
export function validateChannel(f: ChannelForm, kept: Kept = {}): ChannelErrors {
  const e: ChannelErrors = {};
  if (!f.name.trim()) e.name = "Name the channel.";
  if (f.events.length === 0) e.events = "Choose at least one event.";
  const needUrl = (field: "webhookUrl" | "url", what: string) => {
    const v = f[field].trim();
    if (!v && !kept[field]) e[field] = `Enter the ${what}.`;
    else if (v && !httpUrl.test(v)) e[field] = "Enter an https:// URL.";
  };
  switch (f.type) {
    case "dingtalk":
      needUrl("webhookUrl", "robot's webhook URL");
      break;
    case "slack":
    case "teams":
      needUrl("webhookUrl", "webhook URL");
      break;
    case "webhook":
      needUrl("url", "endpoint URL");
      if (!f.secret && !kept.secret) e.secret = `Enter a signing secret of at least ${MIN_WEBHOOK_SECRET} characters.`;
      else if (f.secret && f.secret.length < MIN_WEBHOOK_SECRET) e.secret = `Use at least ${MIN_WEBHOOK_SECRET} characters.`;
      break;
    case "email": {
      const rs = list(f.recipients);
      if (rs.length === 0) e.recipients = "Enter at least one address.";
      else if (rs.some((r) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r))) e.recipients = `Not an e-mail address: ${rs.find((r) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r))}.`;
      break;
    }
  }
  return e;
}

export function toCreateChannel(f: ChannelForm): CreateChannelRequest {
  return { name: f.name.trim(), type: f.type, enabled: f.enabled, events: f.events, config: configOf(f) };
}

export function toUpdateChannel(c: Pick<Channel, "id" | "version">, f: ChannelForm, kept: Kept): UpdateChannelRequest {
  return { id: c.id, version: c.version, ...toCreateChannel(f), config: configOf(f, kept) };
}

/** The update that only turns a channel on or off, its settings sent back as answered. */
export function toggledChannel(c: Channel, enabled: boolean): UpdateChannelRequest {
  const { form, kept } = channelFormFrom(c);
  return { ...toUpdateChannel(c, form, kept), enabled };
}

/** The form field an API error names ("config.recipients[2]" -> "recipients", "events[0]" -> "events"). */
export function channelField(apiField: string): keyof ChannelForm | undefined {
  const f = apiField.replace(/^config\./, "").replace(/\[\d+\]$/, "");
  const fields: (keyof ChannelForm)[] = ["name", "type", "enabled", "events", "webhookUrl", "url", "secret", "atMobiles", "atAll", "recipients"];
  return fields.find((x) => x === f);
}
