/**
 * An asset's columns: those documented in YAML (manifest) merged with those the warehouse
 * reports (catalog.json). Warehouses may upper-case names (Snowflake), so the two are matched
 * case-insensitively; the YAML spelling is kept, since that is what people write and search.
 */
import type { Diagnostic } from "../../diagnostic.js";
import { tagSet, textOrNull } from "../assetDefaults.js";
import type { SnapshotColumn } from "../snapshot.js";
import type { DbtCatalogTable } from "./catalogSchema.js";
import type { DbtColumn } from "./manifestSchema.js";

export function mergeColumns(
  uniqueId: string,
  documented: Record<string, DbtColumn> | null | undefined,
  table: DbtCatalogTable | undefined,
  diagnostics: Diagnostic[],
): SnapshotColumn[] {
  const yamlColumns = Object.values(documented ?? {});
  if (table === undefined) return yamlColumns.map((column, index) => fromYaml(column, index + 1));

  const yamlByName = new Map<string, DbtColumn>();
  for (const column of yamlColumns) {
    const key = column.name.toLowerCase();
    if (!yamlByName.has(key)) yamlByName.set(key, column);
  }
  const warehouseColumns = Object.values(table.columns).sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  const merged: SnapshotColumn[] = [];
  const matched = new Set<string>();
  for (const physical of warehouseColumns) {
    const key = physical.name.toLowerCase();
    if (matched.has(key)) continue;
    matched.add(key);
    const yaml = yamlByName.get(key);
    merged.push({
      ...(yaml === undefined ? emptyColumn(physical.name) : fromYaml(yaml, null)),
      dataType: textOrNull(physical.type) ?? textOrNull(yaml?.data_type),
      description: textOrNull(yaml?.description) ?? textOrNull(physical.comment),
      position: physical.index ?? null,
    });
  }
  for (const [key, yaml] of yamlByName) {
    if (matched.has(key)) continue;
    merged.push(fromYaml(yaml, null));
    diagnostics.push({
      code: "COLUMN_NOT_IN_WAREHOUSE",
      severity: "warning",
      message: `Column "${yaml.name}" is documented but catalog.json has no such column in the relation.`,
      uniqueId,
    });
  }
  return merged;
}

function fromYaml(column: DbtColumn, position: number | null): SnapshotColumn {
  return {
    name: column.name,
    dataType: textOrNull(column.data_type),
    description: textOrNull(column.description),
    position,
    tags: tagSet(column.tags),
    meta: column.meta ?? {},
    constraints: column.constraints ?? [],
  };
}

function emptyColumn(name: string): SnapshotColumn {
  return { name, dataType: null, description: null, position: null, tags: [], meta: {}, constraints: [] };
}
