import { describe, expect, it } from "vitest";
import { createWebhookInput } from "../../../src/core/notify/webhookInput.js";
import { webhookWants } from "../../../src/core/notify/events.js";

describe("webhook input", () => {
  const ok = { url: "https://hooks.example.com/x?token=1", events: ["change_request.opened"], format: "JSON" };

  it("accepts http and https URLs and sorts and dedupes events", () => {
    expect(createWebhookInput.parse(ok).url).toBe(ok.url);
    expect(createWebhookInput.parse({ ...ok, url: " http://127.0.0.1:8080/hook " }).url).toBe("http://127.0.0.1:8080/hook");
    const parsed = createWebhookInput.parse({ ...ok, events: ["change_request.rejected", "change_request.approved", "change_request.rejected"] });
    expect(parsed.events).toEqual(["change_request.approved", "change_request.rejected"]);
  });

  it.each([
    ["ftp://example.com/x", "http"],
    ["javascript:alert(1)", "http"],
    ["not a url", "http"],
    ["/relative", "http"],
  ])("refuses the URL %s", (url, words) => {
    const result = createWebhookInput.safeParse({ ...ok, url });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(words);
  });

  it("refuses unknown or no events and unknown formats", () => {
    expect(createWebhookInput.safeParse({ ...ok, events: [] }).error?.issues[0]?.message).toContain("at least one");
    expect(createWebhookInput.safeParse({ ...ok, events: ["change_request.merged"] }).success).toBe(false);
    expect(createWebhookInput.safeParse({ ...ok, format: "XML" }).success).toBe(false);
  });

  it("matches events by name or *", () => {
    expect(webhookWants(["change_request.opened"], "change_request.opened")).toBe(true);
    expect(webhookWants(["change_request.opened"], "change_request.applied")).toBe(false);
    expect(webhookWants(["*"], "change_request.applied")).toBe(true);
  });
});
