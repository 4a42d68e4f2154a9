/**
 * Owners as people write them: `"alice@example.com"`, `"@alice"`, `"Alice <alice@example.com>"`,
 * `"Data Platform"`, `{ "name": …, "email": … }`, or a list of those.
 */
import type { SnapshotOwner } from "./snapshot.js";

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAME_WITH_EMAIL = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/;

/**
 * Reads every owner an untrusted `owner`/`owners` value names; anything unreadable names none.
 * A list is one level deep: a list inside it names nobody (and nothing here recurses).
 */
export function ownersFromValue(value: unknown): SnapshotOwner[] {
  return Array.isArray(value) ? value.flatMap(ownersFromItem) : ownersFromItem(value);
}

function ownersFromItem(value: unknown): SnapshotOwner[] {
  if (typeof value === "string") return ownerFromString(value);
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return ownerFromRecord(value as Record<string, unknown>);
  return [];
}

function ownerFromString(text: string): SnapshotOwner[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (EMAIL.test(trimmed)) return [{ name: null, email: trimmed, handle: null }];
  if (trimmed.startsWith("@") && !/\s/.test(trimmed)) return [{ name: null, email: null, handle: trimmed }];
  const withEmail = NAME_WITH_EMAIL.exec(trimmed);
  if (withEmail !== null) return [{ name: withEmail[1] || null, email: withEmail[2] ?? null, handle: null }];
  return [{ name: trimmed, email: null, handle: null }];
}

function ownerFromRecord(record: Record<string, unknown>): SnapshotOwner[] {
  const owner: SnapshotOwner = {
    name: nonEmptyString(record.name),
    email: nonEmptyString(record.email),
    handle: nonEmptyString(record.handle) ?? nonEmptyString(record.slack),
  };
  return owner.name === null && owner.email === null && owner.handle === null ? [] : [owner];
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/**
 * The identity of an owner across assets and posts: the e-mail when known (case-insensitive),
 * else the chat handle, else the name.
 */
export function ownerKey(owner: SnapshotOwner): string {
  if (owner.email !== null) return `email:${owner.email.toLowerCase()}`;
  if (owner.handle !== null) return `handle:${owner.handle.replace(/^@/, "").toLowerCase()}`;
  return `name:${(owner.name ?? "").toLowerCase()}`;
}

/** An owner key as people write it: `ana@shop.test`, `@ana`, or the name (keys are lowercased). */
export function ownerKeyLabel(key: string): string {
  const [, kind, rest = ""] = /^(email|handle|name):(.*)$/s.exec(key) ?? [];
  if (kind === undefined) return key;
  return kind === "handle" ? `@${rest}` : rest;
}

/** Keeps the first of owners with the same key, merging in fields the later ones add. */
export function mergeOwners(owners: readonly SnapshotOwner[]): SnapshotOwner[] {
  const byKey = new Map<string, SnapshotOwner>();
  for (const owner of owners) {
    const key = ownerKey(owner);
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined ? { ...owner } : {
      name: seen.name ?? owner.name,
      email: seen.email ?? owner.email,
      handle: seen.handle ?? owner.handle,
    });
  }
  return [...byKey.values()];
}
