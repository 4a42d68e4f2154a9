/**
 * Column changes of one asset present in both snapshots. Columns are matched by name without
 * regard to case (Snowflake's catalog upper-cases what the YAML writes in lower case).
 */
import type { SnapshotAsset, SnapshotColumn } from "../manifest/snapshot.js";
import { canonicalJson } from "../canonicalJson.js";
import { createChange, type Change } from "./change.js";
import { findProbableRenames } from "./columnRenames.js";
import { dataTypeChanged } from "./dataType.js";
import { diffDescriptionAndTags } from "./diffDescriptionAndTags.js";
import { assetLabel, sortedUnique } from "./text.js";

export function diffColumns(before: SnapshotAsset, after: SnapshotAsset): Change[] {
  const beforeByName = byLowerName(before.columns);
  const afterByName = byLowerName(after.columns);
  const removed = before.columns.filter((c) => !afterByName.has(c.name.toLowerCase()));
  const added = after.columns.filter((c) => !beforeByName.has(c.name.toLowerCase()));
  const renames = findProbableRenames(removed, added);
  const renamedFrom = new Set(renames.map((r) => r.before));
  const renamedTo = new Set(renames.map((r) => r.after));
  const label = assetLabel(after);
  const id = after.uniqueId;
  const changes: Change[] = [];

  for (const column of removed) {
    if (renamedFrom.has(column)) continue;
    changes.push(
      createChange({
        reasonCode: "COLUMN_REMOVED",
        assetUniqueId: id,
        columnName: column.name,
        message: `Column ${column.name} was removed from ${label}.`,
        before: { dataType: column.dataType },
        after: null,
      }),
    );
  }
  for (const rename of renames) {
    changes.push(
      createChange({
        reasonCode: "COLUMN_PROBABLY_RENAMED",
        assetUniqueId: id,
        columnName: rename.before.name,
        message: `Column ${rename.before.name} of ${label} was probably renamed to ${rename.after.name}.`,
        before: { name: rename.before.name, dataType: rename.before.dataType },
        after: { name: rename.after.name, dataType: rename.after.dataType },
        context: { evidence: rename.evidence },
      }),
    );
  }
  for (const column of added) {
    if (renamedTo.has(column)) continue;
    changes.push(
      createChange({
        reasonCode: "COLUMN_ADDED",
        assetUniqueId: id,
        columnName: column.name,
        message: `Column ${column.name} was added to ${label}.`,
        before: null,
        after: { dataType: column.dataType },
      }),
    );
  }
  for (const column of after.columns) {
    const previous = beforeByName.get(column.name.toLowerCase());
    if (previous !== undefined) changes.push(...diffColumn(id, label, previous, column));
  }
  return changes;
}

function diffColumn(id: string, label: string, before: SnapshotColumn, after: SnapshotColumn): Change[] {
  const changes: Change[] = [];
  const columnName = after.name;
  const of = `column ${columnName} of ${label}`;
  if (dataTypeChanged(before.dataType, after.dataType)) {
    changes.push(
      createChange({
        reasonCode: "COLUMN_TYPE_CHANGED",
        assetUniqueId: id,
        columnName,
        message: `The type of ${of} changed from ${before.dataType} to ${after.dataType}.`,
        before: { dataType: before.dataType },
        after: { dataType: after.dataType },
      }),
    );
  }
  const beforeConstraints = constraintKeys(before.constraints);
  const afterConstraints = constraintKeys(after.constraints);
  const dropped = beforeConstraints.filter((c) => !afterConstraints.includes(c));
  const gained = afterConstraints.filter((c) => !beforeConstraints.includes(c));
  if (dropped.length > 0) {
    changes.push(
      createChange({
        reasonCode: "COLUMN_CONSTRAINT_REMOVED",
        assetUniqueId: id,
        columnName,
        message: `Constraint ${dropped.join(", ")} was removed from ${of}.`,
        before: { constraints: dropped },
        after: null,
      }),
    );
  }
  if (gained.length > 0) {
    changes.push(
      createChange({
        reasonCode: "COLUMN_CONSTRAINT_ADDED",
        assetUniqueId: id,
        columnName,
        message: `Constraint ${gained.join(", ")} was added to ${of}.`,
        before: null,
        after: { constraints: gained },
      }),
    );
  }
  changes.push(...diffDescriptionAndTags({ assetUniqueId: id, columnName, label: of }, before, after));
  return changes;
}

/** dbt constraints are `{type, expression?, name?}`; a constraint is its type plus expression. */
function constraintKeys(constraints: readonly unknown[]): string[] {
  return sortedUnique(
    constraints.map((constraint) => {
      if (constraint !== null && typeof constraint === "object" && "type" in constraint) {
        const { type, expression } = constraint as { type: unknown; expression?: unknown };
        const suffix = typeof expression === "string" && expression.trim() !== "" ? `(${expression.trim()})` : "";
        return `${String(type)}${suffix}`;
      }
      return canonicalJson(constraint);
    }),
  );
}

function byLowerName(columns: readonly SnapshotColumn[]): Map<string, SnapshotColumn> {
  return new Map(columns.map((c) => [c.name.toLowerCase(), c]));
}
