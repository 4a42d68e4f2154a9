/**
 * The one way a manifest enters the catalog (REST, GraphQL and the CLI all come here):
 * validate, normalize, and in one transaction per post write only what changed, as a new
 * ManifestVersion. An identical post is a no-op that returns the current version.
 */
import { AppError } from "../../core/errors.js";
import { summarizeChanges, type ChangeSummary, type LayerCoverageChange, type PolicyFinding, type Verdict, type VerdictKind, type MissingApproval } from "../../core/change/index.js";
import { inferMissingColumns } from "../../core/inference/inferColumns.js";
import { parseManifest, snapshotChecksum, snapshotCounts, type CatalogSnapshot, type FieldLimits, type ManifestInputError } from "../../core/manifest/index.js";
import type { Diagnostic } from "../../core/diagnostic.js";
import type { SqlAnalysis as ModelSqlAnalysis } from "../../core/sql/index.js";
import { describeZodError } from "../../core/validation.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ChangeRequest, ManifestVersion, Prisma, Project } from "../../generated/prisma/client.js";
import { checkApply, proposeChanges, recordApplied, saveChanges, type ChangeRequestLinks, type PostScope } from "../changes/changeRequests.js";
import { changeAuthor, type ChangeAuthor } from "../changes/changeAuthor.js";
import { changePolicyOf } from "../changes/changePolicy.js";
import { evaluatePost, type PostEvaluation } from "../changes/evaluatePost.js";
import { conflictsIntroducedBy, notifyConflictOwners } from "../definitions/postConflicts.js";
import { webAppLinks } from "../changes/links.js";
import { wakeDeliveryWorkers } from "../notifications/index.js";
import { recordRunObservations } from "../anomalies/runObservations.js";
import type { TenantContext } from "../actor.js";
import { recordAudit, type AuditRecord } from "../audit.js";
import { assertRole } from "../tokens.js";
import { ingestRequestSchema, type IngestRequest, type ValidIngestRequest } from "./ingestRequest.js";
import { lockProject } from "./projectLock.js";
import { loadStoredCatalog, storedSnapshot, type StoredCatalog } from "./storedCatalog.js";
import { SqlAnalysis, storedInferredColumns, writeColumnLineage, type ModelInference } from "./inferLineage.js";
import { desiredEdges, syncEdges } from "./lineageEdges.js";
import { replaceMeshDependencies } from "./meshDependencies.js";
import { replaceProjectGroups } from "./projectGroups.js";
import { writeOwners, writeSnapshot } from "./writeSnapshot.js";
import { BulkWriter } from "../../db/bulkInsert.js";
import { warmSearchIndex } from "../search/searchIndexes.js";
import { inLongTransaction } from "../../db/longTransaction.js";
import { PlannerStatistics } from "../../db/plannerStatistics.js";
import { withTrustedReferences } from "../../db/foreignKeyChecks.js";

export interface IngestResult {
  version: { id: string; status: ManifestVersion["status"]; checksum: string; createdAt: Date };
  /**
   * APPLIED: the catalog changed; UNCHANGED: identical to the current version; PROPOSED: a
   * proposal was evaluated (the catalog is untouched); BLOCKED: an apply was refused.
   */
  status: ManifestVersion["status"];
  /** What CI gates on (see the README's "Change process"). */
  verdict: VerdictKind;
  reason: string;
  changeRequest: { id: string; status: ChangeRequest["status"]; url: string; missingApprovals: MissingApproval[] } | null;
  changes: ChangeSummary;
  findings: PolicyFinding[];
  /** Per layer: documented and tested models and columns (%), and the change this post brings. */
  coverage: LayerCoverageChange[];
  counts: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export interface IngestOptions {
  /** Where links in verdicts and notifications point (the public URL of this service). */
  links?: ChangeRequestLinks;
  /** The largest manifest fields accepted (TRIBUTARY_MAX_NAME, …); core's defaults when absent. */
  fieldLimits?: FieldLimits;
}

/** A large first post writes hundreds of thousands of rows; Prisma's 5 s default is far too short. */
const TRANSACTION_TIMEOUT_MS = 15 * 60_000;

export async function ingestManifest(ctx: TenantContext, request: IngestRequest, options: IngestOptions = {}): Promise<IngestResult> {
  assertRole(ctx, "CI");
  const envelope = ingestRequestSchema.safeParse(request);
  if (!envelope.success) {
    const { message, path } = describeZodError(envelope.error);
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  const req = envelope.data;
  const links = options.links ?? webAppLinks("");
  const parsed = parseManifest({ manifest: req.manifest, runResults: req.runResults, catalog: req.catalog, fieldLimits: options.fieldLimits });
  if (!parsed.ok) throw manifestError(parsed.error);
  const snapshot = parsed.snapshot;
  assertProjectMatches(snapshot, req.project);
  const checksum = snapshotChecksum(snapshot);

  const result = await inLongTransaction(
    ctx.db,
    async (tx) => {
      await lockProject(tx, ctx.tenant.id, req.project);
      const project = await tx.project.upsert({
        where: { tenantId_name: { tenantId: ctx.tenant.id, name: req.project } },
        create: { tenantId: ctx.tenant.id, name: req.project },
        update: {},
      });
      const current = project.currentVersionId ? await tx.manifestVersion.findFirst({ where: { id: project.currentVersionId } }) : null;
      if (req.mode === "APPLY" && current && current.checksum === checksum) {
        await auditPost(ctx, tx, current.id, req, "UNCHANGED", "none");
        return resultOf(current, "UNCHANGED", { verdict: "APPLIED", reason: "Nothing changed: the catalog already holds this manifest." });
      }
      const post = await evaluateAgainstCatalog(tx, ctx, { req, snapshot, checksum, project, links });
      const outcome = req.mode === "PROPOSE" ? await propose(tx, ctx, post) : await apply(tx, ctx, post);
      await notifyConflictOwners(tx, ctx.tenant.id, project.name, post.evaluation.newConflicts);
      return outcome;
    },
    TRANSACTION_TIMEOUT_MS,
  );
  // Notifications were queued in the transaction; now that it committed, send them.
  wakeDeliveryWorkers();
  if (result.status === "APPLIED") warmSearchIndex(ctx);
  return result;
}

/** One post, evaluated against what the project's catalog holds now. */
interface EvaluatedPost {
  req: ValidIngestRequest;
  snapshot: CatalogSnapshot;
  checksum: string;
  project: Project;
  links: ChangeRequestLinks;
  stored: StoredCatalog;
  /** null for the project's first post */
  previous: CatalogSnapshot | null;
  author: ChangeAuthor;
  evaluation: PostEvaluation;
  /** Models whose SQL inferring their columns analysed; the lineage analysis reuses them. */
  analysed: Map<string, ModelSqlAnalysis>;
  now: Date;
}

async function evaluateAgainstCatalog(
  tx: TenantTx,
  ctx: TenantContext,
  post: Pick<EvaluatedPost, "req" | "snapshot" | "checksum" | "project" | "links">,
): Promise<EvaluatedPost> {
  const stored = await loadStoredCatalog(tx, post.project);
  const analysed = inferMissingColumns(post.snapshot, storedInferredColumns(stored));
  const previousSnapshot = storedSnapshot(stored, post.snapshot);
  const previous = previousSnapshot.assets.length > 0 ? previousSnapshot : null;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
  const { req } = post;
  const author = await changeAuthor(tx, ctx, { projectId: post.project.id, mode: req.mode, branch: req.branch ?? null, author: req.author ?? null });
  const newConflicts = await conflictsIntroducedBy(tx, ctx.tenant.id, post.project.name, post.snapshot);
  const evaluation = evaluatePost({ previous, next: post.snapshot, stored, policy: changePolicyOf(tenant.settings), authorOwnerKey: author.ownerKey, project: post.project.name, newConflicts });
  return { ...post, stored, previous, author, evaluation, analysed, now: new Date() };
}

/** propose: record the post and open or update the branch's change request; the catalog stays. */
async function propose(tx: TenantTx, ctx: TenantContext, post: EvaluatedPost): Promise<IngestResult> {
  const version = await createVersion(tx, ctx, post, { status: "PROPOSED", diagnostics: post.snapshot.diagnostics, counts: snapshotCounts(post.snapshot) });
  const existingIds = new Map([...post.stored.assets.values()].map((a) => [a.uniqueId, a.id]));
  const outcome = await proposeChanges(tx, postScope(ctx, post, version.id, existingIds), post.evaluation);
  if (outcome.changeRequest) await linkChangeRequest(tx, ctx, version.id, outcome.changeRequest.id);
  await auditPost(ctx, tx, version.id, post.req, outcome.verdict.verdict, "catalog");
  return resultOf(version, "PROPOSED", outcome.verdict, post.evaluation, outcome.changeRequest, post.links);
}

/** apply: refuse uncovered breaking changes; else write what changed and carry out approved requests. */
async function apply(tx: TenantTx, ctx: TenantContext, post: EvaluatedPost): Promise<IngestResult> {
  const { snapshot, stored, evaluation } = post;
  const verdict = await checkApply(tx, post.project.id, evaluation);
  if (verdict.verdict === "BLOCKED") {
    const version = await createVersion(tx, ctx, post, { status: "BLOCKED", diagnostics: snapshot.diagnostics, counts: snapshotCounts(snapshot) });
    await auditPost(ctx, tx, version.id, post.req, "BLOCKED", "catalog");
    return resultOf(version, "BLOCKED", verdict, evaluation, null, post.links);
  }
  const scope = { tenantId: ctx.tenant.id, projectId: post.project.id, now: post.now };
  const { written, inferred, edgesWritten, columnLineage } = await withTrustedReferences(tx, () => writeCatalog(tx, scope, snapshot, stored, post.analysed));
  const diagnostics = versionDiagnostics(snapshot, stored, inferred);
  const version = await createVersion(tx, ctx, post, {
    status: "APPLIED",
    diagnostics,
    counts: {
      ...snapshotCounts(snapshot),
      modelsAnalysed: inferred.size,
      written: { ...written.counts, edgesWritten, ...columnLineage },
      diagnostics: countByCode(diagnostics),
    },
  });
  // The version's changes are each asset's history.
  await saveChanges(tx, ctx.tenant.id, { manifestVersionId: version.id }, evaluation.changes, written.assetIds);
  await recordRunResults(tx, { tenantId: ctx.tenant.id, projectId: post.project.id, manifestVersionId: version.id }, snapshot, written.assetIds);
  await recordRunObservations(tx, { ...scope, links: post.links }, snapshot.runResults, written.assetIds);
  await replaceMeshDependencies(tx, scope, snapshot.meshEdges ?? [], written.assetIds);
  await replaceProjectGroups(tx, scope, snapshot.groups ?? []);
  await tx.project.update({
    where: { tenantId_id: { tenantId: ctx.tenant.id, id: post.project.id } },
    data: { currentVersionId: version.id, adapter: snapshot.adapter },
  });
  // A project's first post is its initial load: nobody downstream has anything to hear yet.
  const changeRequest = post.previous ? await recordApplied(tx, postScope(ctx, post, version.id, written.assetIds), evaluation, verdict) : null;
  if (changeRequest) await linkChangeRequest(tx, ctx, version.id, changeRequest.id);
  await auditPost(ctx, tx, version.id, post.req, "APPLIED", "lineage");
  return resultOf(version, "APPLIED", verdict, evaluation, changeRequest, post.links);
}

/**
 * The post's rows: assets, columns, tests, edges, column lineage, owner links. New rows are
 * inserted in order while the next ones are built, and the models' SQL is analysed batch by
 * batch as their assets are written (see BulkWriter and SqlAnalysis).
 */
async function writeCatalog(
  tx: TenantTx,
  scope: Parameters<typeof writeSnapshot>[2],
  snapshot: CatalogSnapshot,
  stored: StoredCatalog,
  analysed: Map<string, ModelSqlAnalysis>,
) {
  const analysis = new SqlAnalysis(snapshot, stored, analysed);
  const writer = new BulkWriter(tx);
  // Tables this post doubles are analysed as they grow, so that its own statements (and, after
  // it, every reader) are planned for the rows they hold: see plannerStatistics.ts.
  const statistics = await PlannerStatistics.read(tx);
  const refresh = () => statistics.refresh(tx, writer);
  const written = await writeSnapshot(tx, writer, scope, snapshot, stored, analysis, refresh);
  const inferred = analysis.results();
  const edgesWritten = await syncEdges(tx, writer, scope, desiredEdges(snapshot, inferred, stored, written.assetIds), stored);
  await refresh();
  const columnLineage = await writeColumnLineage(tx, writer, scope.tenantId, inferred, written, stored);
  await writer.flush();
  await writeOwners(tx, scope, snapshot.assets, written.assetIds, stored);
  await refresh();
  return { written, inferred, edgesWritten, columnLineage };
}

function postScope(ctx: TenantContext, post: EvaluatedPost, versionId: string, assetIds: Map<string, string>): PostScope {
  return {
    tenantId: ctx.tenant.id,
    projectId: post.project.id,
    projectName: post.project.name,
    branch: post.req.branch ?? null,
    gitSha: post.req.gitSha ?? null,
    versionId,
    assetIds,
    links: post.links,
    author: post.author,
  };
}

function linkChangeRequest(tx: TenantTx, ctx: TenantContext, versionId: string, changeRequestId: string) {
  return tx.manifestVersion.update({ where: { tenantId_id: { tenantId: ctx.tenant.id, id: versionId } }, data: { changeRequestId } });
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

async function createVersion(
  tx: TenantTx,
  ctx: TenantContext,
  post: Pick<EvaluatedPost, "req" | "project" | "snapshot" | "checksum" | "now">,
  outcome: { status: ManifestVersion["status"]; diagnostics: Diagnostic[]; counts: object },
): Promise<ManifestVersion> {
  return tx.manifestVersion.create({
    data: {
      tenantId: ctx.tenant.id,
      projectId: post.project.id,
      format: post.snapshot.format,
      mode: post.req.mode,
      status: outcome.status,
      gitSha: post.req.gitSha ?? null,
      branch: post.req.branch ?? null,
      postedByTokenId: ctx.actor.tokenId,
      postedBy: ctx.actor.label,
      checksum: post.checksum,
      counts: outcome.counts as Prisma.InputJsonValue,
      diagnostics: outcome.diagnostics.slice(0, MAX_STORED_DIAGNOSTICS) as unknown as Prisma.InputJsonValue,
      createdAt: post.now,
    },
  });
}

/** Last in each post's transaction: it moves the tenant's revisions (an applied post: lineage too). */
function auditPost(
  ctx: TenantContext,
  tx: TenantTx,
  versionId: string,
  req: { project: string; mode: string; gitSha?: string | null; branch?: string | null },
  verdict: string,
  catalogChange: AuditRecord["catalogChange"],
) {
  return recordAudit(ctx, tx, {
    catalogChange,
    action: "manifest.post",
    targetType: "ManifestVersion",
    targetId: versionId,
    details: { project: req.project, mode: req.mode, verdict, gitSha: req.gitSha ?? null, branch: req.branch ?? null },
  });
}

function resultOf(
  version: ManifestVersion,
  status: IngestResult["status"],
  verdict: Pick<Verdict, "verdict" | "reason"> & Partial<Verdict>,
  evaluation: PostEvaluation | null = null,
  changeRequest: ChangeRequest | null = null,
  links: ChangeRequestLinks | null = null,
): IngestResult {
  return {
    version: { id: version.id, status: version.status, checksum: version.checksum, createdAt: version.createdAt },
    status,
    verdict: verdict.verdict,
    reason: verdict.reason,
    changeRequest:
      changeRequest && links
        ? { id: changeRequest.id, status: changeRequest.status, url: links.changeRequestUrl(changeRequest.id), missingApprovals: verdict.missingApprovals ?? [] }
        : null,
    changes: summarizeChanges(evaluation?.changes ?? []),
    findings: evaluation?.findings ?? [],
    coverage: evaluation?.coverage ?? [],
    counts: version.counts as Record<string, unknown>,
    diagnostics: version.diagnostics as unknown as Diagnostic[],
  };
}

/**
 * A native manifest names its project, and every unique id it makes contains that name: posted to
 * another project, its assets would carry one project's ids in another's catalog. (A dbt
 * project's name may differ from the project it is posted to, as in `--project jaffle`.)
 */
function assertProjectMatches(snapshot: CatalogSnapshot, project: string): void {
  if (snapshot.format !== "NATIVE" || snapshot.projectName === project) return;
  throw manifestError({
    code: "INVALID_MANIFEST",
    path: "$.project",
    message: `The manifest is for project "${snapshot.projectName}" but was posted to project "${project}": post it to "${snapshot.projectName}", or change the manifest's "project".`,
    expected: JSON.stringify(project),
  });
}

export function manifestError(error: ManifestInputError): AppError {
  return new AppError("BAD_USER_INPUT", error.message, {
    reason: error.code,
    path: error.path,
    ...(error.expected ? { expected: error.expected } : {}),
    ...(error.node ? { node: error.node } : {}),
    ...(error.field ? { field: error.field } : {}),
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
