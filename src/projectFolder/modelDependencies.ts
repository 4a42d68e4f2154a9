/**
 * The upstream relations a model's raw SQL names, as native manifest references
 * (`ref('x')`, `source('a', 'b')`). Literal calls come from the SQL engine's Jinja pass; a call
 * through a project var (`{{ var('issue') }}` with `vars: issue: "{{ ref('stg_issue') }}"`, or
 * `ref(var('seed_name'))`) is resolved from `dbt_project.yml`, the way dbt would with the
 * package's own defaults.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import { jinjaDependencies } from "../core/sql/index.js";

export interface ModelDependencies {
  /** Sorted, without duplicates. */
  references: string[];
  /** How many of them were found only through a var. */
  viaVars: number;
  /** `ref(...)`/`source(...)` calls that stay unresolved, as warnings. */
  diagnostics: Diagnostic[];
  /**
   * Packages other than the project and its upstream projects that refs name (`ref('pkg', 'x')`);
   * not in `references`.
   */
  packages: string[];
}

/** `ref('x')`, or `ref('x', v=2)` for one version of a versioned model. */
export const refReference = (name: string, version?: string): string =>
  version === undefined ? `ref('${name}')` : `ref('${name}', v=${version})`;
export const sourceReference = (source: string, table: string): string => `source('${source}', '${table}')`;

const VAR_CALL = /\bvar\(\s*(['"])([^'"]+)\1/g;
const VAR_IN_CALL = /^(ref|source)\(\s*var\(\s*(['"])([^'"]+)\2\s*\)\s*\)$/;

interface Literal {
  found: string[];
  packages: string[];
  unresolved: { expression: string; line: number; column: number }[];
}

/** The project and the dbt Mesh projects it reads (dependencies.yml `projects:`). */
export interface RefScope {
  project: string;
  upstreamProjects?: ReadonlySet<string>;
}

/**
 * Literal refs and sources of a piece of dbt SQL or of a var's Jinja value. A ref into an
 * upstream project (`ref('shop', 'orders')` with `shop` in dependencies.yml) stays a reference,
 * resolved to that project's model in the tenant (dbt Mesh). A ref into another package names a
 * model the folder does not hold, so it is set apart.
 */
function literalReferences(sql: string, scope: RefScope): Literal {
  const { jinja } = jinjaDependencies(sql);
  const isOwn = (pkg: string | undefined) => pkg === undefined || pkg === scope.project;
  const isUpstream = (pkg: string | undefined) => pkg !== undefined && (scope.upstreamProjects?.has(pkg) ?? false);
  return {
    found: [
      ...jinja.refs.flatMap((ref) =>
        isOwn(ref.package) ? [refReference(ref.name, ref.version)] : isUpstream(ref.package) ? [meshReference(ref.package!, ref.name, ref.version)] : [],
      ),
      ...jinja.sources.map((s) => sourceReference(s.source, s.table)),
    ],
    packages: [...new Set(jinja.refs.flatMap((ref) => (isOwn(ref.package) || isUpstream(ref.package) ? [] : [ref.package!])))],
    unresolved: jinja.unresolved,
  };
}

/** `ref('shop', 'orders')`, or `ref('shop', 'orders', v=2)`: a model of another project. */
const meshReference = (project: string, name: string, version?: string): string =>
  version === undefined ? `ref('${project}', '${name}')` : `ref('${project}', '${name}', v=${version})`;

export function modelDependencies(sql: string, scope: RefScope, vars: ReadonlyMap<string, unknown>): ModelDependencies {
  const literal = literalReferences(sql, scope);
  const references = new Set(literal.found);
  const viaVars = new Set<string>();

  // A var whose value is itself a ref/source call (the Fivetran package convention).
  for (const match of sql.matchAll(VAR_CALL)) {
    const value = vars.get(match[2]!);
    if (typeof value !== "string" || !/\b(ref|source)\s*\(/.test(value)) continue;
    for (const reference of literalReferences(value, scope).found) if (!references.has(reference)) viaVars.add(reference);
  }

  const diagnostics: Diagnostic[] = [];
  for (const call of literal.unresolved) {
    // `ref(var('name'))` with a plain-string var: the var names the model.
    const inner = VAR_IN_CALL.exec(call.expression.replace(/\s+/g, " ").trim());
    const value = inner ? vars.get(inner[3]!) : undefined;
    if (inner?.[1] === "ref" && typeof value === "string" && /^[\w-]+$/.test(value)) {
      const reference = refReference(value);
      if (!references.has(reference)) viaVars.add(reference);
      continue;
    }
    diagnostics.push({
      code: "UNRESOLVED_REF",
      severity: "warning",
      message: `${call.expression} has a non-literal argument that the project's vars do not resolve`,
      line: call.line,
      column: call.column,
    });
  }
  for (const reference of viaVars) references.add(reference);
  return { references: [...references].sort(), viaVars: viaVars.size, diagnostics, packages: literal.packages };
}
