/**
 * Runs once per `vitest run`: prepares an already-migrated database every test file copies,
 * so no file pays for initdb + migrations.
 * - PGlite: a gzip dump of an in-memory PGlite migrated by the real migrator, cached on disk
 *   by the hash of the migrations.
 * - PostgreSQL (TEST_DATABASE_URL set): a uniquely named template database, dropped at the end.
 */
import "reflect-metadata";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { deployMigrations, readMigrationFiles } from "../../src/db/migrations.js";
import { openPGlite } from "../../src/db/pglite.js";
import { adminQuery, adminRows, databaseUrl } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

async function pgliteTemplate(hash: string): Promise<string> {
  const dir = resolve("node_modules/.cache/pglite-template");
  const file = join(dir, `${hash}.tar.gz`);
  if (existsSync(file)) return file;
  const pglite = await openPGlite();
  await deployMigrations({ kind: "pglite", client: pglite });
  const dump = await pglite.dumpDataDir("gzip");
  await pglite.close();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

/** A run killed before its teardown leaves its template behind; one older than this is stale. */
const STALE_TEMPLATE_SECONDS = 3 * 60 * 60;

async function dropStaleTemplates(serverUrl: string): Promise<void> {
  const names = await adminRows<{ datname: string }>(serverUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'tributary_tpl_%'`);
  const now = Math.floor(Date.now() / 1000);
  for (const { datname } of names) {
    const created = Number(/^tributary_tpl_(\d+)_[0-9a-f]+$/.exec(datname)?.[1] ?? 0);
    if (now - created > STALE_TEMPLATE_SECONDS) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

export default async function globalSetup(project: TestProject) {
  const files = await readMigrationFiles();
  const hash = createHash("sha256").update(files.map((f) => f.name + f.checksum).join("\n")).digest("hex").slice(0, 16);
  project.provide("pgliteTemplate", await pgliteTemplate(hash));

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    project.provide("postgresTemplate", null);
    return;
  }
  await dropStaleTemplates(serverUrl);
  const template = `tributary_tpl_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${template}"`);
  await deployMigrations({ kind: "postgres", url: databaseUrl(serverUrl, template) });
  project.provide("postgresTemplate", template);
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
