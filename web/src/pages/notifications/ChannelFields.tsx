// The channel form's inputs, shared by create and edit: the type's own
// settings with help on where to get them, and the events to subscribe to.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Checkbox from "@cloudscape-design/components/checkbox";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import Tiles from "@cloudscape-design/components/tiles";
import Toggle from "@cloudscape-design/components/toggle";
import type { ReactNode } from "react";
import { ApiError } from "../../api/errors";
import type { ChannelType } from "../../api/types";
import { CHANNEL_TYPES, channelField, EVENTS, MIN_WEBHOOK_SECRET, type ChannelErrors, type ChannelForm, type Kept } from "./form";

/** Every field an API validation error may name that the form shows beside its input. */
export const CHANNEL_API_FIELDS: readonly string[] = [
  "name",
  "type",
  "enabled",
  "events",
  ...Array.from({ length: 10 }, (_, i) => `events[${i}]`),
  ...["webhookUrl", "url", "secret", "atMobiles", "atAll", "recipients"].map((f) => `config.${f}`),
  ...Array.from({ length: 50 }, (_, i) => `config.recipients[${i}]`),
  ...Array.from({ length: 20 }, (_, i) => `config.atMobiles[${i}]`),
];

export function ChannelFields({
  form,
  kept = {},
  onChange,
  errors,
  apiError,
  editing = false,
}: {
  form: ChannelForm;
  kept?: Kept;
  onChange: (patch: Partial<ChannelForm>) => void;
  errors: ChannelErrors;
  apiError: unknown;
  editing?: boolean;
}) {
  const err = (f: keyof ChannelForm) => {
    if (errors[f]) return errors[f];
    if (apiError instanceof ApiError && apiError.code === "VALIDATION_ERROR" && typeof apiError.details.field === "string" && channelField(apiError.details.field) === f) {
      return apiError.details.reason || apiError.message;
    }
    return undefined;
  };
  const text = (f: keyof ChannelForm) => (e: { detail: { value: string } }) => onChange({ [f]: e.detail.value });
  const keptNote = (f: keyof Kept, what: string) => (kept[f] ? `Stored: ${kept[f]}. Leave blank to keep the stored ${what}.` : undefined);

  return (
    <SpaceBetween size="l">
      <FormField label="Name" errorText={err("name")}>
        <Input value={form.name} onChange={text("name")} placeholder="Ops on-call" ariaRequired />
      </FormField>
      {!editing && (
        <FormField label="Type" errorText={err("type")}>
          <Tiles
            value={form.type}
            onChange={(e) => onChange({ type: e.detail.value as ChannelType })}
            ariaLabel="Channel type"
            columns={3}
            items={CHANNEL_TYPES.map(({ value, label, description }) => ({ value, label, description }))}
          />
        </FormField>
      )}
      <TypeHelp type={form.type} />
      {(form.type === "dingtalk" || form.type === "slack" || form.type === "teams") && (
        <FormField label="Webhook URL" description={keptNote("webhookUrl", "URL")} errorText={err("webhookUrl")}>
          <Input value={form.webhookUrl} onChange={text("webhookUrl")} placeholder={placeholders[form.type]} autoComplete={false} ariaRequired={!kept.webhookUrl} />
        </FormField>
      )}
      {form.type === "webhook" && (
        <FormField label="Endpoint URL" description={keptNote("url", "URL")} errorText={err("url")}>
          <Input value={form.url} onChange={text("url")} placeholder="https://hooks.example.com/cloudcensus" autoComplete={false} ariaRequired={!kept.url} />
        </FormField>
      )}
      {(form.type === "dingtalk" || form.type === "webhook") && (
        <FormField
          label={
            form.type === "dingtalk" ? (
              <span>
                Signing secret <i>- optional</i>
              </span>
            ) : (
              "Signing secret"
            )
          }
          description={
            keptNote("secret", "secret") ??
            (form.type === "webhook" ? `At least ${MIN_WEBHOOK_SECRET} printable characters; your endpoint verifies the signature with it.` : "The robot's SEC... secret, when its security setting is Additional signature.")
          }
          errorText={err("secret")}
        >
          <Input type="password" value={form.secret} onChange={text("secret")} autoComplete={false} />
        </FormField>
      )}
      {form.type === "dingtalk" && (
        <FormField
          label={
            <span>
              Mention <i>- optional</i>
            </span>
          }
          description="Mobile numbers of the group members to @mention, separated by commas."
          errorText={err("atMobiles") ?? err("atAll")}
        >
          <SpaceBetween size="xs">
            <Input value={form.atMobiles} onChange={text("atMobiles")} placeholder="+86-13800000000, 13900000000" ariaLabel="Mobile numbers to mention" />
            <Checkbox checked={form.atAll} onChange={(e) => onChange({ atAll: e.detail.checked })}>
              Mention everyone (@all)
            </Checkbox>
          </SpaceBetween>
        </FormField>
      )}
      {form.type === "email" && (
        <FormField label="Recipients" description="One address a line, up to 50." errorText={err("recipients")}>
          <Textarea value={form.recipients} onChange={text("recipients")} placeholder={"ops@example.com\nsecurity@example.com"} rows={4} ariaRequired />
        </FormField>
      )}
      <FormField label="Events" description="What the channel is told about." errorText={err("events")}>
        <SpaceBetween size="xxs">
          {EVENTS.map(({ value, label }) => (
            <Checkbox
              key={value}
              checked={form.events.includes(value)}
              onChange={(e) => onChange({ events: e.detail.checked ? [...form.events, value] : form.events.filter((x) => x !== value) })}
              description={value}
            >
              {label}
            </Checkbox>
          ))}
        </SpaceBetween>
      </FormField>
      <FormField label="State" errorText={err("enabled")}>
        <Toggle checked={form.enabled} onChange={(e) => onChange({ enabled: e.detail.checked })}>
          {form.enabled ? "Enabled: receives events" : "Disabled: kept, but sent nothing"}
        </Toggle>
      </FormField>
    </SpaceBetween>
  );
}

const placeholders: Record<ChannelType, string> = {
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=...",
  slack: "https://hooks.slack.com/services/T000/B000/XXXX",
  teams: "https://prod-00.westeurope.logic.azure.com/workflows/...",
  webhook: "https://hooks.example.com/cloudcensus",
  email: "",
};

const help: Record<ChannelType, { header: string; body: ReactNode }> = {
  dingtalk: {
    header: "Getting a DingTalk robot URL and secret",
    body: (
      <ol>
        <li>In the DingTalk group, open Group settings, then Bots (智能群助手), and add a Custom robot.</li>
        <li>
          Under Security settings choose <b>Additional signature</b> (加签) and copy the secret, which starts with <Box variant="code">SEC</Box>. Keyword
          and IP allow-list settings also work, but a signature is the safest.
        </li>
        <li>
          Finish and copy the webhook URL, <Box variant="code">https://oapi.dingtalk.com/robot/send?access_token=...</Box>, with its access_token.
        </li>
      </ol>
    ),
  },
  slack: {
    header: "Getting a Slack incoming webhook",
    body: (
      <ol>
        <li>At api.slack.com/apps, create an app (From scratch) in your workspace, or open an existing one.</li>
        <li>Under Features, open Incoming Webhooks, turn them on, and choose Add New Webhook to Workspace.</li>
        <li>
          Pick the channel to post in and copy the URL, <Box variant="code">https://hooks.slack.com/services/...</Box>. Anyone with it can post there: it
          is stored encrypted and shown masked.
        </li>
      </ol>
    ),
  },
  teams: {
    header: "Getting a Teams Workflows webhook",
    body: (
      <ol>
        <li>In Teams, open the channel's ... menu and choose Workflows.</li>
        <li>Choose the template "Post to a channel when a webhook request is received", name it, and pick the team and channel.</li>
        <li>Copy the URL the workflow gives. Office 365 connector webhooks are retired by Microsoft and are not supported.</li>
      </ol>
    ),
  },
  webhook: {
    header: "Verifying webhook deliveries",
    body: (
      <SpaceBetween size="xs">
        <span>
          CloudCensus POSTs the event as JSON (with a <Box variant="code">version</Box> field) to your HTTPS endpoint; any 2xx answer counts as delivered,
          others are retried.
        </span>
        <span>
          Each request carries <Box variant="code">X-CloudCensus-Timestamp</Box> (unix seconds) and <Box variant="code">X-CloudCensus-Signature</Box>:{" "}
          <Box variant="code">v1=</Box> followed by the hex HMAC-SHA256, keyed with the secret, of the timestamp, a period, and the raw body. Compare it in
          constant time and refuse timestamps more than 5 minutes off.
        </span>
        <span>
          Delivery is at least once: deduplicate on <Box variant="code">X-CloudCensus-Event-Id</Box>. <Box variant="code">X-CloudCensus-Event</Box> names
          the event type.
        </span>
      </SpaceBetween>
    ),
  },
  email: {
    header: "E-mail recipients",
    body: (
      <span>
        Each event goes to every address listed, from the stack's sender address. Deployed, mail is sent through Amazon SES, so in the SES sandbox each
        recipient must be verified first.
      </span>
    ),
  },
};

function TypeHelp({ type }: { type: ChannelType }) {
  const h = help[type];
  return (
    <Alert type="info" header={h.header}>
      {h.body}
    </Alert>
  );
}
