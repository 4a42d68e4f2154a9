/**
 * Developer commands behind `npm run migrate:create -- <name>` and `npm run migrate:check`.
 * (Applying migrations is `tributary migrate`.)
 */
import { createMigration, pendingSchemaDiff } from "./migrations.js";

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command === "create") {
    if (!name) {
      console.error("usage: npm run migrate:create -- <name>");
      return 2;
    }
    const folder = await createMigration(name);
    console.log(folder ? `Created ${folder}` : "The schema and the migrations agree: no migration created.");
    return 0;
  }
  if (command === "check") {
    const missing = await pendingSchemaDiff();
    if (missing.trim() === "") {
      console.log("Migrations are in step with prisma/schema.prisma.");
      return 0;
    }
    console.error("prisma/schema.prisma differs from prisma/migrations. Missing SQL:\n\n" + missing);
    console.error("Run: npm run migrate:create -- <name>");
    return 1;
  }
  console.error("usage: migrateCli create <name> | check");
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
