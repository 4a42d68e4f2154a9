/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a value: object keys sorted, numbers and
 * strings in one spelling, so equal content always gives equal bytes and equal hashes.
 */
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";

export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? "null";
  } catch {
    // JCS rejects lone UTF-16 surrogates, which JSON.parse accepts from "\ud800" escapes.
    return canonicalize(withWellFormedStrings(value)) ?? "null";
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

function withWellFormedStrings(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(withWellFormedStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), withWellFormedStrings(v)]));
  }
  return value;
}
