/**
 * Resolves the relations a model's SQL names (dbt refs, sources, plain table names) to the
 * catalog's assets, the way dbt resolves them: an unpinned ref goes to the latest version of a
 * versioned model, a pinned one to that version.
 */
import type { DbtRef, DbtSource, TableRef } from "../sql/index.js";
import type { SnapshotAsset } from "../manifest/index.js";

const REFERABLE = new Set(["MODEL", "SEED", "SNAPSHOT"]);

export class RelationResolver {
  private readonly byName = new Map<string, SnapshotAsset[]>();
  private readonly bySource = new Map<string, SnapshotAsset>();
  private readonly byRelation = new Map<string, SnapshotAsset[]>();

  constructor(assets: readonly SnapshotAsset[]) {
    for (const asset of assets) {
      if (REFERABLE.has(asset.kind)) push(this.byName, asset.name.toLowerCase(), asset);
      if (asset.kind === "SOURCE") {
        const [, , sourceName, ...table] = asset.uniqueId.split(".");
        if (sourceName && table.length > 0) this.bySource.set(sourceKey(sourceName, table.join(".")), asset);
      }
      if (asset.kind !== "EXPOSURE" && asset.kind !== "METRIC" && asset.kind !== "SEMANTIC_MODEL") {
        for (const key of relationKeys(asset)) push(this.byRelation, key, asset);
      }
    }
  }

  resolve(table: TableRef): SnapshotAsset | null {
    if (table.ref) return this.resolveRef(table.ref);
    if (table.source) return this.resolveSource(table.source);
    return this.resolvePlain(table.parts.length > 0 ? table.parts : table.name.split("."));
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
  resolvePlain(parts: string[]): SnapshotAsset | null {
    const key = parts.map((p) => p.toLowerCase()).join(".");
    const found = this.byRelation.get(key) ?? [];
    return found.length === 1 ? found[0]! : null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const sourceKey = (source: string, table: string) => `${source.toLowerCase()}\u0000${table.toLowerCase()}`;

/** Every spelling a plain SQL name could use for this asset's relation. */
function relationKeys(asset: SnapshotAsset): string[] {
  const fromRelation = asset.relationName ? splitRelation(asset.relationName) : [];
  const parts = fromRelation.length > 0 ? fromRelation : [asset.database, asset.schema, asset.name].filter((p): p is string => !!p);
  const keys = new Set<string>();
  for (let start = 0; start < parts.length; start++) keys.add(parts.slice(start).join(".").toLowerCase());
  return [...keys];
}

/** `"db"."schema"."table"`, `` `proj.ds.tbl` `` or `db.schema.table` → its parts without quotes. */
function splitRelation(relation: string): string[] {
  const parts: string[] = [];
  const pattern = /"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^."`[\]\s]+)/g;
  for (const match of relation.matchAll(pattern)) {
    const text = match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3] ?? match[4] ?? "";
    parts.push(...(match[2] !== undefined ? text.split(".") : [text]));
  }
  return parts.filter((p) => p.length > 0);
}
