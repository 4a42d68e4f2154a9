/**
 * Resolves the relations a model's SQL names (dbt refs, sources, plain table names) to the
 * catalog's assets, the way dbt resolves them: an unpinned ref goes to the latest version of a
 * versioned model, a pinned one to that version. Plain names (what compiled SQL holds) match an
 * asset's relation by the warehouse's case rules (relationNames.ts); `__dbt__cte__<name>` is
 * the ephemeral model dbt inlined under that name.
 */
import { EPHEMERAL_CTE_PREFIX, type DbtRef, type DbtSource, type Dialect, type TableRef } from "../sql/index.js";
import type { SnapshotAsset } from "../manifest/index.js";
import { assetRelationParts, foldRelationName, type NameParts } from "./relationNames.js";
import { pushTo } from "../listMap.js";

const REFERABLE = new Set(["MODEL", "SEED", "SNAPSHOT"]);

export class RelationResolver {
  private readonly byName = new Map<string, SnapshotAsset[]>();
  private readonly bySource = new Map<string, SnapshotAsset>();
  private readonly byRelation = new Map<string, SnapshotAsset[]>();
  private readonly expressionRelations: SnapshotAsset[] = [];

  constructor(
    assets: readonly SnapshotAsset[],
    private readonly dialect: Dialect,
  ) {
    for (const asset of assets) {
      if (REFERABLE.has(asset.kind)) pushTo(this.byName, asset.name.toLowerCase(), asset);
      if (asset.kind === "SOURCE") {
        const [, , sourceName, ...table] = asset.uniqueId.split(".");
        if (sourceName && table.length > 0) this.bySource.set(sourceKey(sourceName, table.join(".")), asset);
      }
      if (asset.kind !== "EXPOSURE" && asset.kind !== "METRIC" && asset.kind !== "SEMANTIC_MODEL") {
        if (asset.relationName?.includes("(")) this.expressionRelations.push(asset);
        else for (const key of this.relationKeys(asset)) pushTo(this.byRelation, key, asset);
      }
    }
  }

  /**
   * `preferred`: the model's declared parents. Several assets can share one relation (a source
   * pointed at a seed's table, as integration-test projects do); the declared one is meant.
   */
  resolve(table: TableRef, preferred: ReadonlySet<string> = new Set()): SnapshotAsset | null {
    if (table.ref) return this.resolveRef(table.ref);
    if (table.source) return this.resolveSource(table.source);
    const name = table.parts.length > 0 ? table : { parts: table.name.split(".") };
    const ephemeral = name.parts.length === 1 ? inlinedEphemeralName(name.parts[0]!) : null;
    return ephemeral ? this.resolveRef({ name: ephemeral }) : this.resolvePlain(name, preferred);
  }

  resolveRef(ref: DbtRef): SnapshotAsset | null {
    const candidates = (this.byName.get(ref.name.toLowerCase()) ?? []).filter((a) => !ref.package || a.packageName === ref.package);
    if (candidates.length <= 1) return candidates[0] ?? null;
    const wanted = ref.version ?? candidates.find((a) => a.latestVersion)?.latestVersion ?? null;
    return candidates.find((a) => a.version !== null && a.version === wanted) ?? candidates.find((a) => a.version === null) ?? null;
  }

  resolveSource(source: DbtSource): SnapshotAsset | null {
    return this.bySource.get(sourceKey(source.source, source.table)) ?? null;
  }

  /** `db.schema.table`, `schema.table`, or `table` alone when only one relation has that name. */
  resolvePlain(name: NameParts, preferred: ReadonlySet<string> = new Set()): SnapshotAsset | null {
    const found = this.byRelation.get(foldRelationName(name, this.dialect).join(".")) ?? [];
    if (found.length === 1) return found[0]!;
    const declared = found.filter((asset) => preferred.has(asset.uniqueId));
    return declared.length === 1 ? declared[0]! : null;
  }

  /**
   * Sources whose relation is not a name but an expression (`read_csv('raw/orders.csv')`, an
   * external location) that this SQL contains as dbt rendered it.
   */
  expressionRelationsIn(sql: string): SnapshotAsset[] {
    if (this.expressionRelations.length === 0) return [];
    const text = squeeze(sql);
    return this.expressionRelations.filter((asset) => text.includes(squeeze(asset.relationName!)));
  }

  /** Every spelling a plain SQL name could use for this asset's relation, folded. */
  private relationKeys(asset: SnapshotAsset): string[] {
    const parts = foldRelationName(assetRelationParts(asset), this.dialect);
    const keys = new Set<string>();
    for (let start = 0; start < parts.length; start++) keys.add(parts.slice(start).join("."));
    return [...keys];
  }
}

function inlinedEphemeralName(part: string): string | null {
  return part.toLowerCase().startsWith(EPHEMERAL_CTE_PREFIX) ? part.slice(EPHEMERAL_CTE_PREFIX.length) : null;
}

const squeeze = (text: string): string => text.replace(/\s+/g, "");

const sourceKey = (source: string, table: string) => `${source.toLowerCase()}\u0000${table.toLowerCase()}`;
