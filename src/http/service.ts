/**
 * The running service: database, migrations, demo tenant, HTTP server, graceful shutdown.
 */
import type { Config } from "../config.js";
import { openConfiguredDatabase } from "../db/openForCommand.js";
import type { Database } from "../db/database.js";
import { tributarySchema } from "../graphql/schema.js";
import type { Logger } from "../logger.js";
import { startFreshnessWorker } from "../notify/freshnessWorker.js";
import { startDeliveryWorker } from "../notify/worker.js";
import { ensureDemoTenant, type DemoBootstrap } from "../services/demo.js";
import { createHttpApp, type HttpApp } from "./app.js";
import { listen } from "./listen.js";

export interface RunningService {
  url: string;
  db: Database;
  demo: DemoBootstrap | null;
  appliedMigrations: string[];
  /** Stops taking requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const opened = await openConfiguredDatabase(config, "start the server", { statementTimeoutMs: config.statementTimeoutMs });
  if (opened.lock?.tookOverFrom) {
    const { pid, purpose } = opened.lock.tookOverFrom;
    logger.warn({ pid, purpose }, "took over the data dir lock of a process that is gone (it did not stop cleanly)");
  }
  let http: HttpApp | undefined;
  try {
    const { db } = opened;
    const schema = await tributarySchema();
    http = await createHttpApp({ db, config, logger, schema });
    const { server, apollo } = http;
    // Bind before creating the demo tenant: its token is shown once, on a start that works.
    const url = await listen(server, config.port, config.host);
    opened.lock?.announce(url);
    const demo = db.kind === "pglite" ? await ensureDemoTenant(db.prisma, { loadExample: config.demo }) : null;
    // Webhook deliveries go out in the background; posts only queue them (src/notify).
    const deliveries = startDeliveryWorker(db.prisma, { logger: logger.child({ component: "webhooks" }), allowPrivateNetworks: config.webhookAllowPrivate });
    // Freshness is re-checked on a schedule: data goes late without any post.
    const freshness = startFreshnessWorker(db.prisma, { logger: logger.child({ component: "freshness" }), publicUrl: config.publicUrl, intervalMs: config.freshnessIntervalMs });
    let stopping: Promise<void> | undefined;
    return {
      url,
      db,
      demo,
      appliedMigrations: opened.applied,
      stop: () =>
        (stopping ??= (async () => {
          await apollo.stop();
          await freshness.stop();
          await deliveries.stop();
          await opened.close();
        })()),
    };
  } catch (error) {
    if (http?.server.listening) await http.apollo.stop();
    await opened.close();
    throw error;
  }
}
