import { Command, Option } from "commander";
import { notFound } from "../core/errors.js";
import { ROLES } from "../core/tokens.js";
import { action, printJson, withDatabase } from "./run.js";

export function tokenCommand(): Command {
  const token = new Command("token").description("Manage API tokens (operator commands; they use the database directly)");

  token
    .command("create")
    .description("Create an API token and print it (it is shown only this once)")
    .requiredOption("--tenant <slug>", "the tenant")
    .addOption(new Option("--role <role>", "what the token may do").choices(ROLES).makeOptionMandatory())
    .option("--owner <email>", "the person the token acts for (needed to approve changes)")
    .option("--name <name>", "what the token is for", "cli")
    .option("--json", "print {token:{id,name,role,owner},secret} as JSON")
    .action(
      action(async (options: { tenant: string; role: (typeof ROLES)[number]; owner?: string; name: string; json?: boolean }) => {
        await withDatabase("create a token", async ({ db }) => {
          const { operatorContext, createToken } = await tokenServices();
          const ctx = await operatorContext(db.prisma, options.tenant);
          const { token: row, secret } = await createToken(ctx, { name: options.name, role: options.role, ownerEmail: options.owner });
          const summary = { id: row.id, name: row.name, role: row.role, owner: options.owner ?? null };
          if (options.json) return printJson({ token: summary, secret });
          console.log(`Created ${row.role} token ${row.id} for tenant ${options.tenant}. Token (shown only this once):\n  ${secret}`);
        });
      }),
    );

  token
    .command("revoke")
    .description("Revoke an API token by its id (as printed by `token list`)")
    .argument("<id>", "token id")
    .action(
      action(async (id: string) => {
        await withDatabase("revoke a token", async ({ db }) => {
          const { tenantContext, CLI_ACTOR, revokeToken } = await tokenServices();
          // An operator command: the token id alone says which tenant it belongs to.
          const row = await db.prisma.apiToken.findFirst({ where: { id }, include: { tenant: true } });
          if (!row) throw notFound("API token", id);
          await revokeToken(tenantContext(db.prisma, row.tenant, CLI_ACTOR), id);
          console.log(`Revoked token ${id} (${row.name}, ${row.role}) of tenant ${row.tenant.slug}.`);
        });
      }),
    );

  token
    .command("list")
    .description("List a tenant's API tokens (never their secrets)")
    .requiredOption("--tenant <slug>", "the tenant")
    .option("--json", "print as JSON")
    .action(
      action(async (options: { tenant: string; json?: boolean }) => {
        await withDatabase("list tokens", async ({ db }) => {
          const { operatorContext, listTokens } = await tokenServices();
          const rows = await listTokens(await operatorContext(db.prisma, options.tenant));
          const list = rows.map((t) => ({
            id: t.id,
            name: t.name,
            role: t.role,
            owner: t.owner?.email ?? null,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
          }));
          if (options.json) return printJson(list);
          console.table(list);
        });
      }),
    );
  return token;
}

/** Loaded when a command runs, not for `--help` (see run.ts). */
async function tokenServices() {
  const [actor, tenants, tokens] = await Promise.all([import("../services/actor.js"), import("../services/tenants.js"), import("../services/tokens.js")]);
  return { ...actor, ...tenants, ...tokens };
}
