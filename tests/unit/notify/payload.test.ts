import { describe, expect, it } from "vitest";
import { escapeSlack, jsonPayload, renderBody, slackMessage, type EventEnvelope } from "../../../src/core/notify/payload.js";

const envelope: EventEnvelope = {
  id: "cr1:opened",
  type: "change_request.opened",
  createdAt: "2026-01-01T00:00:00.000Z",
  tenant: { id: "t1", slug: "acme", name: "Acme" },
  data: {
    changeRequestId: "cr1",
    title: "jaffle_shop: feature/orders <v2>",
    project: "jaffle_shop",
    branch: "feature/orders",
    status: "OPEN",
    changes: {
      headline: "3 changes: 1 breaking, 2 additive",
      lines: ["BREAKING COLUMN_REMOVED: Column status was removed from model orders.", "ADDITIVE COLUMN_ADDED: a & b"],
      omitted: 1,
    },
    impact: { downstreamAssets: 12, exposures: ["dash.a", "dash.b"], owners: 3 },
    requiredApprovers: [{ name: "Ann", email: "ann@example.com" }, "bob@example.com"],
    link: "https://tributary.example.com/change-requests/cr1",
  },
};

describe("JSON payload", () => {
  it("is the envelope in a fixed key order, whatever order the stored copy has", () => {
    const reordered = { data: envelope.data, tenant: { slug: "acme", name: "Acme", id: "t1" }, type: envelope.type, id: envelope.id, createdAt: envelope.createdAt };
    const body = renderBody("JSON", reordered as EventEnvelope);
    expect(body).toBe(renderBody("JSON", envelope));
    expect(Object.keys(JSON.parse(body))).toEqual(["id", "type", "createdAt", "tenant", "data"]);
    expect(jsonPayload(envelope).data).toEqual(envelope.data);
  });
});

describe("Slack payload", () => {
  const message = slackMessage(envelope);

  it("has fallback text and blocks: header, fields, changes, link button, context", () => {
    expect(message.text).toBe("Change request opened: jaffle_shop: feature/orders &lt;v2&gt; (https://tributary.example.com/change-requests/cr1)");
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Change request opened: jaffle_shop: feature/orders <v2>", emoji: false } });
  });

  it("lists project, branch, status, approvers and impact as fields", () => {
    const fields = (message.blocks[1] as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(fields).toEqual([
      "*Project*\njaffle_shop",
      "*Branch*\nfeature/orders",
      "*Status*\nOPEN",
      "*Required approvers*\nAnn, bob@example.com",
      "*Impact*\n12 downstream assets, 2 exposures, 3 owners",
    ]);
  });

  it("escapes Slack markup in change lines and counts what it leaves out", () => {
    const text = (message.blocks[2] as { text: { text: string } }).text.text;
    expect(text).toBe(
      "*3 changes: 1 breaking, 2 additive*\n• BREAKING COLUMN_REMOVED: Column status was removed from model orders.\n• ADDITIVE COLUMN_ADDED: a &amp; b\n_…and 1 more_",
    );
    expect(escapeSlack("<@U123> & co")).toBe("&lt;@U123&gt; &amp; co");
  });

  it("links the change request with a button", () => {
    expect(message.blocks[3]).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open change request" }, url: "https://tributary.example.com/change-requests/cr1" }],
    });
  });

  it("says 1 exposure, not 1 exposures", () => {
    const one = slackMessage({ ...envelope, data: { changeRequestId: "x", title: "t", impact: { exposures: 1, downstreamAssets: 0 } } });
    expect((one.blocks[1] as { fields: { text: string }[] }).fields[0]!.text).toBe("*Impact*\n1 exposure, 0 downstream assets");
  });

  it("keeps within Slack's limits and needs nothing but a title", () => {
    const long = slackMessage({ ...envelope, type: "change_request.rejected", data: { changeRequestId: "x", title: "t".repeat(400), comment: "no\nway" } });
    const header = long.blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
    expect(long.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect((long.blocks[1] as { text: { text: string } }).text.text).toBe("> no\n> way");
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const many = slackMessage({ ...envelope, data: { changeRequestId: "x", title: "t", changes: { lines } } });
    expect((many.blocks[1] as { text: { text: string } }).text.text.split("\n")).toHaveLength(11);
  });

  it("renders the same bytes every time (retries send identical bodies)", () => {
    expect(renderBody("SLACK", envelope)).toBe(renderBody("SLACK", structuredClone(envelope)));
    expect(JSON.parse(renderBody("SLACK", envelope))).toEqual(message);
  });
});
