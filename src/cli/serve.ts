import { Command } from "commander";
import { loadConfig } from "../config.js";
import type { startService } from "../http/service.js";
import { createLogger } from "../logger.js";
import { limitHeapGrowth } from "./heapGrowth.js";
import { action } from "./run.js";

export function serveCommand(): Command {
  return new Command("serve")
    .description("Run the web app, the GraphQL API and its explorer (embedded PGlite, or PostgreSQL with DATABASE_URL)")
    .action(
      action(async () => {
        const config = loadConfig();
        const logger = createLogger(config.logLevel);
        // Before GraphQL loads: graphql-js checks every type lookup for mixed-up module copies
        // unless NODE_ENV=production, which cost a fifth of a large answer's time.
        process.env.NODE_ENV ??= "production";
        limitHeapGrowth();
        const { startService } = await import("../http/service.js");
        const service = await startService(config, logger);
        logger.info({ url: service.url, database: service.db.description, migrations: service.appliedMigrations }, "Tributary started");
        printWelcome(service);
        const shutdown = (signal: string) => {
          logger.info({ signal }, "shutting down: finishing requests in flight");
          service.stop().then(
            () => {
              logger.info({ signal }, "Tributary stopped");
              // Everything is closed: exit now rather than wait on some idle handle (the log is
              // written synchronously, so the line above is not lost).
              process.exit(0);
            },
            (error: unknown) => {
              logger.error({ err: error }, "shutdown failed");
              process.exit(1);
            },
          );
        };
        // Without its database thread the service can only fail every request: stop, so that
        // whoever runs it sees the exit and the reason, and can start it again.
        void service.db.lost?.then((error) => {
          logger.fatal({ err: error }, "the embedded database stopped; shutting down");
          void service.stop().finally(() => process.exit(1));
        });
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        process.once("SIGINT", () => shutdown("SIGINT"));
      }),
    );
}

function printWelcome(service: Awaited<ReturnType<typeof startService>>): void {
  const lines = [
    "",
    `Tributary is running on ${service.db.kind === "pglite" ? `the embedded database in ${service.db.description}` : service.db.description}`,
    `  Web app:           ${service.url}/`,
    `  GraphQL endpoint:  ${service.url}/graphql`,
    `  GraphQL explorer:  ${service.url}/explorer`,
  ];
  if (service.demo?.token) {
    lines.push(
      "",
      `Created tenant "${service.demo.tenantSlug}"${service.demo.models ? ` with the jaffle_shop example (${service.demo.models} models)` : ""}. Its ADMIN token (shown only this once):`,
      `  ${service.demo.token}`,
      "Paste it into the web app's sign-in (or the explorer's token bar), or send it as `Authorization: Bearer <token>`.",
    );
    const changeRequest = service.demo.openChangeRequest;
    if (changeRequest) {
      lines.push(
        "",
        "The example has owners, a dashboard, its last build's test results, and one open change request",
        `(${changeRequest.summary}) waiting for ${changeRequest.waitingFor.join(", ")}:`,
        `  ${service.url}${changeRequest.path}`,
        "To approve it as that owner, create an OWNER token for their email (createApiToken) and use it.",
      );
    }
  } else if (service.demo) {
    lines.push("", `Tenant "${service.demo.tenantSlug}" exists; its first token was printed on the first start.`);
    lines.push("Lost it? Stop the server and run: npx tributary token create --tenant demo --role ADMIN");
  }
  console.log(lines.join("\n") + "\n");
}
