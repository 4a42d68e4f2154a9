/**
 * The one way a manifest enters the catalog (REST, GraphQL and the CLI all come here):
 * validate, normalize, and in one transaction per post write only what changed, as a new
 * ManifestVersion. An identical post is a no-op that returns the current version.
 */
import { AppError } from "../../core/errors.js";
import { diffSnapshots } from "../../core/change/index.js";
import { parseManifest, snapshotChecksum, snapshotCounts, type CatalogSnapshot, type ManifestInputError } from "../../core/manifest/index.js";
import type { Diagnostic } from "../../core/diagnostic.js";
import { describeZodError } from "../../core/validation.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ManifestVersion, Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";
import { ingestRequestSchema, type IngestRequest } from "./ingestRequest.js";
import { lockProject } from "./projectLock.js";
import { loadStoredCatalog, storedSnapshot, type StoredCatalog } from "./storedCatalog.js";
import { analyseChangedSql, writeInferredLineage, type ModelInference } from "./inferLineage.js";
import { writeSnapshot } from "./writeSnapshot.js";

export interface IngestResult {
  version: { id: string; status: ManifestVersion["status"]; checksum: string; createdAt: Date };
  /** APPLIED when the catalog changed, UNCHANGED for a post identical to the current version. */
  status: "APPLIED" | "UNCHANGED";
  counts: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/** A large first post writes hundreds of thousands of rows; Prisma's 5 s default is far too short. */
const TRANSACTION_TIMEOUT_MS = 15 * 60_000;

export async function ingestManifest(ctx: TenantContext, request: IngestRequest): Promise<IngestResult> {
  assertRole(ctx, "CI");
  const envelope = ingestRequestSchema.safeParse(request);
  if (!envelope.success) {
    const { message, path } = describeZodError(envelope.error);
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  const req = envelope.data;
  if (req.mode === "PROPOSE") {
    throw new AppError("BAD_USER_INPUT", "mode \"propose\" is not supported yet: post with mode \"apply\"", { path: "$.mode", reason: "NOT_SUPPORTED" });
  }
  const parsed = parseManifest({ manifest: req.manifest, runResults: req.runResults, catalog: req.catalog });
  if (!parsed.ok) throw manifestError(parsed.error);
  const snapshot = parsed.snapshot;
  const checksum = snapshotChecksum(snapshot);

  return ctx.db.$transaction(
    async (tx) => {
      await lockProject(tx, ctx.tenant.id, req.project);
      const project = await tx.project.upsert({
        where: { tenantId_name: { tenantId: ctx.tenant.id, name: req.project } },
        create: { tenantId: ctx.tenant.id, name: req.project },
        update: {},
      });
      const current = project.currentVersionId ? await tx.manifestVersion.findFirst({ where: { id: project.currentVersionId } }) : null;
      if (current && current.checksum === checksum) {
        await recordAudit(ctx, tx, { action: "manifest.post", targetType: "ManifestVersion", targetId: current.id, details: { project: req.project, result: "UNCHANGED" } });
        return resultOf(current, "UNCHANGED");
      }
      const now = new Date();
      const stored = await loadStoredCatalog(tx, project.id);
      const previous = storedSnapshot(stored, snapshot);
      const inferred = analyseChangedSql(snapshot, stored);
      const scope = { tenantId: ctx.tenant.id, projectId: project.id, now };
      const written = await writeSnapshot(tx, scope, snapshot, stored, inferred);
      const inferredWrites = await writeInferredLineage(tx, scope, inferred, written.assetIds, stored);
      const diagnostics = versionDiagnostics(snapshot, stored, inferred);
      const version = await tx.manifestVersion.create({
        data: {
          tenantId: ctx.tenant.id,
          projectId: project.id,
          format: snapshot.format,
          mode: req.mode,
          status: "APPLIED",
          gitSha: req.gitSha ?? null,
          branch: req.branch ?? null,
          postedByTokenId: ctx.actor.tokenId,
          postedBy: ctx.actor.label,
          checksum,
          counts: {
            ...snapshotCounts(snapshot),
            modelsAnalysed: inferred.size,
            written: { ...written.counts, inferredEdgesWritten: inferredWrites.edgesWritten, columnLineageEdges: inferredWrites.columnEdges },
            diagnostics: countByCode(diagnostics),
          } as unknown as Prisma.InputJsonValue,
          diagnostics: diagnostics.slice(0, MAX_STORED_DIAGNOSTICS) as unknown as Prisma.InputJsonValue,
          createdAt: now,
        },
      });
      await recordHistory(tx, ctx.tenant.id, version.id, previous, snapshot, written.assetIds);
      await recordRunResults(tx, { tenantId: ctx.tenant.id, projectId: project.id, manifestVersionId: version.id }, snapshot, written.assetIds);
      await tx.project.update({ where: { tenantId_id: { tenantId: ctx.tenant.id, id: project.id } }, data: { currentVersionId: version.id } });
      await recordAudit(ctx, tx, {
        action: "manifest.post",
        targetType: "ManifestVersion",
        targetId: version.id,
        details: { project: req.project, result: "APPLIED", gitSha: req.gitSha ?? null, branch: req.branch ?? null, written: { ...written.counts } },
      });
      return resultOf(version, "APPLIED");
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
  );
}

/** A version keeps this many diagnostics in full (the counts per code cover all of them). */
const MAX_STORED_DIAGNOSTICS = 2_000;

/** The input's own diagnostics, then every model's SQL findings (fresh, or kept from its last analysis). */
function versionDiagnostics(snapshot: CatalogSnapshot, stored: StoredCatalog, inferred: Map<string, ModelInference>): Diagnostic[] {
  const models = snapshot.assets.flatMap((asset) => {
    const fresh = inferred.get(asset.uniqueId);
    if (fresh) return fresh.diagnostics;
    return (stored.assets.get(asset.uniqueId)?.diagnostics ?? []) as unknown as Diagnostic[];
  });
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...snapshot.diagnostics, ...models.sort((a, b) => rank[a.severity] - rank[b.severity])];
}

function countByCode(diagnostics: Diagnostic[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of diagnostics) counts[d.code] = (counts[d.code] ?? 0) + 1;
  return counts;
}

function resultOf(version: ManifestVersion, status: IngestResult["status"]): IngestResult {
  return {
    version: { id: version.id, status: version.status, checksum: version.checksum, createdAt: version.createdAt },
    status,
    counts: version.counts as Record<string, unknown>,
    diagnostics: version.diagnostics as unknown as Diagnostic[],
  };
}

export function manifestError(error: ManifestInputError): AppError {
  return new AppError("BAD_USER_INPUT", error.message, {
    reason: error.code,
    path: error.path,
    ...(error.expected ? { expected: error.expected } : {}),
  });
}

/** Each asset's classified changes in this version: the asset page's history. */
async function recordHistory(
  tx: TenantTx,
  tenantId: string,
  manifestVersionId: string,
  previous: CatalogSnapshot,
  next: CatalogSnapshot,
  assetIds: Map<string, string>,
): Promise<void> {
  const changes = diffSnapshots(previous.assets.length > 0 ? previous : null, next, { relocation: "literal" });
  if (changes.length === 0) return;
  await tx.change.createMany({
    data: changes.map((change) => ({
      tenantId,
      manifestVersionId,
      assetId: assetIds.get(change.assetUniqueId) ?? null,
      assetUniqueId: change.assetUniqueId,
      columnName: change.columnName ?? null,
      action: change.action,
      category: change.category,
      reasonCode: change.reasonCode,
      message: change.message,
      fingerprint: change.fingerprint,
      details: change.details as unknown as Prisma.InputJsonValue,
    })),
  });
}

async function recordRunResults(
  tx: TenantTx,
  { tenantId, projectId, manifestVersionId }: { tenantId: string; projectId: string; manifestVersionId: string },
  snapshot: CatalogSnapshot,
  assetIds: Map<string, string>,
): Promise<void> {
  if (snapshot.runResults.length === 0) return;
  const testIds = new Map(
    (await tx.dataTest.findMany({ where: { projectId, uniqueId: { in: snapshot.runResults.map((r) => r.uniqueId) } }, select: { id: true, uniqueId: true } })).map(
      (t) => [t.uniqueId, t.id],
    ),
  );
  const now = new Date();
  await tx.runResult.createMany({
    data: snapshot.runResults
      .filter((r) => testIds.has(r.uniqueId) || assetIds.has(r.uniqueId))
      .map((r) => ({
        tenantId,
        manifestVersionId,
        testId: testIds.get(r.uniqueId) ?? null,
        assetId: testIds.has(r.uniqueId) ? null : (assetIds.get(r.uniqueId) ?? null),
        status: r.status,
        executionTime: r.executionTime,
        failures: r.failures,
        message: r.message,
        at: r.completedAt ? new Date(r.completedAt) : now,
      })),
  });
}
