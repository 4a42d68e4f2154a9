import { Command } from "commander";
import { action, withDatabase } from "./run.js";

export function migrateCommand(): Command {
  return new Command("migrate")
    .description("Apply pending migrations to DATABASE_URL, or to the embedded database in TRIBUTARY_DATA_DIR")
    .action(
      action(async () => {
        await withDatabase("apply migrations", async ({ db, applied }) => {
          console.log(
            applied.length > 0
              ? `Applied ${applied.length} migration(s) to ${db.description}:\n${applied.map((n) => `  ${n}`).join("\n")}`
              : `${db.description} is up to date: no pending migrations.`,
          );
        });
      }),
    );
}
