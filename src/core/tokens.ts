/**
 * API token format and roles.
 *
 * A token reads `trb_<tenantId>_<tokenId>_<secret>`. The ids are public and locate the row by
 * its (tenantId, id) key, so the lookup never searches by secret; the secret is compared as a
 * sha256 digest with a constant-time comparison. Only the digest is stored.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const ROLES = ["READER", "CI", "OWNER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

const TOKEN_PATTERN = /^trb_([a-z0-9]{8,40})_([a-z0-9]{8,40})_([A-Za-z0-9_-]{20,100})$/;

export interface ParsedToken {
  tenantId: string;
  tokenId: string;
  secret: string;
}

export function formatToken({ tenantId, tokenId, secret }: ParsedToken): string {
  return `trb_${tenantId}_${tokenId}_${secret}`;
}

export function parseToken(raw: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(raw.trim());
  return match ? { tenantId: match[1]!, tokenId: match[2]!, secret: match[3]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
