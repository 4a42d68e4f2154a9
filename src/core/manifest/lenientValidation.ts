/**
 * Validates a dbt artifact without refusing it over a value dbt wrote in an unexpected type:
 * config values Jinja rendered as text (`enabled: "True and True"`), nulls, numbers as strings.
 *
 * The schemas stay strict, so a well-formed artifact costs one parse as before. Only when that
 * parse fails is each issue looked at: a value with an obvious meaning in the expected type is
 * coerced, one without is treated as absent (the field's default applies), and the document is
 * parsed again. A required field that cannot be read makes the smallest part holding it absent
 * (a `checksum` whose `name` is null), never the resource itself. Still refused: anything that is
 * not inside a resource, a resource's `unique_id` and `resource_type`, and an object or array
 * where another type is expected outside `config` (dbt never writes those). The posted document is
 * not changed: repairs copy the objects on their path. Each repair is a warning diagnostic that
 * names the resource and the field.
 */
import type { z } from "zod";
import type { Diagnostic } from "../diagnostic.js";
import { pushTo } from "../listMap.js";
import { readFlag } from "./flagText.js";
import type { DocumentRole, ManifestInputError } from "./inputError.js";
import { formatJsonPath, valueAtPath } from "./jsonPath.js";
import { describeValue, jsonTypeName, zodErrorToInputError } from "./zodIssue.js";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The resource a value belongs to: the length of the resource's own path, and its unique id. */
export interface ResourceAt {
  depth: number;
  uniqueId: string | undefined;
}

/** Where in one kind of artifact values may be repaired. */
export interface LenientScope {
  /** The resource holding `path`, or null when the path is not inside one (never repaired). */
  resourceAt(path: Path, document: unknown): ResourceAt | null;
  /** Inside dbt `config`, of which Tributary reads a few keys: any value it cannot read there is absent. */
  isConfig(path: Path): boolean;
}

export type LenientResult<T> =
  | { ok: true; value: T; diagnostics: Diagnostic[] }
  | { ok: false; error: ManifestInputError };

const IDENTITY_FIELDS: ReadonlySet<PropertyKey> = new Set(["unique_id", "resource_type"]);
const SCALAR_TYPES: ReadonlySet<string> = new Set(["string", "number", "int", "boolean"]);
/** One round repairs every failing value; later rounds only climb out of required fields. */
const MAX_ROUNDS = 8;

interface Finding {
  path: Path;
  /** zod's names of the types that would have been accepted. */
  expected: ReadonlySet<string>;
  issue: Issue;
}

interface Repair {
  /** What changes: `path` gets `replacement.value`, or is removed when there is no replacement. */
  path: Path;
  replacement: { value: unknown } | undefined;
  /** The value that could not be read, and where: `path` itself or a field inside it. */
  cause: Finding & { value: unknown };
  resource: ResourceAt;
}

type Planned = { repair: Repair; supersedes?: string } | { refused: Issue };

export function validateLeniently<T>(
  schema: z.ZodType<T>,
  document: unknown,
  role: DocumentRole,
  scope: LenientScope,
): LenientResult<T> {
  const repairs = new Map<string, Repair>();
  let current = document;
  let issues: Issue[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const parsed = schema.safeParse(current);
    if (parsed.success) {
      return { ok: true, value: parsed.data, diagnostics: [...repairs.values()].map((repair) => diagnosticOf(repair, role)) };
    }
    issues = parsed.error.issues;
    const planned = issues.flatMap((issue) => {
      const findings = findingsOf(issue, []);
      return findings === null ? [{ refused: issue }] : findings.map((finding) => planRepair(finding, current, scope, repairs));
    });
    const refused = planned.flatMap((plan) => ("refused" in plan ? [plan.refused] : []));
    if (refused.length > 0) return { ok: false, error: zodErrorToInputError({ issues: refused }, document, role) };
    const fresh: Repair[] = [];
    for (const plan of planned) {
      if ("refused" in plan) continue;
      if (plan.supersedes !== undefined) repairs.delete(plan.supersedes);
      repairs.set(pathKey(plan.repair.path), plan.repair);
      fresh.push(plan.repair);
    }
    current = withRepairs(current, fresh);
  }
  return { ok: false, error: zodErrorToInputError({ issues }, document, role) };
}

/** The leaves of an issue with the types they wanted; null when the issue is not about a type. */
function findingsOf(issue: Issue, prefix: Path): Finding[] | null {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_type") return [{ path, expected: new Set([issue.expected]), issue }];
  if (issue.code !== "invalid_union") return null;
  // A branch that got inside the value is what the document meant (a list of tags with one bad tag).
  const deeper = issue.errors
    .filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0))
    .sort((a, b) => b[0]!.path.length - a[0]!.path.length)[0];
  if (deeper !== undefined) {
    const findings = deeper.map((inner) => findingsOf(inner, path));
    return findings.includes(null) ? null : (findings as Finding[][]).flat();
  }
  const expected = new Set(
    issue.errors.flat().flatMap((inner) => (inner.code === "invalid_type" && inner.path.length === 0 ? [inner.expected] : [])),
  );
  return expected.size === 0 ? null : [{ path, expected, issue: { ...issue, path } }];
}

function planRepair(finding: Finding, document: unknown, scope: LenientScope, repairs: ReadonlyMap<string, Repair>): Planned {
  const key = pathKey(finding.path);
  const earlier = repairs.get(key);
  if (earlier !== undefined) {
    // A coerced value still failing ("1.5" where an integer is needed) is treated as absent instead.
    if (earlier.replacement !== undefined) return { repair: { ...earlier, replacement: undefined }, supersedes: key };
    // Absent and still failing: the field is required, so its holder becomes absent.
    const holder = earlier.path.slice(0, -1);
    if (holder.length <= earlier.resource.depth) return { refused: earlier.cause.issue };
    return { repair: { ...earlier, path: holder, replacement: undefined }, supersedes: key };
  }
  const resource = scope.resourceAt(finding.path, document);
  const field = finding.path[finding.path.length - 1];
  if (resource === null || (finding.path.length === resource.depth + 1 && field !== undefined && IDENTITY_FIELDS.has(field))) {
    return { refused: finding.issue };
  }
  const value = valueAtPath(document, finding.path);
  const replacement = readAs(finding.expected, value, scope.isConfig(finding.path));
  if (replacement === REFUSED) return { refused: finding.issue };
  return { repair: { path: finding.path, replacement, cause: { ...finding, value }, resource } };
}

const REFUSED = Symbol("refused");

/** The value read in an expected type, `undefined` for absent, or REFUSED. */
function readAs(expected: ReadonlySet<string>, value: unknown, inConfig: boolean): { value: unknown } | undefined | typeof REFUSED {
  if (value === null) return undefined;
  if (expected.has("boolean") && typeof value !== "boolean") {
    const flag = readFlag(value);
    if (flag !== undefined) return { value: flag };
  }
  if ((expected.has("number") || expected.has("int")) && typeof value === "string") {
    const number = numberIn(value, !expected.has("number"));
    if (number !== undefined) return { value: number };
  }
  if (expected.has("string") && (typeof value === "number" || typeof value === "boolean")) return { value: String(value) };
  const scalarForScalar = (value === undefined || typeof value !== "object") && [...expected].every((type) => SCALAR_TYPES.has(type));
  return inConfig || scalarForScalar ? undefined : REFUSED;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberIn(text: string, integerOnly: boolean): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) && (!integerOnly || Number.isSafeInteger(number)) ? number : undefined;
}

/** A copy of `root` with the repairs made; only the objects on a repaired path are copied. */
function withRepairs(root: unknown, repairs: readonly Repair[]): unknown {
  const copies = new Set<object>();
  const copyOf = (value: object): Record<PropertyKey, unknown> => {
    if (copies.has(value)) return value as Record<PropertyKey, unknown>;
    const copy = Array.isArray(value) ? [...(value as unknown[])] : { ...value };
    copies.add(copy);
    return copy as Record<PropertyKey, unknown>;
  };
  const top = copyOf(root as object);
  const removedItems = new Map<unknown[], number[]>();
  for (const { path, replacement } of repairs) {
    let container = top;
    for (const segment of path.slice(0, -1)) {
      const child = copyOf(container[segment] as object);
      container[segment] = child;
      container = child;
    }
    const field = path[path.length - 1]!;
    if (replacement !== undefined) container[field] = replacement.value;
    else if (Array.isArray(container)) pushTo(removedItems, container, Number(field));
    else delete container[field];
  }
  // Items go last and from the end, so that earlier indices still point where they did.
  for (const [array, indices] of removedItems) for (const index of indices.sort((a, b) => b - a)) array.splice(index, 1);
  return top;
}

function diagnosticOf(repair: Repair, role: DocumentRole): Diagnostic {
  const { cause, resource, replacement } = repair;
  const fieldOf = (path: Path) => formatJsonPath(path.slice(resource.depth)).replace(/^\$\.?/, "");
  const expected = [...cause.expected].map(jsonTypeName).join(" or ");
  const outcome =
    replacement !== undefined
      ? `read as ${JSON.stringify(replacement.value)}`
      : repair.path.length !== cause.path.length
        ? `${fieldOf(repair.path)} treated as absent`
        : typeof repair.path[repair.path.length - 1] === "number"
          ? "left out of the list"
          : "treated as absent, so its default applies";
  const subject = resource.uniqueId ?? formatJsonPath(cause.path.slice(0, resource.depth)).replace(/^\$\.?/, "");
  const where = role === "manifest" ? "" : ` (in ${role})`;
  return {
    code: replacement !== undefined ? "VALUE_COERCED" : "VALUE_IGNORED",
    severity: "warning",
    message: `${subject} ${fieldOf(cause.path)}: expected ${expected}, ${describeValue(cause.value)}; ${outcome}${where}.`,
    path: formatJsonPath(cause.path),
    ...(resource.uniqueId !== undefined ? { uniqueId: resource.uniqueId } : {}),
  };
}

function pathKey(path: Path): string {
  return formatJsonPath(path);
}
