/**
 * A metric's definition in one place: its formula in plain terms, the measures and input
 * metrics it is built from, resolved down to the model columns they read, and where it is used
 * (exposures and saved queries, directly or through metrics built on it).
 *
 * Resolution follows the catalog, not names alone: a measure's columns are the column lineage
 * of the semantic model column that carries it (written at ingest from the SQL it stands for),
 * a legacy metric's are the columns of the model it declares as parent that its expression,
 * timestamp, dimensions and filters name. Input metrics are looked up by name in the metric's
 * project (dbt's names are unique per project) and resolved the same way; a cycle stops.
 */
import { legacyMetricColumns } from "../../core/metrics/expressionColumns.js";
import { metricFormula } from "../../core/metrics/formula.js";
import type { MeasureUse, MetricDefinition, MetricUse, SemanticMeasure, SemanticModelDefinition } from "../../core/manifest/semantic/definition.js";
import type { Asset } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";

export interface ResolvedColumn {
  asset: Asset;
  column: string;
}

export interface ResolvedMeasure {
  use: MeasureUse;
  measure: SemanticMeasure | null;
  semanticModel: Asset | null;
  columns: ResolvedColumn[];
}

export interface ResolvedInput {
  use: MetricUse;
  metric: Asset | null;
  formula: string | null;
}

export interface ResolvedMetric {
  definition: MetricDefinition;
  formula: string;
  measures: ResolvedMeasure[];
  inputs: ResolvedInput[];
  /** Every model column the metric reads in the end, through its measures and input metrics. */
  columns: ResolvedColumn[];
  /** Exposures and saved queries that use it, directly or through metrics built on it. */
  usedBy: Asset[];
}

interface ProjectSemantics {
  metrics: Map<string, { asset: Asset; definition: MetricDefinition }>;
  measures: Map<string, { asset: Asset; measure: SemanticMeasure }>;
}

/**
 * Metric definitions for one request: the metrics of a page share their project's semantics
 * (read once, not once per metric) and the measures and inputs already resolved.
 */
export class MetricDefinitions {
  private readonly resolvers = new Map<string, Promise<MetricResolver>>();

  constructor(private readonly ctx: TenantContext) {}

  async of(assetId: string): Promise<ResolvedMetric | null> {
    const row = await this.ctx.db.assetDefinition.findFirst({ where: { assetId, kind: "metric" }, include: { asset: true } });
    if (!row) return null;
    const resolver = await this.resolverOf(row.asset.projectId);
    const definition = row.definition as unknown as MetricDefinition;
    const measures = await resolver.measures(definition);
    const inputs = await resolver.inputs(row.asset, definition);
    const columns = await resolver.columnsOf(row.asset, definition, new Set());
    return {
      definition,
      formula: resolver.formula(definition),
      measures,
      inputs,
      columns,
      usedBy: await metricUsers(this.ctx, row.asset.id),
    };
  }

  private resolverOf(projectId: string): Promise<MetricResolver> {
    let resolver = this.resolvers.get(projectId);
    if (!resolver) this.resolvers.set(projectId, (resolver = projectSemantics(this.ctx, projectId).then((semantics) => new MetricResolver(this.ctx, semantics))));
    return resolver;
  }
}

async function projectSemantics(ctx: TenantContext, projectId: string): Promise<ProjectSemantics> {
  const rows = await ctx.db.assetDefinition.findMany({
    where: { kind: { in: ["metric", "semantic_model"] }, asset: { projectId, removedAt: null } },
    include: { asset: true },
  });
  const semantics: ProjectSemantics = { metrics: new Map(), measures: new Map() };
  for (const row of rows) {
    if (row.kind === "metric") semantics.metrics.set(row.asset.name, { asset: row.asset, definition: row.definition as unknown as MetricDefinition });
    else {
      for (const measure of (row.definition as unknown as SemanticModelDefinition).measures) {
        if (!semantics.measures.has(measure.name)) semantics.measures.set(measure.name, { asset: row.asset, measure });
      }
    }
  }
  return semantics;
}

class MetricResolver {
  /** A measure's columns and a legacy metric's parents are asked again by every metric built on them. */
  private readonly measureColumnsCache = new Map<string, Promise<ResolvedColumn[]>>();
  private readonly inputsCache = new Map<string, Promise<ResolvedInput[]>>();

  constructor(
    private readonly ctx: TenantContext,
    private readonly semantics: ProjectSemantics,
  ) {}

  formula(definition: MetricDefinition): string {
    return metricFormula(definition, (name) => this.semantics.measures.get(name)?.measure);
  }

  async measures(definition: MetricDefinition): Promise<ResolvedMeasure[]> {
    const uses = [...definition.measures];
    const conversion = definition.conversion;
    for (const use of [conversion?.baseMeasure, conversion?.conversionMeasure]) if (use && !uses.some((u) => u.name === use.name)) uses.push(use);
    return Promise.all(
      uses.map(async (use) => {
        const found = this.semantics.measures.get(use.name);
        return {
          use,
          measure: found?.measure ?? null,
          semanticModel: found?.asset ?? null,
          columns: found ? await this.measureColumns(found.asset, use.name) : [],
        };
      }),
    );
  }

  /** Declared inputs; a dbt 1.0 `expression` metric names none, so its parent metrics stand in. */
  inputs(asset: Asset, definition: MetricDefinition): Promise<ResolvedInput[]> {
    let cached = this.inputsCache.get(asset.id);
    if (!cached) this.inputsCache.set(asset.id, (cached = this.readInputs(asset, definition)));
    return cached;
  }

  private async readInputs(asset: Asset, definition: MetricDefinition): Promise<ResolvedInput[]> {
    let uses = definition.inputMetrics;
    if (uses.length === 0 && definition.style === "legacy") {
      const parents = await this.ctx.db.lineageEdge.findMany({ where: { toAssetId: asset.id, from: { kind: "METRIC", removedAt: null } }, include: { from: true } });
      uses = parents.map((edge) => ({ name: edge.from.name, filters: [], alias: null, offset: null, role: null }));
    }
    return uses.map((use) => {
      const found = this.semantics.metrics.get(use.name);
      return { use, metric: found?.asset ?? null, formula: found ? this.formula(found.definition) : null };
    });
  }

  async columnsOf(asset: Asset, definition: MetricDefinition, visiting: Set<string>): Promise<ResolvedColumn[]> {
    if (visiting.has(asset.id)) return [];
    visiting.add(asset.id);
    const found: ResolvedColumn[] = [];
    if (definition.style === "legacy") found.push(...(await this.legacyColumns(asset, definition)));
    for (const measure of await this.measures(definition)) found.push(...measure.columns);
    for (const input of await this.inputs(asset, definition)) {
      const metric = input.metric && this.semantics.metrics.get(input.metric.name);
      if (metric) found.push(...(await this.columnsOf(metric.asset, metric.definition, visiting)));
    }
    return uniqueColumns(found);
  }

  private async legacyColumns(asset: Asset, definition: MetricDefinition): Promise<ResolvedColumn[]> {
    const parents = await this.ctx.db.lineageEdge.findMany({
      where: { toAssetId: asset.id, from: { kind: { in: ["MODEL", "SEED", "SNAPSHOT", "SOURCE"] }, removedAt: null } },
      include: { from: { include: { columns: { where: { removedAt: null }, select: { name: true } } } } },
    });
    return parents.flatMap(({ from: { columns, ...model } }) =>
      legacyMetricColumns(definition, columns.map((c) => c.name)).map((column) => ({ asset: model, column })),
    );
  }

  private measureColumns(semanticModel: Asset, measure: string): Promise<ResolvedColumn[]> {
    const key = `${semanticModel.id}\u0000${measure}`;
    let cached = this.measureColumnsCache.get(key);
    if (!cached) this.measureColumnsCache.set(key, (cached = this.readMeasureColumns(semanticModel, measure)));
    return cached;
  }

  /** The columns feeding the semantic model's column of that measure (its column lineage). */
  private async readMeasureColumns(semanticModel: Asset, measure: string): Promise<ResolvedColumn[]> {
    const edges = await this.ctx.db.columnLineageEdge.findMany({
      where: { toAssetId: semanticModel.id, to: { name: measure, removedAt: null }, from: { removedAt: null } },
      include: { from: { include: { asset: true } } },
    });
    return uniqueColumns(edges.map((edge) => ({ asset: edge.from.asset, column: edge.from.name })));
  }
}

/**
 * Downstream exposures and saved queries, through metrics built on this one: one recursive
 * statement walks the metric levels (UNION keeps each metric once, so a cycle stops), one more
 * reads the users' rows.
 */
export async function metricUsers(ctx: TenantContext, metricId: string): Promise<Asset[]> {
  const tenantId = ctx.tenant.id;
  const found = await ctx.db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE metrics("id") AS (
      SELECT ${metricId}::text
      UNION
      SELECT e."toAssetId" FROM metrics m
      JOIN "LineageEdge" e ON e."tenantId" = ${tenantId} AND e."fromAssetId" = m."id"
      JOIN "Asset" a ON a."tenantId" = e."tenantId" AND a."id" = e."toAssetId" AND a."kind" = 'METRIC' AND a."removedAt" IS NULL
    )
    SELECT DISTINCT e."toAssetId" AS "id" FROM metrics m
    JOIN "LineageEdge" e ON e."tenantId" = ${tenantId} AND e."fromAssetId" = m."id"
    JOIN "Asset" a ON a."tenantId" = e."tenantId" AND a."id" = e."toAssetId" AND a."kind" IN ('EXPOSURE', 'SAVED_QUERY') AND a."removedAt" IS NULL`;
  if (found.length === 0) return [];
  const users = await ctx.db.asset.findMany({ where: { id: { in: found.map((row) => row.id) } } });
  return users.sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
}

function uniqueColumns(columns: ResolvedColumn[]): ResolvedColumn[] {
  const byKey = new Map(columns.map((c) => [`${c.asset.id}\u0000${c.column}`, c]));
  return [...byKey.values()].sort((a, b) => a.asset.uniqueId.localeCompare(b.asset.uniqueId) || a.column.localeCompare(b.column));
}
