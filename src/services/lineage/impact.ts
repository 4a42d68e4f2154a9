/**
 * What a change to an asset (or to some of its columns) touches, and who must hear about it.
 *
 * `assetImpact` is the paged answer the API shows. `computeImpact` is the whole answer as plain
 * data, for the change process: every downstream asset and exposure with one shortest path,
 * and the owners and subscribers of each, merged into one list of people to notify.
 */
import { impact, impactOfColumns, type ColumnImpactResult, type ImpactResult } from "../../core/lineage/index.js";
import type { AssetKind, Layer } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { answer } from "./errors.js";
import { MAX_WALK_NODES, pageSize } from "./limits.js";
import { peopleOfAssets, type Person } from "./people.js";
import { assetGraph, tenantGraphs, type GraphScope } from "./tenantGraphs.js";
import { compareText } from "../../core/compareText.js";

export async function assetImpact(ctx: TenantContext, query: { assetId: string; first?: number | null; after?: string | null } & GraphScope): Promise<ImpactResult> {
  const first = pageSize(query.first);
  const graph = await assetGraph(ctx, query);
  return answer(() => impact(graph, { start: query.assetId, first, after: query.after ?? null, maxNodes: MAX_WALK_NODES }));
}

export async function columnImpact(ctx: TenantContext, query: { assetId: string; columns: readonly string[] } & GraphScope): Promise<ColumnImpactResult> {
  const { assets, columns } = await tenantGraphs(ctx, query);
  return answer(() => impactOfColumns(assets, columns, { start: query.assetId, columns: query.columns }));
}

export interface ImpactAssetRef {
  id: string;
  uniqueId: string;
  name: string;
  kind: AssetKind;
  layer: Layer | null;
  projectId: string;
}

export interface ImpactedAssetReport extends ImpactAssetRef {
  degree: number;
  /** Asset ids of one shortest path, from the changed asset to this one, both included. */
  path: string[];
  /** Column-aware impact only: this asset's columns that read the changed columns. */
  columns?: string[];
  owners: Person[];
  subscribers: Person[];
}

export interface ImpactRecipient extends Person {
  /** Impacted asset ids this person owns / subscribes to. */
  owns: string[];
  subscribes: string[];
}

export interface ImpactReport {
  asset: ImpactAssetRef;
  /** The changed columns found on the asset, when columns were given; else null. */
  columns: string[] | null;
  missingColumns: string[];
  /** Every transitive downstream asset (column-aware: those reading the columns), by degree then id. */
  assets: ImpactedAssetReport[];
  /** Column-aware only: downstream assets whose use of the columns is unknown (no column lineage). */
  columnUseUnknown: ImpactedAssetReport[];
  /** The exposures among the above. */
  exposures: ImpactedAssetReport[];
  /** Column-aware only: downstream assets that column lineage shows do not read the columns. */
  notAffectedCount: number;
  /** Owners and subscribers of every impacted asset, each person once, by email then id. */
  recipients: ImpactRecipient[];
  cycles: string[][];
  truncated: boolean;
}

/** The whole impact of a change to `assetId` (a row id), or to some of its columns. */
export async function computeImpact(ctx: TenantContext, assetId: string, columns?: readonly string[] | null): Promise<ImpactReport> {
  if (columns && columns.length > 0) {
    const found = await columnImpact(ctx, { assetId, columns });
    const reads = found.reads.map((entry) => ({ id: entry.id, degree: entry.degree, path: entry.path, columns: entry.columns }));
    const unknown = found.columnUseUnknown.map((entry) => ({ id: entry.id, degree: entry.degree, path: entry.path }));
    return report(ctx, assetId, {
      columns: found.columns,
      missingColumns: found.missingColumns,
      assets: reads,
      columnUseUnknown: unknown,
      exposures: found.exposures.map((entry) => entry.id),
      notAffectedCount: found.notAffectedCount,
      cycles: [],
      truncated: false,
    });
  }
  const graph = await assetGraph(ctx);
  const found = answer(() => impact(graph, { start: assetId, maxNodes: MAX_WALK_NODES }));
  return report(ctx, assetId, {
    columns: null,
    missingColumns: [],
    assets: found.assets.map((entry) => ({ id: entry.id, degree: entry.degree, path: entry.path })),
    columnUseUnknown: [],
    exposures: found.exposures.map((entry) => entry.id),
    notAffectedCount: 0,
    cycles: found.cycles,
    truncated: found.truncated,
  });
}

interface Found {
  id: string;
  degree: number;
  path: string[];
  columns?: string[];
}

async function report(
  ctx: TenantContext,
  assetId: string,
  found: {
    columns: string[] | null;
    missingColumns: string[];
    assets: Found[];
    columnUseUnknown: Found[];
    exposures: string[];
    notAffectedCount: number;
    cycles: string[][];
    truncated: boolean;
  },
): Promise<ImpactReport> {
  const ids = [assetId, ...found.assets.map((entry) => entry.id), ...found.columnUseUnknown.map((entry) => entry.id)];
  const [refs, people] = await Promise.all([assetRefs(ctx, ids), peopleOfAssets(ctx, ids.slice(1))]);
  const withPeople = (entry: Found): ImpactedAssetReport => ({ ...refs.get(entry.id)!, ...entry, ...people.get(entry.id)! });
  const assets = found.assets.map(withPeople);
  const columnUseUnknown = found.columnUseUnknown.map(withPeople);
  const exposureIds = new Set(found.exposures);
  const exposures = [...assets, ...columnUseUnknown].filter((entry) => exposureIds.has(entry.id)).sort((a, b) => a.degree - b.degree || compareText(a.id, b.id));
  return {
    asset: refs.get(assetId)!,
    columns: found.columns,
    missingColumns: found.missingColumns,
    assets,
    columnUseUnknown,
    exposures,
    notAffectedCount: found.notAffectedCount,
    recipients: recipientsOf([...assets, ...columnUseUnknown]),
    cycles: found.cycles,
    truncated: found.truncated,
  };
}

async function assetRefs(ctx: TenantContext, ids: string[]): Promise<Map<string, ImpactAssetRef>> {
  const rows = await ctx.db.asset.findMany({
    where: { id: { in: ids } },
    select: { id: true, uniqueId: true, name: true, kind: true, layer: true, projectId: true },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

function recipientsOf(assets: ImpactedAssetReport[]): ImpactRecipient[] {
  const byId = new Map<string, ImpactRecipient>();
  const entry = (person: Person) => {
    let recipient = byId.get(person.id);
    if (!recipient) byId.set(person.id, (recipient = { ...person, owns: [], subscribes: [] }));
    return recipient;
  };
  for (const asset of assets) {
    for (const owner of asset.owners) entry(owner).owns.push(asset.id);
    for (const subscriber of asset.subscribers) entry(subscriber).subscribes.push(asset.id);
  }
  return [...byId.values()].sort((a, b) => compareText(a.email ?? "", b.email ?? "") || compareText(a.id, b.id));
}
