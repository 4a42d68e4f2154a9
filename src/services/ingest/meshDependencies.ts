/**
 * A project's dbt Mesh dependencies (its models' parents in other projects), replaced as a whole
 * on every applied post: they are few (one per cross-project ref), and a ref that disappeared
 * from the manifest must stop linking the two projects.
 */
import type { SnapshotEdge } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";

export async function replaceMeshDependencies(
  tx: TenantTx,
  scope: { tenantId: string; projectId: string },
  meshEdges: readonly SnapshotEdge[],
  assetIds: ReadonlyMap<string, string>,
): Promise<void> {
  await tx.meshDependency.deleteMany({ where: { tenantId: scope.tenantId, projectId: scope.projectId } });
  const data = meshEdges.flatMap((edge) => {
    const assetId = assetIds.get(edge.to);
    return assetId ? [{ tenantId: scope.tenantId, projectId: scope.projectId, assetId, parentUniqueId: edge.from }] : [];
  });
  if (data.length > 0) await tx.meshDependency.createMany({ data, skipDuplicates: true });
}
