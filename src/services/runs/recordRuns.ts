/**
 * The run history, whoever reports runs: dbt artifacts posted on their own (runArtifacts.ts) call
 * recordRuns with source-agnostic facts (core/runs/runFact.ts); OpenLineage intake stores its
 * runs with storeAssetRuns in its own transaction (services/openlineage/runHistory.ts).
 *
 * One transaction stores the runs (a run already stored, same asset, source and end, is not
 * stored twice), moves each asset's last load forward, and is audited. Freshness is then
 * evaluated for the assets it touched, so a late asset's recovery is seen at once.
 */
import { z } from "zod";
import { refreshedAt, runFactSchema, toDate, type RunFact, type RunFactInput } from "../../core/runs/runFact.js";
import type { DbtTestOutcome } from "../../core/runs/dbtRunFacts.js";
import type { Diagnostic } from "../../core/diagnostic.js";
import { badInput } from "../../core/errors.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { evaluateTenantFreshness, type FreshnessPassResult } from "../freshness/evaluateFreshness.js";
import { sqlTimestamp } from "../freshness/freshnessRows.js";
import { wakeDeliveryWorkers } from "../notifications/wake.js";
import { assertRole } from "../tokens.js";
import { projectName } from "../ingest/ingestRequest.js";
import { inLongTransaction } from "../../db/longTransaction.js";

export interface RecordRunsInput {
  /** Restricts asset look-up to one project; any project of the tenant when absent. */
  project?: string | null;
  runs: readonly RunFactInput[];
  /** dbt test results of a run_results.json posted on its own. */
  tests?: readonly DbtTestOutcome[];
  diagnostics?: readonly Diagnostic[];
}

export interface RecordRunsOptions {
  now?: () => Date;
  publicUrl?: string | null;
}

export interface RecordRunsResult {
  runs: { received: number; recorded: number; duplicates: number };
  tests: { received: number; recorded: number };
  /** Unique ids the tenant has no (current) asset or test for; the first 50. */
  unknown: string[];
  unknownCount: number;
  freshness: FreshnessPassResult;
  diagnostics: Diagnostic[];
}

const MAX_RUNS = 200_000;
const runsSchema = z.array(runFactSchema).max(MAX_RUNS, `at most ${MAX_RUNS} runs per post`);

export async function recordRuns(ctx: TenantContext, input: RecordRunsInput, options: RecordRunsOptions = {}): Promise<RecordRunsResult> {
  assertRole(ctx, "CI");
  const now = options.now ?? (() => new Date());
  const project = input.project == null ? null : projectName.safeParse(input.project);
  if (project && !project.success) throw badInput(`project: ${project.error.issues[0]?.message}`, { path: "$.project" });
  const parsed = runsSchema.safeParse(input.runs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = `$.runs${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
    throw badInput(`Invalid run at ${path}: ${issue.message}`, { path, reason: "INVALID_RUN" });
  }
  const runs = parsed.data;
  const tests = input.tests ?? [];

  const stored = await inLongTransaction(ctx.db, async (tx) => {
    const projectId = project?.data ? (await tx.project.findFirst({ where: { name: project.data }, select: { id: true } }))?.id : null;
    if (project?.data && !projectId) throw badInput(`No project named "${project.data}": post its manifest first`, { path: "$.project", reason: "UNKNOWN_PROJECT" });
    const assetIds = await idsOf(tx, "asset", projectId ?? null, runs.map((r) => r.asset));
    const testIds = await idsOf(tx, "dataTest", projectId ?? null, tests.map((t) => t.uniqueId));
    const known = runs.filter((r) => assetIds.has(r.asset));
    const { created } = await storeAssetRuns(tx, ctx.tenant.id, known.map((fact) => ({ assetId: assetIds.get(fact.asset)!, fact })), now());
    const testsRecorded = await recordTestOutcomes(tx, ctx.tenant.id, tests, testIds);
    const unknown = [...new Set([...runs.filter((r) => !assetIds.has(r.asset)).map((r) => r.asset), ...tests.filter((t) => !testIds.has(t.uniqueId)).map((t) => t.uniqueId)])];
    await recordAudit(ctx, tx, {
      action: "runs.record",
      targetType: "Project",
      targetId: projectId ?? null,
      details: { runs: created, tests: testsRecorded, unknown: unknown.length },
    });
    return { created, known, testsRecorded, unknown, touched: [...new Set(known.map((r) => assetIds.get(r.asset)!))] };
  });

  const freshness = await evaluateTouchedFreshness(ctx, stored.touched, { now: now(), publicUrl: options.publicUrl });
  return {
    runs: { received: runs.length, recorded: stored.created, duplicates: stored.known.length - stored.created },
    tests: { received: tests.length, recorded: stored.testsRecorded },
    unknown: stored.unknown.slice(0, 50),
    unknownCount: stored.unknown.length,
    freshness,
    diagnostics: [...(input.diagnostics ?? [])],
  };
}

/** An asset's run, its asset resolved: what every reporter of runs stores. */
export interface AssetRunFact {
  assetId: string;
  fact: Omit<RunFact, "asset">;
}

/**
 * Stores runs (a run already stored, same asset, source and end, is skipped) and moves each
 * asset's last load forward, in the caller's transaction. Returns how many runs were new, and
 * the assets whose load moved that were given an SLA of their own (setAssetFreshnessSla).
 */
export async function storeAssetRuns(tx: TenantTx, tenantId: string, runs: readonly AssetRunFact[], now: Date): Promise<{ created: number; withOwnSla: string[] }> {
  if (runs.length === 0) return { created: 0, withOwnSla: [] };
  // One statement whatever the number of runs (Prisma's createMany binds every value apart).
  const created = await tx.$executeRawUnsafe(
    `INSERT INTO "AssetRun" ("tenantId", "id", "assetId", "source", "status", "startedAt", "completedAt", "durationMs", "rowsAffected", "maxLoadedAt", "snapshottedAt", "message", "invocationId")
     SELECT $1, gen_random_uuid()::text, x."assetId", x."source"::"RunSource", x."status"::"RunStatus", x."startedAt", x."completedAt", x."durationMs", x."rowsAffected",
       x."maxLoadedAt", x."snapshottedAt", x."message", x."invocationId"
     -- The columns hold UTC without a zone: a timestamp read from an ISO string ending in Z keeps the UTC wall time.
     FROM jsonb_to_recordset($2::jsonb) AS x("assetId" text, "source" text, "status" text, "startedAt" timestamp, "completedAt" timestamp, "durationMs" int,
       "rowsAffected" bigint, "maxLoadedAt" timestamp, "snapshottedAt" timestamp, "message" text, "invocationId" text)
     ON CONFLICT ("tenantId", "assetId", "source", "completedAt") DO NOTHING`,
    tenantId,
    JSON.stringify(
      runs.map(({ assetId, fact: r }) => ({
        assetId,
        source: r.source,
        status: r.status,
        startedAt: r.startedAt ?? null,
        completedAt: r.completedAt,
        durationMs: r.startedAt ? Math.max(0, r.completedAt.getTime() - r.startedAt.getTime()) : null,
        rowsAffected: r.rowsAffected ?? null,
        maxLoadedAt: r.maxLoadedAt ?? null,
        snapshottedAt: r.snapshottedAt ?? null,
        message: r.message ?? null,
        invocationId: r.invocationId ?? null,
      })),
    ),
  );
  const withOwnSla = await trackLoads(tx, tenantId, runs, now);
  return { created, withOwnSla };
}

/** After the runs' transaction: evaluates the assets they touched, so a recovery is seen at once. */
export async function evaluateTouchedFreshness(ctx: TenantContext, assetIds: readonly string[], options: { now: Date; publicUrl?: string | null }): Promise<FreshnessPassResult> {
  if (assetIds.length === 0) return { evaluated: 0, changed: 0, events: 0 };
  const freshness = await evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now: options.now, assetIds, publicUrl: options.publicUrl });
  if (freshness.events > 0) wakeDeliveryWorkers();
  return freshness;
}

async function idsOf(tx: TenantTx, table: "asset" | "dataTest", projectId: string | null, uniqueIds: readonly string[]): Promise<Map<string, string>> {
  if (uniqueIds.length === 0) return new Map();
  const where = { uniqueId: { in: [...new Set(uniqueIds)] }, removedAt: null, ...(projectId ? { projectId } : {}) };
  const rows = table === "asset" ? await tx.asset.findMany({ where, select: { id: true, uniqueId: true } }) : await tx.dataTest.findMany({ where, select: { id: true, uniqueId: true } });
  return new Map(rows.map((r) => [r.uniqueId, r.id]));
}

/**
 * Each asset's last load only moves forward (a late post of an old artifact changes nothing),
 * and dbt's freshness criteria follow the newest check that carried them. Each row is marked
 * due, so the evaluator's next pass looks at it whatever its next check time says.
 */
async function trackLoads(tx: TenantTx, tenantId: string, runs: readonly AssetRunFact[], now: Date): Promise<string[]> {
  const latest = new Map<string, { loaded: Date | null; warn: number | null; error: number | null; criteria: boolean }>();
  for (const { assetId: id, fact: run } of runs) {
    const loaded = refreshedAt(run);
    const entry = latest.get(id) ?? { loaded: null, warn: null, error: null, criteria: false };
    if (loaded && (!entry.loaded || loaded > entry.loaded)) entry.loaded = loaded;
    if (run.warnAfterMinutes != null || run.errorAfterMinutes != null) Object.assign(entry, { warn: run.warnAfterMinutes ?? null, error: run.errorAfterMinutes ?? null, criteria: true });
    latest.set(id, entry);
  }
  if (latest.size === 0) return [];
  // In id order: concurrent writers of the same assets then lock them in the same order.
  const ids = [...latest.keys()].sort();
  const rows = ids.map((id) => latest.get(id)!);
  const written = await tx.$queryRaw<{ assetId: string; slaMinutes: number | null }[]>`
    INSERT INTO "AssetFreshness" ("tenantId", "assetId", state, since, "lastLoadedAt", "dbtWarnMinutes", "dbtErrorMinutes")
    SELECT ${tenantId}, u.id, 'UNKNOWN', ${sqlTimestamp(now)}::timestamp, u.loaded::timestamp, u.warn, u.error
      FROM unnest(${ids}::text[], ${rows.map((r) => sqlTimestamp(r.loaded))}::text[], ${rows.map((r) => r.warn)}::int[], ${rows.map((r) => r.error)}::int[], ${rows.map((r) => r.criteria)}::boolean[])
        AS u(id, loaded, warn, error, criteria)
    ON CONFLICT ("tenantId", "assetId") DO UPDATE SET
      due = true,
      "lastLoadedAt" = GREATEST("AssetFreshness"."lastLoadedAt", EXCLUDED."lastLoadedAt"),
      "dbtWarnMinutes" = CASE WHEN EXCLUDED."dbtWarnMinutes" IS NOT NULL OR EXCLUDED."dbtErrorMinutes" IS NOT NULL THEN EXCLUDED."dbtWarnMinutes" ELSE "AssetFreshness"."dbtWarnMinutes" END,
      "dbtErrorMinutes" = CASE WHEN EXCLUDED."dbtWarnMinutes" IS NOT NULL OR EXCLUDED."dbtErrorMinutes" IS NOT NULL THEN EXCLUDED."dbtErrorMinutes" ELSE "AssetFreshness"."dbtErrorMinutes" END
    RETURNING "assetId", "slaMinutes"`;
  return written.filter((row) => row.slaMinutes !== null).map((row) => row.assetId);
}

/** A test result already stored (same test, same end) is not stored again. */
async function recordTestOutcomes(tx: TenantTx, tenantId: string, tests: readonly DbtTestOutcome[], testIds: Map<string, string>): Promise<number> {
  const known = tests.filter((t) => testIds.has(t.uniqueId));
  if (known.length === 0) return 0;
  const at = (t: DbtTestOutcome) => toDate(t.completedAt);
  const existing = await tx.runResult.findMany({
    where: { testId: { in: known.map((t) => testIds.get(t.uniqueId)!) }, at: { in: known.map(at) } },
    select: { testId: true, at: true },
  });
  const seen = new Set(existing.map((r) => `${r.testId}@${r.at.getTime()}`));
  const fresh = known.filter((t) => !seen.has(`${testIds.get(t.uniqueId)}@${at(t).getTime()}`));
  const dataTests = await tx.dataTest.findMany({ where: { id: { in: fresh.map((t) => testIds.get(t.uniqueId)!) } }, select: { id: true, assetId: true } });
  const assetOf = new Map(dataTests.map((t) => [t.id, t.assetId]));
  const created = await tx.runResult.createMany({
    data: fresh.map((t) => ({
      tenantId,
      testId: testIds.get(t.uniqueId)!,
      assetId: assetOf.get(testIds.get(t.uniqueId)!) ?? null,
      status: t.status,
      executionTime: t.executionTime,
      failures: t.failures,
      message: t.message,
      at: at(t),
    })),
  });
  return created.count;
}

