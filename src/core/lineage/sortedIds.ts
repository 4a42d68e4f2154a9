/**
 * Interning of string ids as small integers. Ids are numbered in code-unit order, so ordering
 * by the integer is ordering by the id, which is what makes every answer's "then by id"
 * tie-break a numeric sort.
 */
export interface InternedIds {
  /** Distinct ids, sorted; an id's integer is its position here. */
  readonly ids: string[];
  /** Id → position in `ids`; for building only, as it costs more memory than `ids`. */
  readonly numberOf: Map<string, number>;
}

/** The default sort compares strings by UTF-16 code units: the order `findSorted` relies on. */
export function internSorted(rawIds: readonly string[]): InternedIds {
  const ids = Array.from(new Set(rawIds)).sort();
  const numberOf = new Map<string, number>();
  for (let n = 0; n < ids.length; n++) numberOf.set(ids[n]!, n);
  return { ids, numberOf };
}

/** Position of `id` in the sorted `ids` (within [low, high)), or -1. */
export function findSorted(ids: readonly string[], id: string, low = 0, high = ids.length): number {
  let lo = low;
  let hi = high - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = ids[mid]!;
    if (candidate === id) return mid;
    if (candidate < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Rough V8 heap cost of a string: header plus one byte per character for ASCII text. */
export function stringBytes(value: string): number {
  return 16 + ((value.length + 7) & ~7);
}

/** Heap cost of an array of distinct strings: the slots plus the strings. */
export function stringArrayBytes(values: readonly string[]): number {
  let bytes = 16 + 8 * values.length;
  for (const value of values) bytes += stringBytes(value);
  return bytes;
}
