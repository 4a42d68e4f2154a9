/**
 * A project's dbt groups, replaced as a whole on every applied post: a project has few, and a
 * group that disappeared from the manifest must disappear from the catalog.
 */
import type { SnapshotGroup } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";

export async function replaceProjectGroups(tx: TenantTx, scope: { tenantId: string; projectId: string }, groups: readonly SnapshotGroup[]): Promise<void> {
  await tx.assetGroup.deleteMany({ where: { projectId: scope.projectId } });
  const data = groups.map((group) => ({
    tenantId: scope.tenantId,
    projectId: scope.projectId,
    name: group.name,
    ownerName: group.owner?.name ?? group.owner?.handle ?? null,
    ownerEmail: group.owner?.email ?? null,
    description: group.description,
  }));
  if (data.length > 0) await tx.assetGroup.createMany({ data, skipDuplicates: true });
}
