/**
 * The Prisma client on the embedded database (PGlite) or on PostgreSQL, behind one type.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { deployMigrations, unappliedMigrations, type MigrationTarget } from "./migrations.js";
import { PGliteThread } from "./pgliteThread/thread.js";
import { statementTimeoutSetting } from "./statementTimeout.js";
import type { ThreadOptions } from "./pgliteThread/protocol.js";

export type DatabaseLocation = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Where it is, for messages (a data dir, or the URL without password). */
  description: string;
  migrationTarget: MigrationTarget;
  /**
   * Settles if the database is gone for good: the embedded database's thread stopped. (A
   * PostgreSQL client reconnects, so it has none.)
   */
  lost?: Promise<Error>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL: statement_timeout of every connection (statementTimeout.ts); unset or 0, none. */
  statementTimeoutMs?: number;
}

export async function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<Database> {
  if (location.kind === "pglite") return openEmbeddedDatabase({ dataDir: location.dataDir });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: location.url, ...statementTimeoutSetting(options.statementTimeoutMs) }) });
  return {
    prisma,
    kind: "postgres",
    description: redactUrl(location.url),
    migrationTarget: { kind: "postgres", url: location.url },
    close: () => prisma.$disconnect(),
  };
}

/**
 * The embedded database on its own thread (pgliteThread/thread.ts): a data dir, or in memory
 * (tests, benchmarks), optionally started from a dump.
 */
export async function openEmbeddedDatabase(options: ThreadOptions = {}): Promise<Database> {
  const thread = await PGliteThread.open(options);
  const prisma = new PrismaClient({ adapter: thread.adapterFactory() });
  return {
    prisma,
    kind: "pglite",
    description: options.dataDir ?? "memory",
    migrationTarget: { kind: "pgliteThread", thread },
    lost: thread.lost,
    close: async () => {
      await prisma.$disconnect();
      await thread.close();
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
