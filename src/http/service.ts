/**
 * The running service: database, migrations, demo tenant, HTTP server, graceful shutdown.
 */
import type { AddressInfo } from "node:net";
import type { Config } from "../config.js";
import { openConfiguredDatabase } from "../db/openForCommand.js";
import type { Database } from "../db/database.js";
import { tributarySchema } from "../graphql/schema.js";
import type { Logger } from "../logger.js";
import { startDeliveryWorker } from "../notify/worker.js";
import { ensureDemoTenant, type DemoBootstrap } from "../services/demo.js";
import { createHttpApp } from "./app.js";

export interface RunningService {
  url: string;
  db: Database;
  demo: DemoBootstrap | null;
  appliedMigrations: string[];
  /** Stops taking requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const opened = await openConfiguredDatabase(config, "start the server");
  try {
    const { db } = opened;
    const demo = db.kind === "pglite" ? await ensureDemoTenant(db.prisma, { loadExample: config.demo }) : null;
    const schema = await tributarySchema();
    const { server, apollo } = await createHttpApp({ db, config, logger, schema });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    opened.lock?.announce(url);
    // Webhook deliveries go out in the background; posts only queue them (src/notify).
    const deliveries = startDeliveryWorker(db.prisma, { logger: logger.child({ component: "webhooks" }), allowPrivateNetworks: config.webhookAllowPrivate });
    let stopping: Promise<void> | undefined;
    return {
      url,
      db,
      demo,
      appliedMigrations: opened.applied,
      stop: () =>
        (stopping ??= (async () => {
          await apollo.stop();
          await deliveries.stop();
          await opened.close();
        })()),
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
