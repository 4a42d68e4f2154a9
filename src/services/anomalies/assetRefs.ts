/** Observations and settings name assets by unique id (and project, when the id is in several). */
import { AppError } from "../../core/errors.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { TenantDb } from "../../db/tenantScope.js";

export interface AssetRef {
  asset: string;
  project?: string;
}

export interface ResolvedAsset {
  id: string;
  uniqueId: string;
  name: string;
  project: string;
}

const refKey = (ref: AssetRef) => `${ref.project ?? ""}\u0000${ref.asset}`;

/** Every ref's live asset, in one query; the first unknown or ambiguous ref is one clear error at its path. */
export async function resolveAssetRefs(db: TenantDb | TenantTx, refs: readonly AssetRef[], pathOf: (index: number) => string): Promise<ResolvedAsset[]> {
  const uniqueIds = [...new Set(refs.map((r) => r.asset))];
  const rows = await db.asset.findMany({
    where: { uniqueId: { in: uniqueIds }, removedAt: null },
    select: { id: true, uniqueId: true, name: true, project: { select: { name: true } } },
  });
  const byUniqueId = new Map<string, ResolvedAsset[]>();
  for (const row of rows) {
    const list = byUniqueId.get(row.uniqueId) ?? [];
    list.push({ id: row.id, uniqueId: row.uniqueId, name: row.name, project: row.project.name });
    byUniqueId.set(row.uniqueId, list);
  }
  const resolved = new Map<string, ResolvedAsset>();
  return refs.map((ref, index) => {
    const key = refKey(ref);
    const known = resolved.get(key);
    if (known) return known;
    const candidates = (byUniqueId.get(ref.asset) ?? []).filter((a) => ref.project === undefined || a.project === ref.project);
    const path = pathOf(index);
    if (candidates.length === 0) {
      throw new AppError("NOT_FOUND", `${path}: no asset ${JSON.stringify(ref.asset)}${ref.project ? ` in project ${JSON.stringify(ref.project)}` : ""}`, { path, asset: ref.asset });
    }
    if (candidates.length > 1) {
      throw new AppError("BAD_USER_INPUT", `${path}: asset ${JSON.stringify(ref.asset)} is in several projects (${candidates.map((c) => c.project).join(", ")}); name one with project`, { path, asset: ref.asset });
    }
    resolved.set(key, candidates[0]!);
    return candidates[0]!;
  });
}
