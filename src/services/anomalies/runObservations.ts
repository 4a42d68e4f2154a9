/** A run post's results as observations (core/anomaly/runObservations), stored and judged in the post's transaction. */
import { observationsFromRunResults, type RunTarget } from "../../core/anomaly/runObservations.js";
import type { SnapshotRunResult } from "../../core/manifest/snapshot.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ChangeRequestLinks } from "../changes/changeRequests.js";
import { storeObservations, type StoreResult } from "./storeObservations.js";

export async function recordRunObservations(
  tx: TenantTx,
  scope: { tenantId: string; projectId: string; now: Date; links?: ChangeRequestLinks },
  runResults: readonly SnapshotRunResult[],
  assetIds: ReadonlyMap<string, string>,
): Promise<StoreResult | null> {
  if (runResults.length === 0) return null;
  const tests = await tx.dataTest.findMany({
    where: { projectId: scope.projectId, uniqueId: { in: runResults.map((r) => r.uniqueId) } },
    select: { uniqueId: true, assetId: true, dependsOnAssetIds: true },
  });
  const testTargets = new Map<string, RunTarget>();
  for (const test of tests) {
    // A singular test reading several models is filed under the first it reads.
    const assetId = test.assetId ?? test.dependsOnAssetIds[0];
    if (assetId) testTargets.set(test.uniqueId, { kind: "test", assetId, testUniqueId: test.uniqueId });
  }
  const targetOf = (uniqueId: string): RunTarget | null => {
    const test = testTargets.get(uniqueId);
    if (test) return test;
    const assetId = assetIds.get(uniqueId);
    return assetId ? { kind: "asset", assetId } : null;
  };
  const drafts = observationsFromRunResults(runResults, targetOf, scope.now);
  return storeObservations(tx, scope.tenantId, drafts, { source: "RUN", now: scope.now, links: scope.links });
}
