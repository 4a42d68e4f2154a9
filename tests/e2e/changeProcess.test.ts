/**
 * The change process end to end over HTTP: a real PR of jaffle_shop (pr2), with a breaking
 * change added (customers loses first_name), an exposure downstream of the customers mart,
 * a webhook receiver that is down for its first attempts, and the mart owner's approval.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/core/notify/signature.js";
import { jaffle } from "../support/jaffleChange.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Received { key: string; event: string; valid: boolean; body: Json }

describe("change process over HTTP", { timeout: 120_000 }, () => {
  let server: TestServer;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let refusals = 3;
  let webhookSecret = "";
  let admin: string;
  let ci: string;
  let ana: string;
  let bob: string;

  const post = (token: string, body: Json) => server.postManifest(token, body);
  const token = async (name: string, role: string, ownerEmail?: string) => {
    const created = await server.graphql<{ createApiToken: { secret: string } }>(
      admin,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { name, role, ...(ownerEmail ? { ownerEmail } : {}) } },
    );
    return created.body.data!.createApiToken.secret;
  };
  const firstNameColumn = () =>
    server.database.db.prisma.column.findFirstOrThrow({ where: { name: "first_name", asset: { uniqueId: "model.jaffle_shop.customers" } } });

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk));
      req.on("end", () => {
        if (refusals > 0) {
          refusals -= 1;
          res.writeHead(503).end("down for maintenance");
          return;
        }
        const timestamp = String(req.headers["x-tributary-timestamp"]);
        const signature = String(req.headers["x-tributary-signature"]);
        received.push({
          key: String(req.headers["idempotency-key"]),
          event: String(req.headers["x-tributary-event"]),
          valid: verifySignature(webhookSecret, timestamp, body, signature),
          body: JSON.parse(body) as Json,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    server = await startTestServer({}, { deliveryWorker: { pollIntervalMs: 50, retry: { baseMs: 40, maxDelayMs: 200, maxAttempts: 30, maxAgeMs: 600_000, jitter: 0.1 } } });
    admin = (await server.tenant("jaffle-co")).token;
    ci = await token("github-actions", "CI");
    ana = await token("ana", "OWNER", "ana@jaffle.test");
    bob = await token("bob", "OWNER", "bob@jaffle.test");
    const hook = await server.graphql<{ createWebhook: { secret: string } }>(
      admin,
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
      { input: { url: receiverUrl, events: ["*"], format: "JSON" } },
    );
    webhookSecret = hook.body.data!.createWebhook.secret;
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("applies the base, proposes the PR, blocks an unapproved apply, and applies once the owner approves", async () => {
    const base = await post(ci, { project: "jaffle_shop", mode: "apply", branch: "main", gitSha: "base", ...jaffle("base") });
    expect(base.body).toMatchObject({ status: "APPLIED", verdict: "APPLIED" });

    const proposal = { project: "jaffle_shop", mode: "propose", branch: "feature/refactor-customers", gitSha: "pr2", ...jaffle("pr2", true) };
    const proposed = await post(ci, proposal);
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: "PROPOSED", verdict: "APPROVAL_REQUIRED" });
    // The web app's page of the change request, by the id GraphQL uses.
    expect(proposed.body.changeRequest.url).toBe(`${server.url}/change-requests/${Buffer.from(`ChangeRequest:${proposed.body.changeRequest.id}`).toString("base64url")}`);
    expect(proposed.body.changeRequest.missingApprovals[0].waitingFor).toEqual(["email:ana@jaffle.test"]);
    expect(proposed.body.changes.byCategory.BREAKING).toBe(1);
    const requestId = proposed.body.changeRequest.id as string;

    const again = await post(ci, proposal);
    expect(again.body.changeRequest.id).toBe(requestId);
    expect(await server.database.db.prisma.changeRequest.count()).toBe(1);

    const globalId = Buffer.from(`ChangeRequest:${requestId}`).toString("base64url");
    expect(proposed.body.changeRequest.url).toBe(`${server.url}/change-requests/${globalId}`);
    const view = await server.graphql<{ changeRequest: Json }>(
      ci,
      `query($id: ID!) { changeRequest(id: $id) { status branch changes { reasonCode assetUniqueId columnName category } requiredApprovers { assetUniqueId candidates needed } impact verdict { verdict } } }`,
      { id: globalId },
    );
    const request = view.body.data!.changeRequest;
    expect(request.status).toBe("OPEN");
    expect(request.changes).toContainEqual({ reasonCode: "COLUMN_REMOVED", assetUniqueId: "model.jaffle_shop.customers", columnName: "first_name", category: "BREAKING" });
    expect(request.changes.map((c: Json) => c.reasonCode)).toEqual(expect.arrayContaining(["ASSET_ADDED"]));
    expect(request.requiredApprovers).toEqual([{ assetUniqueId: "model.jaffle_shop.customers", candidates: ["email:ana@jaffle.test"], needed: 1 }]);
    expect(request.impact.exposures.map((e: Json) => e.uniqueId)).toEqual(["exposure.jaffle_shop.weekly_kpis"]);
    expect(request.impact.owners.map((o: Json) => o.email)).toEqual(expect.arrayContaining(["ana@jaffle.test", "cfo@jaffle.test"]));

    // main gets the same change before anyone approved: refused, the catalog keeps production.
    const columnBefore = await firstNameColumn();
    const blocked = await post(ci, { project: "jaffle_shop", mode: "apply", branch: "main", gitSha: "merge", ...jaffle("pr2", true) });
    expect(blocked.body).toMatchObject({ status: "BLOCKED", verdict: "BLOCKED" });
    expect((await firstNameColumn()).removedAt).toBeNull();
    expect((await firstNameColumn()).contentHash).toBe(columnBefore.contentHash);

    const decide = (as: string, kind: "approve" | "reject") =>
      server.graphql<Json>(as, `mutation($id: ID!) { ${kind}ChangeRequest(input: { id: $id, comment: "ok" }) { changeRequest { status } verdict { verdict } } }`, { id: globalId });
    // The web app shows the decision buttons by viewerCanDecide: the same rule the mutations check.
    const canDecide = async (as: string) =>
      (await server.graphql<{ changeRequest: { viewerCanDecide: boolean } }>(as, `query($id: ID!) { changeRequest(id: $id) { viewerCanDecide } }`, { id: globalId })).body.data!.changeRequest.viewerCanDecide;
    expect([await canDecide(ana), await canDecide(bob), await canDecide(ci), await canDecide(admin)]).toEqual([true, false, false, false]);
    expect((await decide(bob, "approve")).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await decide(ci, "approve")).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const approved = await decide(ana, "approve");
    expect(approved.body.data).toEqual({ approveChangeRequest: { changeRequest: { status: "APPROVED" }, verdict: { verdict: "APPROVED" } } });

    const poll = await fetch(`${server.url}/api/v1/change-requests/${requestId}`, { headers: { authorization: `Bearer ${ci}` } });
    expect(await poll.json()).toMatchObject({ changeRequest: { status: "APPROVED" }, verdict: "APPROVED" });

    const applied = await post(ci, { project: "jaffle_shop", mode: "apply", branch: "main", gitSha: "merge", ...jaffle("pr2", true) });
    expect(applied.body).toMatchObject({ status: "APPLIED", verdict: "APPLIED", changeRequest: { id: requestId, status: "APPLIED" } });
    expect((await firstNameColumn()).removedAt).not.toBeNull();

    const inbox = await server.graphql<{ notifications: { nodes: { title: string }[] } }>(ana, `{ notifications(first: 20) { nodes { title } } }`);
    const titles = inbox.body.data!.notifications.nodes.map((n) => n.title);
    for (const word of ["opened", "approved", "applied"]) expect(titles.some((t) => t.toLowerCase().includes(word))).toBe(true);
  });

  it("delivers every event to the webhook once the receiver is back, signed, once per idempotency key", async () => {
    await expect
      .poll(() => new Set(received.map((r) => r.event)), { timeout: 60_000, interval: 100 })
      .toEqual(new Set(["change_request.opened", "change_request.approved", "change_request.applied"]));
    const outbox = await server.database.db.prisma.delivery.findMany();
    await expect.poll(async () => (await server.database.db.prisma.delivery.count({ where: { status: "DELIVERED" } })), { timeout: 60_000 }).toBe(outbox.length);
    expect(refusals).toBe(0);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(new Set(received.map((r) => r.key)).size).toBe(outbox.length);
    const opened = received.find((r) => r.event === "change_request.opened")!;
    expect(JSON.stringify(opened.body)).toContain("feature/refactor-customers");
  });

  it("records posts, decisions and token use in the audit log for admins", async () => {
    const audit = await server.graphql<{ auditEvents: { nodes: { action: string }[] } }>(admin, `{ auditEvents(first: 100) { nodes { action } } }`);
    const actions = audit.body.data!.auditEvents.nodes.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["manifest.post", "change_request.approve", "token.create", "webhook.create"]));
    const denied = await server.graphql(ci, `{ auditEvents(first: 5) { totalCount } }`);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
