/** Small comparisons shared by the diff modules. */
import type { SnapshotAsset, SnapshotOwner } from "../manifest/snapshot.js";

/** `null`, "" and whitespace are all "no description". */
export function normalizedText(text: string | null | undefined): string {
  return (text ?? "").trim();
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = sortedUnique(a);
  const right = sortedUnique(b);
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

export function ownerKeys(owners: readonly SnapshotOwner[]): string[] {
  return sortedUnique(
    owners.map((o) => (o.email ?? o.handle ?? o.name ?? "").trim().toLowerCase()).filter((key) => key !== ""),
  );
}

/** How people call the asset in a sentence: its name, with the version when it has one. */
export function assetLabel(asset: SnapshotAsset): string {
  const kind = asset.kind.toLowerCase().replace("_", " ");
  return asset.version === null ? `${kind} ${asset.name}` : `${kind} ${asset.name} v${asset.version}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "was added" / "was removed" / "was changed", for a description edit. */
export function describeTextEdit(before: string | null, after: string | null): string {
  if (normalizedText(before) === "") return "was added";
  if (normalizedText(after) === "") return "was removed";
  return "was changed";
}
