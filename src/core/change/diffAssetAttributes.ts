/** Asset-level changes other than SQL, columns and tests, for an asset present in both snapshots. */
import type { SnapshotAsset } from "../manifest/snapshot.js";
import { compareAccess, effectiveAccess } from "./access.js";
import { createChange, type Change } from "./change.js";
import { locationInCurrentEnvironment, type EnvironmentRelocation } from "./environmentRelocation.js";
import { formatRelation, hasRelation, relationOf, sameRelation } from "./relation.js";
import { diffDescriptionAndTags } from "./diffDescriptionAndTags.js";
import { assetLabel, capitalize, normalizedText, ownerKeys, sameSet } from "./text.js";

export function diffAssetAttributes(
  before: SnapshotAsset,
  after: SnapshotAsset,
  relocation: EnvironmentRelocation,
): Change[] {
  return [
    ...diffRelation(before, after, relocation),
    ...diffContract(before, after),
    ...diffAccess(before, after),
    ...diffDocs(before, after),
  ];
}

function diffRelation(before: SnapshotAsset, after: SnapshotAsset, relocation: EnvironmentRelocation): Change[] {
  const label = assetLabel(after);
  const id = after.uniqueId;
  if (hasRelation(before) && !hasRelation(after)) {
    return [
      createChange({
        reasonCode: "RELATION_DROPPED",
        assetUniqueId: id,
        message: `${capitalize(label)} no longer builds a relation (materialized ${after.materialization ?? "without one"}); queries on ${formatRelation(relationOf(before))} will fail.`,
        before: { materialization: before.materialization },
        after: { materialization: after.materialization },
      }),
    ];
  }
  const changes: Change[] = [];
  if (normalizedText(before.materialization) !== normalizedText(after.materialization)) {
    changes.push(
      createChange({
        reasonCode: "MATERIALIZATION_CHANGED",
        assetUniqueId: id,
        message: `${capitalize(label)} is now materialized as ${after.materialization ?? "nothing"} instead of ${before.materialization ?? "nothing"}.`,
        before: { materialization: before.materialization },
        after: { materialization: after.materialization },
      }),
    );
  }
  if (hasRelation(before) && hasRelation(after)) {
    const was = relationOf(before);
    const now = locationInCurrentEnvironment(after, relocation);
    if (!sameRelation(was, now)) {
      changes.push(
        createChange({
          reasonCode: "RELATION_RENAMED",
          assetUniqueId: id,
          message: `${capitalize(label)} moved from ${formatRelation(was)} to ${formatRelation(now)}.`,
          before: lowerCased(was),
          after: lowerCased(now),
        }),
      );
    }
  }
  return changes;
}

function diffContract(before: SnapshotAsset, after: SnapshotAsset): Change[] {
  if (before.contractEnforced === after.contractEnforced) return [];
  const dropped = before.contractEnforced;
  return [
    createChange({
      reasonCode: dropped ? "CONTRACT_ENFORCEMENT_DROPPED" : "CONTRACT_ENFORCEMENT_ADDED",
      assetUniqueId: after.uniqueId,
      message: dropped
        ? `The contract of ${assetLabel(after)} is no longer enforced; its columns and types may now change without failing the build.`
        : `The contract of ${assetLabel(after)} is now enforced.`,
      before: { contractEnforced: before.contractEnforced },
      after: { contractEnforced: after.contractEnforced },
    }),
  ];
}

function diffAccess(before: SnapshotAsset, after: SnapshotAsset): Change[] {
  const direction = compareAccess(before.access, after.access);
  if (direction === 0) return [];
  const was = effectiveAccess(before.access);
  const now = effectiveAccess(after.access);
  return [
    createChange({
      reasonCode: direction < 0 ? "ACCESS_NARROWED" : "ACCESS_WIDENED",
      assetUniqueId: after.uniqueId,
      message:
        direction < 0
          ? `Access to ${assetLabel(after)} was narrowed from ${was} to ${now}; refs from outside may fail.`
          : `Access to ${assetLabel(after)} was widened from ${was} to ${now}.`,
      before: { access: was },
      after: { access: now },
    }),
  ];
}

function diffDocs(before: SnapshotAsset, after: SnapshotAsset): Change[] {
  const changes: Change[] = [];
  const label = assetLabel(after);
  const id = after.uniqueId;
  changes.push(...diffDescriptionAndTags({ assetUniqueId: id, label }, before, after));
  const ownersBefore = ownerKeys(before.owners);
  const ownersAfter = ownerKeys(after.owners);
  if (!sameSet(ownersBefore, ownersAfter)) {
    changes.push(
      createChange({
        reasonCode: "OWNERS_CHANGED",
        assetUniqueId: id,
        message: `The owners of ${label} changed from [${ownersBefore.join(", ")}] to [${ownersAfter.join(", ")}].`,
        before: { owners: ownersBefore },
        after: { owners: ownersAfter },
      }),
    );
  }
  return changes;
}

function lowerCased(location: ReturnType<typeof relationOf>): Record<string, string | null> {
  return {
    database: location.database?.toLowerCase() ?? null,
    schema: location.schema?.toLowerCase() ?? null,
    identifier: location.identifier?.toLowerCase() ?? null,
  };
}
