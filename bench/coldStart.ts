/**
 * Cold start to the first answered GraphQL query, for the built service (`node bin/tributary.js
 * serve`): on a new embedded data dir (initdb + migrations + demo data), on an existing one, and
 * on PostgreSQL when a server URL is given.
 *
 *   npm run build && npx tsx bench/coldStart.ts [--pg postgres://postgres@127.0.0.1:5432/postgres]
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import pg from "pg";
import { SERVER_V8_FLAGS } from "./support/serverFlags.js";

const BIN = "bin/tributary.js";

async function firstAnswer(env: Record<string, string>, token: string | null): Promise<{ ms: number; token: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_V8_FLAGS, BIN, "serve"], { env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      const match = /GraphQL endpoint:\s+(\S+)/.exec(out);
      if (match && (token || /trb_\S+/.test(out) || /exists/.test(out))) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  const bearer = token ?? /trb_\S+/.exec(out)![0];
  for (;;) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` }, body: '{"query":"{ viewer { role } }"}' }).catch(() => null);
    if (response?.ok) break;
  }
  const ms = performance.now() - started;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.on("exit", resolve));
  return { ms, token: bearer };
}

const rows: { case: string; ms: number }[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "tributary-coldstart-"));
try {
  const first = await firstAnswer({ TRIBUTARY_DATA_DIR: dataDir, DATABASE_URL: "" }, null);
  rows.push({ case: "PGlite, new data dir (initdb, migrations, demo data)", ms: first.ms });
  for (let i = 0; i < 3; i++) {
    rows.push({ case: `PGlite, existing data dir (run ${i + 1})`, ms: (await firstAnswer({ TRIBUTARY_DATA_DIR: dataDir, DATABASE_URL: "" }, first.token)).ms });
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const { pg: server } = new Command("bench/coldStart.ts").option("--pg <url>", "also on this PostgreSQL server").parse().opts<{ pg?: string }>();
if (server) {
  const name = `tributary_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    const created = spawnSync(process.execPath, [BIN, "tenant", "create", "bench", "--json"], { env: { ...process.env, DATABASE_URL: url.toString() }, encoding: "utf8" });
    const { token } = JSON.parse(created.stdout) as { token: string };
    for (let i = 0; i < 3; i++) rows.push({ case: `PostgreSQL, migrated database (run ${i + 1})`, ms: (await firstAnswer({ DATABASE_URL: url.toString() }, token)).ms });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

console.table(rows.map((r) => ({ case: r.case, "ms to first answered query": Math.round(r.ms) })));
