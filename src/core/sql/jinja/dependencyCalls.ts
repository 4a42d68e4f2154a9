import type { DbtRef, DbtSource } from "../analysis.js";
import type { JinjaToken } from "./expressionTokens.js";

/** One `ref(...)` or `source(...)` call found in a Jinja body. */
export type DependencyCall =
  | { kind: "ref"; ref: DbtRef; start: number; end: number }
  | { kind: "source"; source: DbtSource; start: number; end: number }
  | { kind: "unresolved"; start: number; end: number };

/**
 * Finds every `ref(...)`/`source(...)` call in a token list, at any nesting depth: bare, inside
 * `{% set %}`, in a list passed to a macro (`union_relations(relations=[ref('a'), ref('b')])`).
 * A call whose arguments are not all literals is returned as `unresolved`.
 */
export function findDependencyCalls(tokens: JinjaToken[]): DependencyCall[] {
  const calls: DependencyCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== "name" || (token.value !== "ref" && token.value !== "source")) continue;
    if (tokens[i + 1]?.value !== "(" || !isCallableName(tokens, i)) continue;
    const args = splitArguments(tokens, i + 2);
    const start = isBuiltinsQualified(tokens, i) ? tokens[i - 2]!.start : token.start;
    const end = args.end;
    const call = token.value === "ref" ? readRef(args.list) : readSource(args.list);
    calls.push(call ? { ...call, start, end } : { kind: "unresolved", start, end });
  }
  return calls;
}

/** `ref(` itself or `builtins.ref(`; not `adapter.ref(` or `x.source(`, which are other methods. */
function isCallableName(tokens: JinjaToken[], at: number): boolean {
  if (tokens[at - 1]?.value !== ".") return true;
  return isBuiltinsQualified(tokens, at);
}

function isBuiltinsQualified(tokens: JinjaToken[], at: number): boolean {
  return tokens[at - 1]?.value === "." && tokens[at - 2]?.value === "builtins";
}

interface Argument {
  keyword?: string;
  tokens: JinjaToken[];
}

/** Splits the arguments of a call whose `(` precedes `from`; `end` is the offset after `)`. */
function splitArguments(tokens: JinjaToken[], from: number): { list: Argument[]; end: number } {
  const list: Argument[] = [];
  let current: JinjaToken[] = [];
  let depth = 0;
  let i = from;
  const finish = (): void => {
    if (current.length === 0) return;
    const first = current[0]!;
    if (first.kind === "name" && current[1]?.value === "=" && current[2]?.value !== "=") {
      list.push({ keyword: first.value, tokens: current.slice(2) });
    } else list.push({ tokens: current });
    current = [];
  };
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "punct") {
      if (token.value === "(" || token.value === "[" || token.value === "{") depth++;
      else if (token.value === ")" || token.value === "]" || token.value === "}") {
        if (depth === 0) {
          finish();
          return { list, end: token.end };
        }
        depth--;
      } else if (token.value === "," && depth === 0) {
        finish();
        continue;
      }
    }
    current.push(token);
  }
  finish();
  return { list, end: tokens[tokens.length - 1]?.end ?? 0 };
}

/**
 * A literal argument as dbt would see it after rendering: a string or number, or strings and
 * numbers joined with Jinja's `~` (`'stg_' ~ 'orders'`).
 */
function literal(argument: Argument | undefined): string | undefined {
  const tokens = argument?.tokens ?? [];
  if (tokens.length === 0 || tokens.length % 2 === 0) return undefined;
  let text = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (i % 2 === 1) {
      if (token.value !== "~") return undefined;
    } else if (token.kind === "string" || token.kind === "number") text += token.value;
    else return undefined;
  }
  return text;
}

/**
 * `ref('model')`, `ref('package', 'model')`, with `v=`/`version=` (and the older `package=`).
 * Other keyword arguments do not change which relation is meant, so they are passed over.
 */
function readRef(args: Argument[]): { kind: "ref"; ref: DbtRef } | undefined {
  const positional = args.filter((a) => a.keyword === undefined);
  const keyword = (name: string): Argument | undefined => args.find((a) => a.keyword === name);
  const versionArgument = keyword("v") ?? keyword("version");
  if (positional.length < 1 || positional.length > 2) return undefined;
  const names = positional.map(literal);
  if (names.some((n) => n === undefined || n === "")) return undefined;
  const version = versionArgument ? literal(versionArgument) : undefined;
  if (versionArgument && version === undefined) return undefined;
  const packageArgument = keyword("package");
  const packageName = positional.length === 2 ? names[0] : packageArgument ? literal(packageArgument) : undefined;
  if (packageArgument && packageName === undefined) return undefined;
  const ref: DbtRef = { name: names[names.length - 1]! };
  if (packageName !== undefined) ref.package = packageName;
  if (version !== undefined) ref.version = version;
  return { kind: "ref", ref };
}

/**
 * `source('source', 'table')`. dbt-core's source() takes exactly two positional arguments, but
 * real projects also write `source_name=`/`table_name=` and extra keywords (`database='x'`);
 * these are read leniently, as they still name one source and table, rather than dropped.
 */
function readSource(args: Argument[]): { kind: "source"; source: DbtSource } | undefined {
  const positional = args.filter((a) => a.keyword === undefined);
  const keyword = (name: string): Argument | undefined => args.find((a) => a.keyword === name);
  const sourceArgument = positional[0] ?? keyword("source_name");
  const tableArgument = positional.length > 1 ? positional[1] : keyword("table_name");
  if (positional.length > 2) return undefined;
  const source = literal(sourceArgument);
  const table = literal(tableArgument);
  if (!source || !table) return undefined;
  return { kind: "source", source: { source, table } };
}
