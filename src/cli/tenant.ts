import { Command } from "commander";
import { action, printJson, withDatabase } from "./run.js";

export function tenantCommand(): Command {
  const tenant = new Command("tenant").description("Manage tenants (operator commands; they use the database directly)");
  tenant
    .command("create")
    .description("Create a tenant and print its first ADMIN token")
    .argument("<slug>", "lower-case letters, digits and dashes, e.g. acme")
    .option("--name <name>", "display name (default: the slug)")
    .option("--json", "print {tenant:{id,slug,name},token} as JSON")
    .action(
      action(async (slug: string, options: { name?: string; json?: boolean }) => {
        await withDatabase("create a tenant", async ({ db }) => {
          const { createTenant } = await import("../services/tenants.js");
          const { tenant: row, token } = await createTenant(db.prisma, { slug, name: options.name });
          if (options.json) return printJson({ tenant: { id: row.id, slug: row.slug, name: row.name }, token });
          console.log(`Created tenant ${row.slug} (${row.name}).\nADMIN token (shown only this once):\n  ${token}`);
        });
      }),
    );
  return tenant;
}
