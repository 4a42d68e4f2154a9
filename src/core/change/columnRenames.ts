/**
 * "Column probably renamed": a column removed and another added in the same asset that look
 * like one column under a new name. Documented heuristic, in order of evidence:
 *
 * - the data types are known on both sides and equal (after synonym normalization), and
 *   either the position is the same or the names are similar (similarity ≥ 0.6); or
 * - a type is unknown (no catalog.json) but both the position and a similar name agree.
 *
 * Pairs are taken best-first and one-to-one. The snapshot carries no column lineage, so
 * lineage identity is not used here.
 */
import type { SnapshotColumn } from "../manifest/snapshot.js";
import { sameKnownDataType } from "./dataType.js";
import { nameSimilarity } from "./nameSimilarity.js";

export const RENAME_NAME_SIMILARITY = 0.6;

export interface ColumnRename {
  before: SnapshotColumn;
  after: SnapshotColumn;
  evidence: { sameType: boolean; samePosition: boolean; nameSimilarity: number };
}

export function findProbableRenames(removed: SnapshotColumn[], added: SnapshotColumn[]): ColumnRename[] {
  const candidates: Array<ColumnRename & { score: number }> = [];
  for (const before of removed) {
    for (const after of added) {
      const evidence = {
        sameType: sameKnownDataType(before.dataType, after.dataType),
        samePosition: before.position !== null && before.position === after.position,
        nameSimilarity: round(nameSimilarity(before.name, after.name)),
      };
      if (!looksRenamed(before, after, evidence)) continue;
      const score = evidence.nameSimilarity + (evidence.samePosition ? 0.5 : 0) + (evidence.sameType ? 0.5 : 0);
      candidates.push({ before, after, evidence, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.before.name.localeCompare(b.before.name));
  const taken = new Set<SnapshotColumn>();
  const renames: ColumnRename[] = [];
  for (const { score: _score, ...rename } of candidates) {
    if (taken.has(rename.before) || taken.has(rename.after)) continue;
    taken.add(rename.before);
    taken.add(rename.after);
    renames.push(rename);
  }
  return renames;
}

function looksRenamed(
  before: SnapshotColumn,
  after: SnapshotColumn,
  evidence: ColumnRename["evidence"],
): boolean {
  const similar = evidence.nameSimilarity >= RENAME_NAME_SIMILARITY;
  if (evidence.sameType) return evidence.samePosition || similar;
  const typeUnknown = isUnknown(before.dataType) || isUnknown(after.dataType);
  return typeUnknown && evidence.samePosition && similar;
}

function isUnknown(dataType: string | null): boolean {
  return dataType === null || dataType.trim() === "";
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
