/**
 * A change's identity: what changed (asset, column, reason, before → after) and nothing about
 * when, where or by whom it was posted. A pull request's approved fingerprints therefore match
 * the same changes when main posts them after the merge.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../canonicalJson.js";

export interface FingerprintSource {
  assetUniqueId: string;
  columnName?: string;
  reasonCode: string;
  before: unknown;
  after: unknown;
}

const FINGERPRINT_VERSION = 1;

export function changeFingerprint(source: FingerprintSource): string {
  const payload = canonicalJson([
    FINGERPRINT_VERSION,
    source.assetUniqueId,
    source.columnName?.toLowerCase() ?? null,
    source.reasonCode,
    source.before ?? null,
    source.after ?? null,
  ]);
  return createHash("sha256").update(payload).digest("hex");
}
