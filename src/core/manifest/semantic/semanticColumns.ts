/**
 * A semantic model's entities, dimensions and measures as its columns: so they are searchable,
 * documented and diffed like any column, and column lineage reaches them from the model they
 * read (semanticSql.ts), which is how a metric resolves down to the model's columns.
 */
import { tagSet } from "../assetDefaults.js";
import type { SnapshotColumn } from "../snapshot.js";
import type { SemanticModelDefinition } from "./definition.js";

/** An entity, a dimension and a measure may share a name (`id` as entity and as count): the first keeps it. */
export function semanticModelColumns(definition: SemanticModelDefinition): SnapshotColumn[] {
  const columns: SnapshotColumn[] = [];
  const seen = new Set<string>();
  const add = (name: string, description: string | null): void => {
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    columns.push({ name, dataType: null, description, position: columns.length + 1, tags: tagSet(), meta: {}, constraints: [] });
  };
  for (const entity of definition.entities) add(entity.name, entity.description);
  for (const dimension of definition.dimensions) add(dimension.name, dimension.description);
  for (const measure of definition.measures) add(measure.name, measure.description);
  return columns;
}
