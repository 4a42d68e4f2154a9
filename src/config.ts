/**
 * All configuration comes from environment variables, parsed here and nowhere else.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_FIELD_LIMITS, type FieldLimits } from "./core/manifest/fieldLimits.js";

const booleanFlag = z
  .enum(["0", "1", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'expected a size such as "256mb", "1gb" or a number of bytes')
  .transform((text) => {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text)!;
    const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? "b").toLowerCase() as "b"];
    return Math.floor(Number(match[1]) * unit);
  });

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  TRIBUTARY_DATA_DIR: z.string().min(1).default(".tributary"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Base URL people reach the service at, for links in verdicts and notifications. */
  TRIBUTARY_PUBLIC_URL: z.url().optional(),
  TRIBUTARY_DEMO: booleanFlag.default(true),
  TRIBUTARY_WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  TRIBUTARY_MAX_BODY: byteSize.default(256 * 1024 ** 2),
  /** Largest OpenLineage request body (one event or a batch), decompressed. */
  TRIBUTARY_OPENLINEAGE_MAX_BODY: byteSize.default(10 * 1024 ** 2),
  /** Days raw OpenLineage events are kept (GET /api/v1/events/lineage). */
  TRIBUTARY_OPENLINEAGE_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(30),
  TRIBUTARY_MAX_NAME: byteSize.default(DEFAULT_FIELD_LIMITS.name),
  TRIBUTARY_MAX_DESCRIPTION: byteSize.default(DEFAULT_FIELD_LIMITS.description),
  TRIBUTARY_MAX_SQL: byteSize.default(DEFAULT_FIELD_LIMITS.sql),
  TRIBUTARY_MAX_META: byteSize.default(DEFAULT_FIELD_LIMITS.meta),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(50_000),
  /** Roots that search, walk lineage or list the catalog (graphql/limits.ts) one request may ask for. */
  GRAPHQL_MAX_EXPENSIVE_ROOTS: z.coerce.number().int().min(1).max(1_000).default(5),
  /** How long a query may run before its work is stopped and it answers TIME_BUDGET_EXCEEDED. */
  GRAPHQL_TIME_BUDGET_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  /** PostgreSQL: the server's statements are cancelled after this long (0: never); long transactions lift it. */
  TRIBUTARY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Expensive requests one tenant may run at once; more wait (GRAPHQL_TENANT_QUEUE) or are refused. */
  GRAPHQL_TENANT_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(2),
  /** Expensive requests of one tenant that may wait for a slot; beyond them, TOO_MANY_REQUESTS. */
  GRAPHQL_TENANT_QUEUE: z.coerce.number().int().min(0).max(10_000).default(16),
  TRIBUTARY_RESPONSE_CACHE: byteSize.default(64 * 1024 ** 2),
  /** How often the freshness evaluator re-checks every tenant's assets (docs/trust-signals.md). */
  TRIBUTARY_FRESHNESS_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
});

export type Env = z.input<typeof configSchema>;

export interface Config {
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  port: number;
  host: string;
  publicUrl: string | null;
  demo: boolean;
  /** Webhooks may point at private, loopback and link-local addresses (off: public ones only). */
  webhookAllowPrivate: boolean;
  maxBodyBytes: number;
  /** OpenLineage intake: the largest body, and how long raw events are kept. */
  openLineage: { maxBodyBytes: number; retentionDays: number };
  /** Largest size of each kind of manifest field, in UTF-8 bytes (core/manifest/fieldLimits.ts). */
  fieldLimits: FieldLimits;
  graphql: {
    maxDepth: number;
    maxCost: number;
    maxExpensiveRoots: number;
    timeBudgetMs: number;
    /** Per tenant: expensive requests running at once, and waiting beyond those. */
    tenantSlots: { concurrency: number; queue: number };
  };
  /** PostgreSQL statement_timeout of the server's connections; 0: none. */
  statementTimeoutMs: number;
  /** Bytes of GraphQL answers kept per process (http/responseCache.ts); 0: none. */
  responseCacheBytes: number;
  /** Between passes of the freshness evaluator. */
  freshnessIntervalMs: number;
  logLevel: z.infer<typeof configSchema>["LOG_LEVEL"];
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = present[name];
      return `  ${name}=${JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration in environment variables:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: resolve(e.TRIBUTARY_DATA_DIR) },
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.TRIBUTARY_PUBLIC_URL ?? null,
    demo: e.TRIBUTARY_DEMO,
    webhookAllowPrivate: e.TRIBUTARY_WEBHOOK_ALLOW_PRIVATE,
    maxBodyBytes: e.TRIBUTARY_MAX_BODY,
    openLineage: { maxBodyBytes: e.TRIBUTARY_OPENLINEAGE_MAX_BODY, retentionDays: e.TRIBUTARY_OPENLINEAGE_RETENTION_DAYS },
    fieldLimits: { name: e.TRIBUTARY_MAX_NAME, description: e.TRIBUTARY_MAX_DESCRIPTION, sql: e.TRIBUTARY_MAX_SQL, meta: e.TRIBUTARY_MAX_META },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxExpensiveRoots: e.GRAPHQL_MAX_EXPENSIVE_ROOTS,
      timeBudgetMs: e.GRAPHQL_TIME_BUDGET_MS,
      tenantSlots: { concurrency: e.GRAPHQL_TENANT_CONCURRENCY, queue: e.GRAPHQL_TENANT_QUEUE },
    },
    statementTimeoutMs: e.TRIBUTARY_STATEMENT_TIMEOUT_MS,
    responseCacheBytes: e.TRIBUTARY_RESPONSE_CACHE,
    freshnessIntervalMs: e.TRIBUTARY_FRESHNESS_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
