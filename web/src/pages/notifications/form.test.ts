import { describe, expect, it } from "vitest";
import type { Channel } from "../../api/types";
import { channelField, channelFormFrom, configOf, emptyChannelForm, toUpdateChannel, validateChannel, type ChannelForm } from "./form";

const filled: ChannelForm = {
  ...emptyChannelForm(),
  name: "Ops",
  webhookUrl: "https://hooks.slack.com/services/T1/B2/abc",
  url: "https://hooks.example.com/cc",
  secret: "0123456789abcdef",
  atMobiles: "13800000000, +86-13900000000",
  atAll: true,
  recipients: "a@example.com\nb@example.com",
};

const channel = (over: Partial<Channel>): Channel => ({
  id: "ch1", version: 4, name: "Ops", type: "webhook", enabled: true, events: ["task.failed"],
  config: {}, health: { consecutiveFailures: 0, unhealthy: false }, createdAt: "", createdBy: "u", updatedAt: "",
  ...over,
});

describe("a channel's settings", () => {
  it.each([
    ["dingtalk", { webhookUrl: filled.webhookUrl, secret: filled.secret, atMobiles: ["13800000000", "+86-13900000000"], atAll: true }],
    ["slack", { webhookUrl: filled.webhookUrl }],
    ["teams", { webhookUrl: filled.webhookUrl }],
    ["webhook", { url: filled.url, secret: filled.secret }],
    ["email", { recipients: ["a@example.com", "b@example.com"] }],
  ] as const)("of type %s are only its own", (type, config) => {
    expect(configOf({ ...filled, type })).toEqual(config);
  });

  it.each([
    ["slack", { webhookUrl: "" }, "webhookUrl"],
    ["slack", { webhookUrl: "hooks.slack.com/x" }, "webhookUrl"],
    ["webhook", { secret: "short" }, "secret"],
    ["webhook", { url: "" }, "url"],
    ["email", { recipients: "ops@example.com, not-an-address" }, "recipients"],
    ["dingtalk", { events: [] as string[] }, "events"],
  ] as const)("of type %s refuse %j", (type, patch, field) => {
    expect(Object.keys(validateChannel({ ...filled, type, ...patch }))).toEqual([field]);
  });

  it("name an API field by its input", () => {
    expect(channelField("config.recipients[3]")).toBe("recipients");
    expect(channelField("events[0]")).toBe("events");
    expect(channelField("config.webhookUrl")).toBe("webhookUrl");
  });
});

describe("editing a channel", () => {
  const masked = channel({ type: "webhook", config: { url: "https://hooks.example.com/…b2c3", secret: "********" } });

  it("starts with the masked values out of the inputs, and sends them back as answered when left blank", () => {
    const { form, kept } = channelFormFrom(masked);
    expect(form.url).toBe("");
    expect(form.secret).toBe("");
    expect(validateChannel(form, kept)).toEqual({});
    expect(toUpdateChannel(masked, { ...form, name: "Ops 2" }, kept)).toEqual({
      id: "ch1", version: 4, name: "Ops 2", type: "webhook", enabled: true, events: ["task.failed"],
      config: { url: "https://hooks.example.com/…b2c3", secret: "********" },
    });
  });

  it("sends a value only the user typed as a new one", () => {
    const { form, kept } = channelFormFrom(masked);
    const req = toUpdateChannel(masked, { ...form, secret: "a-new-secret-of-24-chars" }, kept);
    expect(req.config).toEqual({ url: "https://hooks.example.com/…b2c3", secret: "a-new-secret-of-24-chars" });
  });

  it("keeps a DingTalk robot without a secret without one", () => {
    const d = channel({ type: "dingtalk", config: { webhookUrl: "https://oapi.dingtalk.com/…abcd", atMobiles: ["13800000000"] } });
    const { form, kept } = channelFormFrom(d);
    expect(toUpdateChannel(d, form, kept).config).toEqual({ webhookUrl: "https://oapi.dingtalk.com/…abcd", atMobiles: ["13800000000"] });
  });
});
