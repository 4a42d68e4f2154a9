/**
 * One source declared in several YAML blocks, as dbt allows: each table is its own node, so
 * the blocks of one source name (in one file or several) add up, and only the same source and
 * table twice is refused. A table keeps what its own block says of the source (database,
 * schema, description, owners, tags, meta), so merging changes no table's attributes.
 */
import type { NativeSourceInput, NativeSourceTableInput } from "./nativeTypes.js";

/** One `sources:` entry of one file, already mapped; `tableAt[i]` is the YAML path of table i. */
export interface SourceBlock {
  source: NativeSourceInput;
  file: string;
  at: string;
  tableAt: string[];
}

export interface MergedSources {
  sources: NativeSourceInput[];
  /** One sentence per source table declared twice, naming both files and YAML paths. */
  repeated: string[];
}

export function mergeSourceBlocks(blocks: readonly SourceBlock[]): MergedSources {
  const byName = new Map<string, SourceBlock[]>();
  for (const block of blocks) byName.set(block.source.name, [...(byName.get(block.source.name) ?? []), block]);
  const repeated: string[] = [];
  const sources = [...byName.values()].map((group) => {
    repeated.push(...repeatedTables(group));
    return group.length === 1 ? group[0]!.source : mergedSource(group);
  });
  return { sources, repeated };
}

function repeatedTables(group: readonly SourceBlock[]): string[] {
  const first = new Map<string, string>();
  const repeated: string[] = [];
  for (const { source, file, tableAt } of group) {
    source.tables.forEach((table, index) => {
      const here = `${file} at ${tableAt[index]}`;
      const earlier = first.get(table.name);
      if (earlier === undefined) first.set(table.name, here);
      else repeated.push(`source ${source.name}, table ${table.name} is declared in ${earlier} and again in ${here}`);
    });
  }
  return repeated;
}

/**
 * The blocks' tables under one source. The source-level database and schema are the first
 * block's; a table whose block says otherwise carries its own. Description, owners, tags and
 * meta move onto each table, where the catalog stores them anyway.
 */
function mergedSource(group: readonly SourceBlock[]): NativeSourceInput {
  const first = group[0]!.source;
  const merged: NativeSourceInput = { name: first.name, tables: [] };
  if (first.database !== undefined) merged.database = first.database;
  if (first.schema !== undefined) merged.schema = first.schema;
  for (const { source } of group) {
    for (const table of source.tables) merged.tables.push(tableWithBlock(table, source, merged));
  }
  return merged;
}

function tableWithBlock(table: NativeSourceTableInput, block: NativeSourceInput, merged: NativeSourceInput): NativeSourceTableInput {
  const result: NativeSourceTableInput = { ...table };
  if (block.database !== merged.database && block.database !== undefined) result.database = block.database;
  const schema = block.schema ?? block.name;
  if (schema !== (merged.schema ?? merged.name)) result.schema = schema;
  const description = table.description ?? block.description;
  if (description !== undefined) result.description = description;
  const owners = [...(table.owners ?? []), ...(block.owners ?? [])];
  if (owners.length > 0) result.owners = owners;
  const tags = [...new Set([...(block.tags ?? []), ...(table.tags ?? [])])];
  if (tags.length > 0) result.tags = tags;
  const meta = { ...block.meta, ...table.meta };
  if (Object.keys(meta).length > 0) result.meta = meta;
  return result;
}
