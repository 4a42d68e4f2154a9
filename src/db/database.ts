/**
 * The Prisma client on the embedded database (PGlite) or on PostgreSQL, behind one type.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.js";
import { deployMigrations, unappliedMigrations, type MigrationTarget } from "./migrations.js";
import { openPGlite } from "./pglite.js";

export type DatabaseLocation = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Where it is, for messages (a data dir, or the URL without password). */
  description: string;
  migrationTarget: MigrationTarget;
  close(): Promise<void>;
}

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.kind === "pglite") return wrapPGlite(await openPGlite({ dataDir: location.dataDir }), location.dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: location.url }) });
  return {
    prisma,
    kind: "postgres",
    description: redactUrl(location.url),
    migrationTarget: { kind: "postgres", url: location.url },
    close: () => prisma.$disconnect(),
  };
}

/** Wraps an already open PGlite (a data dir, or a test database loaded from a dump). */
export function wrapPGlite(client: PGlite, description: string): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    prisma,
    kind: "pglite",
    description,
    migrationTarget: { kind: "pglite", client },
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

export function migrate(db: Database): Promise<string[]> {
  return deployMigrations(db.migrationTarget);
}

export function pendingMigrations(db: Database): Promise<string[]> {
  return unappliedMigrations((sql) => db.prisma.$queryRawUnsafe(sql));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}
