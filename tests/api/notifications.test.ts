/**
 * Webhooks and notifications through the GraphQL API over HTTP, with the delivery worker
 * running beside the server as in `tributary serve`, and a real receiver on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeToTenant } from "../../src/db/tenantScope.js";
import { notify, wakeDeliveryWorkers, type NotifyEvent } from "../../src/services/notifications/index.js";
import { startReceiver, type Receiver } from "../integration/notify-receiver.js";
import { startTestServer, type TestServer } from "../support/server.js";

const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events format enabled } }
}`;
const NOTIFICATIONS = `query($unreadOnly: Boolean, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id event title body changeRequestId read readAt createdAt }
  }
  unreadNotificationCount
}`;
const MARK = `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { updatedCount unreadCount } }`;

interface NotificationNode {
  id: string;
  event: string;
  title: string;
  body: Record<string, unknown>;
  changeRequestId: string;
  read: boolean;
}
interface NotificationsData {
  notifications: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: NotificationNode[] };
  unreadNotificationCount: number;
}

describe("webhooks and notifications over GraphQL", () => {
  let server: TestServer;
  let receiver: Receiver;
  let acme: { id: string; token: string };
  let globex: { id: string; token: string };
  let ann: { token: string; ownerId: string };
  let bob: { token: string; ownerId: string };
  let globexAnn: { token: string; ownerId: string };

  async function tokenFor(admin: string, email: string, role = "READER") {
    const created = await server.graphql<{ createApiToken: { secret: string } }>(
      admin,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { name: email, role, ownerEmail: email } },
    );
    const secret = created.body.data!.createApiToken.secret;
    const tenantId = secret.split("_")[1]!;
    const owner = await server.database.db.prisma.owner.findFirstOrThrow({ where: { tenantId, email } });
    return { token: secret, ownerId: owner.id };
  }

  /** What the change-request service does in its transaction, then the kick after commit. */
  async function post(tenantId: string, event: NotifyEvent, recipients: string[]) {
    const db = scopeToTenant(server.database.db.prisma, tenantId);
    await db.$transaction((tx) => notify(tx, tenantId, event, recipients));
    wakeDeliveryWorkers();
  }

  const event = (i: number, type: NotifyEvent["type"] = "change_request.opened"): NotifyEvent => ({
    type,
    changeRequestId: `cr${i}`,
    eventKey: `cr${i}:${type}`,
    title: `Change ${i}`,
    payload: { project: "jaffle_shop", branch: `b${i}`, status: "OPEN" },
  });

  beforeAll(async () => {
    server = await startTestServer({}, { deliveryWorker: { pollIntervalMs: 50, timeoutMs: 2_000, retry: { baseMs: 5, maxDelayMs: 20 } } });
    receiver = await startReceiver();
    acme = await server.tenant("acme");
    globex = await server.tenant("globex");
    ann = await tokenFor(acme.token, "ann@example.com");
    bob = await tokenFor(acme.token, "bob@example.com", "OWNER");
    globexAnn = await tokenFor(globex.token, "ann@example.com");
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  describe("webhooks", () => {
    it("are created by an ADMIN, with a secret shown once, and deliver signed events", async () => {
      receiver.behave(({ attemptForKey }) => (attemptForKey < 3 ? 503 : 200));
      const created = await server.graphql<{ createWebhook: { secret: string; webhook: { id: string; url: string; events: string[]; format: string; enabled: boolean } } }>(
        acme.token,
        CREATE,
        { input: { url: receiver.url, events: ["change_request.opened", "change_request.opened"], format: "JSON" } },
      );
      expect(created.body.errors).toBeUndefined();
      const { secret, webhook } = created.body.data!.createWebhook;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(webhook).toMatchObject({ url: receiver.url, events: ["change_request.opened"], format: "JSON", enabled: true });
      receiver.secret = secret;

      await post(acme.id, event(1), [ann.ownerId]);
      await receiver.waitFor(() => receiver.acceptedPerKey().size === 1, "the delivery");
      expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);

      const listed = await server.graphql<{ webhooks: { totalCount: number; nodes: { id: string; deliveries: { nodes: { status: string; attempts: number; lastStatusCode: number }[] } }[] } }>(
        acme.token,
        `{ webhooks(first: 10) { totalCount nodes { id deliveries(first: 5) { nodes { status attempts lastStatusCode } } } } }`,
      );
      expect(listed.body.data!.webhooks.totalCount).toBe(1);
      await expect
        .poll(async () => {
          const again = await server.graphql<typeof listed.body.data>(acme.token, `{ webhooks(first: 10) { nodes { deliveries(first: 5) { nodes { status attempts lastStatusCode } } } } }`);
          return again.body.data!.webhooks.nodes[0]!.deliveries.nodes;
        })
        .toEqual([{ status: "DELIVERED", attempts: 3, lastStatusCode: 200 }]);
      // The secret is never readable again, and the audit log records the creation.
      const audit = await server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: acme.id, action: "webhook.create" } });
      expect(JSON.stringify(audit.details)).not.toContain(secret);
    });

    it("refuse non-ADMIN tokens, bad URLs and unknown events", async () => {
      const input = { url: receiver.url, events: ["*"], format: "SLACK" };
      const asOwner = await server.graphql(bob.token, CREATE, { input });
      expect(asOwner.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const asReader = await server.graphql(ann.token, `{ webhooks { totalCount } }`);
      expect(asReader.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

      const ftp = await server.graphql(acme.token, CREATE, { input: { ...input, url: "ftp://example.com/hook" } });
      expect(ftp.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", path: "$.input.url" });
      expect(ftp.body.errors?.[0]?.message).toBe("$.input.url: url must be an absolute http:// or https:// URL");
      const events = await server.graphql(acme.token, CREATE, { input: { ...input, events: ["change_request.merged"] } });
      expect(events.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", path: "$.input.events[0]" });
      const none = await server.graphql(acme.token, CREATE, { input: { ...input, events: [] } });
      expect(none.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("are disabled, enabled and deleted by id, never across tenants", async () => {
      const created = await server.graphql<{ createWebhook: { webhook: { id: string } } }>(acme.token, CREATE, {
        input: { url: receiver.url, events: ["*"], format: "SLACK" },
      });
      const id = created.body.data!.createWebhook.webhook.id;
      const disable = `mutation($id: ID!) { disableWebhook(input: { id: $id }) { webhook { enabled disabledAt } } }`;
      const fromGlobex = await server.graphql(globex.token, disable, { id });
      expect(fromGlobex.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

      const disabled = await server.graphql<{ disableWebhook: { webhook: { enabled: boolean } } }>(acme.token, disable, { id });
      expect(disabled.body.data!.disableWebhook.webhook.enabled).toBe(false);
      const enabled = await server.graphql<{ enableWebhook: { webhook: { enabled: boolean; disabledAt: string | null } } }>(
        acme.token,
        `mutation($id: ID!) { enableWebhook(input: { id: $id }) { webhook { enabled disabledAt } } }`,
        { id },
      );
      expect(enabled.body.data!.enableWebhook.webhook).toEqual({ enabled: true, disabledAt: null });
      const node = await server.graphql<{ node: { url: string } | null }>(acme.token, `query($id: ID!) { node(id: $id) { ... on Webhook { url } } }`, { id });
      expect(node.body.data!.node?.url).toBe(receiver.url);

      const del = `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { deletedWebhookId } }`;
      expect((await server.graphql(globex.token, del, { id })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const deleted = await server.graphql<{ deleteWebhook: { deletedWebhookId: string } }>(acme.token, del, { id });
      expect(deleted.body.data!.deleteWebhook.deletedWebhookId).toBe(id);
      expect((await server.graphql(acme.token, del, { id })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });
  });

  describe("notifications", () => {
    it("lists the viewer's own notifications, newest first, in pages that new arrivals do not shift", async () => {
      for (const i of [10, 11, 12]) await post(acme.id, event(i), [bob.ownerId]);
      const first = await server.graphql<NotificationsData>(bob.token, NOTIFICATIONS, { first: 2 });
      expect(first.body.errors).toBeUndefined();
      const page1 = first.body.data!.notifications;
      expect(page1.totalCount).toBe(3);
      expect(page1.nodes.map((n) => n.title)).toEqual(["Change 12", "Change 11"]);
      expect(page1.nodes[0]).toMatchObject({ event: "change_request.opened", read: false, body: { project: "jaffle_shop", branch: "b12", changeRequestId: "cr12" } });
      expect(Buffer.from(page1.nodes[0]!.changeRequestId, "base64url").toString()).toBe("ChangeRequest:cr12");
      expect(page1.pageInfo.hasNextPage).toBe(true);

      await post(acme.id, event(13), [bob.ownerId]);
      const second = await server.graphql<NotificationsData>(bob.token, NOTIFICATIONS, { first: 2, after: page1.pageInfo.endCursor });
      expect(second.body.data!.notifications.nodes.map((n) => n.title)).toEqual(["Change 10"]);
      expect(second.body.data!.notifications.pageInfo.hasNextPage).toBe(false);

      // Nobody else sees them: another person of the tenant, the same email in another tenant.
      const annSees = await server.graphql<NotificationsData>(ann.token, NOTIFICATIONS, {});
      expect(annSees.body.data!.notifications.nodes.map((n) => n.title)).toEqual(["Change 1"]);
      const globexSees = await server.graphql<NotificationsData>(globexAnn.token, NOTIFICATIONS, {});
      expect(globexSees.body.data!.notifications.totalCount).toBe(0);
      const node = await server.graphql<{ node: unknown }>(ann.token, `query($id: ID!) { node(id: $id) { id } }`, { id: page1.nodes[0]!.id });
      expect(node.body.data!.node).toBeNull();
    });

    it("marks the viewer's notifications read by id or all at once", async () => {
      const listed = await server.graphql<NotificationsData>(bob.token, NOTIFICATIONS, {});
      const [newest, next] = listed.body.data!.notifications.nodes;
      expect(listed.body.data!.unreadNotificationCount).toBe(4);

      // Another person's id is ignored, not an error that would reveal it exists.
      const byAnn = await server.graphql<{ markNotificationsRead: { updatedCount: number } }>(ann.token, MARK, { input: { ids: [newest!.id] } });
      expect(byAnn.body.data!.markNotificationsRead.updatedCount).toBe(0);

      const marked = await server.graphql<{ markNotificationsRead: { updatedCount: number; unreadCount: number } }>(bob.token, MARK, {
        input: { ids: [newest!.id, next!.id, "garbage"] },
      });
      expect(marked.body.data!.markNotificationsRead).toEqual({ updatedCount: 2, unreadCount: 2 });
      const unread = await server.graphql<NotificationsData>(bob.token, NOTIFICATIONS, { unreadOnly: true });
      expect(unread.body.data!.notifications.nodes.map((n) => n.title)).toEqual(["Change 11", "Change 10"]);
      const all = await server.graphql<NotificationsData>(bob.token, NOTIFICATIONS, {});
      expect(all.body.data!.notifications.nodes.map((n) => n.read)).toEqual([true, true, false, false]);

      const everything = await server.graphql<{ markNotificationsRead: { updatedCount: number; unreadCount: number } }>(bob.token, MARK, { input: { all: true } });
      expect(everything.body.data!.markNotificationsRead).toEqual({ updatedCount: 2, unreadCount: 0 });
      const neither = await server.graphql(bob.token, MARK, { input: {} });
      expect(neither.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("tell a token that acts for no one why it has no notifications", async () => {
      const result = await server.graphql(acme.token, NOTIFICATIONS, {});
      expect(result.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(result.body.errors?.[0]?.message).toContain("acts for no one");
    });

    it("refuse a cursor they did not give out", async () => {
      const result = await server.graphql(bob.token, NOTIFICATIONS, { after: "bm90LWEtY3Vyc29y" });
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "after" });
    });
  });
});

describe("webhook URLs with private networks refused (the default)", () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_WEBHOOK_ALLOW_PRIVATE: "0" });
    admin = (await server.tenant("acme")).token;
  });
  afterAll(() => server.stop());

  it("refuses private, loopback and link-local hosts, by address or by name, and changes nothing", async () => {
    for (const [url, address] of [
      ["http://127.0.0.1:9/hook", "127.0.0.1"],
      ["https://169.254.169.254/latest/meta-data", "169.254.169.254"],
      ["http://[::1]/hook", "::1"],
      ["http://10.1.2.3/hook", "10.1.2.3"],
    ]) {
      const { body } = await server.graphql(admin, CREATE, { input: { url, events: ["*"], format: "JSON" } });
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(body.errors?.[0]?.message).toBe(
        `webhook address ${address} is not public: webhooks are delivered to public addresses only (TRIBUTARY_WEBHOOK_ALLOW_PRIVATE=1 allows private networks)`,
      );
    }
    const byName = await server.graphql(admin, CREATE, { input: { url: "http://localhost:9/hook", events: ["*"], format: "JSON" } });
    expect(byName.body.errors?.[0]?.message).toMatch(/^webhook address (127\.0\.0\.1|::1) is not public/);
    expect(await server.database.db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("accepts a public address", async () => {
    const { body } = await server.graphql<{ createWebhook: { webhook: { url: string } } }>(admin, CREATE, {
      input: { url: "https://1.1.1.1/hooks/tributary", events: ["*"], format: "JSON" },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.createWebhook.webhook.url).toBe("https://1.1.1.1/hooks/tributary");
  });
});
