import { createChange, type Change } from "./change.js";
import { describeTextEdit, normalizedText, sameSet, sortedUnique } from "./text.js";

interface Documented {
  description: string | null;
  tags: string[];
}

/** Description and tag edits: DOCS changes, worded and fingerprinted alike for assets and columns. */
export function diffDescriptionAndTags(
  target: { assetUniqueId: string; columnName?: string; label: string },
  before: Documented,
  after: Documented,
): Change[] {
  const { assetUniqueId, columnName, label } = target;
  const where = columnName === undefined ? { assetUniqueId } : { assetUniqueId, columnName };
  const changes: Change[] = [];
  if (normalizedText(before.description) !== normalizedText(after.description)) {
    changes.push(
      createChange({
        reasonCode: "DESCRIPTION_CHANGED",
        ...where,
        message: `The description of ${label} ${describeTextEdit(before.description, after.description)}.`,
        before: { description: normalizedText(before.description) },
        after: { description: normalizedText(after.description) },
      }),
    );
  }
  if (!sameSet(before.tags, after.tags)) {
    changes.push(
      createChange({
        reasonCode: "TAGS_CHANGED",
        ...where,
        message: `The tags of ${label} changed from [${sortedUnique(before.tags).join(", ")}] to [${sortedUnique(after.tags).join(", ")}].`,
        before: { tags: sortedUnique(before.tags) },
        after: { tags: sortedUnique(after.tags) },
      }),
    );
  }
  return changes;
}
