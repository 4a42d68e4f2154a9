/**
 * The depth bound of core/json/jsonStructure.ts for values that arrive already parsed (a GraphQL
 * literal, a caller of parseManifest): walked with an explicit stack, never recursion.
 */
import { formatJsonPath, type JsonPathSegment } from "../manifest/jsonPath.js";

interface Container {
  value: object;
  depth: number;
  parent: Container | null;
  key: JsonPathSegment;
}

/** The JSON path of the first object or array nested deeper than `maxDepth`, or null. */
export function findTooDeepValue(root: unknown, maxDepth: number): string | null {
  if (root === null || typeof root !== "object") return null;
  const pending: Container[] = [{ value: root, depth: 1, parent: null, key: "" }];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (container.depth > maxDepth) return formatJsonPath(pathOf(container));
    const entries: Iterable<[JsonPathSegment, unknown]> = Array.isArray(container.value) ? container.value.entries() : Object.entries(container.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === "object") pending.push({ value: child, depth: container.depth + 1, parent: container, key });
    }
  }
  return null;
}

function pathOf(container: Container): JsonPathSegment[] {
  const segments: JsonPathSegment[] = [];
  for (let at: Container = container; at.parent !== null; at = at.parent) segments.unshift(at.key);
  return segments;
}
