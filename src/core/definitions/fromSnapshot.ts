/**
 * The business definitions of one project's assets, from what a snapshot or the stored catalog
 * holds (the same shape for both, so a post can be compared with the catalog).
 *
 * A mart column is a definition when it computes something (a copy of an upstream column defines
 * nothing new), and any column or asset linked to a glossary term is one. Other layers' columns
 * are building blocks, not business definitions, unless linked. The formula comes from the
 * model's SQL (compiled when known, else raw) through the SQL engine.
 *
 * Every metric is a definition too (of the asset itself), its formula resolved through the
 * project's metrics and semantic models (metricFormula.ts).
 */
import { analyzeSql, parseDialect, type ColumnLineage } from "../sql/index.js";
import { termsFromMeta } from "../glossary/metaTerms.js";
import type { AssetDefinition, MetricDefinition } from "../manifest/semantic/definition.js";
import { metricFormula } from "../metrics/formula.js";
import { definitionKey, type BusinessDefinition, type DefinitionStatus } from "./definition.js";
import { EMPTY_FORMULA, formulaOf, isCopy, relationName, type Formula } from "./formula.js";
import { metricBusinessFormula, type MeasureSource, type ProjectSemantics } from "./metricFormula.js";

export interface DefinitionSourceAsset {
  uniqueId: string;
  name: string;
  kind: string;
  layer: string | null;
  description: string | null;
  sql: string | null;
  meta: unknown;
  owners: string[];
  columns: { name: string; description: string | null; meta: unknown }[];
  /** A metric's or semantic model's definition, when read. */
  definition?: AssetDefinition | null | undefined;
}

export interface DefinitionSource {
  project: string;
  /** The warehouse adapter (SQL dialect). */
  adapter: string | null;
  assets: readonly DefinitionSourceAsset[];
  /** Links made through the API: asset unique id → column name ("" for the asset) → term names. */
  apiLinks?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Owners' decisions: definition key → status. */
  statuses?: ReadonlyMap<string, DefinitionStatus>;
}

/**
 * `mayDefine`: when given, only columns it accepts (by name and linked terms) are considered, and
 * a model none of whose columns it accepts is not parsed at all.
 */
export function definitionsOf(source: DefinitionSource, mayDefine?: (name: string, linkedTerms: readonly string[]) => boolean): BusinessDefinition[] {
  const dialect = parseDialect(source.adapter);
  const definitions: BusinessDefinition[] = [];
  let semantics: ProjectSemantics | undefined;
  for (const asset of source.assets) {
    const links = source.apiLinks?.get(asset.uniqueId);
    const build = (columnName: string | null, name: string, description: string | null, linkedTerms: string[], formula: Formula, summary: string | null = null): BusinessDefinition => {
      const key = definitionKey(source.project, asset.uniqueId, columnName);
      return {
        key,
        project: source.project,
        assetUniqueId: asset.uniqueId,
        assetName: asset.name,
        assetKind: asset.kind,
        columnName,
        name,
        formula,
        summary,
        description,
        owners: [...asset.owners].sort(),
        linkedTerms,
        status: source.statuses?.get(key) ?? null,
      };
    };
    const assetTerms = [...termsFromMeta(asset.meta), ...(links?.get("") ?? [])];
    if (asset.definition?.definitionKind === "metric") {
      if (!mayDefine || mayDefine(asset.name, assetTerms)) {
        semantics ??= semanticsOf(source.assets);
        const metric = asset.definition;
        const summary = metricFormula(metric, (name) => semantics!.measures.get(name)?.measure);
        definitions.push(build(null, asset.name, asset.description, assetTerms, metricBusinessFormula(metric, semantics), summary));
      }
    } else if (assetTerms.length > 0) definitions.push(build(null, asset.name, asset.description, assetTerms, EMPTY_FORMULA));

    const columns = asset.columns
      .map((column) => ({ column, terms: [...termsFromMeta(column.meta), ...(links?.get(column.name) ?? [])] }))
      .filter(({ column, terms }) => !mayDefine || mayDefine(column.name, terms));
    const isMart = asset.kind === "MODEL" && asset.layer === "MART";
    if (columns.length === 0 || (!isMart && columns.every(({ terms }) => terms.length === 0))) continue;
    const lineage = asset.sql ? lineageByColumn(asset.sql, dialect) : new Map<string, ColumnLineage>();
    for (const { column, terms } of columns) {
      const columnLineage = lineage.get(column.name.toLowerCase());
      const computed = columnLineage !== undefined && !isCopy(columnLineage) && columnLineage.sources.length > 0;
      if (terms.length > 0 || (isMart && computed)) definitions.push(build(column.name, column.name, column.description, terms, columnLineage ? formulaOf(columnLineage) : EMPTY_FORMULA));
    }
  }
  return definitions;
}

/** The project's metrics and measures by name, to resolve a metric's inputs (the first of a name wins, as dbt allows one). */
function semanticsOf(assets: readonly DefinitionSourceAsset[]): ProjectSemantics {
  const metrics = new Map<string, MetricDefinition>();
  const measures = new Map<string, MeasureSource>();
  for (const asset of assets) {
    const definition = asset.definition;
    if (definition?.definitionKind === "metric" && !metrics.has(asset.name)) metrics.set(asset.name, definition);
    if (definition?.definitionKind !== "semantic_model") continue;
    const relation = definition.model ? relationName(definition.model) : null;
    for (const measure of definition.measures) if (!measures.has(measure.name)) measures.set(measure.name, { measure, relation });
  }
  return { metrics, measures };
}

function lineageByColumn(sql: string, dialect: ReturnType<typeof parseDialect>): Map<string, ColumnLineage> {
  const analysis = analyzeSql({ sql, dialect });
  return new Map(analysis.columnLineage.map((c) => [c.target.toLowerCase(), c]));
}
