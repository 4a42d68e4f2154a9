#!/usr/bin/env node
// type-graphql reads decorator metadata through this polyfill: it must load first.
import "reflect-metadata";
import { Command } from "commander";
import { exportCommand } from "./cli/exportOpenLineage.js";
import { migrateCommand } from "./cli/migrate.js";
import { observeCommand } from "./cli/observe.js";
import { healthCommand } from "./cli/health.js";
import { pushCommand } from "./cli/push.js";
import { serveCommand } from "./cli/serve.js";
import { sqlLineageCommand } from "./cli/sqlLineage.js";
import { tenantCommand } from "./cli/tenant.js";
import { tokenCommand } from "./cli/token.js";

export function buildCli(): Command {
  return new Command("tributary")
    .description("Tributary: data catalog and lineage with CI-driven change control")
    .showHelpAfterError()
    .addCommand(serveCommand())
    .addCommand(migrateCommand())
    .addCommand(tenantCommand())
    .addCommand(tokenCommand())
    .addCommand(sqlLineageCommand())
    .addCommand(pushCommand())
    .addCommand(observeCommand())
    .addCommand(healthCommand())
    .addCommand(exportCommand());
}

await buildCli().parseAsync(process.argv);
