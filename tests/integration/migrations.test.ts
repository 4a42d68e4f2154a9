import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PRISMA_DIR, deployMigrations, pendingSchemaDiff, readMigrationFiles, unappliedMigrations } from "../../src/db/migrations.js";
import { openPGlite } from "../../src/db/pglite.js";
import { adminQuery, databaseUrl } from "../support/postgres.js";
import pg from "pg";
import { randomBytes } from "node:crypto";

const scratch = mkdtempSync(join(tmpdir(), "tributary-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The real migrations plus one that fails halfway, in a scratch folder. */
function migrationsWithBrokenOne(): string {
  const dir = join(scratch, `m-${randomBytes(3).toString("hex")}`);
  cpSync(join(PRISMA_DIR, "migrations"), dir, { recursive: true });
  mkdirSync(join(dir, "29990101000000_broken"));
  writeFileSync(
    join(dir, "29990101000000_broken", "migration.sql"),
    'CREATE TABLE "BrokenA" (id int);\nSELECT * FROM "no_such_table";\nCREATE TABLE "BrokenB" (id int);\n',
  );
  return dir;
}

type Row = { migration_name: string; checksum: string; finished_at: Date | null; logs: string | null };

/** Runs the same checks on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. */
const targets: { name: string; open(): Promise<{ target: Parameters<typeof deployMigrations>[0]; query(sql: string): Promise<Row[]>; close(): Promise<void> }> }[] = [
  {
    name: "PGlite",
    async open() {
      const client = await openPGlite();
      return {
        target: { kind: "pglite", client },
        query: async (sql) => (await client.query<Row>(sql)).rows,
        close: () => client.close(),
      };
    },
  },
];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  targets.push({
    name: "PostgreSQL",
    async open() {
      const name = `tributary_test_${randomBytes(6).toString("hex")}`;
      await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
      const url = databaseUrl(serverUrl, name);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return {
        target: { kind: "postgres", url },
        query: async (sql) => (await client.query<Row>(sql)).rows,
        close: async () => {
          await client.end();
          await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        },
      };
    },
  });
}

describe.each(targets)("migrations on $name", ({ open }) => {
  it("applies every migration once and records Prisma's standard rows", async () => {
    const db = await open();
    try {
      const files = await readMigrationFiles();
      expect(await deployMigrations(db.target)).toEqual(files.map((f) => f.name));
      expect(await deployMigrations(db.target)).toEqual([]);
      const rows = await db.query(`SELECT migration_name, checksum, finished_at, logs FROM _prisma_migrations ORDER BY migration_name`);
      expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(
        files.map((f) => [f.name, createHash("sha256").update(f.sql).digest("hex")]),
      );
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      expect(await unappliedMigrations((sql) => db.query(sql))).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("records a failing migration as failed, not applied", async () => {
    const db = await open();
    try {
      const dir = migrationsWithBrokenOne();
      await expect(deployMigrations(db.target, dir)).rejects.toThrow(/no_such_table/);
      const [broken] = await db.query(`SELECT migration_name, checksum, finished_at, logs FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'`);
      expect(broken?.finished_at).toBeNull();
      expect(broken?.logs).toMatch(/no_such_table/);
      expect(await unappliedMigrations((sql) => db.query(sql), dir)).toEqual(["29990101000000_broken"]);
      // A later deploy refuses to go on past the failed migration.
      await expect(deployMigrations(db.target, dir)).rejects.toThrow(/failed/i);
    } finally {
      await db.close();
    }
  });
});

describe("migration files", () => {
  it("keep semicolons out of comments: adapter-pg splits scripts at every ;, even in a comment", async () => {
    for (const file of await readMigrationFiles()) {
      const commentsWithSemicolon = file.sql.split("\n").filter((line) => /^\s*--.*;/.test(line));
      expect(commentsWithSemicolon, file.name).toEqual([]);
    }
  });
});

describe("migrate:check", () => {
  it("finds no difference between prisma/schema.prisma and the migrations", async () => {
    expect(await pendingSchemaDiff()).toBe("");
  });

  it("reports the SQL a schema change still needs", async () => {
    const dir = join(scratch, "empty-history");
    mkdirSync(dir, { recursive: true });
    const missing = await pendingSchemaDiff(dir);
    expect(missing).toContain('CREATE TABLE "Tenant"');
  });
});
