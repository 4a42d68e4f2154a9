/**
 * Two API processes on one database, given the same events at once (each event sent to both,
 * 16 requests in flight), end with the same rows as one process given them in order. On
 * PostgreSQL the second "process" has its own connection pool, as another server would.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import { tributarySchema } from "../../src/graphql/schema.js";
import { createHttpApp, type HttpApp } from "../../src/http/app.js";
import { createLogger } from "../../src/logger.js";
import { allValidEvents, openLineageState, shuffled } from "../support/openLineage.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("OpenLineage intake from two processes at once", () => {
  let server: TestServer;
  let second: { app: HttpApp; url: string; db: Database | null };

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.database.url ? await openDatabase({ kind: "postgres", url: server.database.url }) : null;
    const app = await createHttpApp({ db: db ?? server.database.db, config: server.config, logger: createLogger("silent"), schema: await tributarySchema() });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    second = { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, db };
  });
  afterAll(async () => {
    await second.app.apollo.stop();
    await second.db?.close();
    await server.stop();
  });

  const post = (base: string, token: string, body: unknown) =>
    fetch(`${base}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

  it("ends with the same rows as one process given the events in order", async () => {
    const events = allValidEvents();
    const serial = await server.tenant("serial");
    for (const event of events) expect((await post(server.url, serial.token, event)).status).toBe(201);

    const racing = await server.tenant("racing");
    const sends = shuffled(events, 3).flatMap((event, i) => [
      { base: i % 2 ? server.url : second.url, event },
      { base: i % 2 ? second.url : server.url, event },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < sends.length; i += 16) {
      const wave = sends.slice(i, i + 16).map(({ base, event }) => post(base, racing.token, event).then((r) => r.status));
      statuses.push(...(await Promise.all(wave)));
    }
    expect(new Set(statuses)).toEqual(new Set([201]));
    const prisma = server.database.db.prisma;
    expect(await openLineageState(prisma, racing.id)).toEqual(await openLineageState(prisma, serial.id));
  });
});
